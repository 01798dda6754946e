/**
 * `exportRound` on a finished round (as read from the chain) and the format's rules: the export
 * passes every rule of {@link FORMAT_RULES}, each rule catches the file that breaks it, and the
 * export re-imports with `pb tally` to the round's own result.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, describe, expect, test } from "vitest";

import { encodeApproval, encodePoints } from "../../lib/ballots/encoding.js";
import type { ChainBallot, ChainRound } from "../../lib/chain/roundLogs.js";
import { checkPabulib, FORMAT_RULES } from "../../lib/pabulib/check.js";
import { exportRound } from "../../lib/pabulib/exportRound.js";
import { parsePabulib, serializePabulib, toTallyElection } from "../../lib/pabulib/index.js";
import { titlesFromApi } from "../../lib/pabulib/titles.js";
import { contentHashOf } from "../../lib/content/index.js";
import { greedy } from "../../lib/tally/index.js";
import { runCli } from "../helpers/cli.js";
import { readPabulib } from "../helpers/pabulib.js";

const CONTRACT = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const address = (n: number) => "0x" + n.toString(16).padStart(40, "0");

/** A finished approval round: district 1, budget 1000, proposals 11..13, six ballots (one on paper). */
function finishedRound(ballotType: "approval" | "cumulative" = "approval"): ChainRound {
  const positions = [
    { proposalId: 11n, cost: 600n },
    { proposalId: 12n, cost: 300n },
    { proposalId: 13n, cost: 250n },
  ];
  const approvals = [[0, 1], [0], [0, 2], [1, 2], [2], [0, 1]];
  const ballots: ChainBallot[] = approvals.map((positionsVoted, i) => ({
    key: i === 5 ? "paper:0x" + "ab".repeat(32) : address(0x1000 + i),
    paper: i === 5,
    district: 1,
    ...(ballotType === "approval"
      ? { selection: encodeApproval(positionsVoted) }
      : { points: encodePoints(new Map(positionsVoted.map((p, j) => [p, j === 0 ? 3 : 1]))) }),
    transactionHash: "0x" + String(i).padStart(64, "0"),
    blockNumber: 100 + i,
    versions: 1,
  }));
  // Greedy on chain: 11 (4 votes, 600) then 13 (3 votes, 250) fit; 12 (3 votes, 300) does not.
  const selected = (1n << 0n) | (1n << 2n);
  return {
    roundId: 7n,
    contract: CONTRACT,
    rules: {
      districts: [1],
      budgets: [1000n],
      schedule: {
        proposalsStart: 1_700_000_000,
        supportStart: 1_700_100_000,
        reviewStart: 1_700_200_000,
        votingStart: 1_714_521_600, // 1 May 2024
        votingEnd: 1_715_731_200, // 15 May 2024
      },
      supportThreshold: 0,
      maxProposalsPerProposer: 0,
      ballotType,
      minProjects: ballotType === "approval" ? 1 : 0,
      maxProjects: ballotType === "approval" ? 2 : 0,
      minBudgetShareBps: 0,
      maxBudgetShareBps: 0,
      totalPoints: ballotType === "cumulative" ? 4 : 0,
      maxPointsPerProject: ballotType === "cumulative" ? 3 : 0,
      tallyRule: "greedy",
      tieBreak: "lower-cost-first",
      objectionWindow: 0,
      secrecy: "public",
      rulesHash: "0x" + "00".repeat(32),
    },
    createdIn: { blockNumber: 10, transactionHash: "0x" + "01".repeat(32) },
    cancelled: false,
    finalized: true,
    proposals: new Map(
      positions.map((p) => [
        p.proposalId,
        {
          id: p.proposalId,
          district: 1,
          proposer: address(0x99),
          requestedCost: p.cost,
          contentHash: "0x" + p.proposalId.toString(16).padStart(64, "c"),
          review: { feasible: true, finalCost: p.cost, reasonHash: "0x" + "00".repeat(32) },
        },
      ]),
    ),
    districts: new Map([
      [
        1,
        {
          id: 1,
          budget: 1000n,
          positions,
          published: true,
          ballots,
          result: { selected, selectedCost: 850n, tallies: [4n, 3n, 3n], transactionHash: "0x" + "02".repeat(32) },
        },
      ],
    ]),
    coverage: { fromBlock: 0, toBlock: 200, toBlockHash: "0x" + "03".repeat(32), logs: 20 },
  };
}

const titles = new Map([
  ["11", "Bankjes op het Koopmansplein"],
  ["12", "Speeltuin De Wip"],
  ["13", "Bloembakken; Vaart"],
]);

