/**
 * The auditor's recount (lib/audit, `npm run audit`): randomized rounds (random ballots, re-votes,
 * paper ballots) on an in-process chain match; a deliberately miscounting contract build is
 * reported, naming the proposal; the command line reads the chain over HTTP in small getLogs
 * chunks, prints a JSON report another auditor can reproduce, and exits 2 on bad input.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { auditRound, type AuditReport } from "../../lib/audit/index.js";
import type { BudgetRound } from "../../types/ethers-contracts/index.js";
import { errorLines, runCli } from "../helpers/cli.js";
import { repoRoot } from "../helpers/pabulib.js";
import { deploySystem, type System } from "../helpers/system.js";
import { startRpcProxy, type RpcProxy } from "../backend/support/rpcProxy.js";
import { miscountingSource, miscountingSourcePath } from "./support/miscounting.js";
import { finalizeRound, randomRound, type RandomRound } from "./support/randomRound.js";

const audit = (args: string[]) => runCli("scripts/audit/cli.ts", args);

let system: System;
let address: string;

beforeAll(async () => {
  system = await deploySystem();
  address = await system.budgetRound.getAddress();
});

afterAll(async () => {
  await system?.connection.close();
});

/** The test's own ghost tally against the report's recount and the contract's tallies. */
function expectTallies(report: AuditReport, round: RandomRound): void {
  for (const district of report.districts) {
    const ids = round.positions.get(district.district)!.map(String);
    expect(district.positions.map((p) => p.proposalId)).toEqual(ids);
    const expected = round.expected.get(district.district)!.map(String);
    expect(district.recount.tallies.map((t) => t.votes)).toEqual(expected);
    expect(district.contract.tallies.map((t) => t.votes)).toEqual(expected);
  }
}

const runs = [
  { seed: 1, ballotType: "approval" },
  { seed: 2, ballotType: "approval" },
  { seed: 3, ballotType: "approval" },
  { seed: 4, ballotType: "cumulative" },
  { seed: 5, ballotType: "cumulative" },
] as const;

test("lib/audit, for the browser, reaches no Node module: only relative files, ethers and zod", () => {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const [, specifier] of text.matchAll(/^(?:import|export)\s[^;]*?from\s+"([^"]+)"/gms)) {
      if (specifier!.startsWith(".")) visit(path.resolve(path.dirname(file), specifier!.replace(/\.js$/, ".ts")));
      else expect(["ethers", "zod"], `${file} imports ${specifier}`).toContain(specifier);
    }
  };
  visit(path.join(repoRoot, "lib/audit/index.ts"));
  expect(seen.size).toBeGreaterThan(10);
});

describe("randomized rounds: the recount from the logs matches the contract", () => {
  test.each(runs)("seed $seed, $ballotType ballots: during voting and after finalize", async ({ seed, ballotType }) => {
    const round = await randomRound(system, { seed, ballotType });
    expect(round.ballots.replaced).toBeGreaterThan(0);
    expect(round.ballots.paper).toBeGreaterThan(0);

    const during = await auditRound({ provider: system.ethers.provider, address, roundId: round.roundId });
    expect(during.mismatches).toEqual([]);
    expect(during.match).toBe(true);
    expect(during.finalized).toBe(false);
    expectTallies(during, round);
    const ballots = during.districts.reduce(
      (sum, d) => ({ online: sum.online + d.ballots.online, paper: sum.paper + d.ballots.paper }),
      { online: 0, paper: 0 },
    );
    expect(ballots).toEqual({ online: round.ballots.online, paper: round.ballots.paper });

    await finalizeRound(system, round);
    const after = await auditRound({ provider: system.ethers.provider, address, roundId: round.roundId });
    expect(after.mismatches).toEqual([]);
    expect(after.finalized).toBe(true);
    expectTallies(after, round);
    for (const district of after.districts) {
      expect(district.contract.finalized).toBe(true);
      expect([...district.contract.selected!].sort()).toEqual([...district.recount.greedy.selected].sort());
      expect(district.contractEvent!.selectedCost).toBe(district.recount.greedy.cost);
      expect(district.recount.mes === null).toBe(ballotType === "cumulative");
      for (const e of district.recount.greedy.explanation) expect(e.text.length).toBeGreaterThan(0);
    }
  });
});

