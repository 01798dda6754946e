/**
 * `npm run audit -- --api URL --deployment FILE`: the API's role holders (GET /api/roles, from the
 * index) are compared with the fold of the contracts' role logs at the block the API's index has
 * reached; a holder added or removed behind the API is named with its contract, role and account.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { Wallet, id } from "ethers";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Database } from "../../backend/db/index.js";
import { auditRoles, auditRound, type AuditedRoleContract } from "../../lib/audit/index.js";
import type { Deployment } from "../../lib/contracts/deployments.js";
import { ROLE_CONTRACT_NAMES } from "../../lib/contracts/roles.js";
import { runCli } from "../helpers/cli.js";
import { deploySystem, type System } from "../helpers/system.js";
import { deploymentOf } from "../backend/support/chain.js";
import { contentRound } from "./support/contentRound.js";
import { startIndexedApi, type IndexedApi } from "./support/indexedApi.js";

let system: System;
let deployment: Deployment;
let roundId: bigint;
let api: IndexedApi;
let db: Database;
let contracts: AuditedRoleContract[];
const REGISTRAR = id("REGISTRAR_ROLE");

beforeAll(async () => {
  system = await deploySystem();
  ({ roundId } = await contentRound(system));
  // A revocation too, so the fold has something to take away.
  const former = Wallet.createRandom().address;
  await (await system.registry.grantRole(REGISTRAR, former)).wait();
  await (await system.registry.revokeRole(REGISTRAR, former)).wait();
  deployment = await deploymentOf(system);
  contracts = ROLE_CONTRACT_NAMES.map((name) => ({
    name,
    address: deployment.contracts[name].address,
    fromBlock: deployment.contracts[name].blockNumber,
  }));
  api = await startIndexedApi(system);
  db = api.db;
});

afterAll(async () => {
  await api?.close();
  await system?.connection.close();
});

const audit = () => auditRoles({ provider: system.ethers.provider, apiUrl: api.apiUrl, contracts });

describe("audit --api: role holders", () => {
  test("the honest API matches the role logs, also as part of the round's audit", async () => {
    const { report, mismatches } = await audit();
    expect(mismatches).toEqual([]);
    expect(report).toEqual({
      block: await system.ethers.provider.getBlockNumber(),
      contracts: 7,
      holders: Number((await db.sql<{ count: bigint }[]>`select count(*) from role_holders`)[0]!.count),
    });
    expect(report!.holders).toBeGreaterThan(15);
    const round = await auditRound({
      provider: system.ethers.provider,
      address: deployment.contracts.BudgetRound.address,
      roundId,
      apiUrl: api.apiUrl,
      roleContracts: contracts,
    });
    expect(round.mismatches).toEqual([]);
    expect(round.roles).toEqual(report);
  });

  test("a holder removed from the index and one added are each named with contract, role and account", async () => {
    const registry = deployment.contracts.ResidentRegistry.address.toLowerCase();
    const admin = system.admin.address.toLowerCase();
    const intruder = Wallet.createRandom().address.toLowerCase();
    const [held] = await db.sql`
      delete from role_holders where contract = ${registry} and role = ${REGISTRAR} and account = ${admin} returning *
    `;
    await db.sql`
      insert into role_holders (contract, role, account, granted_by, block_number, log_index, block_time, tx_hash)
      values (${registry}, ${id("MODERATOR_ROLE")}, ${intruder}, ${admin}, 1, 0, now(), ${"0x" + "00".repeat(32)})
    `;
    try {
      const { mismatches } = await audit();
      expect(mismatches).toHaveLength(2);
      expect(mismatches).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            source: "api",
            field: `role ResidentRegistry.REGISTRAR_ROLE ${admin}`,
            recount: "true",
            found: "false",
          }),
          expect.objectContaining({
            source: "api",
            field: `role ResidentRegistry.MODERATOR_ROLE ${intruder}`,
            recount: "false",
            found: "true",
          }),
        ]),
      );
    } finally {
      await db.sql`delete from role_holders where account = ${intruder}`;
      await db.sql`insert into role_holders ${db.sql(held!)}`;
    }
    expect((await audit()).mismatches).toEqual([]);
  });

  test("the CLI with --deployment and --api compares the roles and says so", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "audit-roles-"));
    try {
      const file = path.join(dir, "test.json");
      writeFileSync(file, JSON.stringify(deployment));
      const run = await runCli("scripts/audit/cli.ts", [
        ...["--rpc", api.rpc.url, "--round", String(roundId), "--deployment", file, "--api", api.apiUrl],
      ]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/Roles: \d+ role holders on 7 contracts from the chain's role logs up to block \d+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
