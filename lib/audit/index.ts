/**
 * The auditor's comparison: a round recounted from the chain's logs alone (lib/chain/roundLogs +
 * lib/tally), compared with the contract's own view functions at the same pinned block, with the
 * contract's DistrictFinalized events and, when asked, with the published API (results, proposals
 * and the hash of their served content). Used by `npm run audit` and the front end's audit page,
 * so nothing here imports Node modules.
 */
import type { Provider } from "ethers";

import type { CommitmentView, Rules } from "../budget/index.js";
import { readCommitmentsFromChain } from "../chain/commitmentLogs.js";
import { readRoundFromChain, type ChainRound } from "../chain/roundLogs.js";
import { connectContract } from "../../generated/contracts.js";
import type { Mismatch as ApiMismatch } from "../api/schemas.js";
import type { Language } from "../tally/index.js";
import { contentHashOf, readApi, readIndexedBlock, type ApiProposal, type ApiView, type Fetch } from "./api.js";
import { anchoredTexts, checkTexts, type TextsReport } from "./texts.js";
import { readContractDistricts, type ContractDistrict } from "./contract.js";
import { recountRound, type DistrictRecount, type RuleOutcome } from "./recount.js";
import { auditTokens, type TokenReport } from "./tokens.js";
import { compareSupports, readPaperSupports, recountSupports, type SupportRecount } from "./supports.js";
import { auditRoles, type AuditedRoleContract, type RolesReport } from "./roles.js";

export { ApiUnavailableError, contentHashOf, readApi, readIndexedBlock, type ApiView, type Fetch } from "./api.js";
export { readContractDistricts, type ContractDistrict } from "./contract.js";
export { recountDistrict, recountRound, type DistrictRecount, type RuleOutcome } from "./recount.js";
export { RoundNotFoundError } from "../chain/roundLogs.js";
export { auditTokens, type TokenDistrictReport, type TokenReport } from "./tokens.js";
export { compareSupports, readPaperSupports, recountSupports, type SupportRecount } from "./supports.js";
export { auditRoles, type AuditedRoleContract, type RolesAudit, type RolesReport } from "./roles.js";

/** One difference: what the recount from the logs gives against what `source` gives (lib/api/schemas.ts). */
export type Mismatch = ApiMismatch;

/** Where a compared value came from; the recount from the logs is always the other side. */
export type Source = Mismatch["source"];

export interface DistrictReport {
  district: number;
  budget: string;
  published: boolean;
  ballots: { online: number; paper: number; replaced: number };
  positions: { proposalId: string; cost: string }[];
  recount: {
    tallies: { proposalId: string; votes: string }[];
    greedy: RuleOutcome;
    mes: RuleOutcome | null;
  };
  contract: {
    tallies: { proposalId: string; votes: string }[];
    finalized: boolean;
    selected: string[] | null;
    selectedCost: string | null;
    paperBallotCount: number;
  };
  /**
   * Rounds whose rule is counted off chain: the committed outcome (ResultCommitments' events) with
   * the chain's own hash of the last block it counted and that block's time; null if none yet.
   */
  commitment:
    | (CommitmentView & {
        /** The hash the chain has for `toBlock` (differs from `toBlockHash` after a reorganization). */
        chainToBlockHash: string | null;
        /** Unix time of `toBlock`: it must be at or after the end of voting, or ballots were missed. */
        toBlockTime: number | null;
        /** Whether the committed outcome is the recount's. */
        matches: boolean;
      })
    | null;
  /** The DistrictFinalized event, once finalized. */
  contractEvent: { tallies: string[]; selected: string[]; selectedCost: string } | null;
  api: {
    tallies: { proposalId: string; votes: string }[];
    voters: string;
    greedySelected: string[];
    mesSelected: string[] | null;
    contractSelected: string[] | null;
  } | null;
  mismatches: Mismatch[];
}

