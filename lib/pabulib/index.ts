/**
 * The pabulib `.pb` format (pabulib.org): META (key;value), PROJECTS and VOTES sections, each a
 * `;`-separated table under a header line. Parsing keeps every column so a file round-trips;
 * typed fields are added for what Buurtkas uses. Every error names the line. Browser-safe.
 */
import type { ApprovalBallot, CumulativeBallot, Election, TallyProject, TieBreak } from "../tally/index.js";

export interface PbProject {
  id: string;
  cost: bigint;
  /** The official outcome, where the file has a `selected` column (empty cells stay undefined). */
  selected?: boolean;
  name?: string;
  category?: string;
  /** Every column as written. */
  row: Record<string, string>;
  /** 1-based line in the parsed text (0 for elections not read from text). */
  line: number;
}

export interface PbVote {
  voterId: string;
  /** Project ids in the order written. */
  projectIds: string[];
  /** Cumulative files: points for each of `projectIds`. */
  points?: bigint[];
  row: Record<string, string>;
  line: number;
}

export interface PbElection {
  /** Every META entry as written (keys and values trimmed); {@link metaOf} gives the typed ones. */
  meta: Map<string, string>;
  /** The line of each META entry, where the election was parsed from text. */
  metaLines?: Map<string, number>;
  projectColumns: string[];
  projects: PbProject[];
  voteColumns: string[];
  votes: PbVote[];
}

/** The META entries Buurtkas uses, typed. Money and points are bigint, counts are numbers. */
export interface PbMeta {
  budget: bigint;
  voteType: "approval" | "cumulative";
  /** As written, e.g. `greedy`, `equalshares/add1`, `unknown`. */
  rule?: string;
  minLength?: number;
  maxLength?: number;
  minSumCost?: bigint;
  maxSumCost?: bigint;
  minSumPoints?: bigint;
  maxSumPoints?: bigint;
  /** budget_per_category by category name (META `categories`, in the same order). */
  budgetPerCategory?: Map<string, bigint>;
}

export class PabulibError extends Error {
  override name = "PabulibError";
  constructor(
    readonly detail: string,
    readonly line?: number,
  ) {
    super(line === undefined ? detail : `line ${line}: ${detail}`);
  }
}

const SECTIONS = ["META", "PROJECTS", "VOTES"] as const;
type Section = (typeof SECTIONS)[number];
const NON_NEGATIVE_INTEGER = /^\d+$/;
/** Some files write whole amounts as 100000.0. */
const WHOLE_NUMBER = /^(\d+)(?:\.0+)?$/;

interface Table {
  line: number;
  header: string[];
  headerLine: number;
  rows: { raw: string; line: number }[];
}

