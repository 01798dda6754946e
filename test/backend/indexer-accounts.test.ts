/**
 * The account endpoint answers from the index: registration, calendar year, yearly cap and what an
 * account earned this year come from indexed events (backend/api/accounts), equal to the
 * contracts' own views for every account of the workload (registered, re-registered, expiry
 * changed, revoked, paid, never seen) and after further changes; and GET /api/accounts/:address
 * still answers when the chain does not.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import type { Provider } from "ethers";
import { beforeAll, describe, expect, test } from "vitest";

import { createAccountReader, dutchYearOf, type AccountView } from "../../backend/api/accounts/index.js";
import { createApp } from "../../backend/api/index.js";
import type { Database } from "../../backend/db/index.js";
import { databaseKind } from "../helpers/database.js";
import { useHarness } from "./support/harness.js";

const h = useHarness();
let db: Database;

beforeAll(async () => {
  db = await h.freshDatabase();
  await h.indexerFor(db, { batchBlocks: 10_000 }).catchUp();
});

/** The account as the contracts see it, in the endpoint's shape. */
async function fromContracts(account: string): Promise<Omit<AccountView, "address">> {
  const { coin, registry, taskBoard } = h.system;
  const year = await taskBoard.currentYear();
  const registration = await registry.registrationOf(account);
  const districts = [];
  for (const d of [1, 2, 3]) {
    if (await registry.isResident(account, d))
      districts.push({ district: d, expiresAt: Number(registration.expiresAt) });
  }
  return {
    residentDistricts: districts,
    registration:
      registration.district > 0n
        ? {
            district: Number(registration.district),
            expiresAt: Number(registration.expiresAt),
            revoked: registration.revoked,
            active: districts.length > 0,
          }
        : null,
    balance: (await coin.balanceOf(account)).toString(),
    earnedThisYear: (await taskBoard.earnedIn(account, year)).toString(),
    year: Number(year),
    yearlyCap: (await taskBoard.yearlyCap()).toString(),
    isMerchant: await coin.isMerchant(account),
  };
}

async function expectEqualToContracts(accounts: readonly string[]): Promise<void> {
  const reader = createAccountReader(db.sql);
  for (const account of accounts) {
    const address = account.toLowerCase();
    expect(await reader.read(address), address).toEqual({ address, ...(await fromContracts(account)) });
  }
}

describe(`the account endpoint reads the index (${databaseKind} database)`, () => {
  test("every account of the workload equals the contracts' views", async () => {
    const accounts = [...h.workload.accounts, ...addressesOf()];
    await expectEqualToContracts(accounts);
    // The workload pays rewards, revokes and changes an expiry: those cases are really exercised.
    const views = await Promise.all(accounts.map((a) => fromContracts(a)));
    expect(views.some((v) => v.earnedThisYear !== "0")).toBe(true);
    expect(views.some((v) => v.registration?.revoked)).toBe(true);
  });

  test("a revoke, a re-registration in another district, a new expiry and a new cap show at the next block", async () => {
    const { registry, taskBoard, outsider } = h.system;
    const [resident, other] = h.workload.district1;
    const reader = createAccountReader(db.sql);
    const before = await reader.read(resident!.address.toLowerCase());
    expect(before.residentDistricts.map((d) => d.district)).toEqual([1]);

    await registry.revoke(resident!.address);
    const later = (await registry.registrationOf(other!.address)).expiresAt + 100n;
    await registry.setExpiry(other!.address, later);
    await registry.register(outsider.address, 1, later);
    await taskBoard.setYearlyCap(99_000n);
    await h.indexerFor(db, { batchBlocks: 10_000 }).catchUp();

    // The same reader (its cache) follows the index to the new block.
    const after = await reader.read(resident!.address.toLowerCase());
    expect(after.residentDistricts).toEqual([]);
    expect(after.registration).toMatchObject({ revoked: true, active: false });
    expect(after.yearlyCap).toBe("99000");
    await expectEqualToContracts([resident!.address, other!.address, outsider.address]);
  });

  test("a reorg that takes a revoke and a registration back restores the accounts as the chain has them", async () => {
    const { registry, coin } = h.system;
    const [, , third, fourth] = h.workload.district1;
    const newcomer = h.system.residents.at(-1)!; // never registered by the workload
    const provider = h.system.connection.provider;
    const id = (await provider.request({ method: "evm_snapshot" })) as string;
    await registry.revoke(third!.address);
    await registry.register(newcomer.address, 2, 4_000_000_000n);
    await h.indexerFor(db, { batchBlocks: 10_000 }).catchUp();
    await expectEqualToContracts([third!.address, newcomer.address]);
    expect((await createAccountReader(db.sql).read(newcomer.address.toLowerCase())).registration).not.toBeNull();

    await provider.request({ method: "evm_revert", params: [id] });
    await coin.connect(fourth!).transfer(third!.address, 1n);
    await h.system.networkHelpers.mine(3);
    await h.indexerFor(db, { batchBlocks: 10_000 }).catchUp();
    await expectEqualToContracts([third!.address, fourth!.address, newcomer.address]);
    expect((await createAccountReader(db.sql).read(newcomer.address.toLowerCase())).registration).toBeNull();
    const [state] = await db.sql<{ revoked: boolean }[]>`
      select revoked from account_states where account = ${third!.address.toLowerCase()}
    `;
    expect(state?.revoked).toBe(false);
  });

  test("GET /api/accounts/:address answers from the index while the chain is unreachable", async () => {
    const unreachable = new Proxy({} as Provider, {
      get: () => () => Promise.reject(new Error("the chain is down (test)")),
    });
    const app = createApp({ db, provider: unreachable, deployment: h.deployment });
    const server: Server = createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      for (const account of [h.workload.district1[2]!.address, h.system.merchant.address]) {
        const response = await fetch(`http://127.0.0.1:${port}/api/accounts/${account}`);
        expect(response.status).toBe(200);
        const address = account.toLowerCase();
        expect(await response.json()).toEqual({ address, ...(await fromContracts(account)) });
      }
    } finally {
      app.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test("the calendar year is the Dutch one: New Year in Amsterdam is at 23:00 UTC", () => {
    const newYear2027 = BigInt(Date.UTC(2027, 0, 1) / 1000);
    expect(dutchYearOf(newYear2027 - 3601n)).toBe(2026);
    expect(dutchYearOf(newYear2027 - 3600n)).toBe(2027);
  });
});

function addressesOf(): string[] {
  const { official, verifier, merchant, outsider, admin } = h.system;
  return [official, verifier, merchant, outsider, admin].map((signer) => signer.address);
}