const out = mkdtempSync(path.join(tmpdir(), "buurtkas-export-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("exportRound writes what the pabulib format accepts", () => {
  const text = serializePabulib(
    exportRound(finishedRound(), 1, { description: "Assen Top Idee", unit: "Assen", titles }),
  );
  const back = parsePabulib(text);

  test("no problem under any of the format's rules", () => {
    expect(checkPabulib(text)).toEqual([]);
  });

  test("every required META field, in the format's order; a numbered comment", () => {
    expect([...back.meta.keys()]).toEqual([
      "description",
      "country",
      "unit",
      "district",
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
      "language",
      "currency",
      "comment",
    ]);
    expect(back.meta.get("unit")).toBe("Assen");
    expect(back.meta.get("date_begin")).toBe("01.05.2024");
    expect(back.meta.get("date_end")).toBe("15.05.2024");
    expect(back.meta.get("rule")).toBe("greedy");
    expect(back.meta.get("comment")).toMatch(
      /^#1: Exported by Buurtkas from BudgetRound .* #2: voter_id is a pseudonym/,
    );
  });

  test("project names are the titles; votes counted from the ballots; the chain's selection", () => {
    expect(back.projects.map((p) => [p.id, p.name, p.row.votes, p.row.selected])).toEqual([
      ["11", "Bankjes op het Koopmansplein", "4", "1"],
      ["12", "Speeltuin De Wip", "3", "0"],
      ["13", "Bloembakken; Vaart", "3", "1"],
    ]);
  });

  test("voter_id is a stable pseudonym, not the address; voting_method per vote", () => {
    const again = exportRound(finishedRound(), 1, { titles });
    expect(again.votes.map((v) => v.voterId)).toEqual(back.votes.map((v) => v.voterId));
    const otherKey = exportRound(finishedRound(), 1, { titles, pseudonymKey: "secret of the municipality" });
    expect(otherKey.votes.map((v) => v.voterId)).not.toEqual(back.votes.map((v) => v.voterId));
    for (const vote of back.votes) {
      expect(vote.voterId).toMatch(/^[0-9a-f]{16}$/);
      expect(text).not.toContain(vote.voterId === "" ? "-" : address(0x1000));
    }
    expect(new Set(back.votes.map((v) => v.voterId)).size).toBe(6);
    expect(back.votes.map((v) => v.row.voting_method)).toEqual([
      "internet",
      "internet",
      "internet",
      "internet",
      "internet",
      "paper",
    ]);
  });

  test("a proposal whose title is not known is named by its content hash, and the comment says so", () => {
    const partial = serializePabulib(exportRound(finishedRound(), 1, { titles: new Map([["11", "Bankjes"]]) }));
    const parsed = parsePabulib(partial);
    expect(parsed.projects[1]!.name).toBe(`(title unknown; content hash 0x${"c".repeat(64)})`);
    expect(parsed.meta.get("comment")).toContain("#3: Only the content hash is known here for projects 12, 13");
    expect(checkPabulib(partial)).toEqual([]);
  });

  test("cumulative rounds: points highest first, a score column, max_sum_points", () => {
    const cumulative = serializePabulib(exportRound(finishedRound("cumulative"), 1, { titles }));
    expect(checkPabulib(cumulative)).toEqual([]);
    const parsed = parsePabulib(cumulative);
    expect(parsed.meta.get("max_sum_points")).toBe("4");
    expect(parsed.votes[0]).toMatchObject({ projectIds: ["11", "12"], points: [3n, 1n] });
    expect(parsed.projects.map((p) => p.row.score)).toEqual(["12", "5", "5"]);
  });

  test("re-imported with pb tally it gives the round's own result", async () => {
    const file = path.join(out, "round-7.pb");
    writeFileSync(file, text);
    const run = await runCli("scripts/pb/cli.ts", ["tally", file, "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as { selected: string[]; cost: number };
    expect(printed).toEqual({ selected: ["11", "13"], cost: 850 });
    expect(greedy(toTallyElection(back)).selected).toEqual(["11", "13"]);
  });
});

describe("titles from the API, checked against the content hash on chain", () => {
  test("a title whose content hashes to the anchored hash is taken; a swapped or missing one is not", async () => {
    const round = finishedRound();
    const genuine = { title: "Bankjes op het Koopmansplein", summary: "Drie bankjes", body: "..." };
    round.proposals.get(11n)!.contentHash = contentHashOf(genuine);
    const swapped = { title: "Iets anders", summary: "", body: "" };
    round.proposals.get(12n)!.contentHash = contentHashOf({ ...swapped, title: "Speeltuin De Wip" });
    const served = new Map<string, unknown>([
      [round.proposals.get(11n)!.contentHash, genuine],
      [round.proposals.get(12n)!.contentHash, swapped],
    ]);
    const asked: string[] = [];
    const fetchContent = (async (url: URL) => {
      asked.push(url.pathname);
      const hash = url.pathname.split("/").at(-1)!;
      const content = served.get(hash);
      return content === undefined
        ? new Response("{}", { status: 404 })
        : new Response(JSON.stringify({ hash, kind: "proposal", document: content }), { status: 200 });
    }) as typeof fetch;
    const lookup = await titlesFromApi("http://127.0.0.1:1/", round, 1, fetchContent);
    expect([...lookup.titles]).toEqual([["11", "Bankjes op het Koopmansplein"]]);
    expect(lookup.mismatched).toEqual(["12"]);
    expect(asked).toHaveLength(3);
    const text = serializePabulib(exportRound(round, 1, { titles: lookup.titles }));
    expect(parsePabulib(text).projects.map((p) => p.name)).toEqual([
      "Bankjes op het Koopmansplein",
      `(title unknown; content hash ${round.proposals.get(12n)!.contentHash})`,
      `(title unknown; content hash 0x${"c".repeat(63)}d)`,
    ]);
  });
});

describe("checkPabulib: each of the format's rules catches the file that breaks it", () => {
  const valid = serializePabulib(exportRound(finishedRound(), 1, { description: "Test", unit: "Assen", titles }));
  const replace = (from: string | RegExp, to: string) => {
    const changed = valid.replace(from, to);
    expect(changed).not.toBe(valid);
    return changed;
  };
  const voteLine = (i: number) => valid.split("\n")[valid.split("\n").indexOf("VOTES") + 2 + i]!;
  const [firstId] = voteLine(0).split(";");

  const broken: Record<string, string> = {
    structure: replace("VOTES\n", "STEMMEN\n"),
    "meta-required": replace(/unit;Assen\n/, ""),
    "meta-known": replace("language;nl\n", "language;nl\nwethouder;Jansen\n"),
    "meta-order": replace(/(country;Netherlands\n)(unit;Assen\n)/, "$2$1"),
    "meta-values": replace("num_votes;6", "num_votes;7"),
    dates: replace("date_end;15.05.2024", "date_end;2024-05-15"),
    comment: replace("comment;#1: ", "comment;"),
    "project-columns": replace("project_id;cost;votes;name;selected", "project_id;cost;votes;name;selected;wijk"),
    "project-cost": replace("12;300;", "12;0;"),
    "project-cost-sentinel": replace("12;300;", "12;999999999;"),
    "project-selected": replace(/;0\n(13;)/, ";4\n$1"),
    "project-votes": replace("11;600;4;", "11;600;5;"),
    "vote-columns": replace("voter_id;vote;voting_method", "voter_id;vote;voting_method;postcode"),
    vote: replace(voteLine(0), `${firstId};11,11;internet`),
    "voting-method": replace(voteLine(0), voteLine(0).replace("internet", "online")),
    "voter-id-pseudonym": replace(`${firstId};`, `${address(0x1000)};`),
    "rule-followed": replace(/;1\n(12;)/, ";0\n$1"),
  };

  test("the rules, listed: one broken file for each", () => {
    expect(FORMAT_RULES.map((r) => r.id)).toEqual([
      "structure", // META (key;value), PROJECTS, VOTES with headers; unique ids; votes name listed projects
      "meta-required", // description, country, unit, instance, num_projects, num_votes, budget, vote_type, rule, date_begin, date_end
      "meta-known", // only META keys the format defines
      "meta-order", // (warning) META keys in the format's order
      "meta-values", // counts match the file; budget a number; vote_type and rule from the format's lists
      "dates", // YYYY or DD.MM.YYYY, begin not after end
      "comment", // '#1: ...', numbered in order
      "project-columns", // project_id, cost; only defined columns
      "project-cost", // positive whole number, at most the budget
      "project-cost-sentinel", // (warning) 999999999 marks a withdrawn project
      "project-selected", // 0..3; the selected cost at most the budget
      "project-votes", // votes and score columns agree with VOTES
      "vote-columns", // voter_id, vote; only defined columns; points exactly where used
      "vote", // a project at least, none twice, lengths and points within the limits
      "voting-method", // internet or paper
      "voter-id-pseudonym", // (Buurtkas) no account address as voter_id
      "rule-followed", // the selected column is what the rule selects
    ]);
    expect(Object.keys(broken).sort()).toEqual(FORMAT_RULES.map((r) => r.id).sort());
  });

  test.each(FORMAT_RULES.map((r) => [r.id, r.level] as const))("%s (%s)", (rule, level) => {
    const problems = checkPabulib(broken[rule]!);
    expect(problems.map((p) => p.rule)).toContain(rule);
    expect(problems.find((p) => p.rule === rule)!.level).toBe(level);
  });

  test("the real files: Amsterdam 604's project named twice on one ballot, Kraków's withdrawn project", () => {
    expect(checkPabulib(readPabulib("Netherlands_Assen_2024.pb"))).toEqual([]);
    expect(checkPabulib(readPabulib("Netherlands_Amsterdam_604.pb")).map((p) => [p.rule, p.line])).toEqual([
      ["vote", 1927],
      ["vote", 1927],
      ["vote", 1927],
      ["vote", 1927],
    ]);
    expect(checkPabulib(readPabulib("Poland_Krakow_2023_Nowa_Huta.pb")).map((p) => [p.rule, p.level])).toEqual([
      ["project-cost-sentinel", "warning"],
    ]);
  });
});
