import type { TallyProject, TieBreak } from "./types.js";

const INTEGER = /^-?\d+$/;

/**
 * The published id order: integer ids by value ("9" before "10"; equal values such as "7" and "07"
 * by their text), all integer ids before other ids, other ids by their text (UTF-16 code units,
 * the same in every browser and locale). A total order, so sorting with it is deterministic.
 */
export function compareIds(a: string, b: string): number {
  const aInteger = INTEGER.test(a);
  const bInteger = INTEGER.test(b);
  if (aInteger && bInteger) {
    const x = BigInt(a);
    const y = BigInt(b);
    if (x !== y) return x < y ? -1 : 1;
  } else if (aInteger !== bInteger) {
    return aInteger ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Negative when `a` goes first under the published tie-break (see {@link TieBreak}). */
export function compareByTieBreak(a: TallyProject, b: TallyProject, tieBreak: TieBreak): number {
  if (tieBreak === "lower-cost-first" && a.cost !== b.cost) return a.cost < b.cost ? -1 : 1;
  return compareIds(a.id, b.id);
}
