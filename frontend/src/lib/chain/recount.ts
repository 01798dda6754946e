/**
 * A round recounted in the browser from the chain's logs alone (lib/chain/roundLogs), turned into
 * tally input by lib/budget's districtElection (as the audit and the API do) and counted with the
 * shared tally library: greedy (the contract's rule) and, for approval ballots, the Method of Equal
 * Shares with Add1 for comparison. The contract's own views are read next to it.
 */
import { decodeApproval } from "../../../../lib/ballots/encoding.js";
import { districtElection, type CommitmentView } from "../../../../lib/budget/index.js";
import { readRoundFromChain, type ChainBallot, type ChainRound } from "../../../../lib/chain/roundLogs.js";
import { exportRound } from "../../../../lib/pabulib/exportRound.js";
import { serializePabulib } from "../../../../lib/pabulib/index.js";
import { countVotes, greedy, mesAdd1, type TallyResult } from "../../../../lib/tally/index.js";
import { system } from "./system.svelte.js";

export interface DistrictRecount {
  district: number;
  budget: bigint;
  voters: number;
  /** Proposal ids by ballot position. */
  positions: { proposalId: string; cost: bigint }[];
  /** Votes per position, counted from the ballots in the logs. */
  votes: bigint[];
  greedy: TallyResult | null;
  mes: TallyResult | null;
  /** The contract's views: tallies per position, and its selection once finalized. */
  contract: { tallies: bigint[]; finalized: boolean; selected: string[]; selectedCost: bigint };
  pb: string | null;
  ballots: ChainBallot[];
  /**
   * Rounds counted off chain (equal-shares-add1): the committed result read from ResultCommitments'
   * logs, and whether this recount's Method of Equal Shares outcome is the committed one.
   */
  commitment: (CommitmentView & { matches: boolean }) | null;
}

export interface RoundRecount {
  round: ChainRound;
  districts: DistrictRecount[];
  /** Unix time of the block everything was read at: objection windows are judged by it. */
  chainTime: number;
}

export async function recountRound(roundId: string): Promise<RoundRecount> {
  const sys = system();
  const contract = sys.contracts.BudgetRound;
  // Logs and the contract's views are read at one block, so they describe the same moment.
  const toBlock = await sys.provider.getBlockNumber();
  const round = await readRoundFromChain(sys.provider, sys.address("BudgetRound"), BigInt(roundId), {
    fromBlock: sys.deployment.contracts.BudgetRound.blockNumber,
    toBlock,
  });
  const commitments =
    round.rules.tallyRule === "greedy"
      ? null
      : // Loaded on demand: only equal-shares rounds have commitments (keeps the first visit small).
        await (
          await import("../../../../lib/chain/commitmentLogs.js")
        ).readCommitmentsFromChain(sys.provider, sys.address("ResultCommitments"), BigInt(roundId), {
          fromBlock: sys.deployment.contracts.BudgetRound.blockNumber,
          toBlock,
        });
  const districts: DistrictRecount[] = [];
  for (const [id, district] of round.districts) {
    const positions = district.positions.map((p) => ({ proposalId: p.proposalId.toString(), cost: p.cost }));
    const [tallies, view] = await Promise.all([
      contract.getTallies(roundId, id, { blockTag: toBlock }),
      contract.getDistrict(roundId, id, { blockTag: toBlock }),
    ]);
    let greedyResult: TallyResult | null = null;
    let mesResult: TallyResult | null = null;
    let votes: bigint[] = positions.map(() => 0n);
    let pb: string | null = null;
    if (district.published) {
      pb = serializePabulib(exportRound(round, id));
      const { election } = districtElection({
        ballotType: round.rules.ballotType,
        tieBreak: round.rules.tieBreak,
        budget: district.budget,
        positions: district.positions,
        ballots: district.ballots,
      });
      const counted = countVotes(election);
      votes = positions.map((p) => counted.get(p.proposalId) ?? 0n);
      greedyResult = greedy(election);
      if (round.rules.ballotType === "approval" && district.ballots.length > 0) mesResult = mesAdd1(election);
    }
    const finalized = Boolean(view.finalized);
    const committed = commitments?.get(id);
    const recounted = new Set(mesResult?.selected ?? []);
    const commitment = committed
      ? {
          ...committed,
          matches: committed.selected.length === recounted.size && committed.selected.every((p) => recounted.has(p)),
        }
      : null;
    districts.push({
      commitment,
      district: id,
      budget: district.budget,
      voters: district.ballots.length,
      positions,
      votes,
      greedy: greedyResult,
      mes: mesResult,
      contract: {
        tallies: [...tallies],
        finalized,
        selected: finalized ? decodeApproval(view.selected).map((position) => positions[position]!.proposalId) : [],
        selectedCost: view.selectedCost,
      },
      pb,
      ballots: district.ballots,
    });
  }
  const chainTime = (await sys.provider.getBlock(toBlock))?.timestamp ?? Math.floor(Date.now() / 1000);
  return { round, districts, chainTime };
}

/** One CSV row per proposal: district, id, cost, votes, and whether each rule selects it. */
export function resultsCsv(recount: RoundRecount): string {
  const rows = [
    ["district", "proposal_id", "cost", "votes", "greedy_selected", "mes_selected", "contract_selected"].join(","),
  ];
  for (const d of recount.districts) {
    d.positions.forEach((p, i) => {
      rows.push(
        [
          d.district,
          p.proposalId,
          p.cost,
          d.votes[i] ?? 0n,
          d.greedy?.selected.includes(p.proposalId) ? 1 : 0,
          d.mes ? (d.mes.selected.includes(p.proposalId) ? 1 : 0) : "",
          d.contract.finalized ? (d.contract.selected.includes(p.proposalId) ? 1 : 0) : "",
        ].join(","),
      );
    });
  }
  return rows.join("\n") + "\n";
}
