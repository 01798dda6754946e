/**
 * The pabulib `.pb` format (pabulib.org): META (key;value), PROJECTS and VOTES sections, each a
 * `;`-separated table under a header line. Parsing keeps every column so a file round-trips;
 * typed fields are added for what Buurtkas uses. Every error names the line. Browser-safe.
 *
 * Money. Budgets and costs may have decimals (Kraków 2023: `budget;2458488.22`); they are read as
 * exact decimals, never floats. A file's money scale is the largest number of decimals any of its
 * amounts uses (trailing zeros do not count, so `100000.0` is whole): every amount of the file —
 * budget, costs, min/max_sum_cost, budget_per_category — is an integer number of 10^-decimals
 * currency units, and the tally election says so with `currencyUnit` = 10^decimals (Add1 raises
 * shares by one whole currency unit). Files whose amounts are whole, which is nearly all, keep
 * decimals 0 and are read exactly as before.
 *
 * Ballots. `approval` and `choose-1` (an approval ballot of exactly one) are approvals; `ordinal`
 * keeps the order written; `cumulative` and `scoring` carry points. A project named twice on one
 * ballot counts once and is reported in `warnings`. Any other vote type cannot be counted and is an
 * error naming the line.
 */
import type { ApprovalBallot, CumulativeBallot, Election, TallyProject, TieBreak } from "../tally/index.js";

export interface PbProject {
  id: string;
  /** In 10^-decimals currency units of the file (see the module comment). */
  cost: bigint;
  /**
   * The official outcome, where the file has a `selected` column (empty cells stay undefined):
   * true for a positive whole number. Besides 0 and 1 some cities write 2 (Poznań's 80% rule) or
   * 3 (reserve funds); the text as written is in `row.selected`.
   */
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
  /** Project ids in the order written, each once. */
  projectIds: string[];
  /** Cumulative files: points for each of `projectIds`. */
  points?: bigint[];
  row: Record<string, string>;
  line: number;
}

/** Something in a file that was counted in one definite way but deserves a mention. */
export interface PbWarning {
  line: number;
  message: string;
}

export interface PbElection {
  /**
   * Decimals of the file's money (0 when absent): amounts are integers of 10^-decimals currency
   * units.
   */
  decimals?: number;
  /** What the parser counted in one definite way but reports (a project named twice on a ballot). */
  warnings?: PbWarning[];
  /** Every META entry as written (keys and values trimmed); {@link metaOf} gives the typed ones. */
  meta: Map<string, string>;
  /** The line of each META entry, where the election was parsed from text. */
  metaLines?: Map<string, number>;
  projectColumns: string[];
  projects: PbProject[];
  voteColumns: string[];
  votes: PbVote[];
}

export type PbVoteType = "approval" | "choose-1" | "ordinal" | "cumulative" | "scoring";

export const VOTE_TYPES: readonly PbVoteType[] = ["approval", "choose-1", "ordinal", "cumulative", "scoring"];

