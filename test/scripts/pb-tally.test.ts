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
  uncountable: brokenFile(
    "uncountable.pb",
    good.map((l, i) => (i === 3 ? "vote_type;quadratic" : l)),
  ),
  cents: brokenFile(
    "cents.pb",
    good.map((l, i) => (i === 2 ? "budget;100.50" : i === 6 ? "1;60.25;Bankjes" : l)),
  ),
  twice: brokenFile(
    "twice.pb",
    good.map((l, i) => (i === 11 ? "b;2,2" : l)),
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
  noRule: ["tally", data("Switzerland_Zurich_D10.pb")],
  metaRule: ["tally", data("Netherlands_Assen_2024.pb"), "--json"],
  pabulibRule: ["tally", data("Poland_Swiecie_2023.pb"), "--rule", "equalshares/add1-comparison"],
  uncountable: ["tally", badFiles.uncountable],
  cents: ["tally", badFiles.cents, "--rule", "greedy", "--json"],
  twice: ["tally", badFiles.twice, "--rule", "greedy", "--json"],
  krakow: ["tally", data("Poland_Krakow_2023_Nowa_Huta.pb"), "--json"],
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

describe("pb tally: rules by name, money with decimals, what it reports", () => {
  test("without --rule it counts by the rule the file's META names (Assen: equalshares/add1)", () => {
    expect(runs.metaRule.code).toBe(0);
    expect(runs.metaRule.stdout).toBe(runs.assen.stdout);
  });

  test("a pabulib rule string: Świecie with the comparison step keeps the MES outcome", () => {
    const run = runs.pabulibRule;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "comparison step: 1245 voters prefer the Method of Equal Shares, 363 greedy: MES outcome kept",
    );
    const official = readSheet("Poland_Swiecie_2023.pb")
      .projects.filter((p) => p.selected === "1")
      .map((p) => p.project_id!);
    const last = run.stdout.trim().split("\n").at(-1)!;
    expect(last.split(": ")[1]!.split(", ").sort()).toEqual([...official].sort());
  });

  test("amounts with decimals are written back as decimals, exactly", () => {
    expect(runs.cents.code).toBe(0);
    expect(runs.cents.stdout).toBe('{"selected":["2","1"],"cost":90.25}\n');
  });

  test("a project named twice on one ballot counts once and is reported on stderr", () => {
    expect(runs.twice.code).toBe(0);
    expect(errorLines(runs.twice)).toEqual([
      `pb: ${badFiles.twice}: line 12: vote of voter b names project id 2 twice; counted once`,
    ]);
    expect(runs.twice.stdout).toBe('{"selected":["2","1"],"cost":90}\n');
  });

  test("Kraków's ordinal ballots with its greedy rule: the official winners, cost in złoty and grosze", () => {
    expect(runs.krakow.code).toBe(0);
    const printed = JSON.parse(runs.krakow.stdout) as { selected: string[]; cost: number };
    const official = readSheet("Poland_Krakow_2023_Nowa_Huta.pb")
      .projects.filter((p) => p.selected === "1")
      .map((p) => p.project_id!);
    expect([...printed.selected].sort()).toEqual([...official].sort());
  });
});

describe("pb tally on bad input: one line naming the line or flag, exit code 2", () => {
  test.each([
    ["missingSection", `pb: ${badFiles.missingSection}: missing section VOTES`],
    ["unknownProject", `pb: ${badFiles.unknownProject}: line 12: vote of voter b names unknown project id 999`],
    ["badCost", `pb: ${badFiles.badCost}: line 8: cost 'dertig' of project 2 is not a non-negative amount`],
    [
      "unknownRule",
      "pb: --rule 'borda' is not one of greedy, mes, mes-add1, mes-comparison, mes-add1-comparison, equalshares, equalshares-comparison, equalshares/add1, equalshares/add1-comparison",
    ],
    [
      "noRule",
      `pb: ${data("Switzerland_Zurich_D10.pb")}: its META names rule 'unknown', which the library does not count; give --rule (greedy, mes, mes-add1, mes-comparison, mes-add1-comparison, equalshares, equalshares-comparison, equalshares/add1, equalshares/add1-comparison)`,
    ],
    [
      "uncountable",
      `pb: ${badFiles.uncountable}: line 4: vote_type 'quadratic' cannot be counted (one of approval, choose-1, ordinal, cumulative, scoring)`,
    ],
    ["missingFile", `pb: cannot read file ${path.join(broken, "nothing-here.pb")}: no such file`],
    [
      "mesOnPoints",
      `pb: ${data("Switzerland_Zurich_D10.pb")}: vote_type cumulative cannot be counted by mes: the Method of Equal Shares takes approval ballots`,
    ],
    ["unknownCommand", "pb: unknown command 'recount': use one of tally, replay, export"],
  ] as const)("%s", (name, message) => {
    const run = runs[name];
    expect(run.code).toBe(2);
    expect(errorLines(run)).toEqual([message]);
    expect(run.stdout).toBe("");
  });
});
