/**
 * Roles in the index and the API: every RoleGranted and RoleRevoked of the deployment's contracts
 * becomes a row (who, by whom, block and transaction) and `role_holders` is their fold, equal to a
 * fold of the chain's logs (lib/chain/roleLogs.ts) and to `hasRole`; grants and revocations
 * follow, and a reorg that takes a grant (or a revocation) back takes it out of the index too.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { Wallet, ZeroHash, id } from "ethers";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { createApp, type ApiApp } from "../../backend/api/index.js";
import { directoryOf, rolesView } from "../../backend/api/roles/routes.js";
import type { Database } from "../../backend/db/index.js";
import { createDecoder, indexedContracts } from "../../backend/indexer/decode.js";
import { createIndexer, type Indexer } from "../../backend/indexer/index.js";
import { toSqlRow } from "../../backend/indexer/projections/sql.js";
import type { AccountRoles, Page, RoleChange, RolesAnswer } from "../../lib/api/schemas.js";
import { holdersOf, readRoleHolders } from "../../lib/chain/roleLogs.js";
import type { Deployment } from "../../lib/contracts/deployments.js";
import { ROLE_CONTRACT_NAMES, declaredRoles, type RoleContract } from "../../lib/contracts/roles.js";
import { contractInterfaces } from "../../lib/contracts/interfaces.js";
import { connectContract } from "../../generated/contracts.js";
import { createTestDatabase } from "../helpers/database.js";
import { deploySystem, type System } from "../helpers/system.js";
import { deploymentOf } from "./support/chain.js";
import { dumpIndex } from "./support/compare.js";

let system: System;
let db: Database;
let deployment: Deployment;
let indexer: Indexer;
let app: ApiApp;
let server: Server;
let base: string;

const REGISTRAR = id("REGISTRAR_ROLE");
const MODERATOR = id("MODERATOR_ROLE");

beforeAll(async () => {
  system = await deploySystem();
  deployment = await deploymentOf(system);
  db = await createTestDatabase();
  indexer = createIndexer({
    db,
    provider: system.ethers.provider,
    deployment,
    batchBlocks: 7,
    pollIntervalMs: 10,
    retry: { baseDelayMs: 1, maxDelayMs: 10 },
  });
  app = createApp({ db, provider: system.ethers.provider, deployment, checkResponses: true });
  server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await indexer?.stop();
  app?.close();
  await new Promise((resolve) => server?.close(resolve));
  await db?.close();
});

async function get<T>(path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${base}${path}`);
  return { status: response.status, body: (await response.json()) as T };
}

const roles = async () => (await get<RolesAnswer>("/api/roles")).body;
const changesOf = async (query: string) => {
  const { status, body } = await get<Page<RoleChange>>(`/api/roles/history?${query}`);
  expect(status).toBe(200);
  return body;
};
const registry = () => deployment.contracts.ResidentRegistry.address.toLowerCase();

/** The holders the API gives for a role of a contract, as lowercase addresses in grant order. */
function served(answer: RolesAnswer, contractAddress: string, role: string): string[] {
  const contract = answer.contracts.find((c) => c.address === contractAddress.toLowerCase())!;
  return contract.roles.find((r) => r.role === role)?.holders.map((h) => h.account) ?? [];
}

/** The index, the API, a fold of the chain's logs and hasRole all agree on every role of every contract. */
async function expectIndexMatchesChain(): Promise<void> {
  const answer = await roles();
  const head = await system.ethers.provider.getBlockNumber();
  expect(answer.indexedBlock).toBe(head);
  const addresses = ROLE_CONTRACT_NAMES.map((c) => deployment.contracts[c].address);
  const fromLogs = await readRoleHolders(system.ethers.provider, addresses, { fromBlock: 0, toBlock: head });
  expect(answer.contracts.map((c) => c.contract)).toEqual(ROLE_CONTRACT_NAMES);
  for (const contract of answer.contracts) {
    const handle = connectContract(contract.contract, contract.address, system.ethers.provider);
    const everyone = new Set([...(fromLogs.get(contract.address)?.values() ?? [])].flat());
    for (const role of contract.roles) {
      const holders = role.holders.map((h) => h.account);
      expect(holders, `${contract.contract} ${role.name}`).toEqual([
        ...holdersOf(fromLogs, contract.address, role.role),
      ]);
      for (const account of everyone) {
        expect(holders.includes(account)).toBe(await handle.getFunction("hasRole")(role.role, account));
      }
      // Since when and by whom: the RoleGranted event of the holder's grant.
      for (const holder of role.holders) {
        const receipt = (await system.ethers.provider.getTransactionReceipt(holder.txHash))!;
        expect(receipt.blockNumber.toString()).toBe(holder.blockNumber);
        const granted = receipt.logs
          .map((log) => (log.address.toLowerCase() === contract.address ? handle.interface.parseLog(log) : null))
          .find(
            (e) =>
              e?.name === "RoleGranted" && e.args.role === role.role && e.args.account.toLowerCase() === holder.account,
          );
        expect(granted?.args.sender.toLowerCase()).toBe(holder.grantedBy);
        expect(holder.time).toBe((await system.ethers.provider.getBlock(receipt.blockNumber))!.timestamp);
      }
    }
  }
}

