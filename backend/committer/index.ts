/**
 * The committer: the municipality's backend key that makes Method of Equal Shares results
 * binding. After voting closes in a round whose rule the chain cannot compute
 * (`equal-shares-add1`), it reads the round's ballots from the chain's logs alone (the audit's
 * path, lib/chain/roundLogs), counts each district with lib/tally and commits the outcome to
 * ResultCommitments with the blocks it read, the last one's hash and the library version, so
 * anyone can recount exactly those logs. Once every district's objection window has passed with
 * no objection open, it finalizes the round (anyone may; it saves residents the wait).
 *
 * It commits from the head block: the round is closed there, so no ballot can come after it.
 * One `tick` does everything due and returns what it did; the service calls it on an interval.
 */
import type { Provider, Signer } from "ethers";

import { connectContract } from "../../generated/contracts.js";
import { PhaseLabels, districtElection, labelOf, rulesFromChain } from "../../lib/budget/index.js";
import { readRoundFromChain } from "../../lib/chain/roundLogs.js";
import { TALLY_LIBRARY_VERSION, outcomeOf } from "../../lib/tally/index.js";

export interface CommitterOptions {
  provider: Provider;
  /** Holds ResultCommitments' COMMITTER_ROLE. */
  signer: Signer;
  budgetRound: string;
  resultCommitments: string;
  /** First block of the ballot logs (BudgetRound's deployment block). */
  fromBlock: number;
  /** Blocks per eth_getLogs request. */
  batchBlocks?: number;
}

export type CommitterAction =
  | { kind: "committed"; roundId: bigint; district: number; selected: string[]; toBlock: number; gasUsed: bigint }
  | { kind: "finalized"; roundId: bigint; gasUsed: bigint };

export interface Committer {
  tick(): Promise<CommitterAction[]>;
}

export function createCommitter(options: CommitterOptions): Committer {
  const { provider, signer } = options;
  const rounds = connectContract("BudgetRound", options.budgetRound, signer);
  const commitments = connectContract("ResultCommitments", options.resultCommitments, signer);

  async function commitRound(roundId: bigint, districts: number[]): Promise<CommitterAction[]> {
    const head = (await provider.getBlock("latest"))!;
    const round = await readRoundFromChain(provider, options.budgetRound, roundId, {
      fromBlock: options.fromBlock,
      toBlock: head.number,
      ...(options.batchBlocks !== undefined ? { batchBlocks: options.batchBlocks } : {}),
    });
    if (head.timestamp < round.rules.schedule.votingEnd) return [];
    const actions: CommitterAction[] = [];
    for (const id of districts) {
      const district = round.districts.get(id)!;
      const { election } = districtElection({
        ballotType: round.rules.ballotType,
        tieBreak: round.rules.tieBreak,
        budget: district.budget,
        positions: district.positions,
        ballots: district.ballots,
      });
      const outcome = outcomeOf(election, "mes-add1");
      const ids = outcome.selected.map(BigInt).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const tx = await commitments.commitResult(roundId, id, ids, {
        fromBlock: options.fromBlock,
        toBlock: head.number,
        toBlockHash: head.hash!,
        libraryVersion: TALLY_LIBRARY_VERSION,
      });
      const receipt = (await tx.wait())!;
      actions.push({
        kind: "committed",
        roundId,
        district: id,
        selected: ids.map(String),
        toBlock: head.number,
        gasUsed: receipt.gasUsed,
      });
    }
    return actions;
  }

  async function finalizeIfFinal(roundId: bigint): Promise<CommitterAction[]> {
    try {
      await rounds.finalize.staticCall(roundId);
    } catch {
      return []; // a window still open, or an objection waiting for the admin
    }
    const receipt = (await (await rounds.finalize(roundId)).wait())!;
    return [{ kind: "finalized", roundId, gasUsed: receipt.gasUsed }];
  }

  return {
    async tick() {
      const actions: CommitterAction[] = [];
      const count = await rounds.roundCount();
      for (let roundId = 1n; roundId <= count; roundId++) {
        const rules = rulesFromChain(await rounds.getRules(roundId));
        if (rules.tallyRule !== "equal-shares-add1") continue;
        if (labelOf(PhaseLabels, await rounds.phase(roundId), "phase") !== "closed") continue;
        const uncommitted: number[] = [];
        for (const district of rules.districts) {
          if (!(await commitments.getCommitment(roundId, district)).committed) uncommitted.push(district);
        }
        actions.push(
          ...(uncommitted.length > 0 ? await commitRound(roundId, uncommitted) : await finalizeIfFinal(roundId)),
        );
      }
      return actions;
    },
  };
}
