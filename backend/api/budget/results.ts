/**
 * A round's results and its audit, computed from the index: every current ballot recounted with
 * the tally library (greedy, and Method of Equal Shares for approval rounds) next to the
 * contract's own selection; the audit compares the index's tallies and the contract's views with
 * that recount and reports differences in lib/audit's mismatch shape.
 */
import type { z } from "zod";

import type * as api from "../../../lib/api/schemas.js";
import { compareSelections, mismatch } from "../../../lib/audit/index.js";
import { decodeApproval } from "../../../lib/ballots/encoding.js";
import { districtElection, foldCommitments, rulesFromColumns, type TallyRuleLabel } from "../../../lib/budget/index.js";
import {
  countVotes,
  explain,
  greedy,
  mesAdd1,
  outcomeFields,
  type Election,
  type TallyResult,
} from "../../../lib/tally/index.js";
import type { Sql } from "../../db/index.js";
import { ApiError } from "../http.js";
import type { ChainViews } from "../chain.js";
import {
  selectCommitmentEvents,
  selectCurrentBallots,
  selectFinalizedDistricts,
  selectTallies,
  type RoundRow,
} from "./queries.js";
import { idAt, slotsOf } from "./views.js";

type Results = z.input<typeof api.results>;
type RuleOutcome = z.input<typeof api.ruleOutcome>;
type Audit = z.input<typeof api.apiAudit>;
type Mismatch = z.input<typeof api.mismatch>;

export interface DistrictTally {
  district: number;
  budget: bigint;
  slots: { proposalId: bigint; cost: bigint; votes: bigint }[];
  election: Election;
  voters: number;
  finalized: { selected: bigint; selectedCost: bigint; tallies: bigint[] } | null;
  /** The round's binding rule. */
  tallyRule: TallyRuleLabel;
}

/** Each district of a round as the tally library's election over the indexed current ballots. */
export async function districtTallies(sql: Sql, round: RoundRow): Promise<DistrictTally[]> {
  const rules = rulesFromColumns(round);
  const [tallies, ballots, finalized] = await Promise.all([
    selectTallies(sql, round.round_id),
    selectCurrentBallots(sql, round.round_id),
    selectFinalizedDistricts(sql, round.round_id),
  ]);
  const positions = slotsOf(tallies);
  return rules.districts.map((districtId, i) => {
    const slots = positions.get(districtId) ?? [];
    const own = ballots.filter((b) => Number(b.district) === districtId);
    const { election } = districtElection({
      ballotType: rules.ballotType,
      tieBreak: rules.tieBreak,
      budget: rules.budgets[i]!,
      positions: slots,
      ballots: own,
    });
    const done = finalized.find((f) => Number(f.district) === districtId);
    return {
      district: districtId,
      budget: rules.budgets[i]!,
      slots,
      election,
      voters: own.length,
      tallyRule: rules.tallyRule,
      finalized: done ? { selected: done.selected, selectedCost: done.selected_cost, tallies: done.tallies } : null,
    };
  });
}

const selectedIds = (bitmap: bigint, slots: readonly { proposalId: bigint }[]): string[] =>
  decodeApproval(bitmap).map((position) => idAt(slots, position));

function outcomeView(result: TallyResult): RuleOutcome {
  return {
    rule: result.rule,
    selected: result.selected,
    cost: result.cost.toString(),
    explanation: result.outcomes.map((o) => ({
      ...outcomeFields(o),
      rho: o.rho ? o.rho.toFixed(2) : null,
      text: { nl: explain(o, "nl"), en: explain(o, "en") },
    })),
  };
}

