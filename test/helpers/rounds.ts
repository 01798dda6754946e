/**
 * Shared set-up for BudgetRound flow tests: rules with a generous schedule, residents, rounds
 * walked through their phases, and the ballot encodings of IBudgetRound.sol written out plainly.
 */
import type { BaseContract, ContractTransactionResponse, LogDescription, Signer } from "ethers";
import { id } from "ethers";

import {
  BallotTypeLabels,
  ImplementationStatusLabels,
  PhaseLabels,
  ProposalStatusLabels,
  RULE_FIELDS,
  SCHEDULE_FIELDS,
  TieBreakLabels,
  roundRules,
  scheduleFrom as scheduleEvery,
  type RoundRules,
  type Schedule,
} from "../../lib/budget/index.js";
import { type System, YEAR, now } from "./system.js";

/** IBudgetRound.Rules with the schedule as plain numbers (unix seconds); lib/budget owns the shape. */
export type Rules = RoundRules;

/** Member name to its value, for tests that speak of `Phase.Voting` as the contract does. */
function members<const M extends readonly string[]>(names: M, labels: readonly string[]): { [K in M[number]]: number } {
  if (names.length !== labels.length) throw new Error(`the enum has ${labels.length} members, not ${names.length}`);
  return Object.fromEntries(names.map((name, i) => [name, i])) as { [K in M[number]]: number };
}

/** Mirrors IBudgetRound.Phase (checked against the generated labels). */
export const Phase = members(
  ["Scheduled", "Proposals", "Support", "Review", "Voting", "Closed", "Finalized", "Cancelled"] as const,
  PhaseLabels,
);
export const BallotType = members(["Approval", "Cumulative"] as const, BallotTypeLabels);
export const TieBreak = members(["LowerCostFirst", "LowerIdFirst"] as const, TieBreakLabels);
export const ProposalStatus = members(["None", "Submitted", "Feasible", "Infeasible"] as const, ProposalStatusLabels);
export const ImplementationStatus = members(
  ["None", "Planned", "InProgress", "Done"] as const,
  ImplementationStatusLabels,
);

/** Seconds between phase starts: room for a few hundred one-second blocks in every phase. */
export const PHASE_LENGTH = 10_000;
/** Seconds from "now" to the proposals start. */
export const LEAD_TIME = 1_000;

export const RULES_HASH = id("Buurtbudget 2026: rules text");

export type ScheduleTimes = Schedule;

export function scheduleFrom(start: number): ScheduleTimes {
  return scheduleEvery(start, PHASE_LENGTH);
}

const DISTRICTS = [
  { district: 1, budget: 1000 },
  { district: 2, budget: 500 },
];

/** Knapsack approval rules for districts 1 (budget 1000) and 2 (budget 500), no count or spend limits. */
export async function approvalRules(system: System, overrides: Partial<Rules> = {}): Promise<Rules> {
  return {
    ...roundRules({
      districts: DISTRICTS,
      schedule: scheduleFrom((await now(system)) + LEAD_TIME),
      rulesHash: RULES_HASH,
    }),
    ...overrides,
  };
}

/** Cumulative rules: 10 points per voter, at most 5 on one project. */
export async function cumulativeRules(system: System, overrides: Partial<Rules> = {}): Promise<Rules> {
  return {
    ...roundRules({
      districts: DISTRICTS,
      schedule: scheduleFrom((await now(system)) + LEAD_TIME),
      ballotType: "cumulative",
      rulesHash: RULES_HASH,
    }),
    ...overrides,
  };
}

/** The rules as the contract returns them (a plain nested array), for deep equality with getRules. */
export function rulesTuple(rules: Rules): unknown[] {
  const uint = (value: unknown) => BigInt(value as bigint | number | string);
  return RULE_FIELDS.map((field) => {
    const value = rules[field];
    if (field === "schedule") return SCHEDULE_FIELDS.map((s) => uint(rules.schedule[s]));
    if (field === "rulesHash") return value;
    return Array.isArray(value) ? value.map(uint) : uint(value);
  });
}

