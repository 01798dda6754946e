/**
 * The acceptance measurement: Amsterdam 288 (3,057 real ballots, 14 projects) replayed through the
 * contracts with `pb replay`'s replayElection onto an in-process chain served over HTTP, then
 * audited with `npm run audit` as an auditor runs it (a child process, JSON-RPC over HTTP). The
 * audit must match and take under 30 seconds.
 */
import path from "node:path";

import { afterAll, beforeAll, expect, test } from "vitest";

import type { AuditReport } from "../../lib/audit/index.js";
import { budgetOf, metaInteger, toTallyElection, voteTypeOf } from "../../lib/pabulib/index.js";
import { compareIds } from "../../lib/tally/index.js";
import { loadElection } from "../../scripts/pb/load.js";
import { replayElection, type ReplayResult } from "../../scripts/pb/replayRound.js";
import { startRpcProxy, type RpcProxy } from "../backend/support/rpcProxy.js";
import { runCli } from "../helpers/cli.js";
import { pabulibDir } from "../helpers/pabulib.js";

const FILE = path.join(pabulibDir, "Netherlands_Amsterdam_288.pb");

let replay: ReplayResult;
let proxy: RpcProxy;
let ballots: number;

beforeAll(async () => {
  // The same election `pb replay` builds from the file (scripts/pb/replay.ts).
  const election = await loadElection(FILE);
  const budget = budgetOf(election);
  const tally = toTallyElection(election, { tieBreak: "lower-cost-first" });
  const maxSumCost = metaInteger(election, "max_sum_cost");
  const minLength = metaInteger(election, "min_length");
  const maxLength = metaInteger(election, "max_length");
  ballots = tally.ballots.length;
  replay = await replayElection({
    budget,
    ballotType: voteTypeOf(election),
    projects: [...election.projects].sort((a, b) => compareIds(a.id, b.id)).map((p) => ({ id: p.id, cost: p.cost })),
    ballots: [...(tally.ballots as readonly (readonly string[])[])],
    ...(minLength !== undefined ? { minProjects: minLength } : {}),
    ...(maxLength !== undefined ? { maxProjects: maxLength } : {}),
    ...(maxSumCost !== undefined ? { maxBallotCost: BigInt(maxSumCost) } : {}),
    tieBreak: "lower-cost-first",
  });
  const provider = replay.provider as unknown as { send(method: string, params: unknown[]): Promise<unknown> };
  proxy = await startRpcProxy({ upstream: { request: ({ method, params }) => provider.send(method, params ?? []) } });
}, 300_000);

afterAll(async () => {
  await proxy?.close();
  await replay?.close();
});

test("the replayed Amsterdam 288 election audits as a match in under 30 seconds", async () => {
  const started = performance.now();
  const run = await runCli("scripts/audit/cli.ts", [
    "--rpc",
    proxy.url,
    "--round",
    String(replay.roundId),
    "--address",
    replay.budgetRound,
    "--json",
  ]);
  const seconds = (performance.now() - started) / 1000;
  expect(run.code, run.stderr).toBe(0);
  const report = JSON.parse(run.stdout) as AuditReport;
  console.log(
    `audit of Amsterdam 288 (${ballots} ballots, ${report.logs} logs, blocks ${report.blocks.from}..${report.blocks.to}): ` +
      `${seconds.toFixed(1)} s`,
  );
  expect(report.match).toBe(true);
  const district = report.districts[0]!;
  expect(district.ballots.online).toBe(ballots);
  // Proposal k on the fresh deployment is the k-th project by id; the recount's winners are the replay's.
  const sortedIds = (await loadElection(FILE)).projects.map((p) => p.id).sort(compareIds);
  const original = (id: string) => sortedIds[Number(id) - 1]!;
  expect(district.recount.greedy.selected.map(original).sort()).toEqual([...replay.selected].sort());
  expect(district.contract.selectedCost).toBe(replay.cost.toString());
  expect(seconds).toBeLessThan(30);
}, 120_000);
