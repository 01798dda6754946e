import { TieBreakLabels, type TieBreakLabel } from "../../generated/enums.js";
import type { Rational } from "./rational.js";

export interface TallyProject {
  id: string;
  /** Cost in whole currency units. */
  cost: bigint;
  /** Only used by greedy with category caps. */
  category?: string;
}

/** The approved project ids (a repeated id counts once). */
export type ApprovalBallot = readonly string[];
/** Points per project id, as a Map or a plain record. */
export type CumulativeBallot = ReadonlyMap<string, bigint> | Readonly<Record<string, bigint>>;

/**
 * The published tie-break between projects that are equal under the rule (greedy: equal votes;
 * Method of Equal Shares: equal payment per unit of cost):
 * - `lower-cost-first`: the cheaper project first, then the lower id (the default);
 * - `lower-id-first`: the lower id first, cost ignored.
 * Ids compare as numbers when both are integers ("9" before "10"), otherwise as text. On chain the
 * same rules apply to proposal ids, which the replay assigns in this same id order. The labels
 * are IBudgetRound.TieBreak's, generated from the contract.
 */
export type TieBreak = TieBreakLabel;

export const TIE_BREAKS: readonly TieBreak[] = TieBreakLabels;

export const DEFAULT_TIE_BREAK: TieBreak = "lower-cost-first";

/**
 * Why a project ended where it did:
 * - `selected`: funded;
 * - `no-votes`: nobody voted for it (no rule funds such a project, as on chain);
 * - `exceeds-remaining-budget`: greedy reached it, but it no longer fit what was left;
 * - `category-cap`: greedy reached it and it fit, but its category's cap would be exceeded;
 * - `not-affordable-by-supporters`: Method of Equal Shares: its supporters' equal shares, or what
 *   was left of them, did not cover its cost.
 */
export type Reason =
  "selected" | "no-votes" | "exceeds-remaining-budget" | "category-cap" | "not-affordable-by-supporters";

export interface ProjectOutcome {
  id: string;
  cost: bigint;
  /** Approvals (or points) the project received. */
  votes: bigint;
  selected: boolean;
  /** 1-based order in which it was selected. */
  step?: number;
  /** Method of Equal Shares: the most any supporter paid for it (rho), in currency units. */
  rho?: Rational;
  reason: Reason;
}

/**
 * - `greedy`: by votes, see greedy.ts;
 * - `mes`: Method of Equal Shares alone; `mes-add1`: with the Add1 completion (see mes.ts);
 * - `mes-comparison`, `mes-add1-comparison`: either, then compared with greedy (see rules.ts).
 * pabulib's names for them are in PABULIB_RULES.
 */
export type Rule = "greedy" | "mes" | "mes-add1" | "mes-comparison" | "mes-add1-comparison";

export const RULES: readonly Rule[] = ["greedy", "mes", "mes-add1", "mes-comparison", "mes-add1-comparison"];

export interface TallyResult {
  rule: Rule;
  /** Selected ids in order of selection. */
  selected: string[];
  /** Total cost of the selected projects. */
  cost: bigint;
  /** One per project, in the input order. */
  outcomes: ProjectOutcome[];
  /** Method of Equal Shares: the total budget its last run divided equally among the voters. */
  virtualBudget?: bigint;
  /** `-comparison` rules: how MES and greedy compared (see rules.ts). */
  comparison?: import("./rules.js").Comparison;
}

export interface Election {
  projects: readonly TallyProject[];
  budget: bigint;
  /** All approval ballots or all cumulative ballots, one per voter. */
  ballots: readonly ApprovalBallot[] | readonly CumulativeBallot[];
  /** Defaults to {@link DEFAULT_TIE_BREAK}. */
  tieBreak?: TieBreak;
  /**
   * How many of the election's money units make one currency unit (default 1): a pabulib file with
   * amounts in cents, read as whole cents, has 100. Add1 raises every share by one currency unit.
   */
  currencyUnit?: bigint;
  /** Greedy only: the most the selected projects of a category may cost together. */
  categoryCaps?: ReadonlyMap<string, bigint>;
}

/** An election the rules cannot count (unknown project in a ballot, negative cost, ...). */
export class TallyError extends Error {
  override name = "TallyError";
}
