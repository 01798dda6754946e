/**
 * The pabulib `.pb` format (pabulib.org): META (key;value), PROJECTS and VOTES sections, each a
 * `;`-separated table under a header line. Parsing keeps every column so a file round-trips;
 * typed fields are added for what Buurtkas uses. Errors name the line.
 */
import type { ApprovalBallot, CumulativeBallot, Election, TallyProject, TieBreak } from "../tally/index.js";

export interface PbProject {
  id: string;
  cost: bigint;
  /** The official outcome, where the file has a `selected` column. */
  selected?: boolean;
  name?: string;
  category?: string;
  /** Every column as written. */
  row: Record<string, string>;
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
  meta: Map<string, string>;
  projectColumns: string[];
  projects: PbProject[];
  voteColumns: string[];
  votes: PbVote[];
}

export class PabulibError extends Error {
  override name = "PabulibError";
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
  }
}

const SECTIONS = ["META", "PROJECTS", "VOTES"] as const;
type Section = (typeof SECTIONS)[number];
const NON_NEGATIVE_INTEGER = /^\d+$/;

export function parsePabulib(text: string): PbElection {
  const tables = new Map<Section, { header: string[]; rows: { cells: string[]; line: number }[]; line: number }>();
  let current: Section | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "") return;
    if ((SECTIONS as readonly string[]).includes(trimmed)) {
      current = trimmed as Section;
      if (tables.has(current)) throw new PabulibError(`section ${current} appears twice`, line);
      tables.set(current, { header: [], rows: [], line });
      return;
    }
    if (current === undefined) throw new PabulibError(`"${trimmed.slice(0, 40)}" comes before the META section`, line);
    const table = tables.get(current)!;
    const cells = splitRow(raw, line);
    if (table.header.length === 0) table.header = cells.map((c) => c.trim());
    else table.rows.push({ cells, line });
  });
  for (const section of SECTIONS) {
    if (!tables.has(section)) throw new PabulibError(`missing section ${section}`);
    if (tables.get(section)!.header.length === 0) {
      throw new PabulibError(`section ${section} has no header line`, tables.get(section)!.line);
    }
  }

  const meta = new Map<string, string>();
  for (const { cells, line } of tables.get("META")!.rows) {
    if (cells.length < 2) throw new PabulibError(`META line "${cells.join(";")}" has no value`, line);
    meta.set(cells[0]!.trim(), cells.slice(1).join(";").trim());
  }

  const projectsTable = tables.get("PROJECTS")!;
  requireColumns(projectsTable.header, ["project_id", "cost"], "PROJECTS", projectsTable.line);
  const projects: PbProject[] = [];
  const projectIds = new Set<string>();
  for (const { cells, line } of projectsTable.rows) {
    const row = toRecord(projectsTable.header, cells, line, "PROJECTS");
    const id = row.project_id!.trim();
    if (id === "") throw new PabulibError("project without project_id", line);
    if (projectIds.has(id)) throw new PabulibError(`project id ${id} appears twice`, line);
    projectIds.add(id);
    const costText = row.cost!.trim();
    if (!NON_NEGATIVE_INTEGER.test(costText)) {
      throw new PabulibError(`cost "${costText}" of project ${id} is not a non-negative integer`, line);
    }
    const project: PbProject = { id, cost: BigInt(costText), row, line };
    if (row.selected !== undefined) {
      const selected = row.selected.trim();
      if (selected !== "0" && selected !== "1") {
        throw new PabulibError(`selected "${selected}" of project ${id} is not 0 or 1`, line);
      }
      project.selected = selected === "1";
    }
    if (row.name !== undefined) project.name = row.name;
    if (row.category !== undefined && row.category.trim() !== "") project.category = row.category.trim();
    projects.push(project);
  }

  const votesTable = tables.get("VOTES")!;
  requireColumns(votesTable.header, ["voter_id", "vote"], "VOTES", votesTable.line);
  const cumulative = meta.get("vote_type") === "cumulative" || votesTable.header.includes("points");
  const votes: PbVote[] = [];
  for (const { cells, line } of votesTable.rows) {
    const row = toRecord(votesTable.header, cells, line, "VOTES");
    const voterId = row.voter_id!.trim();
    const ids = splitList(row.vote!);
    for (const id of ids) {
      if (!projectIds.has(id)) throw new PabulibError(`vote of voter ${voterId} names unknown project id ${id}`, line);
    }
    const vote: PbVote = { voterId, projectIds: ids, row, line };
    if (cumulative) {
      if (row.points === undefined) throw new PabulibError(`cumulative vote of voter ${voterId} has no points`, line);
      const points = splitList(row.points);
      if (points.length !== ids.length) {
        throw new PabulibError(`voter ${voterId} gives ${points.length} point values for ${ids.length} projects`, line);
      }
      vote.points = points.map((p) => {
        if (!NON_NEGATIVE_INTEGER.test(p))
          throw new PabulibError(`points "${p}" of voter ${voterId} are not a non-negative integer`, line);
        return BigInt(p);
      });
    }
    votes.push(vote);
  }
  const election: PbElection = {
    meta,
    projectColumns: projectsTable.header,
    projects,
    voteColumns: votesTable.header,
    votes,
  };
  budgetOf(election); // a file without a usable budget is not an election
  return election;
}