export interface AuditReport {
  match: boolean;
  round: string;
  contract: string;
  chainId: string;
  /** The blocks whose logs were read and the hash of the last one: all views were read at `to`. */
  blocks: {
    from: number;
    to: number;
    toHash: string;
    /** Why `to`: asked for, the chain head, or the block the API's index has reached. */
    pinnedBy: "request" | "head" | "api";
    /** The chain head when the audit started. */
    head: number;
  };
  logs: number;
  rules: Pick<Rules, "ballotType" | "tieBreak" | "tallyRule" | "rulesHash" | "secrecy" | "supportThreshold">;
  /** Secret rounds: the token checks (null for public rounds, or without the SecretBallots address). */
  tokens: TokenReport | null;
  createdIn: { blockNumber: number; transactionHash: string };
  cancelled: boolean;
  finalized: boolean;
  api: {
    url: string;
    proposals: number;
    proposalsWithContent: number;
    /** The served texts and photos of the round, hashed again (lib/audit/texts.ts). */
    texts?: Omit<TextsReport, "mismatches">;
  } | null;
  districts: DistrictReport[];
  /** Each proposal's supports recounted from the logs (online, paper) with the contract's count. */
  supports: SupportRecount[];
  /**
   * With the API and the contracts with roles: the API's role holders against the fold of the
   * chain's role logs at the block the API's index reached (lib/audit/roles.ts); else null.
   */
  roles: RolesReport | null;
  /** Every mismatch of every district and of the round's proposals. */
  mismatches: Mismatch[];
}

export interface AuditOptions {
  provider: Provider;
  /** The BudgetRound contract. */
  address: string;
  roundId: bigint;
  /** First block to read logs from (the contract's deployment block). */
  fromBlock?: number;
  /** Block to pin the audit to (default: the latest). */
  toBlock?: number;
  /** Blocks per eth_getLogs request. */
  batchBlocks?: number;
  /** Base URL of the Buurtkas API to compare as well. */
  apiUrl?: string;
  fetch?: Fetch;
  /** Language of the explanations (default English). */
  language?: Language;
  /** The ResultCommitments contract (default: the one BudgetRound names, resultCommitments()). */
  resultCommitments?: string;
  /** The SecretBallots contract: a secret round's tokens are checked too. */
  secretBallots?: string;
  /** Contracts with roles (the deployment's): with `apiUrl`, the API's role holders are compared too. */
  roleContracts?: readonly AuditedRoleContract[];
}

/** A round's commitments with what the chain says about the blocks they counted. */
export type CommittedDistricts = Map<number, NonNullable<DistrictReport["commitment"]>>;

/** The audit cannot be done (no contract at the address, the chain moved under it, ...). */
export class AuditError extends Error {
  override name = "AuditError";
}

/** How often the API is read again when its index moved on while it answered. */
export const API_READ_ATTEMPTS = 5;

/**
 * The API's view together with the block its index had reached while it answered: GET /healthz
 * before and after the reads, the same block both times (the indexer moves a whole block in one
 * transaction), or read again. Pinning to a block read once before the answers let a ballot mined
 * in between (a re-vote under load) show in the API's tallies and not in the recount: a mismatch
 * of an honest API. `block` is undefined when the API does not say.
 */
export async function readApiAtIndexedBlock(
  apiUrl: string,
  roundId: bigint,
  fetchFn?: Fetch,
): Promise<{ view: ApiView; block: number | undefined }> {
  let before = await readIndexedBlock(apiUrl, fetchFn);
  for (let attempt = 1; ; attempt++) {
    const view = await readApi(apiUrl, roundId, fetchFn);
    if (before === undefined) return { view, block: undefined };
    const after = await readIndexedBlock(apiUrl, fetchFn);
    if (after === before) return { view, block: before };
    if (attempt >= API_READ_ATTEMPTS) {
      throw new AuditError(
        `the API's index moved on while it was read, ${attempt} times in a row (last from block ${before} to ${after ?? "unknown"}); run the audit again`,
      );
    }
    before = after;
  }
}

