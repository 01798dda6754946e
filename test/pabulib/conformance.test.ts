/**
 * Every real election in data/pabulib/, counted with the rule its META names and compared with its
 * official `selected` column where it has one; greedy elections also against a plain recount
 * written here from the raw text (no parser, no tally library). A file that cannot be checked one
 * of these ways is named below with the reason; a file missing from the table fails the test, so
 * none is skipped silently.
 */
import { describe, expect, test } from "vitest";

import { metaOf, parsePabulib, toTallyElection } from "../../lib/pabulib/index.js";
import { ruleOfPabulib, tally, type Rule } from "../../lib/tally/index.js";
import { pabulibFiles, readPabulib } from "../helpers/pabulib.js";

type Check =
  /** The official `selected` column is reproduced; greedy files also equal the plain recount. */
  | { official: true }
  /** No `selected` column: the recount is the only check (greedy files only). */
  | { official: false; reason: string }
  /** Neither can be checked. */
  | { uncheckable: string };

const NO_SELECTED = "pabulib publishes no selected column for this election";

const FILES: Record<string, Check> = {
  "Netherlands_Amsterdam_166.pb": { official: false, reason: NO_SELECTED },
  "Netherlands_Amsterdam_252.pb": { official: false, reason: NO_SELECTED },
  "Netherlands_Amsterdam_288.pb": { official: false, reason: NO_SELECTED },
  "Netherlands_Amsterdam_332.pb": { official: false, reason: NO_SELECTED },
  "Netherlands_Amsterdam_509.pb": { official: false, reason: NO_SELECTED },
  "Netherlands_Amsterdam_604.pb": { official: false, reason: NO_SELECTED },
  "Netherlands_Amsterdam_631.pb": { official: false, reason: NO_SELECTED },
  "Netherlands_Assen_2024.pb": { official: true },
  "Poland_Krakow_2023_Nowa_Huta.pb": { official: true },
  "Poland_Krakow_2023_Podgorze.pb": { official: true },
  "Poland_Swiecie_2023.pb": { official: true },
  "Poland_Warszawa_2023_Bialoleka.pb": { official: true },
  "Poland_Warszawa_2023_Praga-Poludnie.pb": { official: true },
  "Poland_Warszawa_2023_Ursynow.pb": { official: true },
  "Poland_Warszawa_2023_Wola.pb": { official: true },
  "Switzerland_Zurich_D10.pb": {
    uncheckable:
      "an experiment (Qualtrics survey) with rule 'unknown' and no selected column: no official rule to follow, no outcome to compare",
  },
};

const sorted = (ids: Iterable<string>) => [...ids].sort();

test("the table names every file in data/pabulib, and no other", () => {
  expect(Object.keys(FILES).sort()).toEqual(pabulibFiles());
});

describe.each(pabulibFiles())("%s", (file) => {
  const check = FILES[file]!;
  const text = readPabulib(file);
  const election = parsePabulib(text);
  const meta = metaOf(election);
  const rule: Rule | undefined = meta.rule === undefined ? undefined : ruleOfPabulib(meta.rule);

  if ("uncheckable" in check) {
    test(`named as uncheckable: ${check.uncheckable}`, () => {
      expect(rule).toBeUndefined();
      expect(election.projects.every((p) => p.selected === undefined)).toBe(true);
    });
    return;
  }

  const count = () =>
    tally(toTallyElection(election, { categoryCaps: rule === "greedy", ordinal: "positional" }), rule!);

  if (check.official) {
    test(`${meta.rule}: reproduces the official selected column`, () => {
      expect(rule).toBeDefined();
      const official = election.projects.filter((p) => p.selected).map((p) => p.id);
      expect(official.length).toBeGreaterThan(0);
      expect(sorted(count().selected)).toEqual(sorted(official));
    });
  } else {
    test(`no official outcome to compare (${check.reason})`, () => {
      expect(election.projects.every((p) => p.selected === undefined)).toBe(true);
      expect(rule).toBe("greedy");
    });
  }

  if (rule === "greedy") {
    test("greedy equals a plain recount from the raw text", () => {
      const plain = plainGreedy(text);
      const result = count();
      expect(result.selected).toEqual(plain.selected);
      expect(result.cost).toBe(plain.cost);
    });
  }
});

