/**
 * A round's rules: the one place off chain that knows their shape. The fields and their order
 * come from the build: the type from typechain's `IBudgetRound.RulesStruct`, the runtime list from
 * the `createRound` input of the generated ABI, the enum labels from the compiler's AST. Reading
 * rules back (events, views, database rows, API answers) is generic over that list, so a new rule
 * field needs a default in {@link roundRules} and nothing else here.
 */
import { BudgetRoundAbi } from "../../generated/abis.js";
import { enumLabels } from "../../generated/enums.js";
import type { IBudgetRound } from "../../types/ethers-contracts/contracts/budget/IBudgetRound.js";
import {
  labelOf,
  valueOf,
  type BallotSecrecyLabel,
  type BallotTypeLabel,
  type TallyRuleLabel,
  type TieBreakLabel,
} from "./enums.js";

type RulesStruct = IBudgetRound.RulesStruct;
export type RuleField = keyof RulesStruct;

/** The phase schedule in unix seconds. */
export type Schedule = { [K in keyof IBudgetRound.ScheduleStruct]: number };
export type ScheduleField = keyof Schedule;

/** IBudgetRound.Rules as `createRound` takes it (enums as their numbers), the schedule in unix seconds. */
export type RoundRules = Omit<RulesStruct, "schedule"> & { schedule: Schedule };

interface EnumRules {
  ballotType: BallotTypeLabel;
  tallyRule: TallyRuleLabel;
  tieBreak: TieBreakLabel;
  secrecy: BallotSecrecyLabel;
}

/**
 * The rules as read back: enums as their labels, districts and small integers as numbers, budgets
 * as bigint, the rules hash as a 0x string.
 */
export type Rules = {
  [K in RuleField]: K extends keyof EnumRules
    ? EnumRules[K]
    : K extends "districts"
      ? number[]
      : K extends "budgets"
        ? bigint[]
        : K extends "schedule"
          ? Schedule
          : K extends "rulesHash"
            ? string
            : number;
};

/** The rules in API answers: each district with its budget (a decimal string). */
export type RulesJson = Omit<Rules, "districts" | "budgets"> & { districts: { district: number; budget: string }[] };

// ---------------------------------------------------------------- the fields, from the ABI

interface AbiParam {
  readonly name: string;
  readonly type: string;
  readonly internalType?: string;
  readonly components?: readonly AbiParam[];
}
interface AbiEntry {
  readonly type: string;
  readonly name?: string;
  readonly inputs?: readonly AbiParam[];
}

const abi: readonly AbiEntry[] = BudgetRoundAbi;
const rulesParam = abi.find((entry) => entry.type === "function" && entry.name === "createRound")?.inputs?.[0];
if (!rulesParam?.components) throw new Error("the BudgetRound ABI has no createRound(Rules)");
const ruleParams = rulesParam.components;
const scheduleParams = ruleParams.find((p) => p.name === "schedule")?.components ?? [];

/** Rule fields in the order of IBudgetRound.Rules. */
export const RULE_FIELDS = ruleParams.map((p) => p.name) as RuleField[];
/** Schedule fields in the order of IBudgetRound.Schedule. */
export const SCHEDULE_FIELDS = scheduleParams.map((p) => p.name) as ScheduleField[];

/** Integers up to this many bits are JavaScript numbers off chain; wider ones are bigint. */
const NUMBER_BITS = 48;

function enumOf(param: AbiParam): readonly string[] | undefined {
  const name = /^enum (.+)$/.exec(param.internalType ?? "")?.[1];
  if (name === undefined) return undefined;
  const labels = (enumLabels as Record<string, readonly string[]>)[name];
  if (!labels) throw new Error(`no generated labels for enum ${name}`);
  return labels;
}

function uintBits(type: string): number | undefined {
  const match = /^uint(\d+)(\[\])?$/.exec(type);
  return match ? Number(match[1]) : undefined;
}

function read(source: unknown, name: string): unknown {
  if (source === null || typeof source !== "object") throw new TypeError(`rules: ${name} is read from a non-object`);
  return (source as Record<string, unknown>)[name];
}