export async function roundResults(sql: Sql, round: RoundRow): Promise<Results> {
  const { ballotType, tallyRule, objectionWindow } = rulesFromColumns(round);
  const [districts, commitments] = await Promise.all([
    districtTallies(sql, round),
    tallyRule === "greedy"
      ? new Map<number, never>()
      : selectCommitmentEvents(sql, round.round_id).then(foldCommitments),
  ]);
  return {
    roundId: round.round_id.toString(),
    finalized: round.finalized,
    ballotType,
    tallyRule,
    objectionWindow,
    districts: districts.map((d) => ({
      district: d.district,
      budget: d.budget.toString(),
      voters: d.voters,
      contract: d.finalized
        ? { selected: selectedIds(d.finalized.selected, d.slots), selectedCost: d.finalized.selectedCost.toString() }
        : null,
      greedy: outcomeView(greedy(d.election)),
      mes: ballotType === "approval" ? outcomeView(mesAdd1(d.election)) : null,
      commitment: commitments.get(d.district) ?? null,
      tallies: d.slots.map((s) => ({
        proposalId: s.proposalId.toString(),
        cost: s.cost.toString(),
        votes: s.votes.toString(),
      })),
    })),
  };
}

/** What the contract says about one district at one block. */
export interface ContractDistrictView {
  tallies: bigint[];
  /** The selected proposal ids once finalized, else null. */
  selected: string[] | null;
}

export type ReadContractDistrict = (district: number, finalized: boolean) => Promise<ContractDistrictView>;

/** Reads a district's tallies (and its selection once finalized) from the contract at `blockTag`. */
export function contractReader(chain: ChainViews, roundId: bigint, blockTag: number | "latest"): ReadContractDistrict {
  return async (district, finalized) => {
    try {
      const tallies = [...(await chain.budgetRound.getTallies(roundId, district, { blockTag }))];
      const selected = finalized
        ? (await chain.budgetRound.getSelected(roundId, district, { blockTag })).map(String)
        : null;
      return { tallies, selected };
    } catch (error) {
      throw new ApiError(502, "chain_unavailable", `the chain did not answer: ${(error as Error).message}`);
    }
  };
}

/**
 * The index's tallies (source "api") and the contract's (source "contract") against the tally
 * library's recount of the indexed ballots; once finalized, the selections too.
 */
export async function auditDistricts(
  districts: readonly DistrictTally[],
  readContract: ReadContractDistrict,
): Promise<Audit["districts"]> {
  const out: Audit["districts"] = [];
  for (const d of districts) {
    const recount = countVotes(d.election);
    const contract = await readContract(d.district, d.finalized !== null);
    const ids = d.slots.map((s) => s.proposalId.toString());
    const mismatches: Mismatch[] = [];
    const length = Math.max(d.slots.length, contract.tallies.length);
    for (let i = 0; i < length; i++) {
      const id = idAt(d.slots, i);
      const recounted = (recount.get(id) ?? 0n).toString();
      const indexed = d.slots[i]?.votes.toString() ?? null;
      const onChain = contract.tallies[i]?.toString() ?? null;
      if (indexed !== recounted) mismatches.push(mismatch("api", d.district, id, "votes", recounted, indexed));
      if (onChain !== recounted) mismatches.push(mismatch("contract", d.district, id, "votes", recounted, onChain));
    }
    // The round's own rule: what the contract computed (greedy) or took from the commitment.
    const library = (d.tallyRule === "greedy" ? greedy(d.election) : mesAdd1(d.election)).selected;
    const indexedSelection = d.finalized ? selectedIds(d.finalized.selected, d.slots) : null;
    if (indexedSelection)
      mismatches.push(...compareSelections("api", d.district, "selected", ids, library, indexedSelection));
    if (contract.selected) {
      mismatches.push(...compareSelections("contract", d.district, "selected", ids, library, contract.selected));
    }
    out.push({
      district: d.district,
      database: { tallies: d.slots.map((s) => s.votes.toString()), selected: indexedSelection },
      contract: { tallies: contract.tallies.map(String), selected: contract.selected },
      library: { tallies: ids.map((id) => (recount.get(id) ?? 0n).toString()), selected: library },
      mismatches,
    });
  }
  return out;
}