describe("what the parser counted in one definite way, reported", () => {
  test("Amsterdam 604: a project named twice on one ballot counts once and is reported with its line", () => {
    const election = parsePabulib(readPabulib("Netherlands_Amsterdam_604.pb"));
    expect(election.warnings).toContainEqual({
      line: 1927,
      message: "vote of voter 13650977333 names project id 42346 twice; counted once",
    });
    const vote = election.votes.find((v) => v.voterId === "13650977333")!;
    expect(vote.projectIds).toEqual(["42344", "42346", "42350", "42355", "42360"]);
  });

  test("Kraków Nowa Huta: a budget with decimals is read exactly, in cents", () => {
    const election = parsePabulib(readPabulib("Poland_Krakow_2023_Nowa_Huta.pb"));
    expect(election.decimals).toBe(2);
    expect(metaOf(election).budget).toBe(245_848_822n);
    expect(toTallyElection(election).currencyUnit).toBe(100n);
    expect(election.projects.find((p) => p.id === "BO.D18.22/23")!.cost).toBe(62_120_000n);
  });

  test("Kraków: counted as plain approvals instead of points by position, Nowa Huta's outcome is not reproduced", () => {
    const election = parsePabulib(readPabulib("Poland_Krakow_2023_Nowa_Huta.pb"));
    const official = sorted(election.projects.filter((p) => p.selected).map((p) => p.id));
    const asApprovals = tally(toTallyElection(election, { ordinal: "approval" }), "greedy");
    expect(sorted(asApprovals.selected)).not.toEqual(official);
  });
});

// ---------------------------------------------------------------- the plain recount

/**
 * Greedy from the raw text: split on `;` and `,` (these files quote nothing that matters here),
 * money as exact decimals scaled to the file's largest number of decimals, votes counted per
 * voter (a project named twice once), ordinal ballots as points by position (first choice
 * max_length points), by votes descending, equal votes the cheaper first then the lower id,
 * skipping what does not fit the budget or its category's budget_per_category.
 */
function plainGreedy(text: string): { selected: string[]; cost: bigint } {
  const sections = new Map<string, string[][]>();
  let rows: string[][] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line === "META" || line === "PROJECTS" || line === "VOTES") sections.set(line, (rows = []));
    else if (line.trim() !== "") rows.push(line.split(";"));
  }
  const table = (name: string) => {
    const [header, ...body] = sections.get(name)!;
    return body.map((cells) => Object.fromEntries(header!.map((h, i) => [h, cells[i] ?? ""])));
  };
  const meta = new Map(
    sections
      .get("META")!
      .slice(1)
      .map(([k, ...v]) => [k!, v.join(";")]),
  );
  const projects = table("PROJECTS");
  const votes = table("VOTES");

  const amounts = [
    meta.get("budget")!,
    ...projects.map((p) => p.cost!),
    ...(meta.get("budget_per_category") ?? "").split(","),
  ];
  const decimals = Math.max(0, ...amounts.map((a) => (a.split(".")[1] ?? "").replace(/0+$/, "").length));
  const money = (a: string) => {
    const [whole, fraction = ""] = a.trim().split(".");
    return BigInt(whole!) * 10n ** BigInt(decimals) + BigInt(fraction.replace(/0+$/, "").padEnd(decimals, "0") || "0");
  };

  const ordinal = meta.get("vote_type") === "ordinal";
  const length = Number(meta.get("max_length") ?? 0);
  const score = new Map<string, bigint>(projects.map((p) => [p.project_id!, 0n]));
  for (const vote of votes) {
    const ids = [...new Set(vote.vote!.split(",").filter((id) => id !== ""))];
    ids.forEach((id, position) => score.set(id, score.get(id)! + (ordinal ? BigInt(length - position) : 1n)));
  }
  const caps = new Map<string, bigint>();
  if (meta.has("budget_per_category")) {
    const names = meta.get("categories")!.split(",");
    meta
      .get("budget_per_category")!
      .split(",")
      .forEach((cap, i) => caps.set(names[i]!, money(cap)));
  }
  const byId = (a: string, b: string) =>
    /^\d+$/.test(a) && /^\d+$/.test(b) ? Number(BigInt(a) - BigInt(b)) : a < b ? -1 : a > b ? 1 : 0;
  const order = [...projects].sort((a, b) => {
    const sa = score.get(a.project_id!)!;
    const sb = score.get(b.project_id!)!;
    if (sa !== sb) return sa > sb ? -1 : 1;
    const ca = money(a.cost!);
    const cb = money(b.cost!);
    if (ca !== cb) return ca < cb ? -1 : 1;
    return byId(a.project_id!, b.project_id!);
  });
  let left = money(meta.get("budget")!);
  const spent = new Map<string, bigint>();
  const selected: string[] = [];
  for (const project of order) {
    const cost = money(project.cost!);
    const category = project.category?.trim() ?? "";
    const cap = caps.get(category);
    const inCategory = spent.get(category) ?? 0n;
    if (score.get(project.project_id!) === 0n || cost > left) continue;
    if (cap !== undefined && inCategory + cost > cap) continue;
    left -= cost;
    spent.set(category, inCategory + cost);
    selected.push(project.project_id!);
  }
  return { selected, cost: money(meta.get("budget")!) - left };
}