function integer(value: unknown, where: string): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === "string" && /^\d+$/.test(value)) return BigInt(value);
  throw new TypeError(`rules: ${where} is ${String(value)}, not an unsigned integer`);
}

function small(value: unknown, where: string): number {
  const n = integer(value, where);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`rules: ${where} is ${n}, too large for a number`);
  return Number(n);
}

/** One ABI value to its off-chain form (labels, numbers, bigint), recursively. */
function fromAbi(param: AbiParam, value: unknown, where: string): unknown {
  const labels = enumOf(param);
  if (labels) return labelOf(labels, integer(value, where), where);
  if (param.type === "tuple") {
    return Object.fromEntries(
      (param.components ?? []).map((c) => [c.name, fromAbi(c, read(value, c.name), `${where}.${c.name}`)]),
    );
  }
  const bits = uintBits(param.type);
  if (bits !== undefined && param.type.endsWith("[]")) {
    if (value === null || typeof value !== "object" || !("length" in value)) {
      throw new TypeError(`rules: ${where} is not an array`);
    }
    return Array.from(value as ArrayLike<unknown>, (item, i) =>
      bits <= NUMBER_BITS ? small(item, `${where}[${i}]`) : integer(item, `${where}[${i}]`),
    );
  }
  if (bits !== undefined) {
    if (bits > NUMBER_BITS) throw new Error(`rules: ${where} is ${param.type}; give it a bigint type in lib/budget`);
    return small(value, where);
  }
  if (param.type === "bytes32") {
    if (typeof value !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(value)) {
      throw new TypeError(`rules: ${where} is not a 32-byte hex string`);
    }
    return value.toLowerCase();
  }
  throw new Error(`rules: ${where} has ABI type ${param.type}, which lib/budget does not read yet`);
}

function toAbi(param: AbiParam, value: unknown, where: string): unknown {
  const labels = enumOf(param);
  if (labels) return valueOf(labels, value as string, where);
  if (param.type === "tuple") {
    return Object.fromEntries(
      (param.components ?? []).map((c) => [c.name, toAbi(c, read(value, c.name), `${where}.${c.name}`)]),
    );
  }
  return value;
}

/** Rules as the chain hands them over (RoundCreated's `rules`, `getRules`), with labels. */
export function rulesFromChain(struct: IBudgetRound.RulesStructOutput | object): Rules {
  return Object.fromEntries(ruleParams.map((p) => [p.name, fromAbi(p, read(struct, p.name), p.name)])) as Rules;
}

/** Rules with labels to the struct `createRound` takes. */
export function rulesToStruct(rules: Rules): RoundRules {
  return Object.fromEntries(
    ruleParams.map((p) => [p.name, toAbi(p, rules[p.name as RuleField], p.name)]),
  ) as RoundRules;
}

// ---------------------------------------------------------------- database columns and API answers

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * The rules as database columns: each field in snake_case, the schedule flattened
 * (`proposals_start`, ...), enums as labels. Migration 0005 (and any that adds a field) defines them.
 */
export function ruleColumns(rules: Rules): Record<string, number | bigint | string | number[] | bigint[]> {
  const columns: Record<string, number | bigint | string | number[] | bigint[]> = {};
  for (const field of RULE_FIELDS) {
    if (field === "schedule") for (const s of SCHEDULE_FIELDS) columns[snake(s)] = rules.schedule[s];
    else columns[snake(field)] = rules[field];
  }
  return columns;
}

/** The rules back from a row holding {@link ruleColumns} (values as postgres.js returns them). */
export function rulesFromColumns(row: Record<string, unknown>): Rules {
  const value = (name: string) => {
    if (!(snake(name) in row)) throw new Error(`rules: the row has no column ${snake(name)}`);
    return row[snake(name)];
  };
  return Object.fromEntries(
    ruleParams.map((p) => {
      if (p.type === "tuple") {
        return [p.name, Object.fromEntries((p.components ?? []).map((c) => [c.name, small(value(c.name), c.name)]))];
      }
      const labels = enumOf(p);
      if (labels) {
        const label = value(p.name);
        if (typeof label !== "string" || !labels.includes(label)) {
          throw new Error(`rules: column ${snake(p.name)} is ${String(label)}, not one of ${labels.join(", ")}`);
        }
        return [p.name, label];
      }
      return [p.name, fromAbi(p, value(p.name), snake(p.name))];
    }),
  ) as Rules;
}

