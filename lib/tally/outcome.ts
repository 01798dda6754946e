/**
 * A committed outcome recomputed from ballots. An off-chain rule (the Method of Equal Shares) is
 * made binding by committing its outcome together with the version of this library that computed
 * it; anyone recomputes it with {@link outcomeOf} from the same ballots and compares with
 * {@link sameOutcome}. The version changes whenever any rule could select differently, so two
 * outcomes with one version and one election must be equal.
 */
import { tally } from "./rules.js";
import type { Election, Rule } from "./types.js";

/**
 * The version of the tally rules, deterministic (no build stamp). Bump it with every change that
 * can change any rule's selection on some election.
 * 2: Add1 no longer stops at an exhaustive outcome; the comparison rules; money with decimals.
 */
export const TALLY_LIBRARY_VERSION = "buurtkas-tally/2";

export interface Outcome {
  rule: Rule;
  /** Selected project ids in order of selection. */
  selected: string[];
  /** Total cost of the selected projects. */
  cost: bigint;
  libraryVersion: string;
}

/** The outcome of an election under a rule: pure, the same on every machine. */
export function outcomeOf(election: Election, rule: Rule): Outcome {
  const result = tally(election, rule);
  return { rule, selected: result.selected, cost: result.cost, libraryVersion: TALLY_LIBRARY_VERSION };
}

/** Whether two outcomes select the same set of projects (order of selection aside). */
export function sameOutcome(a: Pick<Outcome, "selected">, b: Pick<Outcome, "selected">): boolean {
  if (a.selected.length !== b.selected.length) return false;
  const set = new Set(a.selected);
  return b.selected.every((id) => set.has(id));
}

/** The projects in which two outcomes differ, each list sorted. */
export function outcomeDifference(
  committed: Pick<Outcome, "selected">,
  recomputed: Pick<Outcome, "selected">,
): { onlyCommitted: string[]; onlyRecomputed: string[] } {
  const a = new Set(committed.selected);
  const b = new Set(recomputed.selected);
  return {
    onlyCommitted: committed.selected.filter((id) => !b.has(id)).sort(),
    onlyRecomputed: recomputed.selected.filter((id) => !a.has(id)).sort(),
  };
}
