/**
 * The one tally module: every result computed off chain (backend, audit, front end, scripts) comes
 * from here. Exact integer and rational arithmetic only. Browser-safe.
 */
import { greedy } from "./greedy.js";
import { mes, mesAdd1 } from "./mes.js";
import type { Election, Rule, TallyResult } from "./types.js";

export { greedy } from "./greedy.js";
export { mes, mesAdd1 } from "./mes.js";
export { explain } from "./explain.js";
export { Rational } from "./rational.js";
export { compareIds } from "./order.js";
export * from "./types.js";

export const RULES: readonly Rule[] = ["greedy", "mes", "mes-add1"];

export function tally(election: Election, rule: Rule): TallyResult {
  switch (rule) {
    case "greedy":
      return greedy(election);
    case "mes":
      return mes(election);
    case "mes-add1":
      return mesAdd1(election);
  }
}