export async function auditRound(options: AuditOptions): Promise<AuditReport> {
  const { provider, address, roundId } = options;
  // Compare like with like: against an API, read it first and pin to the block its index had
  // reached while it answered, unless a block was asked for; otherwise the head (read after the
  // API, so an index ahead of an earlier head is not cut short).
  let api: ApiView | null = null;
  let apiBlock: number | undefined;
  if (options.apiUrl !== undefined && options.toBlock === undefined) {
    ({ view: api, block: apiBlock } = await readApiAtIndexedBlock(options.apiUrl, roundId, options.fetch));
  } else if (options.apiUrl !== undefined) {
    api = await readApi(options.apiUrl, roundId, options.fetch);
  }
  const head = await provider.getBlockNumber();
  const toBlock = options.toBlock ?? (apiBlock !== undefined && apiBlock <= head ? apiBlock : head);
  const pinnedBy: AuditReport["blocks"]["pinnedBy"] =
    options.toBlock !== undefined ? "request" : toBlock === head ? "head" : "api";
  if ((await provider.getCode(address, toBlock)) === "0x") {
    throw new AuditError(`no contract at ${address} at block ${toBlock} on this chain`);
  }
  const round = await readRoundFromChain(provider, address, roundId, {
    fromBlock: options.fromBlock ?? 0,
    toBlock,
    ...(options.batchBlocks !== undefined ? { batchBlocks: options.batchBlocks } : {}),
  });
  const [contract, network] = await Promise.all([
    readContractDistricts(provider, address, roundId, round.rules.districts, toBlock),
    provider.getNetwork(),
  ]);
  const commitments = round.rules.tallyRule === "greedy" ? null : await readCommitments(options, round, toBlock);
  const pinned = await provider.getBlock(toBlock);
  if (pinned?.hash !== round.coverage.toBlockHash) {
    throw new AuditError(`block ${toBlock} changed during the audit (a reorganization); run the audit again`);
  }
  const report = compareRound(
    round,
    recountRound(round, options.language ?? "en"),
    contract,
    api,
    network.chainId,
    commitments,
  );
  if (round.rules.secrecy === "secret" && options.secretBallots) {
    report.tokens = await auditTokens(provider, options.secretBallots, round, network.chainId);
    for (const problem of report.tokens.problems)
      report.mismatches.push(mismatch("contract", null, null, `tokens: ${problem}`, null, null));
    report.match = report.mismatches.length === 0;
  }
  const paperKeys = await readPaperSupports(provider, round, {
    fromBlock: options.fromBlock ?? 0,
    toBlock,
    ...(options.batchBlocks !== undefined ? { batchBlocks: options.batchBlocks } : {}),
  });
  report.supports = await recountSupports(provider, round, paperKeys, toBlock);
  report.mismatches.push(...compareSupports(round, report.supports, api?.results ? api.proposals : null));
  report.match = report.mismatches.length === 0;
  if (options.apiUrl !== undefined && report.api) {
    const { mismatches, ...counts } = await checkTexts(
      options.apiUrl,
      anchoredTexts(round),
      options.fetch ?? ((url) => fetch(url)),
    );
    report.api.texts = counts;
    for (const m of mismatches)
      report.mismatches.push(mismatch("api", m.district, m.proposalId, m.field, m.recount, m.found));
    report.match = report.mismatches.length === 0;
  }
  if (options.apiUrl !== undefined && options.roleContracts !== undefined && options.roleContracts.length > 0) {
    const roles = await auditRoles({
      provider,
      apiUrl: options.apiUrl,
      contracts: options.roleContracts,
      ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
      ...(options.batchBlocks !== undefined ? { batchBlocks: options.batchBlocks } : {}),
    });
    report.roles = roles.report;
    report.mismatches.push(...roles.mismatches);
    report.match = report.mismatches.length === 0;
  }
  report.blocks.pinnedBy = pinnedBy;
  report.blocks.head = head;
  return report;
}