/** The rules as the API answers them. */
export function rulesJson(rules: Rules): RulesJson {
  const { districts, budgets, ...rest } = rules;
  return { ...rest, districts: districts.map((district, i) => ({ district, budget: budgets[i]!.toString() })) };
}

// ---------------------------------------------------------------- the builder

/** What a round needs to be given; every other rule has a default (see {@link roundRules}). */
export interface RoundRulesOptions extends Partial<Omit<Rules, "districts" | "budgets" | "schedule" | "rulesHash">> {
  districts: readonly { district: number; budget: bigint | number }[];
  schedule: Schedule;
  rulesHash: string;
}

/**
 * Defaults per ballot type: approval is the knapsack ballot (within the budget, no count limits);
 * cumulative gives 10 points, at most 5 on one project, and has no cost limit.
 */
export const RULE_DEFAULTS = {
  approval: { maxBudgetShareBps: 10_000, totalPoints: 0, maxPointsPerProject: 0 },
  cumulative: { maxBudgetShareBps: 0, totalPoints: 10, maxPointsPerProject: 5 },
} as const satisfies Record<BallotTypeLabel, Partial<Rules>>;

/**
 * The objection window a Method of Equal Shares round gets unless told otherwise: two weeks, the
 * time a resident has to object to a committed result (a greedy round has none: the chain counts).
 */
export const DEFAULT_OBJECTION_WINDOW = 14 * 24 * 3600;

/** The rules of a new round, as `createRound` takes them. */
export function roundRules(options: RoundRulesOptions): RoundRules {
  const { districts, ...given } = options;
  const ballotType = options.ballotType ?? "approval";
  const rules: Rules = {
    supportThreshold: 0,
    maxProposalsPerProposer: 0,
    minProjects: 0,
    maxProjects: 0,
    minBudgetShareBps: 0,
    ...RULE_DEFAULTS[ballotType],
    tallyRule: "greedy",
    tieBreak: "lower-cost-first",
    objectionWindow: options.tallyRule === "equal-shares-add1" ? DEFAULT_OBJECTION_WINDOW : 0,
    secrecy: "public",
    ...given,
    ballotType,
    districts: districts.map((d) => d.district),
    budgets: districts.map((d) => BigInt(d.budget)),
  };
  return rulesToStruct(rules);
}

/** Phases of `phaseSeconds` each from `start`, voting for `votingSeconds` (default the same). */
export function scheduleFrom(start: number, phaseSeconds: number, votingSeconds = phaseSeconds): Schedule {
  return {
    proposalsStart: start,
    supportStart: start + phaseSeconds,
    reviewStart: start + 2 * phaseSeconds,
    votingStart: start + 3 * phaseSeconds,
    votingEnd: start + 3 * phaseSeconds + votingSeconds,
  };
}

// ---------------------------------------------------------------- spend limits

const BPS = 10_000n;

/**
 * What an approval ballot must and may spend in a district, as BudgetRound.createRound fixes it:
 * at least ⌈budget × minBudgetShareBps / 10000⌉, at most ⌊budget × maxBudgetShareBps / 10000⌋
 * (null: no maximum, when maxBudgetShareBps is 0).
 */
export function spendLimits(
  rules: Pick<Rules, "minBudgetShareBps" | "maxBudgetShareBps">,
  budget: bigint,
): { minSpend: bigint; maxSpend: bigint | null } {
  return {
    minSpend: (budget * BigInt(rules.minBudgetShareBps) + BPS - 1n) / BPS,
    maxSpend: rules.maxBudgetShareBps === 0 ? null : (budget * BigInt(rules.maxBudgetShareBps)) / BPS,
  };
}

/** The smallest maxBudgetShareBps whose maximum spend of `budget` is at least `cost`. */
export function shareBpsCovering(cost: bigint, budget: bigint): number {
  return Number((cost * BPS + budget - 1n) / budget);
}