async function snapshot(): Promise<string> {
  return (await system.connection.provider.request({ method: "evm_snapshot" })) as string;
}

async function revert(snapshotId: string): Promise<void> {
  expect(await system.connection.provider.request({ method: "evm_revert", params: [snapshotId] })).toBe(true);
}

describe("roles in the index", () => {
  test("the deployment's grants: every contract's roles with their holders, equal to the chain", async () => {
    await indexer.catchUp();
    const answer = await roles();
    const admin = system.admin.address.toLowerCase();
    for (const contract of answer.contracts) {
      // Every declared role is listed (the admin role first), held or not.
      expect(contract.roles.map((r) => r.name)).toEqual(
        declaredRoles(contract.contract as RoleContract).map((r) => r.name),
      );
      expect(contract.roles[0]).toMatchObject({ role: ZeroHash, name: "DEFAULT_ADMIN_ROLE", adminRole: ZeroHash });
      expect(served(answer, contract.address, ZeroHash)).toEqual([admin]);
    }
    expect(served(answer, deployment.contracts.BudgetRound.address, id("CLERK_ROLE"))).toEqual([
      deployment.contracts.PaperBallotDesk.address.toLowerCase(),
      system.official.address.toLowerCase(),
    ]);
    expect(served(answer, deployment.contracts.BudgetRound.address, id("BALLOT_BOX_ROLE"))).toEqual([
      deployment.contracts.SecretBallots.address.toLowerCase(),
    ]);
    await expectIndexMatchesChain();
  });

  test("a grant and a revocation: the history keeps both, the holders and the account's roles follow", async () => {
    const [first, second] = [Wallet.createRandom().address.toLowerCase(), Wallet.createRandom().address.toLowerCase()];
    const grant = await (await system.registry.grantRole(REGISTRAR, first)).wait();
    const secondGrant = await (await system.registry.grantRole(REGISTRAR, second)).wait();
    const revoke = await (await system.registry.revokeRole(REGISTRAR, first)).wait();
    await indexer.catchUp();

    const history = await db.sql<{ table: string; account: string; sender: string; tx_hash: string }[]>`
      select 'granted' as table, account, sender, tx_hash, block_number, log_index from role_granted
        where contract = ${registry()} and role = ${REGISTRAR} and account = ${first}
      union all
      select 'revoked', account, sender, tx_hash, block_number, log_index from role_revoked
        where contract = ${registry()} and role = ${REGISTRAR} and account = ${first}
      order by block_number, log_index
    `;
    const admin = system.admin.address.toLowerCase();
    expect(history.map((r) => [r.table, r.account, r.sender, r.tx_hash])).toEqual([
      ["granted", first, admin, grant!.hash.toLowerCase()],
      ["revoked", first, admin, revoke!.hash.toLowerCase()],
    ]);
    expect(served(await roles(), registry(), REGISTRAR)).toEqual([admin, second]);

    // The history route serves the same changes, newest first, named.
    const time = async (block: number) => (await system.ethers.provider.getBlock(block))!.timestamp;
    const changes = await changesOf(
      `contract=ResidentRegistry&role=REGISTRAR_ROLE&account=${first.toUpperCase().replace("0X", "0x")}`,
    );
    expect(changes).toEqual({
      items: [
        {
          kind: "revoked",
          contract: "ResidentRegistry",
          contractAddress: registry(),
          role: REGISTRAR,
          name: "REGISTRAR_ROLE",
          account: first,
          by: admin,
          previousAdminRole: null,
          previousAdminName: null,
          newAdminRole: null,
          newAdminName: null,
          blockNumber: String(revoke!.blockNumber),
          logIndex: revoke!.logs[0]!.index,
          txHash: revoke!.hash.toLowerCase(),
          time: await time(revoke!.blockNumber),
        },
        expect.objectContaining({
          kind: "granted",
          account: first,
          by: admin,
          blockNumber: String(grant!.blockNumber),
          txHash: grant!.hash.toLowerCase(),
          time: await time(grant!.blockNumber),
        }),
      ],
      nextCursor: null,
    });
    // The role given as its id is the same filter; without the account, the second grant is listed too.
    const byId = await changesOf(`contract=ResidentRegistry&role=${REGISTRAR}`);
    expect(byId.items.slice(0, 3).map((c) => [c.kind, c.account])).toEqual([
      ["revoked", first],
      ["granted", second],
      ["granted", first],
    ]);

    const mine = await get<AccountRoles>(`/api/roles/${second.toUpperCase().replace("0X", "0x")}`);
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({
      account: second,
      indexedBlock: await system.ethers.provider.getBlockNumber(),
      roles: [
        {
          contract: "ResidentRegistry",
          contractAddress: registry(),
          role: REGISTRAR,
          name: "REGISTRAR_ROLE",
          grantedBy: admin,
          blockNumber: String(secondGrant!.blockNumber),
          txHash: secondGrant!.hash.toLowerCase(),
          time: (await system.ethers.provider.getBlock(secondGrant!.blockNumber))!.timestamp,
        },
      ],
    });
    expect((await get<AccountRoles>(`/api/roles/${first}`)).body.roles).toEqual([]);
    // The admin holds the admin role of all seven contracts, besides its other roles.
    const adminRoles = (await get<AccountRoles>(`/api/roles/${admin}`)).body.roles;
    expect(
      adminRoles
        .filter((r) => r.role === ZeroHash)
        .map((r) => r.contract)
        .sort(),
    ).toEqual([...ROLE_CONTRACT_NAMES].sort());
    await expectIndexMatchesChain();
  });

  test("a reorg that takes a grant back removes it; one that takes a revocation back restores the holder", async () => {
    const moderator = Wallet.createRandom().address.toLowerCase();
    const admin = system.admin.address.toLowerCase();
    const before = await snapshot();
    await (await system.registry.grantRole(MODERATOR, moderator)).wait();
    await (await system.registry.revokeRole(REGISTRAR, admin)).wait();
    await indexer.catchUp();
    expect(served(await roles(), registry(), MODERATOR)).toEqual([admin, moderator]);
    expect(served(await roles(), registry(), REGISTRAR)).not.toContain(admin);
    expect((await changesOf(`account=${moderator}`)).items.map((c) => [c.kind, c.name])).toEqual([
      ["granted", "MODERATOR_ROLE"],
    ]);
    expect((await changesOf(`account=${admin}&role=REGISTRAR_ROLE&contract=ResidentRegistry`)).items[0]?.kind).toBe(
      "revoked",
    );
    const oldHead = await system.ethers.provider.getBlockNumber();

    // The other branch: neither transaction, another one instead, and a longer chain.
    await revert(before);
    const other = Wallet.createRandom().address.toLowerCase();
    await (await system.registry.grantRole(MODERATOR, other)).wait();
    await system.networkHelpers.mine(oldHead - (await system.ethers.provider.getBlockNumber()) + 2);
    await indexer.catchUp();

    const answer = await roles();
    expect(served(answer, registry(), MODERATOR)).toEqual([admin, other]);
    expect(served(answer, registry(), REGISTRAR)).toContain(admin);
    const [left] = await db.sql<{ count: bigint }[]>`select count(*) from role_granted where account = ${moderator}`;
    expect(left!.count).toBe(0n);
    // The history no longer lists the grant of the dropped branch, nor its revocation; the new grant it does.
    expect((await changesOf(`account=${moderator}`)).items).toEqual([]);
    expect((await changesOf(`account=${admin}&role=REGISTRAR_ROLE&contract=ResidentRegistry`)).items[0]?.kind).toBe(
      "granted",
    );
    expect((await changesOf(`account=${other}`)).items.map((c) => [c.kind, c.name])).toEqual([
      ["granted", "MODERATOR_ROLE"],
    ]);
    await expectIndexMatchesChain();

    // An uninterrupted index of this chain has the same rows.
    const fresh = await createTestDatabase();
    try {
      const reference = createIndexer({ db: fresh, provider: system.ethers.provider, deployment, batchBlocks: 1000 });
      await reference.catchUp();
      const tables = ["role_granted", "role_revoked", "role_admin_changed", "role_holders"];
      const pick = (dump: Record<string, string[]>) => Object.fromEntries(tables.map((t) => [t, dump[t]]));
      expect(pick(await dumpIndex(db.sql))).toEqual(pick(await dumpIndex(fresh.sql)));
    } finally {
      await fresh.close();
    }
  });
});

