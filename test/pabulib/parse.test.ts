import { describe, expect, test } from "vitest";

import { metaOf, PabulibError, parsePabulib, serializePabulib, toTallyElection } from "../../lib/pabulib/index.js";
import { countVotes } from "../../lib/tally/index.js";
import { pabulibFiles, readPabulib } from "../helpers/pabulib.js";

/** A small valid file; tests break one line at a time. Line numbers are in the comments. */
const SMALL = [
  "META", // 1
  "key;value", // 2
  "description;Test", // 3
  "num_projects;3", // 4
  "num_votes;3", // 5
  "budget;100", // 6
  "vote_type;approval", // 7
  "rule;greedy", // 8
  "PROJECTS", // 9
  "project_id;cost;name;category", // 10
  "1;60;Bankjes;groen", // 11
  "2;30;Speeltuin;spelen", // 12
  "3;20;Bloemen;groen", // 13
  "VOTES", // 14
  "voter_id;vote", // 15
  "a;1,2", // 16
  "b;2,3", // 17
  "c;3", // 18
];
const small = (replace: Record<number, string | null> = {}) =>
  SMALL.flatMap((line, i) => {
    const next = replace[i + 1];
    return next === undefined ? [line] : next === null ? [] : [next];
  }).join("\n");

function parseError(text: string): PabulibError {
  try {
    parsePabulib(text);
  } catch (error) {
    if (error instanceof PabulibError) return error;
    throw error;
  }
  throw new Error("parsed without error");
}

