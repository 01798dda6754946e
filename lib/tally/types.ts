import type { Rational } from "./rational.js";

export interface TallyProject {
  id: string;
  /** Cost in whole currency units. */
  cost: bigint;
  category?: string;
}

/** The approved project ids. */
export type ApprovalBallot = readonly string[];
/** Points per project id. */
export type CumulativeBallot = ReadonlyMap<string, bigint>;

/**
 * The published tie-break for projects with equal votes (greedy) or equal price per unit of cost
 * (Method of Equal Shares, after more votes first):
 * - lower-cost-first: the cheaper project first, then the lower id;
 * - lower-id-first: the lower id first.
 * Ids compare as numbers when both are integers, otherwise as text. On chain the same rules apply
 * with the proposal id, which the replay assigns in this same id order.
 */
export type TieBreak = "lower-cost-first" | "lower-id-first";

export const DEFAULT_TIE_BREAK: TieBreak = "lower-cost-first";

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
  /** Method of Equal Shares: the most any supporter paid (rho) when it was selected. */
  rho?: Rational;
  reason: Reason;
}

export type Rule = "greedy" | "mes" | "mes-add1";

export interface TallyResult {
  rule: Rule;
  /** Selected ids in order of selection. */
  selected: string[];
  cost: bigint;
  /** One per project, in the input order. */
  outcomes: ProjectOutcome[];
  /** Method of Equal Shares: the total budget the final run divided among the voters. */
  virtualBudget?: bigint;
}

export interface Election {
  projects: readonly TallyProject[];
  budget: bigint;
  ballots: readonly ApprovalBallot[] | readonly CumulativeBallot[];
  tieBreak?: TieBreak;
  /** Greedy: the most the selected projects of a category may cost together. */
  categoryCaps?: ReadonlyMap<string, bigint>;
}

export class TallyError extends Error {
  override name = "TallyError";
}