/** The committed results of a round counted off chain, read from ResultCommitments' logs. */
async function readCommitments(options: AuditOptions, round: ChainRound, toBlock: number): Promise<CommittedDistricts> {
  const { provider } = options;
  const address =
    options.resultCommitments ??
    (await connectContract("BudgetRound", options.address, provider).resultCommitments({ blockTag: toBlock }));
  const views = await readCommitmentsFromChain(provider, address, round.roundId, {
    fromBlock: options.fromBlock ?? 0,
    toBlock,
    ...(options.batchBlocks !== undefined ? { batchBlocks: options.batchBlocks } : {}),
  });
  const result: CommittedDistricts = new Map();
  for (const [district, view] of views) {
    const counted = view.toBlock <= toBlock ? await provider.getBlock(view.toBlock) : null;
    result.set(district, {
      ...view,
      chainToBlockHash: counted?.hash?.toLowerCase() ?? null,
      toBlockTime: counted?.timestamp ?? null,
      matches: false,
    });
  }
  return result;
}

/** Compares the recount with the contract, its events, the committed results and the API; pure. */
export function compareRound(
  round: ChainRound,
  recounts: readonly DistrictRecount[],
  contract: readonly ContractDistrict[],
  api: ApiView | null,
  chainId: bigint,
  commitments: CommittedDistricts | null = null,
): AuditReport {
  const districts = recounts.map((recount, i) =>
    compareDistrict(round, recount, contract[i]!, api, commitments?.get(recount.district) ?? null),
  );
  const proposalMismatches = api ? compareProposals(round, recounts, api) : [];
  const roundMismatches: Mismatch[] = [];
  if (api && api.results === null) {
    roundMismatches.push(mismatch("api", null, null, "round", round.roundId.toString(), null));
  } else if (api && api.results!.finalized !== round.finalized) {
    roundMismatches.push(
      mismatch("api", null, null, "finalized", String(round.finalized), String(api.results!.finalized)),
    );
  }
  const mismatches = [...roundMismatches, ...districts.flatMap((d) => d.mismatches), ...proposalMismatches];
  return {
    match: mismatches.length === 0,
    round: round.roundId.toString(),
    contract: round.contract.toLowerCase(),
    chainId: chainId.toString(),
    blocks: {
      from: round.coverage.fromBlock,
      to: round.coverage.toBlock,
      toHash: round.coverage.toBlockHash,
      pinnedBy: "request",
      head: round.coverage.toBlock,
    },
    logs: round.coverage.logs,
    rules: {
      ballotType: round.rules.ballotType,
      tieBreak: round.rules.tieBreak,
      tallyRule: round.rules.tallyRule,
      rulesHash: round.rules.rulesHash,
      secrecy: round.rules.secrecy,
      supportThreshold: round.rules.supportThreshold,
    },
    tokens: null,
    createdIn: round.createdIn,
    cancelled: round.cancelled,
    finalized: round.finalized,
    api: api
      ? {
          url: api.url,
          proposals: api.proposals.length,
          proposalsWithContent: api.proposals.filter((p) => p.content !== null).length,
        }
      : null,
    districts,
    supports: [],
    roles: null,
    mismatches,
  };
}

export function mismatch(
  source: Source,
  district: number | null,
  proposalId: string | null,
  field: string,
  recount: string | null,
  found: string | null,
): Mismatch {
  return { source, district, proposalId, field, recount, found };
}

