/**
 * `pb replay` as a user runs it (a child process): a real election goes through the contracts on
 * an in-process chain, the on-chain winners equal the library's greedy winners, and the exported
 * round (read back from the chain's logs alone) holds exactly the file's ballots.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, describe, expect, test } from "vitest";

import { checkPabulib } from "../../lib/pabulib/check.js";
import { parsePabulib, type PbElection } from "../../lib/pabulib/index.js";
import { compareIds } from "../../lib/tally/index.js";
import { runCli } from "../helpers/cli.js";
import { pabulibDir, readPabulib } from "../helpers/pabulib.js";

const pb = (args: string[]) => runCli("scripts/pb/cli.ts", args);

const out = mkdtempSync(path.join(tmpdir(), "buurtkas-pb-replay-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Each ballot as a canonical string over the original project ids, sorted: the multiset of ballots. */
function ballots(election: PbElection, idOf: (id: string) => string = (id) => id): string[] {
  return election.votes
    .map((vote) => {
      const entries = vote.projectIds.map((id, i) => `${idOf(id)}${vote.points ? `:${vote.points[i]}` : ""}`);
      return entries.sort().join(",");
    })
    .sort();
}

describe.each([
  ["Netherlands_Assen_2024.pb", "approval"],
  ["Switzerland_Zurich_D10.pb", "cumulative"],
])("pb replay %s (%s ballots)", (file, voteType) => {
  test("on-chain winners equal the library's greedy; the exported round holds the file's ballots", async () => {
    const exported = path.join(out, `${file}.export.pb`);
    const run = await pb(["replay", path.join(pabulibDir, file), "--json", "--export", exported]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      voters: number;
      onChain: { selected: string[]; cost: number };
      library: { selected: string[]; cost: number };
      matchesLibraryGreedy: boolean;
      gasPerBallot: { min: number; median: number; max: number };
    };
    const original = parsePabulib(readPabulib(file));
    expect(report.voters).toBe(original.votes.length);
    expect(report.matchesLibraryGreedy).toBe(true);
    expect([...report.onChain.selected].sort()).toEqual([...report.library.selected].sort());
    expect(report.onChain.cost).toBe(report.library.cost);
    expect(report.gasPerBallot.min).toBeGreaterThan(21_000);

    // The export names projects by on-chain proposal id; the replay submitted them in ascending
    // original id on a fresh deployment, so proposal k is the k-th original id.
    const exportedText = readFileSync(exported, "utf8");
    expect(checkPabulib(exportedText).filter((p) => p.level === "error")).toEqual([]);
    const back = parsePabulib(exportedText);
    const sortedOriginal = original.projects.map((p) => p.id).sort(compareIds);
    const exportedIds = back.projects.map((p) => p.id).sort(compareIds);
    expect(exportedIds).toHaveLength(sortedOriginal.length);
    const originalOf = new Map(exportedIds.map((id, i) => [id, sortedOriginal[i]!]));
    const costOf = new Map(original.projects.map((p) => [p.id, p.cost]));
    for (const project of back.projects) expect(project.cost).toBe(costOf.get(originalOf.get(project.id)!));
    expect(back.meta.get("vote_type")).toBe(voteType);
    expect(back.meta.get("budget")).toBe(original.meta.get("budget"));
    // Votes with no project (possible in pabulib) cannot be cast as ballots; every other one is there.
    const cast = { ...original, votes: original.votes.filter((v) => v.projectIds.length > 0) };
    expect(ballots(back, (id) => originalOf.get(id)!)).toEqual(ballots(cast));

    // The chain's selection is in the export and a tally of the export agrees with it.
    const selected = back.projects.filter((p) => p.selected).map((p) => originalOf.get(p.id)!);
    expect(selected.sort()).toEqual([...report.onChain.selected].sort());
    const tally = await pb(["tally", exported, "--rule", "greedy", "--json"]);
    expect(tally.code, tally.stderr).toBe(0);
    const recount = JSON.parse(tally.stdout) as { selected: string[]; cost: number | string };
    expect(recount.selected.map((id) => originalOf.get(id)!).sort()).toEqual(selected.sort());
  });
});

describe("pb replay on bad input: one message, exit code 2, nothing written", () => {
  test("a project that costs more than the budget cannot go on chain", async () => {
    const text = readPabulib("Netherlands_Assen_2024.pb");
    const bad = path.join(out, "too-expensive.pb");
    const lines = text.split(/\r?\n/);
    const header = lines.indexOf("PROJECTS") + 1;
    const columns = lines[header]!.split(";");
    const costColumn = columns.indexOf("cost");
    const cells = lines[header + 1]!.split(";");
    const id = cells[columns.indexOf("project_id")]!;
    cells[costColumn] = "999999999";
    lines[header + 1] = cells.join(";");
    writeFileSync(bad, lines.join("\n"));
    const exported = path.join(out, "never.pb");
    const run = await pb(["replay", bad, "--export", exported]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`project ${id} costs 999999999`);
    expect(run.stdout).toBe("");
    expect(() => readFileSync(exported)).toThrow();
  });

  test("a missing file", async () => {
    const run = await pb(["replay", path.join(out, "nope.pb")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("nope.pb");
  });
});
