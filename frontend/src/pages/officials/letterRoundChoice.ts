/**
 * The round household letters may name (issues 14 and 15): the vote-code desk and the register
 * import both offer it, and both check it before anything is signed. A letter naming a round opens
 * that round's ballot; it is useful only for a round whose voting has not ended, and only when the
 * round has every district the letters are for (else the letter of a household in a missing
 * district would open a ballot it cannot cast). Pure, so the check is unit-tested without a page.
 */
import type { Phase, Round } from "../../../../lib/api/schemas.js";
import type { Problem } from "./problems.js";

/** Phases up to and including voting: a letter can still be used in them. */
const BEFORE_VOTING_ENDS: readonly Phase[] = ["scheduled", "proposals", "support", "review", "voting"];

/** The rounds a letter may name, in the order given. */
export function letterRounds(rounds: readonly Round[]): Round[] {
  return rounds.filter((round) => BEFORE_VOTING_ENDS.includes(round.phase));
}

export interface LetterRoundChoice {
  /** The input's id, so the problem summary can move focus to it. */
  field: string;
  /** The select's value: a round id, or "" for none. */
  roundId: string;
  /** The rounds offered (those `letterRounds` keeps). */
  rounds: readonly Round[];
  /** Every district the letters are for. */
  districts: readonly number[];
  /** How a round is named in a problem (the pages pass `roundName`). */
  nameOf: (round: Round) => string;
}

/**
 * The chosen round (null: the letters name none) or the problem that refuses it: a round not
 * offered, or one that lacks some of the districts (named, in ascending order).
 */
export function checkLetterRound(choice: LetterRoundChoice): { round: Round | null } | { problem: Problem } {
  const label = { key: "letterRoundLabel" };
  if (choice.roundId === "") return { round: null };
  const round = choice.rounds.find((r) => r.roundId === choice.roundId);
  if (!round) return { problem: { field: choice.field, label, value: choice.roundId, problem: "unknown_option" } };
  const has = new Set(round.rules.districts.map((d) => d.district));
  const missing = [...new Set(choice.districts)].filter((d) => !has.has(d)).sort((a, b) => a - b);
  if (missing.length === 0) return { round };
  return {
    problem: {
      field: choice.field,
      label,
      value: choice.nameOf(round),
      problem: missing.length === 1 ? "round_lacks_district" : "round_lacks_districts",
      limit: missing.join(", "),
    },
  };
}
