/**
 * Which ballot a letter opens. A district can vote in more than one round at a time (a city round
 * and a district round, or a secret round next to a public one), so the letter's address may name
 * the round it was printed for (`&round=R`, lib/votecodes letterVoteUrl). The rule:
 *
 * 1. the named round, when it is in voting and has the resident's district;
 * 2. otherwise the one round in voting for the district, when there is exactly one;
 * 3. with several, the resident chooses (the page lists them);
 * 4. with none, the page says so, and when the next round's voting opens if one is scheduled
 *    (the named round's, when it is that round that is still to come).
 */
import type { Round } from "../../../../lib/api/schemas.js";

/** Phases after which a round's voting is still to come. */
const BEFORE_VOTING: ReadonlySet<Round["phase"]> = new Set(["scheduled", "proposals", "support", "review"]);

export type LetterRoundChoice =
  | { kind: "go"; roundId: string }
  | { kind: "choose"; rounds: Round[] }
  /** `next`: the round whose voting opens next for the district, when one is scheduled. */
  | { kind: "none"; next: Round | null };

/** The `round` of the letter's address: a round number, or null when absent or not a number. */
export function letterRoundParam(value: string | null): string | null {
  const trimmed = value?.trim() ?? "";
  // A malformed address still lets the household vote: it is treated as naming no round.
  return /^\d{1,78}$/.test(trimmed) ? BigInt(trimmed).toString() : null;
}

function hasDistrict(round: Round, district: number): boolean {
  return round.rules.districts.some((d) => d.district === district);
}

/** Where the letter of a household in `district` goes, among `rounds`, for the round it names (or null). */
export function chooseLetterRound(rounds: readonly Round[], district: number, named: string | null): LetterRoundChoice {
  const mine = rounds.filter((round) => hasDistrict(round, district));
  const voting = mine.filter((round) => round.phase === "voting");
  const letters = named === null ? undefined : mine.find((round) => round.roundId === named);
  if (letters?.phase === "voting") return { kind: "go", roundId: letters.roundId };
  if (voting.length === 1) return { kind: "go", roundId: voting[0]!.roundId };
  if (voting.length > 1) {
    return { kind: "choose", rounds: [...voting].sort((a, b) => compareIds(a.roundId, b.roundId)) };
  }
  const upcoming = mine.filter((round) => BEFORE_VOTING.has(round.phase));
  const next =
    (letters && BEFORE_VOTING.has(letters.phase) ? letters : undefined) ??
    upcoming.sort(
      (a, b) => a.rules.schedule.votingStart - b.rules.schedule.votingStart || compareIds(a.roundId, b.roundId),
    )[0];
  return { kind: "none", next: next ?? null };
}

function compareIds(a: string, b: string): number {
  const [x, y] = [BigInt(a), BigInt(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}
