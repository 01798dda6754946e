/**
 * The round form's input checked field by field before anything is signed: every problem names
 * the field and the value, as the contract's `RoundInvalidRule(field, value)` would, but all at
 * once and in words. The checks are RoundRulesCheck's (the contract BudgetRound.createRound
 * calls); the schedule's fields and the enum options come from the build (lib/budget), so a rule
 * the contract gains (a tally rule, a schedule field) appears here without a second list to keep
 * in step.
 */
import {
  BallotSecrecyLabels,
  BallotTypeLabels,
  DEFAULT_OBJECTION_WINDOW,
  SCHEDULE_FIELDS,
  TallyRuleLabels,
  TieBreakLabels,
  roundRules,
  type BallotSecrecyLabel,
  type BallotTypeLabel,
  type RoundRules,
  type Schedule,
  type ScheduleField,
  type TallyRuleLabel,
  type TieBreakLabel,
} from "../../../../lib/budget/index.js";
import type { Problem as BaseProblem } from "./problems.js";

export const MAX_DISTRICTS = 16;
const UINT16 = 65_535;
const UINT32 = 4_294_967_295;
const UINT64 = 18_446_744_073_709_551_615n;
const HOUR = 3_600;
/** The longest objection window `Rules.objectionWindow` (uint32 seconds) holds, in whole hours. */
export const MAX_OBJECTION_HOURS = Math.floor(UINT32 / HOUR);

export interface DistrictRow {
  id: string;
  name: string;
  budget: string;
}

/** The form as typed: strings, as inputs hold them. */
export interface RoundFormInput {
  name: string;
  description: string;
  districts: DistrictRow[];
  /** datetime-local values (local time) per schedule field. */
  schedule: Record<ScheduleField, string>;
  supportThreshold: string;
  maxProposalsPerProposer: string;
  ballotType: BallotTypeLabel;
  minProjects: string;
  maxProjects: string;
  /** Percent of the district budget a ballot must spend at least (two decimals). */
  minSpendPercent: string;
  /** Percent it may spend at most: 100 = within the budget; 0 = no cost limit. */
  maxSpendPercent: string;
  totalPoints: string;
  maxPointsPerProject: string;
  tallyRule: TallyRuleLabel;
  tieBreak: TieBreakLabel;
  /**
   * Hours after a district's result is committed during which anyone may object
   * (`Rules.objectionWindow`); asked for the Method of Equal Shares only, greedy rounds have none.
   */
  objectionWindowHours: string;
  /** Show no vote counts until voting closes (the rules text's `hideStandingsUntilClosed`). */
  hideStandingsUntilClosed: boolean;
  /** Public or secret ballots (`Rules.secrecy`, docs/secret-ballot.md). */
  secrecy: BallotSecrecyLabel;
}

/** Why a value is refused (a message key suffix, `round_problem_<problem>`). */
export type Problem =
  | "required"
  | "not_whole_number"
  | "too_small"
  | "too_large"
  | "duplicate"
  | "not_a_date"
  | "in_past"
  | "not_after"
  | "below_minimum"
  | "too_many"
  | "not_a_percentage"
  | "unknown_option"
  | "needs_approval_ballot"
  | "secret_needs_approval_ballot"
  | "length";

export interface FieldProblem extends BaseProblem {
  problem: Problem;
}

export type RoundFormResult =
  | { ok: true; rules: RoundRules; districts: { district: number; name: string; budget: bigint }[] }
  | { ok: false; problems: FieldProblem[] };

/** A unix time (seconds) from a datetime-local value; null when it is none. */
export function fromLocalInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