/** One mismatch per proposal whose membership in `recounted` and `found` differs. */
export function compareSelections(
  source: Source,
  district: number,
  field: string,
  ids: readonly string[],
  recounted: readonly string[],
  found: readonly string[],
): Mismatch[] {
  const inRecount = new Set(recounted);
  const inFound = new Set(found.map(String));
  const all = [...ids, ...[...inFound].filter((id) => !ids.includes(id))];
  return all
    .filter((id) => inRecount.has(id) !== inFound.has(id))
    .map((id) => mismatch(source, district, id, field, String(inRecount.has(id)), String(inFound.has(id))));
}

function compareDistrict(
  round: ChainRound,
  recount: DistrictRecount,
  contract: ContractDistrict,
  api: ApiView | null,
  committed: NonNullable<DistrictReport["commitment"]> | null,
): DistrictReport {
  const d = recount.district;
  const ids = recount.positions.map((p) => p.proposalId);
  const mismatches: Mismatch[] = [];
  const push = (...args: Parameters<typeof mismatch>) => mismatches.push(mismatch(...args));

  for (const bad of recount.badBallots) {
    push("contract", d, null, `ballot ${bad.transactionHash}`, null, `position ${bad.position}`);
  }
  if (contract.budget !== recount.budget)
    push("contract", d, null, "budget", `${recount.budget}`, `${contract.budget}`);
  if (contract.ballotPublished !== recount.published) {
    push("contract", d, null, "ballotPublished", String(recount.published), String(contract.ballotPublished));
  }
  if (contract.ballotLength !== ids.length) {
    push("contract", d, null, "ballotLength", String(ids.length), String(contract.ballotLength));
  }
  if (contract.paperBallotCount !== recount.paperBallots) {
    push("contract", d, null, "paperBallots", String(recount.paperBallots), String(contract.paperBallotCount));
  }
  const positions = Math.max(ids.length, contract.tallies.length);
  for (let i = 0; i < positions; i++) {
    const mine = recount.tallies[i];
    const theirs = contract.tallies[i];
    if (mine !== theirs) {
      push("contract", d, ids[i] ?? `position ${i}`, "votes", mine?.toString() ?? null, theirs?.toString() ?? null);
    }
  }
  const districtFinalizedInLogs = round.districts.get(d)?.result;
  if (contract.finalized !== (districtFinalizedInLogs !== undefined)) {
    push("contract", d, null, "finalized", String(districtFinalizedInLogs !== undefined), String(contract.finalized));
  }
  // The round's own rule: greedy is computed by the contract, the Method of Equal Shares
  // committed to ResultCommitments; either way the recount must give what the chain holds.
  const offChain = round.rules.tallyRule !== "greedy";
  const ruleOutcome = offChain ? recount.mes! : recount.greedy;
  let commitment: DistrictReport["commitment"] = null;
  if (offChain && committed === null && (round.finalized || contract.finalized)) {
    push("commitment", d, null, "committed", "a commitment", null);
  }
  if (offChain && committed !== null) {
    const wrong = compareSelections(
      "commitment",
      d,
      "committed.selected",
      ids,
      ruleOutcome.selected,
      committed.selected,
    );
    mismatches.push(...wrong);
    if (committed.selectedCost !== ruleOutcome.cost) {
      push("commitment", d, null, "committed.selectedCost", ruleOutcome.cost, committed.selectedCost);
    }
    if (committed.chainToBlockHash !== null && committed.chainToBlockHash !== committed.toBlockHash) {
      push("commitment", d, null, "committed.toBlockHash", committed.chainToBlockHash, committed.toBlockHash);
    }
    if (committed.toBlockTime !== null && committed.toBlockTime < round.rules.schedule.votingEnd) {
      // Counted before voting ended: later ballots are missing from what was committed.
      push(
        "commitment",
        d,
        null,
        "committed.toBlock",
        `at or after ${round.rules.schedule.votingEnd}`,
        `${committed.toBlockTime}`,
      );
    }
    commitment = { ...committed, matches: wrong.length === 0 && committed.selectedCost === ruleOutcome.cost };
  }
  if (contract.selected !== null) {
    mismatches.push(...compareSelections("contract", d, "selected", ids, ruleOutcome.selected, contract.selected));
    if (contract.selectedCost !== BigInt(ruleOutcome.cost)) {
      push("contract", d, null, "selectedCost", ruleOutcome.cost, `${contract.selectedCost}`);
    }
  }

  let contractEvent: DistrictReport["contractEvent"] = null;
  if (districtFinalizedInLogs) {
    const selected: string[] = [];
    for (let i = 0; i < ids.length; i++)
      if ((districtFinalizedInLogs.selected >> BigInt(i)) & 1n) selected.push(ids[i]!);
    contractEvent = {
      tallies: districtFinalizedInLogs.tallies.map(String),
      selected,
      selectedCost: districtFinalizedInLogs.selectedCost.toString(),
    };
    const eventPositions = Math.max(ids.length, districtFinalizedInLogs.tallies.length);
    for (let i = 0; i < eventPositions; i++) {
      const mine = recount.tallies[i];
      const theirs = districtFinalizedInLogs.tallies[i];
      if (mine !== theirs) {
        push(
          "contract-event",
          d,
          ids[i] ?? `position ${i}`,
          "votes",
          mine?.toString() ?? null,
          theirs?.toString() ?? null,
        );
      }
    }
    mismatches.push(...compareSelections("contract-event", d, "selected", ids, ruleOutcome.selected, selected));
    if (contractEvent.selectedCost !== ruleOutcome.cost) {
      push("contract-event", d, null, "selectedCost", ruleOutcome.cost, contractEvent.selectedCost);
    }
  }

  let apiReport: DistrictReport["api"] = null;
  const apiDistrict = api?.results?.districts.find((x) => x.district === d);
  if (api?.results && !apiDistrict) push("api", d, null, "district", String(d), null);
  if (apiDistrict) {
    const voters = recount.onlineBallots + recount.paperBallots;
    apiReport = {
      tallies: apiDistrict.tallies.map((t) => ({ proposalId: t.proposalId, votes: t.votes })),
      voters: String(apiDistrict.voters),
      greedySelected: apiDistrict.greedy.selected,
      mesSelected: apiDistrict.mes?.selected ?? null,
      contractSelected: apiDistrict.contract?.selected ?? null,
    };
    if (apiDistrict.budget !== recount.budget.toString()) {
      push("api", d, null, "budget", recount.budget.toString(), apiDistrict.budget);
    }
    if (apiReport.voters !== String(voters)) push("api", d, null, "voters", String(voters), apiReport.voters);
    const apiVotes = new Map(apiReport.tallies.map((t) => [t.proposalId, t.votes]));
    for (const [i, id] of ids.entries()) {
      const theirs = apiVotes.get(id) ?? null;
      if (theirs !== recount.tallies[i]!.toString())
        push("api", d, id, "votes", recount.tallies[i]!.toString(), theirs);
    }
    for (const [id, votes] of apiVotes) if (!ids.includes(id)) push("api", d, id, "votes", null, votes);
    mismatches.push(
      ...compareSelections("api", d, "greedy.selected", ids, recount.greedy.selected, apiReport.greedySelected),
    );
    if (apiDistrict.greedy.cost !== recount.greedy.cost) {
      push("api", d, null, "greedy.cost", recount.greedy.cost, apiDistrict.greedy.cost);
    }
    if (recount.mes) {
      if (apiReport.mesSelected === null) push("api", d, null, "mes", recount.mes.selected.join(","), null);
      else
        mismatches.push(
          ...compareSelections("api", d, "mes.selected", ids, recount.mes.selected, apiReport.mesSelected),
        );
    } else if (apiReport.mesSelected !== null) {
      push("api", d, null, "mes", null, apiReport.mesSelected.join(","));
    }
    if (contract.selected !== null) {
      if (apiReport.contractSelected === null)
        push("api", d, null, "contract.selected", contract.selected.join(","), null);
      else {
        mismatches.push(
          ...compareSelections("api", d, "contract.selected", ids, contract.selected, apiReport.contractSelected),
        );
        if (String(apiDistrict.contract!.selectedCost) !== `${contract.selectedCost}`) {
          push(
            "api",
            d,
            null,
            "contract.selectedCost",
            `${contract.selectedCost}`,
            String(apiDistrict.contract!.selectedCost),
          );
        }
      }
    } else if (apiReport.contractSelected !== null) {
      push("api", d, null, "contract.selected", null, apiReport.contractSelected.join(","));
    }
  }

  const byPosition = (values: readonly bigint[]) =>
    values.map((votes, i) => ({ proposalId: ids[i] ?? `position ${i}`, votes: votes.toString() }));
  return {
    district: d,
    budget: recount.budget.toString(),
    published: recount.published,
    ballots: { online: recount.onlineBallots, paper: recount.paperBallots, replaced: recount.replacedBallots },
    positions: recount.positions.map((p) => ({ proposalId: p.proposalId, cost: p.cost.toString() })),
    recount: { tallies: byPosition(recount.tallies), greedy: recount.greedy, mes: recount.mes },
    contract: {
      tallies: byPosition(contract.tallies),
      finalized: contract.finalized,
      selected: contract.selected,
      selectedCost: contract.selectedCost?.toString() ?? null,
      paperBallotCount: contract.paperBallotCount,
    },
    commitment,
    contractEvent,
    api: apiReport,
    mismatches,
  };
}

