/**
 * The rules of the pabulib format, checked on a file's text: what pabulib's own checker
 * (pabulib_helpers, the fields schema and Checker of the pabulib tooling) requires of a file it
 * accepts, plus one Buurtkas rule (no account addresses as voter ids). {@link FORMAT_RULES} lists
 * them; {@link checkPabulib} returns every problem found, each naming its rule and, where there is
 * one, its line. Warnings are what pabulib's checker reports as warnings; a file it accepts has no
 * errors. Browser-safe.
 */
import { ruleOfPabulib, tally } from "../tally/index.js";
import { metaOf, PabulibError, parsePabulib, toTallyElection, type PbElection } from "./index.js";

export interface FormatRule {
  id: string;
  level: "error" | "warning";
  text: string;
}

export const FORMAT_RULES: readonly FormatRule[] = [
  {
    id: "structure",
    level: "error",
    text: "META (key;value), PROJECTS and VOTES sections, each with a header; rows no longer than their header; unique project and voter ids; votes name listed projects",
  },
  {
    id: "meta-required",
    level: "error",
    text: "META has description, country, unit, instance, num_projects, num_votes, budget, vote_type, rule, date_begin and date_end, none empty",
  },
  { id: "meta-known", level: "error", text: "every META key is one the format defines" },
  { id: "meta-order", level: "warning", text: "META keys come in the format's order" },
  {
    id: "meta-values",
    level: "error",
    text: "num_projects and num_votes are the counts of the file; budget is a number; vote_type and rule are the format's values; counts are whole numbers",
  },
  {
    id: "dates",
    level: "error",
    text: "date_begin and date_end are YYYY or DD.MM.YYYY, the beginning not after the end",
  },
  {
    id: "comment",
    level: "error",
    text: "comment (if any) starts with '#1: ' and numbers its parts #1:, #2:, ... in order",
  },
  {
    id: "project-columns",
    level: "error",
    text: "PROJECTS has project_id and cost, and only columns the format defines",
  },
  { id: "project-cost", level: "error", text: "every cost is a positive whole number, no more than the budget" },
  {
    id: "project-cost-sentinel",
    level: "warning",
    text: "a cost of 999999999 (pabulib's mark of a project withdrawn after the vote) is above the budget on purpose",
  },
  {
    id: "project-selected",
    level: "error",
    text: "selected is 0, 1, 2 or 3; the selected projects cost no more than the budget",
  },
  {
    id: "project-votes",
    level: "error",
    text: "the votes column is the number of votes naming the project, the score column the points it got",
  },
  {
    id: "vote-columns",
    level: "error",
    text: "VOTES has voter_id and vote, and only columns the format defines; points exactly for cumulative and scoring votes",
  },
  {
    id: "vote",
    level: "error",
    text: "every vote names at least one project, none twice, with one non-negative points value each where points are used; choose-1 names one; within min_length..max_length and max_sum_points",
  },
  { id: "voting-method", level: "error", text: "voting_method (if given) is internet or paper" },
  { id: "voter-id-pseudonym", level: "error", text: "(Buurtkas) voter_id is not an account address" },
  {
    id: "rule-followed",
    level: "error",
    text: "with a selected column and a rule the tally library counts, the selected projects are the rule's",
  },
];

export interface FormatProblem {
  rule: string;
  level: "error" | "warning";
  message: string;
  line?: number;
}