export function parsePabulib(text: string): PbElection {
  const tables = new Map<Section, Table>();
  let current: Table | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "") return;
    if ((SECTIONS as readonly string[]).includes(trimmed)) {
      const section = trimmed as Section;
      const first = tables.get(section);
      if (first) throw new PabulibError(`section ${section} appears again (first on line ${first.line})`, line);
      current = { line, header: [], headerLine: 0, rows: [] };
      tables.set(section, current);
      return;
    }
    if (current === undefined) throw new PabulibError(`'${trimmed.slice(0, 40)}' comes before the META section`, line);
    if (current.headerLine === 0) {
      current.header = splitRow(raw, line).map((c) => c.trim());
      current.headerLine = line;
    } else current.rows.push({ raw, line });
  });
  for (const section of SECTIONS) {
    const table = tables.get(section);
    if (!table) throw new PabulibError(`missing section ${section}`);
    if (table.headerLine === 0) throw new PabulibError(`section ${section} has no header line`, table.line);
  }

  const meta = new Map<string, string>();
  const metaLines = new Map<string, number>();
  for (const { raw, line } of tables.get("META")!.rows) {
    // Split at the first `;` only: a value is kept exactly as written, semicolons and quotes included.
    const cut = raw.indexOf(";");
    if (cut < 0) throw new PabulibError(`META entry '${raw.trim().slice(0, 40)}' has no ';' and value`, line);
    const key = raw.slice(0, cut).trim();
    if (metaLines.has(key)) {
      throw new PabulibError(`META key ${key} appears again (first on line ${metaLines.get(key)})`, line);
    }
    meta.set(key, raw.slice(cut + 1).trim());
    metaLines.set(key, line);
  }
  const partial = { meta, metaLines, projectColumns: [], projects: [], voteColumns: [], votes: [] };
  const typed = metaOf(partial); // every typed META entry is checked here, with its line

  const projectsTable = tables.get("PROJECTS")!;
  requireColumns(projectsTable, ["project_id", "cost"], "PROJECTS");
  const projects: PbProject[] = [];
  const projectLines = new Map<string, number>();
  for (const { raw, line } of projectsTable.rows) {
    const row = toRecord(projectsTable.header, splitRow(raw, line), line, "PROJECTS");
    const id = row.project_id!.trim();
    if (id === "") throw new PabulibError("project without project_id", line);
    if (projectLines.has(id)) {
      throw new PabulibError(`project id ${id} appears again (first on line ${projectLines.get(id)})`, line);
    }
    projectLines.set(id, line);
    const costText = row.cost!.trim();
    if (!NON_NEGATIVE_INTEGER.test(costText)) {
      throw new PabulibError(`cost '${costText}' of project ${id} is not a non-negative integer`, line);
    }
    const project: PbProject = { id, cost: BigInt(costText), row, line };
    const selected = row.selected?.trim();
    if (selected !== undefined && selected !== "") {
      if (selected !== "0" && selected !== "1") {
        throw new PabulibError(`selected '${selected}' of project ${id} is not 0 or 1`, line);
      }
      project.selected = selected === "1";
    }
    if (row.name !== undefined) project.name = row.name;
    if (row.category !== undefined && row.category.trim() !== "") project.category = row.category.trim();
    projects.push(project);
  }

  const votesTable = tables.get("VOTES")!;
  const cumulative = typed.voteType === "cumulative";
  requireColumns(votesTable, cumulative ? ["voter_id", "vote", "points"] : ["voter_id", "vote"], "VOTES");
  const votes: PbVote[] = [];
  const voterLines = new Map<string, number>();
  for (const { raw, line } of votesTable.rows) {
    const row = toRecord(votesTable.header, splitRow(raw, line), line, "VOTES");
    const voterId = row.voter_id!.trim();
    if (voterId === "") throw new PabulibError("vote without voter_id", line);
    if (voterLines.has(voterId)) {
      throw new PabulibError(`voter ${voterId} votes again (first on line ${voterLines.get(voterId)})`, line);
    }
    voterLines.set(voterId, line);
    const ids = splitList(row.vote!);
    const seen = new Set<string>();
    for (const id of ids) {
      if (!projectLines.has(id))
        throw new PabulibError(`vote of voter ${voterId} names unknown project id ${id}`, line);
      if (seen.has(id)) throw new PabulibError(`vote of voter ${voterId} names project id ${id} twice`, line);
      seen.add(id);
    }
    const vote: PbVote = { voterId, projectIds: ids, row, line };
    if (cumulative) {
      const points = splitList(row.points!);
      if (points.length !== ids.length) {
        throw new PabulibError(`voter ${voterId} gives ${points.length} point values for ${ids.length} projects`, line);
      }
      vote.points = points.map((p) => {
        if (!NON_NEGATIVE_INTEGER.test(p)) {
          throw new PabulibError(`points '${p}' of voter ${voterId} are not a non-negative integer`, line);
        }
        return BigInt(p);
      });
    }
    votes.push(vote);
  }
  return { meta, metaLines, projectColumns: projectsTable.header, projects, voteColumns: votesTable.header, votes };
}

/**
 * The election as `.pb` text: META, PROJECTS and VOTES with every column kept, `\n` line ends.
 * Parsing the text gives the same election back.
 */
export function serializePabulib(election: PbElection): string {
  const lines = ["META", "key;value", ...[...election.meta].map(([k, v]) => `${k};${v}`)];
  lines.push("PROJECTS", election.projectColumns.join(";"));
  for (const project of election.projects) {
    lines.push(joinRow(election.projectColumns.map((c) => project.row[c] ?? "")));
  }
  lines.push("VOTES", election.voteColumns.join(";"));
  for (const vote of election.votes) lines.push(joinRow(election.voteColumns.map((c) => vote.row[c] ?? "")));
  return lines.join("\n") + "\n";
}

// ---------------------------------------------------------------- typed META