describe("a miscounting contract build", () => {
  test("is the real BudgetRound.sol with only the marked miscount (npm run build writes it with support/miscounting.ts)", () => {
    expect(readFileSync(miscountingSourcePath, "utf8")).toBe(miscountingSource());
  });

  let cheat: BudgetRound;
  let round: RandomRound;

  beforeAll(async () => {
    const [registry, forwarder] = await Promise.all([system.registry.getAddress(), system.forwarder.getAddress()]);
    cheat = (await system.ethers.deployContract("MiscountingBudgetRound", [
      registry,
      system.admin.address,
      forwarder,
    ])) as unknown as BudgetRound;
    for (const role of [await cheat.ROUND_MANAGER_ROLE(), await cheat.REVIEWER_ROLE(), await cheat.CLERK_ROLE()]) {
      await cheat.grantRole(role, system.official.address);
    }
    round = await randomRound(system, { seed: 7, ballotType: "approval", budgetRound: cheat });
  });

  test("is reported as a mismatch naming the proposal at position 0 and its votes", async () => {
    const report = await auditRound({
      provider: system.ethers.provider,
      address: await cheat.getAddress(),
      roundId: round.roundId,
    });
    expect(report.match).toBe(false);
    for (const district of report.districts) {
      const first = district.positions[0]!.proposalId;
      const votes = report.mismatches.find(
        (m) => m.source === "contract" && m.district === district.district && m.field === "votes",
      );
      // The recount equals the test's own ghost tally; only the contract is off.
      expect(district.recount.tallies.map((t) => t.votes)).toEqual(round.expected.get(district.district)!.map(String));
      if (round.expected.get(district.district)![0]! === 0n && votes === undefined) continue;
      expect(votes).toMatchObject({ proposalId: first, field: "votes" });
      expect(BigInt(votes!.found!)).toBeGreaterThan(BigInt(votes!.recount!));
    }
  });

  test("after finalize the command line names it too and exits 1", async () => {
    await finalizeRound(system, round, cheat);
    const proxy = await startRpcProxy({ upstream: system.connection.provider });
    try {
      const run = await audit([
        "--rpc",
        proxy.url,
        "--round",
        String(round.roundId),
        "--address",
        await cheat.getAddress(),
      ]);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout).toContain("MISMATCH");
      const first = round.positions.get(1)![0]!;
      expect(run.stdout).toMatch(
        new RegExp(`district 1, proposal ${first}: votes — recount from the logs \\d+, contract \\d+`),
      );
      expect(run.stdout).toMatch(
        new RegExp(`district 1, proposal ${first}: votes — recount from the logs \\d+, contract-event \\d+`),
      );
    } finally {
      await proxy.close();
    }
  });
});