export function serializePabulib(election: PbElection): string {
  const lines = ["META", "key;value", ...[...election.meta].map(([k, v]) => `${k};${v}`)];
  lines.push("PROJECTS", election.projectColumns.join(";"));
  for (const project of election.projects)
    lines.push(joinRow(election.projectColumns.map((c) => project.row[c] ?? "")));
  lines.push("VOTES", election.voteColumns.join(";"));
  for (const vote of election.votes) lines.push(joinRow(election.voteColumns.map((c) => vote.row[c] ?? "")));
  return lines.join("\n") + "\n";
}

// ---------------------------------------------------------------- typed META accessors

export function budgetOf(election: PbElection): bigint {
  const text = election.meta.get("budget");
  if (text === undefined) throw new PabulibError("META has no budget");
  // Some files write budgets like 100000.0; only whole currency units are meaningful.
  const match = /^(\d+)(?:\.0+)?$/.exec(text.trim());
  if (!match) throw new PabulibError(`META budget "${text}" is not a non-negative integer`);
  return BigInt(match[1]!);
}

export function voteTypeOf(election: PbElection): "approval" | "cumulative" {
  const type = election.meta.get("vote_type") ?? "approval";
  if (type !== "approval" && type !== "cumulative") {
    throw new PabulibError(`vote_type "${type}" is not supported (approval or cumulative)`);
  }
  return type;
}

export function metaInteger(election: PbElection, key: string): number | undefined {
  const text = election.meta.get(key);
  if (text === undefined || text.trim() === "") return undefined;
  const match = /^(\d+)(?:\.0+)?$/.exec(text.trim());
  if (!match) throw new PabulibError(`META ${key} "${text}" is not a non-negative integer`);
  return Number(match[1]);
}

/** budget_per_category aligned with categories, where the file has both. */
export function categoryCapsOf(election: PbElection): Map<string, bigint> | undefined {
  const categories = election.meta.get("categories");
  const budgets = election.meta.get("budget_per_category");
  if (categories === undefined || budgets === undefined) return undefined;
  const names = categories.split(",").map((c) => c.trim());
  const caps = budgets.split(",").map((b) => b.trim());
  if (names.length !== caps.length) {
    throw new PabulibError(`META has ${names.length} categories but ${caps.length} budget_per_category values`);
  }
  return new Map(
    names.map((name, i) => {
      if (!NON_NEGATIVE_INTEGER.test(caps[i]!))
        throw new PabulibError(`budget_per_category "${caps[i]}" is not an integer`);
      return [name, BigInt(caps[i]!)];
    }),
  );
}

/** The election as the tally library takes it. */
export function toTallyElection(
  election: PbElection,
  options: { tieBreak?: TieBreak; categoryCaps?: boolean } = {},
): Election {
  const projects: TallyProject[] = election.projects.map((p) =>
    p.category === undefined ? { id: p.id, cost: p.cost } : { id: p.id, cost: p.cost, category: p.category },
  );
  const ballots =
    voteTypeOf(election) === "cumulative"
      ? election.votes.map((v) => {
          const points = new Map<string, bigint>();
          v.projectIds.forEach((id, i) => points.set(id, (points.get(id) ?? 0n) + v.points![i]!));
          return points as CumulativeBallot;
        })
      : election.votes.map((v) => v.projectIds as ApprovalBallot);
  const caps = options.categoryCaps ? categoryCapsOf(election) : undefined;
  return {
    projects,
    budget: budgetOf(election),
    ballots,
    ...(options.tieBreak ? { tieBreak: options.tieBreak } : {}),
    ...(caps ? { categoryCaps: caps } : {}),
  } as Election;
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
  if (quoted) throw new PabulibError("unterminated quoted field", line);
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

function requireColumns(header: string[], required: string[], section: string, line: number): void {
  for (const column of required) {
    if (!header.includes(column)) throw new PabulibError(`${section} header has no ${column} column`, line);
  }
}

function splitList(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}
