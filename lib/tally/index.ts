/**
 * The one tally module: every result computed off chain (backend, audit, front end, scripts) comes
 * from here. Exact integer and rational arithmetic only, no floats. Browser-safe: no Node imports.
 */
import { greedy } from "./greedy.js";
import { mes, mesAdd1 } from "./mes.js";
import type { Election, Rule, TallyResult } from "./types.js";

export { greedy } from "./greedy.js";
export { mes, mesAdd1, type Add1Options } from "./mes.js";
export { explain, explainAll, type Language } from "./explain.js";
export { Rational } from "./rational.js";
export { compareIds, compareByTieBreak } from "./order.js";
export { checkElection, countVotes } from "./votes.js";
export * from "./types.js";

/** Counts an election by one of the published rules (Add1 with its defaults). */
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
