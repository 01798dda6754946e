/**
 * A population-register extract (BRP: postcode, house number, addition, optionally the date of
 * birth) turned into the households that get a vote-code letter, in the official's browser. The
 * extract never leaves it: no server and no chain sees an address or a date of birth; what leaves
 * is one code address per household, in a batch's Merkle tree. Districts come from the postcode
 * ranges the municipality uploads. Every row that cannot be used is reported with its line number,
 * the field and the value; a row of a person under the age limit is counted, not rejected.
 */

export interface RowProblem {
  /** Line in the file, 1-based (the header is line 1 when there is one). */
  line: number;
  field: string;
  value: string;
  problem:
    | "column_count"
    | "not_a_postcode"
    | "not_a_house_number"
    | "not_an_addition"
    | "not_a_date"
    | "date_in_future"
    | "required_for_age_limit"
    | "outside_districts"
    | "not_a_district"
    | "range_reversed"
    | "range_overlaps"
    | "no_rows";
  /** What the problem refers to (the overlapping line, for instance). */
  limit?: string;
}

export interface PostcodeRange {
  line: number;
  /** Normalized six-character bounds, inclusive ("9401AA" to "9402ZZ"). */
  from: string;
  to: string;
  district: number;
  name: string;
}

export interface Household {
  /** "9401AB 12 A": postcode, house number and addition, normalized. */
  key: string;
  postcode: string;
  houseNumber: number;
  addition: string;
  district: number;
}

export interface ExtractResult {
  households: Household[];
  problems: RowProblem[];
  /** Data rows read (the header not counted). */
  rows: number;
  /** Rows of persons under the age limit (their household gets a letter only through another member). */
  underAge: number;
}

// Dutch postcodes: four digits not starting with 0, two letters, never SA, SD or SS.
const POSTCODE = /^[1-9]\d{3}(?!SA|SD|SS)[A-Z]{2}$/;

export function normalizePostcode(value: string): string | null {
  const text = value.replace(/\s+/g, "").toUpperCase();
  return POSTCODE.test(text) ? text : null;
}

/** Splits CSV text into lines of cells (`;` or `,`, double quotes around a cell allowed). */
export function csvRows(text: string): { line: number; cells: string[] }[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const separator = (lines[0] ?? "").includes(";") ? ";" : ",";
  const rows: { line: number; cells: string[] }[] = [];
  lines.forEach((raw, i) => {
    if (raw.trim() === "") return;
    const cells: string[] = [];
    let cell = "";
    let quoted = false;
    for (let j = 0; j < raw.length; j++) {
      const c = raw[j]!;
      if (c === '"' && quoted && raw[j + 1] === '"') {
        cell += '"';
        j++;
      } else if (c === '"') quoted = !quoted;
      else if (c === separator && !quoted) {
        cells.push(cell.trim());
        cell = "";
      } else cell += c;
    }
    cells.push(cell.trim());
    rows.push({ line: i + 1, cells });
  });
  return rows;
}

const HEADERS: Record<string, "postcode" | "houseNumber" | "addition" | "dateOfBirth"> = {
  postcode: "postcode",
  pc: "postcode",
  huisnummer: "houseNumber",
  housenumber: "houseNumber",
  house_number: "houseNumber",
  number: "houseNumber",
  toevoeging: "addition",
  huisnummertoevoeging: "addition",
  huisletter: "addition",
  addition: "addition",
  geboortedatum: "dateOfBirth",
  date_of_birth: "dateOfBirth",
  dateofbirth: "dateOfBirth",
  dob: "dateOfBirth",
  birthdate: "dateOfBirth",
};

/** A calendar date as YYYY-MM-DD from "1990-04-30" or "30-04-1990"; null when it is none. */
export function parseDate(value: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const dutch = /^(\d{2})[-/.](\d{2})[-/.](\d{4})$/.exec(value);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : dutch ? [dutch[3], dutch[2], dutch[1]] : [];
  if (!y || !m || !d) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) {
    return null;
  }
  return `${y}-${m}-${d}`;
}