/** The META entries Buurtkas uses, typed. Money (scaled, see above) and points are bigint, counts are numbers. */
export interface PbMeta {
  budget: bigint;
  voteType: PbVoteType;
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
/** A non-negative decimal amount: digits, optionally a point and more digits. */
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;
/** META entries that hold money (one amount or a comma-separated list). */
const MONEY_META = ["budget", "min_sum_cost", "max_sum_cost", "budget_per_category"];

/** The decimals an amount needs (trailing zeros do not count); undefined if it is no amount. */
function decimalsOf(text: string): number | undefined {
  const match = DECIMAL.exec(text);
  if (!match) return undefined;
  return (match[2] ?? "").replace(/0+$/, "").length;
}

/** An amount as an integer number of 10^-decimals units, exactly; undefined if it is no amount. */
function scaled(text: string, decimals: number): bigint | undefined {
  const match = DECIMAL.exec(text);
  if (!match) return undefined;
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > decimals) return undefined;
  return BigInt(match[1]!) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
}

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
  const projectsTable = tables.get("PROJECTS")!;
  requireColumns(projectsTable, ["project_id", "cost"], "PROJECTS");
  const projectRows = projectsTable.rows.map(({ raw, line }) => ({
    row: toRecord(projectsTable.header, splitRow(raw, line), line, "PROJECTS"),
    line,
  }));
  // The money scale: the most decimals any amount of the file uses (malformed ones are reported
  // where they are read).
  let decimals = 0;
  const amounts = [
    ...MONEY_META.flatMap((key) => splitList(meta.get(key) ?? "")),
    ...projectRows.map(({ row }) => row.cost!.trim()),
  ];
  for (const amount of amounts) decimals = Math.max(decimals, decimalsOf(amount) ?? 0);
  const warnings: PbWarning[] = [];
  const partial = { decimals, meta, metaLines, projectColumns: [], projects: [], voteColumns: [], votes: [] };
  const typed = metaOf(partial); // every typed META entry is checked here, with its line

  const projects: PbProject[] = [];
  const projectLines = new Map<string, number>();
  for (const { row, line } of projectRows) {
    const id = row.project_id!.trim();
    if (id === "") throw new PabulibError("project without project_id", line);
    if (projectLines.has(id)) {
      throw new PabulibError(`project id ${id} appears again (first on line ${projectLines.get(id)})`, line);
    }
    projectLines.set(id, line);
    const costText = row.cost!.trim();
    const cost = scaled(costText, decimals);
    if (cost === undefined) {
      throw new PabulibError(`cost '${costText}' of project ${id} is not a non-negative amount`, line);
    }
    const project: PbProject = { id, cost, row, line };
    const selected = row.selected?.trim();
    if (selected !== undefined && selected !== "") {
      // A results column the tally never needs: any value is kept, a number says funded or not.
      if (NON_NEGATIVE_INTEGER.test(selected)) project.selected = BigInt(selected) > 0n;
      else warnings.push({ line, message: `selected '${selected}' of project ${id} is not a number; ignored` });
    }
    if (row.name !== undefined) project.name = row.name;
    if (row.category !== undefined && row.category.trim() !== "") project.category = row.category.trim();
    projects.push(project);
  }

  const votesTable = tables.get("VOTES")!;
  const cumulative = typed.voteType === "cumulative" || typed.voteType === "scoring";
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
    const written = splitList(row.vote!);
    const ids: string[] = [];
    const kept: number[] = [];
    for (const [position, id] of written.entries()) {
      if (!projectLines.has(id))
        throw new PabulibError(`vote of voter ${voterId} names unknown project id ${id}`, line);
      if (ids.includes(id)) {
        warnings.push({ line, message: `vote of voter ${voterId} names project id ${id} twice; counted once` });
        continue;
      }
      ids.push(id);
      kept.push(position);
    }
    if (typed.voteType === "choose-1" && ids.length > 1) {
      throw new PabulibError(`choose-1 vote of voter ${voterId} names ${ids.length} projects`, line);
    }
    const vote: PbVote = { voterId, projectIds: ids, row, line };
    if (cumulative) {
      const points = splitList(row.points!);
      if (points.length !== written.length) {
        throw new PabulibError(
          `voter ${voterId} gives ${points.length} point values for ${written.length} projects`,
          line,
        );
      }
      // A project named twice: the points written with its first mention count.
      vote.points = kept.map((position) => {
        const p = points[position]!;
        if (!NON_NEGATIVE_INTEGER.test(p)) {
          throw new PabulibError(`points '${p}' of voter ${voterId} are not a non-negative integer`, line);
        }
        return BigInt(p);
      });
    }
    votes.push(vote);
  }
  return {
    decimals,
    warnings,
    meta,
    metaLines,
    projectColumns: projectsTable.header,
    projects,
    voteColumns: votesTable.header,
    votes,
  };
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
  const decimals = election.decimals ?? 0;
  const money = (key: string, value = text(key)): bigint | undefined => {
    if (value === undefined) return undefined;
    const amount = scaled(value, decimals);
    if (amount === undefined) throw new PabulibError(`${key} '${value}' is not a non-negative amount`, line(key));
    return amount;
  };

  const budget = money("budget");
  if (budget === undefined) throw new PabulibError("META has no budget");
  const voteType = text("vote_type") ?? "approval";
  if (!(VOTE_TYPES as readonly string[]).includes(voteType)) {
    throw new PabulibError(
      `vote_type '${voteType}' cannot be counted (one of ${VOTE_TYPES.join(", ")})`,
      line("vote_type"),
    );
  }
  const typed: PbMeta = { budget, voteType: voteType as PbVoteType };
  const rule = text("rule");
  if (rule !== undefined) typed.rule = rule;
  const optional = {
    minLength: count("min_length"),
    maxLength: count("max_length"),
    minSumCost: money("min_sum_cost"),
    maxSumCost: money("max_sum_cost"),
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
    typed.budgetPerCategory = new Map(names.map((name, i) => [name, money("budget_per_category", amounts[i]!)!]));
  }
  return typed;
}