/** A unix time as the value of a datetime-local input (local time, minutes). */
export function toLocalInput(unixSeconds: number): string {
  const date = new Date(unixSeconds * 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Basis points from a percentage with at most two decimals ("12.5" → 1250); null when it is none. */
export function percentToBps(value: string): number | null {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(value.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

/** The defaults of a new form: one week per phase from `start`, approval within the budget. */
export function defaultForm(start: number, week = 7 * 86_400): RoundFormInput {
  const schedule = Object.fromEntries(
    SCHEDULE_FIELDS.map((field, i) => [field, toLocalInput(start + i * week)]),
  ) as Record<ScheduleField, string>;
  return {
    name: "",
    description: "",
    districts: [{ id: "1", name: "", budget: "" }],
    schedule,
    supportThreshold: "0",
    // One resident cannot fill a district's ballot slots: Decidim and Consul limit proposals per participant too.
    maxProposalsPerProposer: "3",
    ballotType: "approval",
    minProjects: "0",
    maxProjects: "0",
    minSpendPercent: "0",
    maxSpendPercent: "100",
    totalPoints: "10",
    maxPointsPerProject: "5",
    tallyRule: TallyRuleLabels[0],
    tieBreak: TieBreakLabels[0],
    objectionWindowHours: String(DEFAULT_OBJECTION_WINDOW / HOUR),
    hideStandingsUntilClosed: false,
    secrecy: "public",
  };
}

/**
 * Checks the form against the contract's rules at chain time `now`; the rules struct when all is
 * well. `rulesHash` is the published rules text's hash (name, description, districts' names); the
 * page checks with a placeholder first and stores the text only for a form without problems.
 */
export function checkRoundForm(input: RoundFormInput, now: number, rulesHash: string): RoundFormResult {
  const problems: FieldProblem[] = [];
  const refuse = (
    field: string,
    label: FieldProblem["label"],
    value: string,
    problem: Problem,
    limit?: string | number | bigint,
  ) => problems.push({ field, label, value, problem, ...(limit === undefined ? {} : { limit: String(limit) }) });

  /** A whole number within [min, max] from `value`, or null after recording the problem. */
  function whole(field: string, label: FieldProblem["label"], value: string, min: bigint, max: bigint): bigint | null {
    const text = value.trim();
    const problem = text === "" ? "required" : /^\d+$/.test(text) ? null : "not_whole_number";
    if (problem) {
      refuse(field, label, value, problem);
      return null;
    }
    const n = BigInt(text);
    if (n < min || n > max) {
      refuse(field, label, value, n < min ? "too_small" : "too_large", n < min ? min : max);
      return null;
    }
    return n;
  }
  const small = (field: string, key: string, value: string, min: number, max: number) => {
    const n = whole(field, { key }, value, BigInt(min), BigInt(max));
    return n === null ? null : Number(n);
  };

  const name = input.name.trim();
  if (name === "") refuse("r-name", { key: "roundName" }, input.name, "required");
  else if (name.length < 3 || name.length > 200) refuse("r-name", { key: "roundName" }, input.name, "length", "3–200");

  // Districts: 1..16 rows, ids unique and > 0, each with a name and a budget > 0.
  if (input.districts.length === 0) refuse("r-add-district", { key: "districtsLegend" }, "0", "too_small", 1);
  if (input.districts.length > MAX_DISTRICTS) {
    refuse("r-add-district", { key: "districtsLegend" }, String(input.districts.length), "too_many", MAX_DISTRICTS);
  }
  const seen = new Set<bigint>();
  const districts: { district: number; name: string; budget: bigint }[] = [];
  input.districts.forEach((row, i) => {
    const at = { row: i + 1 };
    const id = whole(`r-district-${i}`, { key: "districtIdRow", values: at }, row.id, 1n, BigInt(UINT32));
    if (id !== null && seen.has(id))
      refuse(`r-district-${i}`, { key: "districtIdRow", values: at }, row.id, "duplicate");
    if (id !== null) seen.add(id);
    if (row.name.trim() === "")
      refuse(`r-district-name-${i}`, { key: "districtNameRow", values: at }, row.name, "required");
    const budget = whole(`r-budget-${i}`, { key: "districtBudgetRow", values: at }, row.budget, 1n, UINT64);
    if (id !== null && budget !== null) districts.push({ district: Number(id), name: row.name.trim(), budget });
  });

  // Schedule: the first start not before now; each later than the one before (review may start
  // when support does: a round without a support phase).
  const schedule = {} as Schedule;
  let previous: { field: ScheduleField; time: number } | null = null;
  for (const field of SCHEDULE_FIELDS) {
    const value = input.schedule[field] ?? "";
    const time = fromLocalInput(value);
    const label = { key: `schedule_${field}` };
    if (time === null) {
      refuse(`r-${field}`, label, value, value === "" ? "required" : "not_a_date");
      previous = null;
      continue;
    }
    if (previous === null && field === SCHEDULE_FIELDS[0] && time < now) refuse(`r-${field}`, label, value, "in_past");
    if (previous !== null) {
      const mayEqual = field === "reviewStart";
      if (mayEqual ? time < previous.time : time <= previous.time) {
        refuse(`r-${field}`, label, value, "not_after", input.schedule[previous.field]);
      }
    }
    schedule[field] = time;
    previous = { field, time };
  }

  const supportThreshold = small("r-threshold", "supporters", input.supportThreshold, 0, UINT32);
  const maxProposalsPerProposer = small(
    "r-per-proposer",
    "proposalsPerProposer",
    input.maxProposalsPerProposer,
    0,
    UINT16,
  );
  if (!BallotTypeLabels.includes(input.ballotType))
    refuse("r-type", { key: "ballotType" }, input.ballotType, "unknown_option");
  if (!TallyRuleLabels.includes(input.tallyRule))
    refuse("r-tally", { key: "tallyRuleLabel" }, input.tallyRule, "unknown_option");
  // The chain computes a greedy result itself (no window); an equal-shares result is committed
  // from off chain and stands only after its objection window (RoundRulesCheck).
  const equalShares = input.tallyRule !== "greedy";
  if (equalShares && input.ballotType !== "approval") {
    refuse("r-tally", { key: "tallyRuleLabel" }, input.tallyRule, "needs_approval_ballot");
  }
  const objectionHours = equalShares
    ? small("r-objection", "objectionWindowLabel", input.objectionWindowHours, 1, MAX_OBJECTION_HOURS)
    : 0;
  if (!TieBreakLabels.includes(input.tieBreak))
    refuse("r-tie", { key: "tieBreakLabel" }, input.tieBreak, "unknown_option");
  // Anonymous ballots are approval ballots only (SecretBallots casts through castApprovalBallotFor):
  // RoundRulesCheck refuses a secret points ballot with RoundInvalidRule("secrecy", 1).
  if (!BallotSecrecyLabels.includes(input.secrecy))
    refuse("r-secrecy", { key: "ballotSecrecyLabel" }, input.secrecy, "unknown_option");
  else if (input.secrecy === "secret" && input.ballotType !== "approval")
    refuse("r-secrecy", { key: "ballotSecrecyLabel" }, input.secrecy, "secret_needs_approval_ballot");

  let constraints: Record<
    "minProjects" | "maxProjects" | "minBudgetShareBps" | "maxBudgetShareBps" | "totalPoints" | "maxPointsPerProject",
    number
  > | null = null;
  if (input.ballotType === "approval") {
    const minProjects = small("r-min-projects", "minProjectsLabel", input.minProjects, 0, UINT16);
    const maxProjects = small("r-max-projects", "maxProjectsLabel", input.maxProjects, 0, UINT16);
    if (minProjects !== null && maxProjects !== null && maxProjects !== 0 && maxProjects < minProjects) {
      refuse("r-max-projects", { key: "maxProjectsLabel" }, input.maxProjects, "below_minimum", minProjects);
    }
    const percent = (field: string, key: string, value: string, max: number) => {
      const bps = percentToBps(value);
      if (bps === null) refuse(field, { key }, value, value.trim() === "" ? "required" : "not_a_percentage");
      else if (bps > max) refuse(field, { key }, value, "too_large", max / 100);
      else return bps;
      return null;
    };
    const minBps = percent("r-min-spend", "minSpendLabel", input.minSpendPercent, 10_000);
    const maxBps = percent("r-max-spend", "maxSpendLabel", input.maxSpendPercent, UINT16);
    if (minBps !== null && maxBps !== null && maxBps !== 0 && maxBps < minBps) {
      refuse("r-max-spend", { key: "maxSpendLabel" }, input.maxSpendPercent, "below_minimum", input.minSpendPercent);
    }
    if (minProjects !== null && maxProjects !== null && minBps !== null && maxBps !== null) {
      constraints = {
        minProjects,
        maxProjects,
        minBudgetShareBps: minBps,
        maxBudgetShareBps: maxBps,
        totalPoints: 0,
        maxPointsPerProject: 0,
      };
    }
  } else {
    const totalPoints = small("r-points", "totalPointsLabel", input.totalPoints, 1, UINT16);
    const perProject = small("r-points-project", "maxPointsPerProjectLabel", input.maxPointsPerProject, 1, 255);
    if (totalPoints !== null && perProject !== null && perProject > totalPoints) {
      refuse(
        "r-points-project",
        { key: "maxPointsPerProjectLabel" },
        input.maxPointsPerProject,
        "too_large",
        totalPoints,
      );
    }
    if (totalPoints !== null && perProject !== null) {
      constraints = {
        minProjects: 0,
        maxProjects: 0,
        minBudgetShareBps: 0,
        maxBudgetShareBps: 0,
        totalPoints,
        maxPointsPerProject: perProject,
      };
    }
  }

  if (
    problems.length > 0 ||
    constraints === null ||
    supportThreshold === null ||
    maxProposalsPerProposer === null ||
    objectionHours === null
  ) {
    return { ok: false, problems };
  }
  const rules = roundRules({
    districts: districts.map(({ district, budget }) => ({ district, budget })),
    schedule,
    supportThreshold,
    maxProposalsPerProposer,
    ballotType: input.ballotType,
    ...constraints,
    tallyRule: input.tallyRule,
    tieBreak: input.tieBreak,
    objectionWindow: objectionHours * HOUR,
    secrecy: input.secrecy,
    rulesHash,
  });
  return { ok: true, rules, districts };
}

/**
 * The published rules text (content kind `rules`): what `rulesHash` anchors. Hiding the standings
 * is a setting of this text, not of the chain's rules (lib/content/kinds.ts says why); it is
 * written only when chosen, so a round without it keeps the text it had before the option existed.
 */
export function rulesText(input: RoundFormInput): {
  title: string;
  text: string;
  districts: { district: number; name: string }[];
  hideStandingsUntilClosed?: true;
} {
  return {
    title: input.name.trim(),
    text: input.description.trim(),
    districts: input.districts
      .filter((row) => /^\d+$/.test(row.id.trim()) && Number(row.id) > 0 && row.name.trim() !== "")
      .map((row) => ({ district: Number(row.id.trim()), name: row.name.trim() })),
    ...(input.hideStandingsUntilClosed ? { hideStandingsUntilClosed: true as const } : {}),
  };
}
