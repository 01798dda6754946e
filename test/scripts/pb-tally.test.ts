/**
 * `pb tally` as a user runs it: `npx tsx scripts/pb/cli.ts tally ...` in a child process, checked
 * against the official `selected` column and against a plain greedy recount written here, apart
 * from the tally library and the parser.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { errorLines, runCli, type CliRun } from "../helpers/cli.js";
import { pabulibDir } from "../helpers/pabulib.js";

const pb = (args: string[]) => runCli("scripts/pb/cli.ts", args);

const data = (file: string) => path.join(pabulibDir, file);

// ---------------------------------------------------------------- an independent recount

interface Sheet {
  meta: Map<string, string>;
  projects: Record<string, string>[];
  votes: Record<string, string>[];
}

/** The three sections of a .pb file, split the plain way (these files hold no quoted fields). */
function readSheet(file: string): Sheet {
  const sections = new Map<string, string[][]>();
  let current: string[][] = [];
  for (const line of readFileSync(data(file), "utf8").split(/\r?\n/)) {
    if (line === "META" || line === "PROJECTS" || line === "VOTES") sections.set(line, (current = []));
    else if (line !== "") current.push(line.split(";"));
  }
  const records = (rows: string[][]) =>
    rows.slice(1).map((cells) => Object.fromEntries(rows[0]!.map((column, i) => [column, cells[i] ?? ""])));
  return {
    meta: new Map(
      sections
        .get("META")!
        .slice(1)
        .map(([k, ...v]) => [k!, v.join(";")]),
    ),
    projects: records(sections.get("PROJECTS")!),
    votes: records(sections.get("VOTES")!),
  };
}

/** Greedy: most votes first (ties: cheaper, then lower id), take what fits budget and category cap. */
function recount(sheet: Sheet, withCaps: boolean): { selected: string[]; cost: number } {
  const votes = new Map<string, number>();
  for (const vote of sheet.votes) for (const id of vote.vote!.split(",")) votes.set(id, (votes.get(id) ?? 0) + 1);
  const caps = new Map<string, number>();
  if (withCaps && sheet.meta.has("budget_per_category")) {
    const names = sheet.meta.get("categories")!.split(",");
    sheet.meta
      .get("budget_per_category")!
      .split(",")
      .forEach((cap, i) => caps.set(names[i]!, Number(cap)));
  }
  const order = [...sheet.projects].sort(
    (a, b) =>
      (votes.get(b.project_id!) ?? 0) - (votes.get(a.project_id!) ?? 0) ||
      Number(a.cost) - Number(b.cost) ||
      Number(a.project_id) - Number(b.project_id),
  );
  let left = Number(sheet.meta.get("budget"));
  const spent = new Map<string, number>();
  const selected: string[] = [];
  for (const project of order) {
    const cost = Number(project.cost);
    const category = project.category ?? "";
    const cap = caps.get(category) ?? Infinity;
    if (!votes.get(project.project_id!) || cost > left || (spent.get(category) ?? 0) + cost > cap) continue;
    left -= cost;
    spent.set(category, (spent.get(category) ?? 0) + cost);
    selected.push(project.project_id!);
  }
  return { selected, cost: Number(sheet.meta.get("budget")) - left };
}

// ---------------------------------------------------------------- runs, all started at once

const broken = mkdtempSync(path.join(tmpdir(), "pb-tally-"));
const brokenFile = (name: string, lines: string[]) => {
  const file = path.join(broken, name);
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
};
const good = [
  "META",
  "key;value",
  "budget;100",
  "vote_type;approval",
  "PROJECTS",
  "project_id;cost;name",
  "1;60;Bankjes",
  "2;30;Speeltuin",
  "VOTES",
  "voter_id;vote",
  "a;1,2",
  "b;2",
];
const badFiles = {
  missingSection: brokenFile("missing-section.pb", good.slice(0, 8)),
  unknownProject: brokenFile(
    "unknown-project.pb",
    good.map((l, i) => (i === 11 ? "b;2,999" : l)),
  ),
  badCost: brokenFile(
    "bad-cost.pb",
    good.map((l, i) => (i === 7 ? "2;dertig;Speeltuin" : l)),
  ),
};

const commands = {
  assen: ["tally", data("Netherlands_Assen_2024.pb"), "--rule", "mes-add1", "--json"],
  assenTable: ["tally", data("Netherlands_Assen_2024.pb"), "--rule", "mes-add1"],
  amsterdam288: ["tally", data("Netherlands_Amsterdam_288.pb"), "--rule", "greedy", "--json"],
  amsterdam166: ["tally", data("Netherlands_Amsterdam_166.pb"), "--rule", "greedy", "--json"],
  amsterdam166NoCaps: [
    "tally",
    data("Netherlands_Amsterdam_166.pb"),
    "--rule",
    "greedy",
    "--ignore-category-caps",
    "--json",
  ],
  missingSection: ["tally", badFiles.missingSection, "--rule", "greedy"],
  unknownProject: ["tally", badFiles.unknownProject, "--rule", "greedy"],
  badCost: ["tally", badFiles.badCost, "--rule", "mes"],
  unknownRule: ["tally", data("Netherlands_Assen_2024.pb"), "--rule", "borda"],
  noRule: ["tally", data("Netherlands_Assen_2024.pb")],
  missingFile: ["tally", path.join(broken, "nothing-here.pb"), "--rule", "greedy"],
  mesOnPoints: ["tally", data("Switzerland_Zurich_D10.pb"), "--rule", "mes"],
  unknownCommand: ["recount", data("Netherlands_Assen_2024.pb")],
} satisfies Record<string, string[]>;