export function budgetOf(election: PbElection): bigint {
  return metaOf(election).budget;
}

/**
 * The ballot type as the contracts know it: approval (choose-1 too) or cumulative. Ordinal and
 * scoring ballots have none there: a {@link PabulibError} naming the vote_type line.
 */
export function voteTypeOf(election: PbElection): "approval" | "cumulative" {
  const voteType = metaOf(election).voteType;
  if (voteType === "approval" || voteType === "choose-1") return "approval";
  if (voteType === "cumulative") return "cumulative";
  throw new PabulibError(
    `vote_type ${voteType} has no ballot type on chain (approval or cumulative)`,
    election.metaLines?.get("vote_type"),
  );
}

/** A whole-number META entry as a number (counts such as min_length), undefined when absent. */
export function metaInteger(election: PbElection, key: string): number | undefined {
  const value = election.meta.get(key);
  if (value === undefined || value.trim() === "") return undefined;
  const match = WHOLE_NUMBER.exec(value.trim());
  if (!match) throw new PabulibError(`${key} '${value}' is not a non-negative integer`, election.metaLines?.get(key));
  return Number(match[1]);
}

/**
 * The election as the tally library takes it. `categoryCaps: true` passes the file's
 * budget_per_category (if any) as greedy's category caps. Money stays in the file's scale, with
 * `currencyUnit` = 10^decimals. Ordinal ballots are counted as points by position (`ordinal:
 * "positional"`, the default): with max_length L (else the longest ballot) the first choice gets L
 * points, the next L − 1, and so on; this is the `score` column of Kraków's files, whose greedy
 * outcome it reproduces (counted as approvals, Nowa Huta 2023 would fund another project).
 * `ordinal: "approval"` counts every ranked project as approved.
 */
export function toTallyElection(
  election: PbElection,
  options: { tieBreak?: TieBreak; categoryCaps?: boolean; ordinal?: "positional" | "approval" } = {},
): Election {
  const typed = metaOf(election);
  const projects: TallyProject[] = election.projects.map((p) =>
    p.category === undefined ? { id: p.id, cost: p.cost } : { id: p.id, cost: p.cost, category: p.category },
  );
  let ballots: ApprovalBallot[] | CumulativeBallot[];
  if (typed.voteType === "cumulative" || typed.voteType === "scoring") {
    ballots = election.votes.map((v) => new Map(v.projectIds.map((id, i) => [id, v.points![i]!])));
  } else if (typed.voteType === "ordinal" && options.ordinal !== "approval") {
    const length = BigInt(typed.maxLength ?? Math.max(0, ...election.votes.map((v) => v.projectIds.length)));
    ballots = election.votes.map((v) => new Map(v.projectIds.map((id, i) => [id, length - BigInt(i)])));
  } else {
    ballots = election.votes.map((v) => v.projectIds);
  }
  const caps = options.categoryCaps ? typed.budgetPerCategory : undefined;
  const decimals = election.decimals ?? 0;
  return {
    projects,
    budget: typed.budget,
    ballots,
    ...(decimals > 0 ? { currencyUnit: 10n ** BigInt(decimals) } : {}),
    ...(options.tieBreak ? { tieBreak: options.tieBreak } : {}),
    ...(caps ? { categoryCaps: caps } : {}),
  };
}

/** An amount in the file's scale written as a decimal: 245848822n with 2 decimals is "2458488.22". */
export function formatAmount(amount: bigint, decimals = 0): string {
  if (decimals === 0) return amount.toString();
  const unit = 10n ** BigInt(decimals);
  const fraction = (amount % unit).toString().padStart(decimals, "0").replace(/0+$/, "");
  return fraction === "" ? (amount / unit).toString() : `${amount / unit}.${fraction}`;
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