describe("the roles API", () => {
  test("an account that is not an address is refused, naming the field and the value", async () => {
    for (const bad of ["0x12345", "alice", `0x${"g".repeat(40)}`]) {
      const { status, body } = await get<{ error: { code: string; message: string; details: unknown[] } }>(
        `/api/roles/${bad}`,
      );
      expect(status).toBe(400);
      expect(body.error.code).toBe("invalid_request");
      expect(body.error.details[0]).toMatchObject({ field: "params.address", value: bad });
      expect(body.error.message).toContain("params.address");
    }
  });

  test("the three routes are in the OpenAPI document with their response schemas", async () => {
    const { body } = await get<{ paths: Record<string, { get?: { responses: Record<string, unknown> } }> }>(
      "/api/openapi.json",
    );
    expect(body.paths["/api/roles"]?.get?.responses["200"]).toBeDefined();
    expect(body.paths["/api/roles/{address}"]?.get?.responses["200"]).toBeDefined();
    expect(body.paths["/api/roles/history"]?.get?.responses["200"]).toBeDefined();
  });

  test("the history pages newest first: every change once, the cursor continuing where a page ended", async () => {
    const all = await changesOf("limit=200");
    expect(all.nextCursor).toBeNull();
    const [granted] = await db.sql<{ count: bigint }[]>`select count(*) from role_granted`;
    const [revoked] = await db.sql<{ count: bigint }[]>`select count(*) from role_revoked`;
    const [changed] = await db.sql<{ count: bigint }[]>`select count(*) from role_admin_changed`;
    expect(all.items.length).toBe(Number(granted!.count + revoked!.count + changed!.count));
    const order = all.items.map((c) => [BigInt(c.blockNumber), c.logIndex] as const);
    for (let i = 1; i < order.length; i++) {
      const [[b0, l0], [b1, l1]] = [order[i - 1]!, order[i]!];
      expect(b0 > b1 || (b0 === b1 && l0 > l1)).toBe(true);
    }
    // The deployment's first grant, oldest of all: the admin role to the deployer, by the deployer.
    const admin = system.admin.address.toLowerCase();
    expect(all.items.at(-1)).toMatchObject({ kind: "granted", name: "DEFAULT_ADMIN_ROLE", account: admin, by: admin });

    const pages: RoleChange[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const next: Page<RoleChange> = await changesOf(`limit=7${cursor ? `&before=${cursor}` : ""}`);
      expect(next.items.length).toBeLessThanOrEqual(7);
      pages.push(...next.items);
      cursor = next.nextCursor;
    }
    expect(pages).toEqual(all.items);

    const clerks = await changesOf("role=CLERK_ROLE&contract=BudgetRound");
    expect(clerks.items.map((c) => c.account).sort()).toEqual(
      [deployment.contracts.PaperBallotDesk.address.toLowerCase(), system.official.address.toLowerCase()].sort(),
    );
    for (const c of (await changesOf("contract=TaskBoard&limit=200")).items) expect(c.contract).toBe("TaskBoard");
  });

  test("a bad history filter is refused, naming the field and the value", async () => {
    const cases: [string, string, string][] = [
      ["contract=Nonsense", "query.contract", "Nonsense"],
      ["role=NO_SUCH_ROLE", "query.role", "NO_SUCH_ROLE"],
      // A role another contract declares, not this one.
      ["contract=LocalCoin&role=REVIEWER_ROLE", "query.role", "REVIEWER_ROLE"],
      ["account=0x12345", "query.account", "0x12345"],
      ["before=abc", "query.before", "abc"],
      ["before=12", "query.before", "12"],
      ["before=99999999999999999999-0", "query.before", "99999999999999999999-0"],
      ["limit=0", "query.limit", "0"],
    ];
    for (const [query, field, value] of cases) {
      const { status, body } = await get<{ error: { code: string; message: string; details: unknown[] } }>(
        `/api/roles/history?${query}`,
      );
      expect(status, query).toBe(400);
      expect(body.error.code).toBe("invalid_request");
      expect(body.error.details[0]).toMatchObject({ field, value });
      expect(body.error.message).toContain(field);
    }
  });

  test("a RoleAdminChanged log becomes its row, and the API names the role's new admin", async () => {
    // No contract of the system changes a role's admin, so the log is made here.
    const decoder = createDecoder(
      Object.fromEntries(indexedContracts.map((c) => [c, deployment.contracts[c].address])) as Parameters<
        typeof createDecoder
      >[0],
    );
    const board = deployment.contracts.TaskBoard.address.toLowerCase();
    const [poster, custodian] = [id("TASK_POSTER_ROLE"), id("CUSTODIAN_ROLE")];
    const { topics, data } = contractInterfaces.TaskBoard.encodeEventLog("RoleAdminChanged", [
      poster,
      ZeroHash,
      custodian,
    ]);
    const head = await system.ethers.provider.getBlock("latest");
    const event = decoder.decode(
      {
        address: board,
        topics,
        data,
        blockNumber: head!.number,
        blockHash: head!.hash!,
        transactionHash: ZeroHash,
        index: 999,
      },
      new Date(head!.timestamp * 1000),
    );
    expect(event.spec.table).toBe("role_admin_changed");
    expect(event.row).toEqual({ role: poster, previous_admin_role: ZeroHash, new_admin_role: custodian });
    await db.sql`insert into role_admin_changed ${db.sql(toSqlRow({ ...event.meta, ...event.row }))}`;
    try {
      const taskBoard = (await roles()).contracts.find((c) => c.contract === "TaskBoard")!;
      expect(taskBoard.roles.find((r) => r.role === poster)!.adminRole).toBe(custodian);
      for (const other of taskBoard.roles) if (other.role !== poster) expect(other.adminRole).toBe(ZeroHash);
      // The role named only by the change is listed too, without a name.
      expect(taskBoard.roles.at(-1)).toEqual({ role: custodian, name: null, adminRole: ZeroHash, holders: [] });
      // The history lists the change, naming both admin roles; a filter by account leaves it out.
      const [change] = (await changesOf("contract=TaskBoard&role=TASK_POSTER_ROLE")).items;
      expect(change).toMatchObject({
        kind: "admin-changed",
        name: "TASK_POSTER_ROLE",
        account: null,
        by: null,
        previousAdminRole: ZeroHash,
        previousAdminName: "DEFAULT_ADMIN_ROLE",
        newAdminRole: custodian,
        // TaskBoard declares no CUSTODIAN_ROLE.
        newAdminName: null,
        logIndex: 999,
      });
      const admin = system.admin.address.toLowerCase();
      expect((await changesOf(`account=${admin}&limit=200`)).items.some((c) => c.kind === "admin-changed")).toBe(false);
    } finally {
      await db.sql`delete from role_admin_changed where log_index = 999`;
    }
  });

  test("a changed admin role and a granted role the ABI does not declare are shown as they are", () => {
    const contract = deployment.contracts.TaskBoard.address.toLowerCase();
    const custom = id("NOT_DECLARED_ROLE");
    const poster = id("TASK_POSTER_ROLE");
    const holder = {
      contract,
      role: custom,
      account: "0x" + "ab".repeat(20),
      granted_by: "0x" + "cd".repeat(20),
      block_number: "12",
      tx_hash: "0x" + "01".repeat(32),
      time: "1700000000",
    };
    const view = rolesView(directoryOf(deployment), {
      indexedBlock: 12,
      holders: [holder],
      admins: [{ contract, role: poster, admin_role: custom }],
    });
    const roles = view.contracts.find((c) => c.contract === "TaskBoard")!.roles;
    expect(roles.find((r) => r.role === poster)).toMatchObject({
      name: "TASK_POSTER_ROLE",
      adminRole: custom,
      holders: [],
    });
    expect(roles.at(-1)).toEqual({
      role: custom,
      name: null,
      adminRole: ZeroHash,
      holders: [
        {
          account: holder.account,
          grantedBy: holder.granted_by,
          blockNumber: "12",
          txHash: holder.tx_hash,
          time: 1700000000,
        },
      ],
    });
  });
});