/** Whole years from `birth` to `on` (both YYYY-MM-DD). */
export function ageOn(birth: string, on: string): number {
  const [by, bm, bd] = birth.split("-").map(Number) as [number, number, number];
  const [y, m, d] = on.split("-").map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The municipality's table: `from;to;district[;name]`, bounds as four-digit areas or full postcodes. */
export function parsePostcodeTable(text: string): { ranges: PostcodeRange[]; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const ranges: PostcodeRange[] = [];
  const rows = csvRows(text);
  const bound = (value: string, end: "from" | "to") => {
    const text = value.replace(/\s+/g, "").toUpperCase();
    if (/^[1-9]\d{3}$/.test(text)) return text + (end === "from" ? "AA" : "ZZ");
    return /^[1-9]\d{3}[A-Z]{2}$/.test(text) ? text : null;
  };
  for (const { line, cells } of rows) {
    if (line === rows[0]?.line && !bound(cells[0] ?? "", "from")) continue; // a header
    if (cells.length < 3 || cells.length > 4) {
      problems.push({ line, field: "row", value: cells.join(";"), problem: "column_count", limit: "3–4" });
      continue;
    }
    const from = bound(cells[0]!, "from");
    const to = bound(cells[1]!, "to");
    const district = /^\d{1,10}$/.test(cells[2]!) ? Number(cells[2]) : 0;
    if (!from) problems.push({ line, field: "from", value: cells[0]!, problem: "not_a_postcode" });
    if (!to) problems.push({ line, field: "to", value: cells[1]!, problem: "not_a_postcode" });
    if (district < 1 || district > 4_294_967_295)
      problems.push({ line, field: "district", value: cells[2]!, problem: "not_a_district" });
    if (!from || !to || district < 1 || district > 4_294_967_295) continue;
    if (from > to) {
      problems.push({ line, field: "to", value: cells[1]!, problem: "range_reversed", limit: cells[0]! });
      continue;
    }
    const overlap = ranges.find((r) => r.from <= to && from <= r.to);
    if (overlap) {
      problems.push({ line, field: "from", value: cells[0]!, problem: "range_overlaps", limit: String(overlap.line) });
      continue;
    }
    ranges.push({ line, from, to, district, name: cells[3] ?? "" });
  }
  if (ranges.length === 0 && problems.length === 0)
    problems.push({ line: 1, field: "file", value: "", problem: "no_rows" });
  return { ranges, problems };
}

export interface ExtractOptions {
  ranges: readonly PostcodeRange[];
  /** Minimum age on `referenceDate` (null: no age limit, dates of birth are not needed). */
  ageLimit: number | null;
  /** YYYY-MM-DD: the decision moment the age is counted at. */
  referenceDate: string;
}

/** The households of the extract with a letter due, one per address, and the rows that could not be used. */
export function readExtract(text: string, options: ExtractOptions): ExtractResult {
  const rows = csvRows(text);
  const problems: RowProblem[] = [];
  const first = rows[0];
  // A header names the columns; without one they are postcode, house number, addition, date of birth.
  let columns: ("postcode" | "houseNumber" | "addition" | "dateOfBirth")[] = [
    "postcode",
    "houseNumber",
    "addition",
    "dateOfBirth",
  ];
  let data = rows;
  if (first && !normalizePostcode(first.cells[0] ?? "")) {
    const named = first.cells.map((cell) => HEADERS[cell.toLowerCase().replace(/[\s-]+/g, "_")]);
    if (named.every((c) => c !== undefined) && named.includes("postcode") && named.includes("houseNumber")) {
      columns = named as typeof columns;
      data = rows.slice(1);
    }
  }
  const households = new Map<string, Household>();
  const due = new Set<string>();
  let underAge = 0;
  for (const { line, cells } of data) {
    if (cells.length < 2 || cells.length > columns.length) {
      problems.push({
        line,
        field: "row",
        value: cells.join(";"),
        problem: "column_count",
        limit: `2–${columns.length}`,
      });
      continue;
    }
    const cell = (name: (typeof columns)[number]) => {
      const i = columns.indexOf(name);
      return i < 0 ? "" : (cells[i] ?? "");
    };
    const before = problems.length;
    const postcode = normalizePostcode(cell("postcode"));
    if (!postcode) problems.push({ line, field: "postcode", value: cell("postcode"), problem: "not_a_postcode" });
    const number = cell("houseNumber");
    const houseNumber = /^\d{1,5}$/.test(number) && Number(number) >= 1 ? Number(number) : null;
    if (houseNumber === null)
      problems.push({ line, field: "houseNumber", value: number, problem: "not_a_house_number" });
    const addition = cell("addition").toUpperCase();
    if (!/^[A-Z0-9-]{0,6}$/.test(addition.replace(/\s+/g, ""))) {
      problems.push({ line, field: "addition", value: cell("addition"), problem: "not_an_addition" });
    }
    const dobText = cell("dateOfBirth");
    const dob = dobText === "" ? null : parseDate(dobText);
    if (dobText !== "" && dob === null)
      problems.push({ line, field: "dateOfBirth", value: dobText, problem: "not_a_date" });
    else if (dob !== null && dob > options.referenceDate) {
      problems.push({
        line,
        field: "dateOfBirth",
        value: dobText,
        problem: "date_in_future",
        limit: options.referenceDate,
      });
    } else if (dob === null && options.ageLimit !== null) {
      problems.push({
        line,
        field: "dateOfBirth",
        value: dobText,
        problem: "required_for_age_limit",
        limit: String(options.ageLimit),
      });
    }
    const range = postcode ? options.ranges.find((r) => r.from <= postcode && postcode <= r.to) : undefined;
    if (postcode && !range)
      problems.push({ line, field: "postcode", value: cell("postcode"), problem: "outside_districts" });
    if (problems.length > before || !postcode || houseNumber === null || !range) continue;
    const key = [postcode, houseNumber, addition.replace(/\s+/g, "")].filter((p) => p !== "").join(" ");
    if (!households.has(key)) {
      households.set(key, {
        key,
        postcode,
        houseNumber,
        addition: addition.replace(/\s+/g, ""),
        district: range.district,
      });
    }
    if (options.ageLimit !== null && dob !== null && ageOn(dob, options.referenceDate) < options.ageLimit) underAge++;
    else due.add(key);
  }
  if (data.length === 0) problems.push({ line: 1, field: "file", value: "", problem: "no_rows" });
  const list = [...households.values()].filter((h) => due.has(h.key));
  list.sort((a, b) => a.district - b.district || a.key.localeCompare(b.key, "nl", { numeric: true }));
  return { households: list, problems, rows: data.length, underAge };
}

/** The rejected rows as CSV (line;field;value;problem), for the registrar's correction. */
export function problemsCsv(problems: readonly RowProblem[], describe: (p: RowProblem) => string): string {
  const quote = (v: string) => (/[;"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return (
    [
      "line;field;value;problem",
      ...problems.map((p) => [String(p.line), p.field, p.value, describe(p)].map(quote).join(";")),
    ].join("\n") + "\n"
  );
}
