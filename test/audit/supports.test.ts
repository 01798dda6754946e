/**
 * The audit recounts supports: per proposal, the ProposalSupported events (online, and paper ones
 * told apart by the desk's PaperSupportWithCodeRecorded event) against the contract's supportCount
 * and the real API's supportCount/paperSupportCount (backend/api over backend/indexer), and the
 * support threshold's decision against the published ballot. An honest chain and API match; a
 * support row altered in the database is named by proposal, exit 1.
 */

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Database } from "../../backend/db/index.js";
import { auditRound, compareSupports } from "../../lib/audit/index.js";
import { readRoundFromChain } from "../../lib/chain/roundLogs.js";
import { signPaperSupport } from "../../lib/paper/index.js";
import { buildCodeTree, codeWallet, generateCode, proofFor } from "../../lib/votecodes/index.js";
import { runCli } from "../helpers/cli.js";
import { Phase, approvalRules, goToPhase, prepareRound, reason, registerResidents } from "../helpers/rounds.js";
import { DAY, YEAR, deploySystem, now, type System } from "../helpers/system.js";
import type { RpcProxy } from "../backend/support/rpcProxy.js";
import { startIndexedApi, type IndexedApi } from "./support/indexedApi.js";

let system: System;
let address: string;
let roundId: bigint;
let proposalIds: bigint[];
let rpc: RpcProxy;
let db: Database;
let apiUrl: string;
let api: IndexedApi | undefined;

/**
 * District 1, threshold 2: proposal A has two online supports and a paper one (on the ballot),
 * B one online and one paper (on the ballot, thanks to the paper form), C one online (off it).
 */
async function supportedRound(): Promise<void> {
  const residents: HardhatEthersSigner[] = system.residents.slice(0, 3);
  const clerk = system.residents[9]!;
  await registerResidents(system, 1, residents);
  await system.paperDesk.connect(system.admin).grantRole(await system.paperDesk.CLERK_ROLE(), clerk.address);
  const codes = [generateCode(), generateCode()];
  const tree = buildCodeTree(codes.map((code) => codeWallet(code).address));
  const until = (await now(system)) + 200 * DAY;
  await (await system.registry.connect(system.admin).publishCodeBatch(1, tree.root, 2, until, until + YEAR)).wait();
  const batchId = await system.registry.codeBatchCount();
  const rules = await approvalRules(system, { districts: [1], budgets: [1000], supportThreshold: 2 });
  const round = await prepareRound(
    system,
    rules,
    [
      { district: 1, cost: 100, supports: 2 },
      { district: 1, cost: 200, supports: 1 },
      { district: 1, cost: 300, supports: 1 },
    ],
    { 1: residents },
    Phase.Support,
  );
  ({ roundId, proposalIds } = round);
  const chainId = (await system.ethers.provider.getNetwork()).chainId;
  const desk = await system.paperDesk.getAddress();
  for (const [i, id] of proposalIds.slice(0, 2).entries()) {
    const code = codes[i]!;
    const signature = await signPaperSupport(code, { desk, chainId, batchId }, id);
    await (
      await system.paperDesk
        .connect(clerk)
        .recordSupport(id, batchId, signature, proofFor(tree, codeWallet(code).address))
    ).wait();
  }
  await goToPhase(system, rules, Phase.Review);
  for (const [i, id] of proposalIds.entries()) {
    await (await system.budgetRound.connect(system.official).review(id, true, 100 * (i + 1), reason(i))).wait();
  }
  await (await system.budgetRound.connect(system.official).publishBallot(roundId, 1)).wait();
}

