/**
 * `npm run audit -- --api URL`: the API's results and proposals (with content whose hash must be
 * the on-chain contentHash) are compared with the recount from the logs; a row altered in the
 * API's database is reported, naming the proposal and the field.
 *
 * The API here is a stub serving the two routes from rows (test/audit/support/apiStub.ts), written
 * before backend/api landed; it alters rows the real schema cannot easily (content, results).
 * test/audit/api-real.test.ts runs the audit against the real API over a real index.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";

import { auditRound, contentHashOf, type AuditReport } from "../../lib/audit/index.js";
import { readRoundFromChain } from "../../lib/chain/roundLogs.js";
import { runCli } from "../helpers/cli.js";
import { deploySystem, type System } from "../helpers/system.js";
import { startRpcProxy, type RpcProxy } from "../backend/support/rpcProxy.js";
import { contentRound, contents } from "./support/contentRound.js";
import { rowsFromChain, startStubApi, type StubApi, type StubDatabase } from "./support/apiStub.js";

let system: System;
let address: string;
let roundId: bigint;
let rpc: RpcProxy;
let api: StubApi;
let pristine: () => StubDatabase;

beforeAll(async () => {
  system = await deploySystem();
  address = await system.budgetRound.getAddress();
  ({ roundId } = await contentRound(system));

  // The API's database as the indexer would have written it.
  const round = await readRoundFromChain(system.ethers.provider, address, roundId);
  const stored = new Map(contents.map((c) => [contentHashOf(c), c]));
  pristine = () => structuredClone(rowsFromChain(round, stored));
  api = await startStubApi(pristine());
  rpc = await startRpcProxy({ upstream: system.connection.provider });
});

afterAll(async () => {
  await api?.close();
  await rpc?.close();
  await system?.connection.close();
});

beforeEach(() => {
  Object.assign(api.db, pristine());
  delete api.db.indexedBlock;
});

const auditWithApi = () => auditRound({ provider: system.ethers.provider, address, roundId, apiUrl: api.url });

describe("audit --api", () => {
  test("an honest API matches: results, every proposal page, content hashes", async () => {
    const report = await auditWithApi();
    expect(report.mismatches).toEqual([]);
    expect(report.api).toMatchObject({ proposals: 5, proposalsWithContent: 5 });
    for (const district of report.districts) {
      expect(district.api!.tallies).toEqual(district.recount.tallies);
      expect(district.api!.contractSelected).toEqual(district.contract.selected);
    }

    const run = await runCli("scripts/audit/cli.ts", [
      ...["--rpc", rpc.url, "--round", String(roundId), "--address", address, "--api", api.url],
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`API ${api.url}: 5 proposals, 5 with content (hash checked)`);
    expect(run.stdout).toMatch(/proposal\s+cost\s+recount\s+contract\s+event\s+api\s+greedy/);
    expect(run.stdout).toContain("and the API.");
  });

  test("a tally row altered behind the API is named by proposal and field, exit 1", async () => {
    const row = api.db.tallies.find((t) => t.district === 1)!;
    const honest = row.votes;
    row.votes = String(BigInt(honest) + 1n);
    const report = await auditWithApi();
    expect(report.match).toBe(false);
    // Once in the results' tallies, once in the proposal's `votes`.
    expect(report.mismatches).toEqual([
      { source: "api", district: 1, proposalId: row.proposalId, field: "votes", recount: honest, found: row.votes },
      { source: "api", district: 1, proposalId: row.proposalId, field: "votes", recount: honest, found: row.votes },
    ]);

    const run = await runCli("scripts/audit/cli.ts", [
      ...["--rpc", rpc.url, "--round", String(roundId), "--address", address, "--api", api.url, "--json"],
    ]);
    expect(run.code, run.stderr).toBe(1);
    const fromCli = JSON.parse(run.stdout) as AuditReport;
    expect(fromCli.match).toBe(false);
    expect(fromCli.mismatches[0]).toMatchObject({ proposalId: row.proposalId, field: "votes", source: "api" });
  });

  test("altered content (its hash no longer the on-chain contentHash) is named", async () => {
    const proposal = api.db.proposals[2]!;
    api.db.contents.set(proposal.contentHash, { ...contents[2]!, body: "Tegels eruit." });
    const report = await auditWithApi();
    expect(report.mismatches).toHaveLength(1);
    expect(report.mismatches[0]).toMatchObject({
      source: "api",
      proposalId: proposal.proposalId,
      field: "content",
      recount: proposal.contentHash,
    });
  });

  test("altered proposal and result rows are named field by field", async () => {
    api.db.proposals[0]!.finalCost = "1";
    api.db.proposals[1]!.contentHash = "0x" + "00".repeat(32);
    const district2 = api.db.districts.find((d) => d.district === 2)!;
    const dropped = district2.greedySelected.pop()!;
    district2.voters = "4";
    const report = await auditWithApi();
    const named = report.mismatches.map((m) => `${m.district}/${m.proposalId}/${m.field}`).sort();
    expect(named).toEqual(
      [
        `1/${api.db.proposals[0]!.proposalId}/finalCost`,
        `1/${api.db.proposals[1]!.proposalId}/contentHash`,
        `2/${dropped}/greedy.selected`,
        "2/null/voters",
      ].sort(),
    );
  });

  test("pinned to the block the API has indexed (GET /healthz) unless --block says otherwise", async () => {
    const indexed = await system.ethers.provider.getBlockNumber();
    await system.networkHelpers.mine(4);
    api.db.indexedBlock = indexed;
    const report = await auditWithApi();
    expect(report.mismatches).toEqual([]);
    expect(report.blocks).toMatchObject({ to: indexed, pinnedBy: "api", head: indexed + 4 });
    const run = await runCli("scripts/audit/cli.ts", [
      ...["--rpc", rpc.url, "--round", String(roundId), "--address", address, "--api", api.url],
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Pinned to block ${indexed}, which the API has indexed (chain head ${indexed + 4})`);
  });

  test("a round the API does not know is a mismatch, not an error", async () => {
    api.db.rounds.clear();
    const report = await auditWithApi();
    expect(report.mismatches).toEqual([
      { source: "api", district: null, proposalId: null, field: "round", recount: String(roundId), found: null },
    ]);
  });
});