/** The API's proposals against the chain's: every field the logs fix, and the served content's hash. */
function compareProposals(round: ChainRound, recounts: readonly DistrictRecount[], api: ApiView): Mismatch[] {
  if (api.results === null) return [];
  const mismatches: Mismatch[] = [];
  const served = new Map<string, ApiProposal>(api.proposals.map((p) => [p.proposalId, p]));
  const votesOf = new Map<string, string>();
  for (const recount of recounts) {
    recount.positions.forEach((p, i) => votesOf.set(p.proposalId, recount.tallies[i]!.toString()));
  }
  for (const proposal of round.proposals.values()) {
    const id = proposal.id.toString();
    const d = proposal.district;
    const push = (field: string, recount: string | null, found: string | null) =>
      mismatches.push(mismatch("api", d, id, field, recount, found));
    const p = served.get(id);
    if (!p) {
      push("proposal", id, null);
      continue;
    }
    if (p.district !== d) push("district", String(d), String(p.district));
    if (String(p.proposer).toLowerCase() !== proposal.proposer.toLowerCase()) {
      push("proposer", proposal.proposer.toLowerCase(), String(p.proposer).toLowerCase());
    }
    if (p.requestedCost !== proposal.requestedCost.toString()) {
      push("requestedCost", proposal.requestedCost.toString(), p.requestedCost);
    }
    if (String(p.contentHash).toLowerCase() !== proposal.contentHash.toLowerCase()) {
      push("contentHash", proposal.contentHash.toLowerCase(), String(p.contentHash).toLowerCase());
    }
    if (proposal.review?.feasible && String(p.finalCost) !== proposal.review.finalCost.toString()) {
      push("finalCost", proposal.review.finalCost.toString(), String(p.finalCost));
    }
    const votes = votesOf.get(id);
    if (votes !== undefined && p.votes !== votes) push("votes", votes, p.votes);
    if (p.content !== null) {
      const hash = contentHashOf(p.content);
      if (hash !== proposal.contentHash.toLowerCase()) push("content", proposal.contentHash.toLowerCase(), hash);
    }
  }
  for (const id of served.keys()) {
    if (!/^\d+$/.test(id) || !round.proposals.has(BigInt(id))) {
      mismatches.push(mismatch("api", null, id, "proposal", null, id));
    }
  }
  return mismatches;
}