/** The format's META keys in its order (pabulib_helpers' META_FIELDS_ORDER). */
export const META_FIELDS: readonly string[] = [
  "description",
  "country",
  "unit",
  "district",
  "subunit",
  "instance",
  "num_projects",
  "num_votes",
  "budget",
  "vote_type",
  "rule",
  "date_begin",
  "date_end",
  "min_length",
  "max_length",
  "min_sum_cost",
  "max_sum_cost",
  "min_points",
  "max_points",
  "min_sum_points",
  "max_sum_points",
  "min_project_cost",
  "max_project_cost",
  "min_project_score_threshold",
  "neighborhoods",
  "subdistricts",
  "categories",
  "edition",
  "language",
  "currency",
  "fully_funded",
  "experimental",
  "comment",
  "acknowledgments",
  "leftover_budget",
  "budget_per_category",
  "budget_per_neighborhood",
  "min_length_per_category",
  "max_length_per_category",
  "min_sum_cost_per_category",
  "max_sum_cost_per_category",
];
const REQUIRED_META = [
  "description",
  "country",
  "unit",
  "instance",
  "num_projects",
  "num_votes",
  "budget",
  "vote_type",
  "rule",
  "date_begin",
  "date_end",
];
const INTEGER_META = [
  "num_projects",
  "num_votes",
  "min_length",
  "max_length",
  "min_points",
  "max_points",
  "min_sum_points",
  "max_sum_points",
  "min_project_cost",
  "max_project_cost",
  "min_project_score_threshold",
  "fully_funded",
  "experimental",
  "min_length_per_category",
  "max_length_per_category",
];
export const PROJECT_FIELDS: readonly string[] = [
  "project_id",
  "cost",
  "votes",
  "score",
  "name",
  "category",
  "beneficiaries",
  "selected",
  "neighborhood",
  "subunit",
  "district",
  "description",
  "proposer",
  "public_id",
  "latitude",
  "longitude",
];
export const VOTE_FIELDS: readonly string[] = [
  "voter_id",
  "vote",
  "points",
  "age",
  "sex",
  "voting_method",
  "district",
  "neighborhood",
  "education",
  "topic_preference_transport",
  "topic_preference_culture",
  "topic_preference_nature",
  "district_preference",
  "time_taken_seconds",
  "format_easiness",
  "format_expressiveness",
  "format_rank",
];
export const FORMAT_VOTE_TYPES: readonly string[] = ["approval", "ordinal", "cumulative", "scoring", "choose-1"];
export const FORMAT_RULE_NAMES: readonly string[] = [
  "greedy",
  "greedy-no-skip",
  "greedy-threshold",
  "greedy-exclusive",
  "greedy-custom",
  "equalshares",
  "equalshares-comparison",
  "equalshares/add1",
  "equalshares/add1-comparison",
  "unknown",
];

const WHOLE = /^\d+$/;
const NUMBER = /^\d+(\.\d+)?$/;
const DATE = /^(\d{4})$|^(\d{2})\.(\d{2})\.(\d{4})$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

const levelOf = new Map(FORMAT_RULES.map((r) => [r.id, r.level]));