/** The typed META entries; a missing or malformed one is a {@link PabulibError} naming its line. */
export function metaOf(election: PbElection): PbMeta {
  const line = (key: string) => election.metaLines?.get(key);
  const text = (key: string) => {
    const value = election.meta.get(key);
    return value === undefined || value === "" ? undefined : value;
  };
  const whole = (key: string): bigint | undefined => {
    const value = text(key);
    if (value === undefined) return undefined;
    const match = WHOLE_NUMBER.exec(value);
    if (!match) throw new PabulibError(`${key} '${value}' is not a non-negative integer`, line(key));
    return BigInt(match[1]!);
  };
  const count = (key: string) => {
    const value = whole(key);
    return value === undefined ? undefined : Number(value);
  };

  const budget = whole("budget");
  if (budget === undefined) throw new PabulibError("META has no budget");
  const voteType = text("vote_type") ?? "approval";
  if (voteType !== "approval" && voteType !== "cumulative") {
    throw new PabulibError(`vote_type '${voteType}' is not supported (approval or cumulative)`, line("vote_type"));
  }
  const typed: PbMeta = { budget, voteType };
  const rule = text("rule");
  if (rule !== undefined) typed.rule = rule;
  const optional = {
    minLength: count("min_length"),
    maxLength: count("max_length"),
    minSumCost: whole("min_sum_cost"),
    maxSumCost: whole("max_sum_cost"),
    minSumPoints: whole("min_sum_points"),
    maxSumPoints: whole("max_sum_points"),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) (typed as unknown as Record<string, unknown>)[key] = value;
  }

  const caps = text("budget_per_category");
  if (caps !== undefined) {
    const categories = text("categories");
    if (categories === undefined) {
      throw new PabulibError(
        "budget_per_category needs a categories entry naming the categories in order",
        line("budget_per_category"),
      );
    }
    const names = splitList(categories);
    const amounts = splitList(caps);
    if (names.length !== amounts.length) {
      throw new PabulibError(
        `budget_per_category has ${amounts.length} values for ${names.length} categories`,
        line("budget_per_category"),
      );
    }
    typed.budgetPerCategory = new Map(
      names.map((name, i) => {
        const match = WHOLE_NUMBER.exec(amounts[i]!);
        if (!match) {
          throw new PabulibError(
            `budget_per_category '${amounts[i]}' is not a non-negative integer`,
            line("budget_per_category"),
          );
        }
        return [name, BigInt(match[1]!)];
      }),
    );
  }
  return typed;
}

export function budgetOf(election: PbElection): bigint {
  return metaOf(election).budget;
}

export function voteTypeOf(election: PbElection): "approval" | "cumulative" {
  return metaOf(election).voteType;
}

/** A whole-number META entry as a number (counts such as min_length), undefined when absent. */
export function metaInteger(election: PbElection, key: string): number | undefined {
  const value = election.meta.get(key);
  if (value === undefined || value.trim() === "") return undefined;
  const match = WHOLE_NUMBER.exec(value.trim());
  if (!match) throw new PabulibError(`${key} '${value}' is not a non-negative integer`, election.metaLines?.get(key));
  return Number(match[1]);
}

/** budget_per_category by category, where the file has it. */
export function categoryCapsOf(election: PbElection): Map<string, bigint> | undefined {
  return metaOf(election).budgetPerCategory;
}

/**
 * The election as the tally library takes it. `categoryCaps: true` passes the file's
 * budget_per_category (if any) as greedy's category caps.
 */
export function toTallyElection(
  election: PbElection,
  options: { tieBreak?: TieBreak; categoryCaps?: boolean } = {},
): Election {
  const typed = metaOf(election);
  const projects: TallyProject[] = election.projects.map((p) =>
    p.category === undefined ? { id: p.id, cost: p.cost } : { id: p.id, cost: p.cost, category: p.category },
  );
  const ballots: ApprovalBallot[] | CumulativeBallot[] =
    typed.voteType === "cumulative"
      ? election.votes.map((v) => new Map(v.projectIds.map((id, i) => [id, v.points![i]!])))
      : election.votes.map((v) => v.projectIds);
  const caps = options.categoryCaps ? typed.budgetPerCategory : undefined;
  return {
    projects,
    budget: typed.budget,
    ballots,
    ...(options.tieBreak ? { tieBreak: options.tieBreak } : {}),
    ...(caps ? { categoryCaps: caps } : {}),
  };
}

// ---------------------------------------------------------------- rows

/** Splits a `;`-separated row; a field in double quotes may hold `;` and `""` escapes a quote. */
function splitRow(raw: string, line: number): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i]!;
    if (quoted) {
      if (char === '"' && raw[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === "") quoted = true;
    else if (char === ";") {
      cells.push(cell);
      cell = "";
    } else cell += char;
  }
  if (quoted) throw new PabulibError("a quoted field is not closed", line);
  cells.push(cell);
  return cells;
}

function joinRow(cells: string[]): string {
  return cells.map((c) => (/[;"\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(";");
}

function toRecord(header: string[], cells: string[], line: number, section: string): Record<string, string> {
  if (cells.length > header.length) {
    throw new PabulibError(`${section} row has ${cells.length} fields but the header has ${header.length}`, line);
  }
  return Object.fromEntries(header.map((column, i) => [column, cells[i] ?? ""]));
}

function requireColumns(table: Table, required: string[], section: string): void {
  for (const column of required) {
    if (!table.header.includes(column)) {
      throw new PabulibError(`${section} header has no ${column} column`, table.headerLine);
    }
  }
}

function splitList(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}