const runs = {} as Record<keyof typeof commands, CliRun>;

beforeAll(async () => {
  const entries = Object.entries(commands) as [keyof typeof commands, string[]][];
  const results = await Promise.all(entries.map(([, args]) => pb(args)));
  entries.forEach(([name], i) => (runs[name] = results[i]!));
}, 120_000);

afterAll(() => rmSync(broken, { recursive: true, force: true }));

describe("pb tally on the real elections", () => {
  test("Assen 2024 with mes-add1 prints exactly the official winners as JSON", () => {
    const run = runs.assen;
    expect(run.code).toBe(0);
    const official = readSheet("Netherlands_Assen_2024.pb")
      .projects.filter((p) => p.selected === "1")
      .map((p) => p.project_id!);
    const printed = JSON.parse(run.stdout) as { selected: string[]; cost: number };
    expect(Object.keys(printed)).toEqual(["selected", "cost"]);
    expect([...printed.selected].sort()).toEqual([...official].sort());
    expect(run.stdout).toBe('{"selected":["3","9","2","11","13","14","5","6","12"],"cost":76700}\n');
  });

  test("Assen 2024 as a table: project, cost, votes, selected, reason", () => {
    const run = runs.assenTable;
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines[1]).toMatch(/^project\s+cost\s+votes\s+selected\s+reason\s+name$/);
    expect(lines[2]).toMatch(/^3\s+7200\s+43\s+yes \(1\)\s+Selected as number 1: .* PopUp Podium$/);
    expect(lines).toContainEqual(expect.stringMatching(/^8\s+40000\s+25\s+no\s+Not selected: its 25 supporters/));
    expect(lines.at(-1)).toBe("selected 9 projects, total cost 76700 of 100000: 3, 9, 2, 11, 13, 14, 5, 6, 12");
  });

  test("Amsterdam 288 with greedy equals a plain greedy recount", () => {
    const expected = recount(readSheet("Netherlands_Amsterdam_288.pb"), false);
    expect(runs.amsterdam288.code).toBe(0);
    expect(JSON.parse(runs.amsterdam288.stdout)).toEqual(expected);
    expect(expected).toEqual({
      selected: ["36918", "36917", "36920", "36925", "36923", "37000", "36922"],
      cost: 91_503,
    });
  });

  test("Amsterdam 166 with greedy applies budget_per_category as caps, and equals the recount with caps", () => {
    const sheet = readSheet("Netherlands_Amsterdam_166.pb");
    const withCaps = recount(sheet, true);
    expect(runs.amsterdam166.code).toBe(0);
    expect(JSON.parse(runs.amsterdam166.stdout)).toEqual(withCaps);
    expect(withCaps.selected).toHaveLength(29);
    expect(withCaps.cost).toBe(237_791);
    // Without the caps greedy would fund 30 projects for 248221: the caps change the outcome.
    const withoutCaps = recount(sheet, false);
    expect(JSON.parse(runs.amsterdam166NoCaps.stdout)).toEqual(withoutCaps);
    expect([withoutCaps.selected.length, withoutCaps.cost]).toEqual([30, 248_221]);
  });
});

describe("pb tally on bad input: one line naming the line or flag, exit code 2", () => {
  test.each([
    ["missingSection", `pb: ${badFiles.missingSection}: missing section VOTES`],
    ["unknownProject", `pb: ${badFiles.unknownProject}: line 12: vote of voter b names unknown project id 999`],
    ["badCost", `pb: ${badFiles.badCost}: line 8: cost 'dertig' of project 2 is not a non-negative integer`],
    ["unknownRule", "pb: --rule 'borda' is not one of greedy, mes, mes-add1"],
    ["noRule", "pb: --rule is required: one of greedy, mes, mes-add1"],
    ["missingFile", `pb: cannot read file ${path.join(broken, "nothing-here.pb")}: no such file`],
    ["mesOnPoints", "pb: the Method of Equal Shares is defined here for approval ballots only"],
    ["unknownCommand", "pb: unknown command 'recount': use one of tally, replay, export"],
  ] as const)("%s", (name, message) => {
    const run = runs[name];
    expect(run.code).toBe(2);
    expect(errorLines(run)).toEqual([message]);
    expect(run.stdout).toBe("");
  });
});
