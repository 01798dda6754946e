/**
 * A budget round's rules off chain, browser-safe: the rules' type and builder, the enum labels
 * generated from the contracts, the phase, the spend limits and the recount input.
 */
export * from "./enums.js";
export * from "./rules.js";
export * from "./phase.js";
export * from "./election.js";
export * from "./commitments.js";