/** Every problem of a `.pb` text against {@link FORMAT_RULES}; none for a file the format accepts. */
export function checkPabulib(text: string): FormatProblem[] {
  const problems: FormatProblem[] = [];
  const report = (rule: string, message: string, line?: number) =>
    problems.push({ rule, level: levelOf.get(rule)!, message, ...(line !== undefined ? { line } : {}) });

  let election: PbElection;
  try {
    election = parsePabulib(text);
  } catch (error) {
    if (!(error instanceof PabulibError)) throw error;
    report("structure", error.detail, error.line);
    return problems;
  }
  if (!/^META\r?\nkey;value\r?\n/.test(text))
    report("structure", "the file does not start with META and its key;value header");
  const metaLine = (key: string) => election.metaLines?.get(key);
  const meta = election.meta;

  // META
  for (const key of REQUIRED_META) {
    if ((meta.get(key) ?? "") === "") report("meta-required", `META has no ${key}`);
  }
  const keys = [...meta.keys()];
  for (const key of keys)
    if (!META_FIELDS.includes(key))
      report("meta-known", `META key ${key} is not one the format defines`, metaLine(key));
  const known = keys.filter((k) => META_FIELDS.includes(k));
  const ordered = [...known].sort((a, b) => META_FIELDS.indexOf(a) - META_FIELDS.indexOf(b));
  if (known.join() !== ordered.join()) report("meta-order", `META keys should come in the order ${ordered.join(", ")}`);
  for (const key of INTEGER_META) {
    const value = meta.get(key);
    if (value !== undefined && value !== "" && !WHOLE.test(value))
      report("meta-values", `${key} '${value}' is not a whole number`, metaLine(key));
  }
  if (meta.get("num_projects") !== undefined && meta.get("num_projects") !== String(election.projects.length)) {
    report(
      "meta-values",
      `num_projects is ${meta.get("num_projects")} but the file has ${election.projects.length} projects`,
      metaLine("num_projects"),
    );
  }
  if (meta.get("num_votes") !== undefined && meta.get("num_votes") !== String(election.votes.length)) {
    report(
      "meta-values",
      `num_votes is ${meta.get("num_votes")} but the file has ${election.votes.length} votes`,
      metaLine("num_votes"),
    );
  }
  const budgetText = meta.get("budget") ?? "";
  if (budgetText !== "" && !NUMBER.test(budgetText))
    report("meta-values", `budget '${budgetText}' is not a number`, metaLine("budget"));
  const voteType = meta.get("vote_type") ?? "";
  if (voteType !== "" && !FORMAT_VOTE_TYPES.includes(voteType))
    report(
      "meta-values",
      `vote_type '${voteType}' is not one of ${FORMAT_VOTE_TYPES.join(", ")}`,
      metaLine("vote_type"),
    );
  const ruleText = meta.get("rule") ?? "";
  if (ruleText !== "" && !FORMAT_RULE_NAMES.includes(ruleText))
    report("meta-values", `rule '${ruleText}' is not one of ${FORMAT_RULE_NAMES.join(", ")}`, metaLine("rule"));
  const maxLength = wholeOf(meta.get("max_length"));
  if (maxLength !== undefined && maxLength > election.projects.length) {
    report(
      "meta-values",
      `max_length ${maxLength} is more than num_projects ${election.projects.length}`,
      metaLine("max_length"),
    );
  }
  if (meta.get("fully_funded") !== undefined && meta.get("fully_funded") !== "1")
    report("meta-values", "fully_funded is not 1", metaLine("fully_funded"));

  const dates = ["date_begin", "date_end"].map((key) => {
    const value = meta.get(key);
    if (value === undefined || value === "") return undefined;
    const match = DATE.exec(value);
    if (!match) {
      report("dates", `${key} '${value}' is not YYYY or DD.MM.YYYY`, metaLine(key));
      return undefined;
    }
    return match[1] !== undefined ? `${match[1]}0101` : `${match[4]}${match[3]}${match[2]}`;
  });
  if (dates[0] !== undefined && dates[1] !== undefined && dates[0] > dates[1])
    report("dates", "date_begin is after date_end", metaLine("date_end"));

  const comment = meta.get("comment");
  if (comment !== undefined && comment !== "") {
    const markers = [...comment.matchAll(/#(\d+):/g)].map((m) => Number(m[1]));
    if (!comment.startsWith("#1: ")) report("comment", "comment does not start with '#1: '", metaLine("comment"));
    else if (markers.some((n, i) => n !== i + 1))
      report("comment", `comment numbers its parts ${markers.join(", ")}, not 1, 2, ...`, metaLine("comment"));
  }

  // PROJECTS
  for (const column of election.projectColumns) {
    if (!PROJECT_FIELDS.includes(column))
      report("project-columns", `PROJECTS column ${column} is not one the format defines`);
  }
  const budget = budgetText !== "" && NUMBER.test(budgetText) ? Number.parseFloat(budgetText) : undefined;
  const counted = new Map(election.projects.map((p) => [p.id, { votes: 0n, score: 0n }]));
  for (const vote of election.votes) {
    vote.projectIds.forEach((id, i) => {
      const c = counted.get(id)!;
      c.votes++;
      c.score += vote.points?.[i] ?? 1n;
    });
  }
  for (const warning of election.warnings ?? []) {
    const twice = / names project id (\S+) twice/.exec(warning.message);
    if (twice) counted.get(twice[1]!)!.votes++; // as the format counts it (and reported below)
  }
  let selectedCost = 0;
  for (const project of election.projects) {
    const costText = project.row.cost!.trim();
    if (!WHOLE.test(costText) || BigInt(costText) === 0n)
      report(
        "project-cost",
        `cost '${costText}' of project ${project.id} is not a positive whole number`,
        project.line,
      );
    else if (budget !== undefined && Number(costText) > budget) {
      const sentinel = costText === "999999999";
      report(
        sentinel ? "project-cost-sentinel" : "project-cost",
        `project ${project.id} costs ${costText}, more than the budget ${budgetText}`,
        project.line,
      );
    }
    const selected = project.row.selected?.trim();
    if (selected !== undefined) {
      if (!["0", "1", "2", "3"].includes(selected))
        report("project-selected", `selected '${selected}' of project ${project.id} is not 0, 1, 2 or 3`, project.line);
      else if (selected === "1") selectedCost += Number.parseFloat(costText);
    }
    const votesText = project.row.votes?.trim();
    if (votesText !== undefined && votesText !== String(counted.get(project.id)!.votes)) {
      report(
        "project-votes",
        `project ${project.id} has votes ${votesText} but ${counted.get(project.id)!.votes} votes name it`,
        project.line,
      );
    }
    const scoreText = project.row.score?.trim();
    if (
      scoreText !== undefined &&
      election.votes.some((v) => v.points) &&
      scoreText !== String(counted.get(project.id)!.score)
    ) {
      report(
        "project-votes",
        `project ${project.id} has score ${scoreText} but got ${counted.get(project.id)!.score} points`,
        project.line,
      );
    }
  }
  if (budget !== undefined && selectedCost > budget)
    report("project-selected", `the selected projects cost ${selectedCost}, more than the budget ${budgetText}`);

  // VOTES
  for (const column of election.voteColumns) {
    if (!VOTE_FIELDS.includes(column)) report("vote-columns", `VOTES column ${column} is not one the format defines`);
  }
  const withPoints = voteType === "cumulative" || voteType === "scoring";
  if (!withPoints && election.voteColumns.includes("points"))
    report("vote-columns", `vote_type ${voteType} votes carry no points column`);
  for (const warning of election.warnings ?? []) {
    if (/ twice/.test(warning.message)) report("vote", warning.message.replace(/; counted once$/, ""), warning.line);
  }
  const minLength = wholeOf(meta.get("min_length"));
  const maxSumPoints = wholeOf(meta.get("max_sum_points"));
  for (const vote of election.votes) {
    const n = vote.projectIds.length;
    if (n === 0) report("vote", `vote of voter ${vote.voterId} names no project`, vote.line);
    if (voteType === "choose-1" && n > 1)
      report("vote", `choose-1 vote of voter ${vote.voterId} names ${n} projects`, vote.line);
    if (maxLength !== undefined && n > maxLength)
      report("vote", `vote of voter ${vote.voterId} names ${n} projects, more than max_length ${maxLength}`, vote.line);
    if (minLength !== undefined && n < minLength)
      report(
        "vote",
        `vote of voter ${vote.voterId} names ${n} projects, fewer than min_length ${minLength}`,
        vote.line,
      );
    if (maxSumPoints !== undefined && vote.points && vote.points.reduce((a, b) => a + b, 0n) > BigInt(maxSumPoints)) {
      report("vote", `vote of voter ${vote.voterId} gives more than max_sum_points ${maxSumPoints}`, vote.line);
    }
    const method = vote.row.voting_method;
    if (method !== undefined && method !== "" && method !== "internet" && method !== "paper") {
      report("voting-method", `voting_method '${method}' of voter ${vote.voterId} is not internet or paper`, vote.line);
    }
    if (ADDRESS.test(vote.voterId))
      report("voter-id-pseudonym", `voter_id ${vote.voterId} is an account address`, vote.line);
  }

  // The rule, where it can be recomputed.
  const rule = ruleOfPabulib(ruleText);
  if (
    rule !== undefined &&
    election.projects.some((p) => p.selected !== undefined) &&
    problems.every((p) => p.level !== "error")
  ) {
    try {
      const typed = metaOf(election);
      const counting = rule === "greedy" || typed.voteType === "approval" || typed.voteType === "choose-1";
      if (counting) {
        const result = tally(toTallyElection(election, { categoryCaps: rule === "greedy" }), rule);
        const official = new Set(election.projects.filter((p) => p.row.selected?.trim() === "1").map((p) => p.id));
        const chosen = new Set(result.selected);
        const missing = [...chosen].filter((id) => !official.has(id)).sort();
        const extra = [...official].filter((id) => !chosen.has(id)).sort();
        const parts = [
          ...(missing.length > 0 ? [`${ruleText} selects ${missing.join(", ")}, not selected in the file`] : []),
          ...(extra.length > 0 ? [`the file selects ${extra.join(", ")}, which ${ruleText} does not`] : []),
        ];
        if (parts.length > 0) report("rule-followed", parts.join("; "));
      }
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      report("rule-followed", `${ruleText} cannot be recomputed: ${error.message}`);
    }
  }
  return problems;
}

function wholeOf(value: string | undefined): number | undefined {
  return value !== undefined && WHOLE.test(value) ? Number(value) : undefined;
}