/** Deep-converts an ethers Result (nested) to plain arrays of bigint/string/boolean. */
export function plain(value: unknown): unknown {
  if (value && typeof value === "object" && "toArray" in value) {
    return (value as { toArray(): unknown[] }).toArray().map(plain);
  }
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

export async function createRound(system: System, rules: Rules): Promise<bigint> {
  await (await system.budgetRound.connect(system.official).createRound(rules)).wait();
  return system.budgetRound.roundCount();
}

/** Registers each signer as a resident of `district` for a year. */
export async function registerResidents(system: System, district: number, signers: readonly Signer[]): Promise<void> {
  const expiresAt = (await now(system)) + YEAR;
  for (const signer of signers) {
    await system.registry.register(await signer.getAddress(), district, expiresAt);
  }
}

/** Moves the chain to the start of `phase` (the next block is mined at that time). */
export async function goToPhase(system: System, rules: Rules, phase: number): Promise<void> {
  const s = rules.schedule;
  const starts: Record<number, number> = {
    [Phase.Proposals]: s.proposalsStart,
    [Phase.Support]: s.supportStart,
    [Phase.Review]: s.reviewStart,
    [Phase.Voting]: s.votingStart,
    [Phase.Closed]: s.votingEnd,
  };
  const target = starts[phase]!;
  if ((await now(system)) < target) await system.networkHelpers.time.increaseTo(target);
}

/** One proposal of a prepared round. */
export interface ProposalPlan {
  district: number;
  cost: number;
  /** Supports from residents of the district (the first `supports` of them). */
  supports?: number;
  /** Review outcome (default: feasible). */
  review?: "feasible" | "infeasible" | "unreviewed";
  /** Final cost when feasible (default: `cost`). */
  finalCost?: number;
}

export interface PreparedRound {
  roundId: bigint;
  rules: Rules;
  /** Proposal ids in plan order. */
  proposalIds: bigint[];
}

/**
 * Creates a round from `rules`, submits the planned proposals (each by the district's first
 * resident), adds their supports, reviews them, publishes every district's ballot and stops at
 * `until` (default: the voting phase). `residentsByDistrict` must already be registered.
 */
export async function prepareRound(
  system: System,
  rules: Rules,
  plans: readonly ProposalPlan[],
  residentsByDistrict: Record<number, readonly Signer[]>,
  until: number = Phase.Voting,
): Promise<PreparedRound> {
  const { budgetRound, official } = system;
  const roundId = await createRound(system, rules);
  const proposalIds: bigint[] = [];
  await goToPhase(system, rules, Phase.Proposals);
  for (const [index, plan] of plans.entries()) {
    const proposer = residentsByDistrict[plan.district]![0]!;
    await budgetRound.connect(proposer).submitProposal(roundId, plan.district, plan.cost, contentHash(index));
    proposalIds.push(await budgetRound.proposalCount());
  }
  if (until === Phase.Proposals) return { roundId, rules, proposalIds };

  await goToPhase(system, rules, Phase.Support);
  for (const [index, plan] of plans.entries()) {
    const supporters = residentsByDistrict[plan.district]!.slice(0, plan.supports ?? 0);
    if (supporters.length < (plan.supports ?? 0)) throw new Error(`not enough residents for proposal ${index}`);
    for (const supporter of supporters) await budgetRound.connect(supporter).support(proposalIds[index]!);
  }
  if (until === Phase.Support) return { roundId, rules, proposalIds };

  await goToPhase(system, rules, Phase.Review);
  for (const [index, plan] of plans.entries()) {
    const outcome = plan.review ?? "feasible";
    if (outcome === "unreviewed") continue;
    const feasible = outcome === "feasible";
    const finalCost = feasible ? (plan.finalCost ?? plan.cost) : 0;
    await budgetRound.connect(official).review(proposalIds[index]!, feasible, finalCost, reason(index));
  }
  if (until === Phase.Review) return { roundId, rules, proposalIds };

  for (const district of rules.districts) await budgetRound.connect(official).publishBallot(roundId, district);
  await goToPhase(system, rules, until);
  return { roundId, rules, proposalIds };
}

export function contentHash(index: number): string {
  return id(`proposal content ${index}`);
}

export function reason(index: number): string {
  return id(`review reasoning ${index}`);
}

export function serial(text: string): string {
  return id(`paper ballot ${text}`);
}

/** Approval selection: bit i set for every position i. */
export function bits(...positions: number[]): bigint {
  return positions.reduce((selection, position) => selection | (1n << BigInt(position)), 0n);
}

/** Cumulative ballot: points[i] goes to byte i % 32 (least significant first) of word i / 32. */
export function packPoints(points: readonly number[]): bigint[] {
  const words: bigint[] = [];
  for (const [position, value] of points.entries()) {
    const word = Math.floor(position / 32);
    while (words.length <= word) words.push(0n);
    words[word]! |= BigInt(value) << BigInt((position % 32) * 8);
  }
  return words;
}

/** The events named `name` that `contract` emitted in the transaction, decoded. */
export async function eventsOf(
  tx: Promise<ContractTransactionResponse> | ContractTransactionResponse,
  contract: BaseContract,
  name: string,
): Promise<LogDescription[]> {
  const receipt = await (await tx).wait();
  const address = (await contract.getAddress()).toLowerCase();
  return receipt!.logs
    .filter((log) => log.address.toLowerCase() === address)
    .map((log) => contract.interface.parseLog(log))
    .filter((parsed): parsed is LogDescription => parsed?.name === name);
}

/** The single event `name` of the transaction, as plain values. */
export async function eventOf(
  tx: Promise<ContractTransactionResponse> | ContractTransactionResponse,
  contract: BaseContract,
  name: string,
): Promise<unknown[]> {
  const events = await eventsOf(tx, contract, name);
  if (events.length !== 1) throw new Error(`expected one ${name} event, got ${events.length}`);
  return plain(events[0]!.args) as unknown[];
}

/** One feasible, unsupported-threshold proposal per cost, district by district (ids ascend in this order). */
export function plansFor(costsByDistrict: Record<number, readonly number[]>): ProposalPlan[] {
  return Object.entries(costsByDistrict).flatMap(([district, costs]) =>
    costs.map((cost) => ({ district: Number(district), cost })),
  );
}

/** Votes per position implied by approval selections (each a bitmap over `length` positions). */
export function approvalTallies(selections: readonly bigint[], length: number): bigint[] {
  return Array.from({ length }, (_, position) =>
    selections.reduce((sum, selection) => sum + ((selection >> BigInt(position)) & 1n), 0n),
  );
}