describe("parsePabulib on the real files", () => {
  test.each(pabulibFiles())("%s: counts, typed META, and the file's own vote counts agree", (file) => {
    const election = parsePabulib(readPabulib(file));
    const meta = metaOf(election);
    expect(election.projects).toHaveLength(Number(election.meta.get("num_projects")));
    expect(election.votes).toHaveLength(Number(election.meta.get("num_votes")));
    // Money in the file's scale: 10^decimals units per currency unit, read exactly.
    const [whole, fraction = ""] = election.meta.get("budget")!.split(".");
    const decimals = election.decimals ?? 0;
    expect(meta.budget).toBe(BigInt(whole!) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0"));
    // The PROJECTS votes column is the number of voters naming the project (where a voter named a
    // project twice, pabulib counted both: the parser reports those and counts one); Zurich's and
    // Kraków's score the points (Kraków's ordinal ballots: points by position).
    const counted = countVotes(toTallyElection(election));
    const twice = (id: string) =>
      (election.warnings ?? []).filter((w) => w.message.endsWith(`project id ${id} twice; counted once`)).length;
    for (const project of election.projects) {
      const voters = election.votes.filter((v) => v.projectIds.includes(project.id)).length;
      expect(Number(project.row.votes), `votes of ${project.id}`).toBe(voters + twice(project.id));
      if (meta.voteType === "approval") expect(counted.get(project.id)).toBe(BigInt(voters));
      else expect(counted.get(project.id)).toBe(BigInt(project.row.score!));
    }
  });

  test("typed META entries", () => {
    const assen = parsePabulib(readPabulib("Netherlands_Assen_2024.pb"));
    expect(metaOf(assen)).toEqual({ budget: 100_000n, voteType: "approval", rule: "equalshares/add1", minLength: 2 });
    expect(assen.projects.filter((p) => p.selected).map((p) => p.id)).toEqual([
      "3",
      "9",
      "2",
      "11",
      "13",
      "14",
      "5",
      "6",
      "12",
    ]);
    expect(assen.projects[0]!.name).toBe("PopUp Podium");
    expect(assen.projects[0]!.row.description).toBe("12x per jaar zal er een PopUp Podium opduiken in de stad");

    const kleineWereld = metaOf(parsePabulib(readPabulib("Netherlands_Amsterdam_166.pb")));
    expect(kleineWereld.maxSumCost).toBe(250_000n);
    expect(kleineWereld.rule).toBe("greedy");
    expect([...kleineWereld.budgetPerCategory!]).toEqual([
      ["Armoede", 52_000n],
      ["Eenzaamheid", 37_000n],
      ["Groenonderhoud straten & pleinen", 35_000n],
      ["Jeugdactiviteiten", 54_000n],
      ["Rattenpreventie", 39_000n],
      ["Sportactiviteiten", 33_000n],
    ]);

    const zurich = parsePabulib(readPabulib("Switzerland_Zurich_D10.pb"));
    expect(metaOf(zurich)).toEqual({
      budget: 60_000n,
      voteType: "cumulative",
      rule: "unknown",
      minLength: 1,
      maxLength: 10,
      maxSumPoints: 10n,
    });
    expect(zurich.votes[0]).toMatchObject({ voterId: "QGVT6BFJ", projectIds: ["9", "3", "13"], points: [4n, 3n, 3n] });
    expect(zurich.votes[0]!.row.district_preference).toBe("West");
  });

  test("budgets written as 100000.0 are whole numbers", () => {
    expect(metaOf(parsePabulib(small({ 6: "budget;100.0" }))).budget).toBe(100n);
  });

  test("costs written as 60.0 are whole numbers too", () => {
    const election = parsePabulib(small({ 11: "1;60.0;Bankjes;groen", 6: "budget;100.00" }));
    expect(election.decimals).toBe(0);
    expect(election.projects[0]!.cost).toBe(60n);
  });

  test("decimal money: every amount of the file in its largest number of decimals, exactly", () => {
    const election = parsePabulib(
      small({ 6: "budget;1331751.11", 11: "1;60.5;Bankjes;groen", 8: "rule;greedy\nmax_sum_cost;100.25" }),
    );
    expect(election.decimals).toBe(2);
    expect(metaOf(election).budget).toBe(133_175_111n);
    expect(metaOf(election).maxSumCost).toBe(10_025n);
    expect(election.projects.map((p) => p.cost)).toEqual([6_050n, 3_000n, 2_000n]);
    expect(toTallyElection(election).currencyUnit).toBe(100n);
    // 0.1 + 0.2 in floats is 0.30000000000000004; read as decimals it is exactly 0.3.
    const tiny = parsePabulib(small({ 6: "budget;0.3", 11: "1;0.1;Bankjes;groen", 12: "2;0.2;Speeltuin;spelen" }));
    expect(tiny.projects[0]!.cost + tiny.projects[1]!.cost).toBe(metaOf(tiny).budget);
  });

  test("selected values other than 0 and 1 are kept as written; a positive number means funded", () => {
    const election = parsePabulib(
      small({
        10: "project_id;cost;name;category;selected",
        11: "1;60;Bankjes;groen;2",
        12: "2;30;Speeltuin;spelen;0",
        13: "3;20;Bloemen;groen;ja",
      }),
    );
    expect(election.projects.map((p) => [p.selected, p.row.selected])).toEqual([
      [true, "2"],
      [false, "0"],
      [undefined, "ja"],
    ]);
    expect(election.warnings).toEqual([{ line: 13, message: "selected 'ja' of project 3 is not a number; ignored" }]);
  });

  test("a project named twice on one ballot counts once and is reported", () => {
    const election = parsePabulib(small({ 16: "a;1,2,1" }));
    expect(election.votes[0]!.projectIds).toEqual(["1", "2"]);
    expect(election.warnings).toEqual([
      { line: 16, message: "vote of voter a names project id 1 twice; counted once" },
    ]);
    expect(countVotes(toTallyElection(election)).get("1")).toBe(1n);
  });

  test("choose-1 ballots are approval ballots of one project; two are an error naming the line", () => {
    const choose = (vote: string) => small({ 7: "vote_type;choose-1", 16: vote, 17: "b;2" });
    expect(toTallyElection(parsePabulib(choose("a;1"))).ballots).toEqual([["1"], ["2"], ["3"]]);
    expect(parseError(choose("a;1,2")).message).toBe("line 16: choose-1 vote of voter a names 2 projects");
  });

  test("ordinal ballots: points by position (max_length for the first choice), or plain approvals", () => {
    const election = parsePabulib(small({ 7: "vote_type;ordinal", 8: "rule;greedy\nmax_length;3", 16: "a;2,1" }));
    expect(toTallyElection(election).ballots).toEqual([
      new Map([
        ["2", 3n],
        ["1", 2n],
      ]),
      new Map([
        ["2", 3n],
        ["3", 2n],
      ]),
      new Map([["3", 3n]]),
    ]);
    expect(toTallyElection(election, { ordinal: "approval" }).ballots).toEqual([["2", "1"], ["2", "3"], ["3"]]);
  });
});

describe("serializePabulib", () => {
  test.each(pabulibFiles())(
    "%s round-trips: parse(serialize(parse(x))) equals parse(x), and the text is the same",
    (file) => {
      const text = readPabulib(file);
      const parsed = parsePabulib(text);
      const written = serializePabulib(parsed);
      expect(parsePabulib(written)).toEqual(parsed);
      expect(written).toBe(text.replace(/\r\n/g, "\n"));
    },
  );

  test("quotes fields holding ; or quotes, and reads them back", () => {
    const election = parsePabulib(
      small({ 11: '1;60;"Bankjes; groot";groen', 12: '2;30;"Speeltuin ""De Wip""";spelen' }),
    );
    expect(election.projects[0]!.name).toBe("Bankjes; groot");
    expect(election.projects[1]!.name).toBe('Speeltuin "De Wip"');
    expect(parsePabulib(serializePabulib(election))).toEqual(election);
  });
});

describe("parse errors name the line", () => {
  test.each([
    [
      "a missing section",
      small({ 14: null, 15: null, 16: null, 17: null, 18: null }),
      undefined,
      "missing section VOTES",
    ],
    [
      "a vote naming an unknown project",
      small({ 17: "b;2,999" }),
      17,
      "line 17: vote of voter b names unknown project id 999",
    ],
    [
      "a non-numeric cost",
      small({ 12: "2;abc;Speeltuin;spelen" }),
      12,
      "line 12: cost 'abc' of project 2 is not a non-negative amount",
    ],
    [
      "a negative cost",
      small({ 12: "2;-5;Speeltuin;spelen" }),
      12,
      "line 12: cost '-5' of project 2 is not a non-negative amount",
    ],
    [
      "a repeated project id",
      small({ 13: "1;20;Bloemen;groen" }),
      13,
      "line 13: project id 1 appears again (first on line 11)",
    ],
    ["a voter voting twice", small({ 18: "a;3" }), 18, "line 18: voter a votes again (first on line 16)"],
    [
      "a row longer than its header",
      small({ 11: "1;60;Bankjes;groen;extra" }),
      11,
      "line 11: PROJECTS row has 5 fields but the header has 4",
    ],
    [
      "a missing cost column",
      small({ 10: "project_id;price;name;category" }),
      10,
      "line 10: PROJECTS header has no cost column",
    ],
    ["a non-numeric budget", small({ 6: "budget;veel" }), 6, "line 6: budget 'veel' is not a non-negative amount"],
    [
      "a budget with a decimal comma",
      small({ 6: "budget;100,5" }),
      6,
      "line 6: budget '100,5' is not a non-negative amount",
    ],
    ["no budget", small({ 6: null }), undefined, "META has no budget"],
    [
      "a vote type that cannot be counted",
      small({ 7: "vote_type;quadratic" }),
      7,
      "line 7: vote_type 'quadratic' cannot be counted (one of approval, choose-1, ordinal, cumulative, scoring)",
    ],
    ["text before META", "hello\n" + small(), 1, "line 1: 'hello' comes before the META section"],
    ["a section twice", small() + "\nVOTES", 19, "line 19: section VOTES appears again (first on line 14)"],
    [
      "a META entry without value",
      small({ 3: "description" }),
      3,
      "line 3: META entry 'description' has no ';' and value",
    ],
    ["an unclosed quote", small({ 11: '1;60;"Bankjes;groen' }), 11, "line 11: a quoted field is not closed"],
  ])("%s", (_, text, line, message) => {
    const error = parseError(text);
    expect(error.message).toBe(message);
    expect(error.line).toBe(line);
  });

  test("cumulative votes: points must match the projects and be whole numbers", () => {
    const cumulative = (vote: string) =>
      small({ 7: "vote_type;cumulative", 15: "voter_id;vote;points", 16: vote, 17: "b;2;1", 18: "c;3;1" });
    expect(parsePabulib(cumulative("a;1,2;3,2")).votes[0]!.points).toEqual([3n, 2n]);
    expect(parseError(cumulative("a;1,2;3")).message).toBe("line 16: voter a gives 1 point values for 2 projects");
    expect(parseError(cumulative("a;1,2;3,x")).message).toBe(
      "line 16: points 'x' of voter a are not a non-negative integer",
    );
    expect(parseError(small({ 7: "vote_type;cumulative" })).message).toBe("line 15: VOTES header has no points column");
  });

  test("budget_per_category must match categories", () => {
    const text = small({ 8: "categories;groen,spelen\nbudget_per_category;50" });
    expect(parseError(text).message).toBe("line 9: budget_per_category has 1 values for 2 categories");
    const alone = small({ 8: "budget_per_category;50,50" });
    expect(parseError(alone).message).toBe(
      "line 8: budget_per_category needs a categories entry naming the categories in order",
    );
  });
});

describe("toTallyElection", () => {
  test("passes budget_per_category as category caps only when asked", () => {
    const text = small({ 8: "categories;groen,spelen\nbudget_per_category;70,30" });
    const election = parsePabulib(text);
    expect(toTallyElection(election).categoryCaps).toBeUndefined();
    expect([...toTallyElection(election, { categoryCaps: true }).categoryCaps!]).toEqual([
      ["groen", 70n],
      ["spelen", 30n],
    ]);
    expect(toTallyElection(election, { tieBreak: "lower-id-first" })).toMatchObject({
      budget: 100n,
      tieBreak: "lower-id-first",
      ballots: [["1", "2"], ["2", "3"], ["3"]],
      projects: [
        { id: "1", cost: 60n, category: "groen" },
        { id: "2", cost: 30n, category: "spelen" },
        { id: "3", cost: 20n, category: "groen" },
      ],
    });
  });
});