describe("the audit recounts supports", () => {
  beforeAll(async () => {
    system = await deploySystem();
    address = await system.budgetRound.getAddress();
    await supportedRound();
    api = await startIndexedApi(system);
    ({ rpc, db, apiUrl } = api);
  });

  afterAll(async () => {
    await api?.close();
    await system?.connection.close();
  });

  const audit = () => auditRound({ provider: system.ethers.provider, address, roundId, apiUrl });
  const cli = () =>
    runCli("scripts/audit/cli.ts", [
      ...["--rpc", rpc.url, "--round", String(roundId), "--address", address, "--api", apiUrl],
    ]);

  test("an honest chain and API match: online and paper supports per proposal, the threshold's ballot", async () => {
    const report = await audit();
    expect(report.mismatches).toEqual([]);
    expect(report.supports).toEqual([
      { proposalId: String(proposalIds[0]), district: 1, online: 2, paper: 1, contract: 3, reachedThreshold: true },
      { proposalId: String(proposalIds[1]), district: 1, online: 1, paper: 1, contract: 2, reachedThreshold: true },
      { proposalId: String(proposalIds[2]), district: 1, online: 1, paper: 0, contract: 1, reachedThreshold: false },
    ]);
    const run = await cli();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Supports (threshold 2):");
  });

  test("from a block after the desk's CLERK_ROLE grant, paper supports are still told apart", async () => {
    const created = (await system.budgetRound.queryFilter(system.budgetRound.filters.RoundCreated(roundId)))[0]!;
    const grant = (
      await system.budgetRound.queryFilter(
        system.budgetRound.filters.RoleGranted(await system.budgetRound.CLERK_ROLE()),
      )
    )[0]!;
    expect(created.blockNumber).toBeGreaterThan(grant.blockNumber);
    const report = await auditRound({
      provider: system.ethers.provider,
      address,
      roundId,
      apiUrl,
      fromBlock: created.blockNumber,
    });
    expect(report.mismatches).toEqual([]);
    expect(report.supports.map((s) => [s.online, s.paper])).toEqual([
      [2, 1],
      [1, 1],
      [1, 0],
    ]);
  });

  test("a support row altered in the database is named by proposal, exit 1", async () => {
    const id = proposalIds[2]!;
    await db.sql`update budget_proposal_supported set support_count = support_count + 1 where proposal_id = ${id}`;
    try {
      const report = await audit();
      expect(report.match).toBe(false);
      expect(report.mismatches).toEqual([
        { source: "api", district: 1, proposalId: String(id), field: "supportCount", recount: "1", found: "2" },
      ]);
      const run = await cli();
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout).toContain(`district 1, proposal ${id}: supportCount — recount from the logs 1, api 2`);
    } finally {
      await db.sql`update budget_proposal_supported set support_count = support_count - 1 where proposal_id = ${id}`;
    }
  });

  test("a paper support dropped from the database is named by proposal", async () => {
    const id = proposalIds[1]!;
    const rows = await db.sql`delete from paper_support_recorded where proposal_id = ${id} returning *`;
    try {
      const report = await audit();
      expect(report.mismatches).toEqual([
        { source: "api", district: 1, proposalId: String(id), field: "paperSupportCount", recount: "1", found: "0" },
      ]);
    } finally {
      await db.sql`insert into paper_support_recorded ${db.sql(rows as never)}`;
    }
  });

  test("a ballot that does not follow the threshold, or a count the logs do not give, is named", async () => {
    const round = await readRoundFromChain(system.ethers.provider, address, roundId);
    const report = await audit();
    const district = round.districts.get(1)!;
    // The ballot as a contract that ignored the threshold would have published it.
    district.positions = [...district.positions, { proposalId: proposalIds[2]!, cost: 300n }];
    const tampered = report.supports.map((s, i) => (i === 0 ? { ...s, contract: 4 } : s));
    expect(compareSupports(round, tampered, null)).toEqual([
      {
        source: "contract",
        district: 1,
        proposalId: String(proposalIds[0]),
        field: "supportCount",
        recount: "3",
        found: "4",
      },
      {
        source: "contract",
        district: 1,
        proposalId: String(proposalIds[2]),
        field: "supportThreshold.onBallot",
        recount: "false",
        found: "true",
      },
    ]);
  });
});
