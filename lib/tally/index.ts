/**
 * The one tally module: every result computed off chain (backend, audit, front end, scripts) comes
 * from here. Exact integer and rational arithmetic for every decision (a MES run only orders the
 * candidates it looks at first by a float guess). Browser-safe: no Node imports.
 */
export { greedy } from "./greedy.js";
export { mes, mesAdd1, type Add1Options } from "./mes.js";
export { explain, explainAll, outcomeFields, type Language, type OffBallot } from "./explain.js";
export { Rational } from "./rational.js";
export { compareIds, compareByTieBreak } from "./order.js";
export { checkElection, countVotes } from "./votes.js";
export { compareWithGreedy, PABULIB_RULES, pabulibRuleOf, ruleOfPabulib, tally, type Comparison } from "./rules.js";
export { outcomeDifference, outcomeOf, sameOutcome, TALLY_LIBRARY_VERSION, type Outcome } from "./outcome.js";
export * from "./types.js";
