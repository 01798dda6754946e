import type { TallyProject, TieBreak } from "./types.js";

const INTEGER = /^-?\d+$/;

/** Ids compare as numbers when both are integers, otherwise as text. */
export function compareIds(a: string, b: string): number {
  if (INTEGER.test(a) && INTEGER.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Negative when `a` goes first under the published tie-break (votes being equal). */
export function compareByTieBreak(a: TallyProject, b: TallyProject, tieBreak: TieBreak): number {
  if (tieBreak === "lower-cost-first" && a.cost !== b.cost) return a.cost < b.cost ? -1 : 1;
  return compareIds(a.id, b.id);
}