describe("npm run audit", () => {
  let proxy: RpcProxy;
  let round: RandomRound;

  beforeAll(async () => {
    round = await randomRound(system, { seed: 11, ballotType: "approval", votersPerDistrict: 8 });
    await finalizeRound(system, round);
    // A provider that refuses eth_getLogs over more than 40 blocks: the audit must chunk.
    proxy = await startRpcProxy({ upstream: system.connection.provider, maxLogBlockRange: 40 });
  });
  afterAll(async () => {
    await proxy?.close();
  });

  test("--json: a match with the pinned block range and hash, exit 0, reproducible with --block", async () => {
    const head = await system.ethers.provider.getBlockNumber();
    const run = await audit(["--rpc", proxy.url, "--round", String(round.roundId), "--address", address, "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as AuditReport;
    expect(report.match).toBe(true);
    expect(report.round).toBe(String(round.roundId));
    expect(report.blocks.from).toBe(0);
    expect(report.blocks.to).toBeGreaterThanOrEqual(head);
    expect(report.blocks.toHash).toBe((await system.ethers.provider.getBlock(report.blocks.to))!.hash);
    expect(report.blocks.to).toBeGreaterThan(40);
    expectTallies(report, round);
    // The default 50,000-block requests were refused and shrank until this provider accepted them.
    const refused = proxy.stats.refusedRanges;
    expect(refused).toBeGreaterThan(0);

    // Another auditor, later, pinned to the same block: the same report.
    await system.networkHelpers.mine(3);
    const again = await audit([
      "--rpc",
      proxy.url,
      "--round",
      String(round.roundId),
      "--address",
      address,
      "--json",
      "--block",
      String(report.blocks.to),
      "--batch-blocks",
      "40",
    ]);
    expect(again.code, again.stderr).toBe(0);
    // 40-block requests are within what the provider allows: nothing refused this time.
    expect(proxy.stats.refusedRanges).toBe(refused);
    const reproduced = JSON.parse(again.stdout) as AuditReport;
    expect(reproduced.blocks).toMatchObject({ ...report.blocks, pinnedBy: "request", head: report.blocks.to + 3 });
    expect({ ...reproduced, blocks: null }).toEqual({ ...report, blocks: null });
  });

  test("the table and --explain give each project's reason under greedy and MES", async () => {
    const run = await audit(["--rpc", proxy.url, "--round", String(round.roundId), "--address", address, "--explain"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("MATCH: the recount from the chain's logs equals the contract's tallies and results");
    expect(run.stdout).toMatch(/proposal\s+cost\s+recount\s+contract\s+event\s+greedy\s+on chain\s+MES/);
    for (const id of round.positions.get(1)!) expect(run.stdout).toContain(`  proposal ${id}\n    greedy: `);
    expect(run.stdout).toMatch(/ {4}MES: {4}(Selected|Not selected)/);
  });

  test("a deployments file gives the contract and its deployment block", async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const dir = mkdtempSync(path.join(tmpdir(), "buurtkas-audit-"));
    try {
      const genesis = (await system.ethers.provider.getBlock(0))!.hash!;
      const deployment = {
        network: "test",
        chainId: 31337,
        genesisHash: genesis,
        deployedAt: new Date().toISOString(),
        contracts: Object.fromEntries(
          Object.entries({
            BuurtkasForwarder: system.forwarder,
            LocalCoin: system.coin,
            ResidentRegistry: system.registry,
            TaskBoard: system.taskBoard,
            BudgetRound: system.budgetRound,
            ResultCommitments: system.resultCommitments,
            SecretBallots: system.secretBallots,
            PaperBallotDesk: system.paperDesk,
          }).map(([name, contract]) => [
            name,
            { address: contract.target as string, blockNumber: 1, transactionHash: genesis },
          ]),
        ),
      };
      const file = path.join(dir, "test.json");
      writeFileSync(file, JSON.stringify(deployment));
      const run = await audit(["--rpc", proxy.url, "--round", String(round.roundId), "--deployment", file, "--json"]);
      expect(run.code, run.stderr).toBe(0);
      expect((JSON.parse(run.stdout) as AuditReport).blocks.from).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([
    [["--round", "1", "--address", "0x0000000000000000000000000000000000000001"], /--rpc URL is required/],
    [["--rpc", "RPC", "--address", "ADDRESS"], /--round ID is required/],
    [["--rpc", "RPC", "--round", "one", "--address", "ADDRESS"], /--round "one" must be a round id/],
    [["--rpc", "RPC", "--round", "0", "--address", "ADDRESS"], /--round "0" must be a round id/],
    [["--rpc", "RPC", "--round", "1"], /give --deployment FILE .* or --address/],
    [["--rpc", "RPC", "--round", "1", "--address", "0x12"], /--address "0x12" is not an address/],
    [["--rpc", "RPC", "--round", "1", "--address", "ADDRESS", "--frobnicate"], /Unknown option '--frobnicate'/],
    [["--rpc", "RPC", "--round", "1", "--address", "ADDRESS", "--lang", "de"], /--lang "de" must be en or nl/],
    [["--rpc", "RPC", "--round", "1", "--address", "ADDRESS", "--api", "ftp://x"], /--api "ftp:\/\/x" must be an http/],
    [
      ["--rpc", "RPC", "--round", "1", "--deployment", "/nonexistent.json"],
      /--deployment \/nonexistent.json: cannot read/,
    ],
    [
      ["--rpc", "http://127.0.0.1:9", "--round", "1", "--address", "ADDRESS"],
      /--rpc http:\/\/127.0.0.1:9 does not answer/,
    ],
    [["--rpc", "RPC", "--round", "999", "--address", "ADDRESS"], /round 999 was not created by/],
    [
      ["--rpc", "RPC", "--round", "1", "--address", "0x00000000000000000000000000000000000000aa"],
      /no contract at 0x00000000000000000000000000000000000000AA/i,
    ],
    [
      ["--rpc", "RPC", "--round", "1", "--address", "ADDRESS", "--block", "99999999"],
      /--block 99999999 is past the chain head/,
    ],
    [
      ["--rpc", "RPC", "--round", "1", "--address", "ADDRESS", "--api", "http://127.0.0.1:9"],
      /the API at http:\/\/127.0.0.1:9 does not answer/,
    ],
  ])("bad input %j: one message, exit code 2", async (args, message) => {
    const filled = args.map((a) => (a === "RPC" ? proxy.url : a === "ADDRESS" ? address : a));
    const run = await audit(filled);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    const lines = errorLines(run);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^audit: /);
    expect(lines[0]).toMatch(message);
  });
});
