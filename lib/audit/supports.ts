/**
 * The auditor's recount of a round's supports: per proposal, the ProposalSupported events of the
 * chain's logs, the paper ones told apart by the desk's PaperSupportWithCodeRecorded event of the
 * same transaction (same proposal, same code address), read from the accounts BudgetRound granted
 * CLERK_ROLE. Compared with the contract's getProposal(id).supportCount at the audited block, with
 * the API's supportCount and paperSupportCount, and, once a district's ballot is published, the
 * support threshold's decision: the ballot holds exactly the feasible proposals whose recounted
 * supports reached the round's threshold. Browser-safe.
 */
import { Interface, type Provider } from "ethers";

import { PaperBallotDeskAbi } from "../../generated/abis.js";
import { connectContract } from "../../generated/contracts.js";
import type { ChainRound } from "../chain/roundLogs.js";
import { createLogReader, logsOf } from "../chain/logs.js";
import type { ApiProposal } from "./api.js";
import type { Mismatch } from "../api/schemas.js";

export interface SupportRecount {
  proposalId: string;
  district: number;
  online: number;
  paper: number;
  /** getProposal(id).supportCount at the audited block. */
  contract: number;
  /** Whether the recounted supports reach the round's support threshold. */
  reachedThreshold: boolean;
}

const deskInterface = new Interface(PaperBallotDeskAbi);
const paperSupportEvent = deskInterface.getEvent("PaperSupportWithCodeRecorded")!;

/** "transactionHash proposalId codeAddress" of every paper support form the clerks' desks recorded. */
export async function readPaperSupports(
  provider: Provider,
  round: ChainRound,
  options: { fromBlock: number; toBlock: number; batchBlocks?: number },
): Promise<Set<string>> {
  const keys = new Set<string>();
  const desks = round.clerks ?? [];
  if (desks.length === 0) return keys;
  const logs = await createLogReader(logsOf(provider), { maxBlocks: options.batchBlocks ?? 50_000 }).readAll(
    { address: desks, topics: [paperSupportEvent.topicHash] },
    options.fromBlock,
    options.toBlock,
  );
  for (const log of logs) {
    const parsed = deskInterface.parseLog({ topics: [...log.topics], data: log.data });
    if (!parsed) continue;
    const { proposalId, codeSigner } = parsed.args as unknown as { proposalId: bigint; codeSigner: string };
    keys.add(`${log.transactionHash.toLowerCase()} ${proposalId} ${codeSigner.toLowerCase()}`);
  }
  return keys;
}

/** Recounts every proposal's supports and reads the contract's count of each at `blockTag`. */
export async function recountSupports(
  provider: Provider,
  round: ChainRound,
  paperKeys: ReadonlySet<string>,
  blockTag: number,
): Promise<SupportRecount[]> {
  const contract = connectContract("BudgetRound", round.contract, provider);
  const threshold = round.rules.supportThreshold;
  return Promise.all(
    [...round.proposals.values()].map(async (proposal): Promise<SupportRecount> => {
      const supports = proposal.supports ?? [];
      const paper = supports.filter((s) =>
        paperKeys.has(`${s.transactionHash.toLowerCase()} ${proposal.id} ${s.supporter.toLowerCase()}`),
      ).length;
      const view = await contract.getProposal(proposal.id, { blockTag });
      return {
        proposalId: proposal.id.toString(),
        district: proposal.district,
        online: supports.length - paper,
        paper,
        contract: Number(view.supportCount),
        reachedThreshold: supports.length >= threshold,
      };
    }),
  );
}

/** The recounted supports against the contract, the API (when read) and the published ballots. */
export function compareSupports(
  round: ChainRound,
  supports: readonly SupportRecount[],
  apiProposals: readonly ApiProposal[] | null,
): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const push = (source: Mismatch["source"], s: SupportRecount, field: string, recount: string, found: string | null) =>
    mismatches.push({ source, district: s.district, proposalId: s.proposalId, field, recount, found });
  const served = new Map(apiProposals?.map((p) => [p.proposalId, p]) ?? []);
  for (const s of supports) {
    const total = String(s.online + s.paper);
    if (s.contract !== s.online + s.paper) push("contract", s, "supportCount", total, String(s.contract));
    const p = served.get(s.proposalId);
    if (apiProposals && p) {
      if (String(p.supportCount) !== total) push("api", s, "supportCount", total, String(p.supportCount));
      if (String(p.paperSupportCount) !== String(s.paper)) {
        push("api", s, "paperSupportCount", String(s.paper), String(p.paperSupportCount));
      }
    }
  }
  // The threshold's decision, where a ballot was published: on it exactly the feasible proposals
  // of the district whose recounted supports reached the threshold.
  for (const district of round.districts.values()) {
    if (!district.published) continue;
    const onBallot = new Set(district.positions.map((p) => p.proposalId.toString()));
    for (const s of supports) {
      if (s.district !== district.id) continue;
      const feasible = round.proposals.get(BigInt(s.proposalId))?.review?.feasible === true;
      const expected = feasible && s.reachedThreshold;
      if (expected !== onBallot.has(s.proposalId)) {
        push("contract", s, "supportThreshold.onBallot", String(expected), String(onBallot.has(s.proposalId)));
      }
    }
  }
  return mismatches;
}
