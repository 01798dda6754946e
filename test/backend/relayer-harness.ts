/**
 * Set-up for the relayer tests: an in-process chain with the system deployed, a migrated database
 * (embedded or real Postgres), a funded relayer key, and API apps (backend/api createApp with the
 * relayer's routes in its route table), reached over real HTTP. Several apps on one database
 * stand for several API processes.
 */
import type { AddressInfo } from "node:net";

import { type HDNodeWallet, type Signer, Wallet, parseEther } from "ethers";
import { afterAll, beforeAll } from "vitest";
import { z } from "zod";

import { createApp } from "../../backend/api/index.js";
import type { Database } from "../../backend/db/index.js";
import {
  createRelayer,
  relayAcceptedSchema,
  relayRoutes,
  relayViewSchema,
  type Relayer,
  type RelayerDeps,
} from "../../backend/relayer/index.js";
import type { Deployment } from "../../lib/contracts/deployments.js";
import { signForwardRequest, type ForwardRequestData } from "../../lib/relay/forwardRequest.js";
import { createTestDatabase } from "../helpers/database.js";
import { type System, YEAR, deploySystem, now } from "../helpers/system.js";
import { deploymentOf } from "./support/chain.js";

export interface RelayApp {
  url: string;
  relayer: Relayer;
  close(): Promise<void>;
}

export interface RelayHarness {
  system: System;
  deployment: Deployment;
  db: Database;
  /** The relayer's own key: a fresh wallet funded with ether, as RELAYER_PRIVATE_KEY would be. */
  relayerWallet: HDNodeWallet;
  /** The default app (quotas raised so that only the quota tests hit them). */
  app: RelayApp;
  /** Another "API process": its own relayer and HTTP server on the same database and chain. */
  startApp(overrides?: Partial<RelayerDeps>): Promise<RelayApp>;
}

export function useRelayHarness(): RelayHarness {
  const h = {} as RelayHarness;
  const apps: RelayApp[] = [];

  beforeAll(async () => {
    h.system = await deploySystem();
    h.deployment = await deploymentOf(h.system);
    h.db = await createTestDatabase();
    h.relayerWallet = Wallet.createRandom().connect(h.system.ethers.provider);
    await (await h.system.admin.sendTransaction({ to: h.relayerWallet.address, value: parseEther("100") })).wait();
    h.startApp = async (overrides = {}) => {
      const app = await startRelayApp({
        db: h.db,
        provider: h.system.ethers.provider,
        signer: h.relayerWallet,
        deployment: h.deployment,
        ...overrides,
        quotas: { ...RAISED_QUOTAS, ...overrides.quotas },
      });
      apps.push(app);
      return app;
    };
    h.app = await h.startApp();
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await h.db?.close();
  });

  return h;
}

/** Limits no test reaches unless it lowers one (every test request comes from 127.0.0.1). */
export const RAISED_QUOTAS = {
  perMinute: 1_000,
  perDay: 10_000,
  officialPerMinute: 1_000,
  officialPerDay: 10_000,
  perDayTotal: 1_000_000,
  perClientPerMinute: 100_000,
};

export async function startRelayApp(deps: RelayerDeps): Promise<RelayApp> {
  const relayer = createRelayer(deps);
  const koa = createApp({
    db: deps.db,
    provider: deps.provider,
    deployment: deps.deployment,
    mount: [(routes) => relayRoutes(routes, relayer)],
    // The tests name their clients in X-Forwarded-For, as a proxy in front would.
    trustProxy: true,
    checkResponses: true,
  });
  const server = koa.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    relayer,
    async close() {
      await relayer.close();
      koa.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Registers fresh browser keys (no ether) as residents of `district`. */
export async function newResidents(system: System, count: number, district = 1): Promise<HDNodeWallet[]> {
  const expiresAt = (await now(system)) + YEAR;
  const wallets = Array.from({ length: count }, () => Wallet.createRandom().connect(system.ethers.provider));
  for (const wallet of wallets) await system.registry.register(wallet.address, district, expiresAt);
  return wallets;
}

export interface SignOptions {
  gas?: bigint;
  nonce?: bigint;
  /** Seconds from chain time (default 3,600). */
  validFor?: number;
}

/** What the browser does: encode, read the nonce, sign for `to`. */
export async function signCall(
  system: System,
  signer: Signer,
  to: string,
  data: string,
  options: SignOptions = {},
): Promise<ForwardRequestData> {
  const { forwarder, ethers } = system;
  return signForwardRequest(signer, {
    forwarder: await forwarder.getAddress(),
    chainId: (await ethers.provider.getNetwork()).chainId,
    to,
    data,
    gas: options.gas ?? 300_000n,
    nonce: options.nonce ?? (await forwarder.nonces(await signer.getAddress())),
    deadline: BigInt((await now(system)) + (options.validFor ?? 3_600)),
  });
}

/** The POST body the front end sends: strings for every number, the signature beside the request. */
export function bodyOf(request: ForwardRequestData): unknown {
  const { signature, ...rest } = request;
  return {
    request: Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v])),
    signature,
  };
}

export interface HttpAnswer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

export async function postRelay(
  app: RelayApp,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  const response = await fetch(`${app.url}/api/relay`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return checked(response, relayAcceptedSchema);
}

export async function getRelay(app: RelayApp, id: string): Promise<HttpAnswer> {
  const response = await fetch(`${app.url}/api/relay/${id}`);
  return checked(response, relayViewSchema);
}

/** Every answer is checked: a success against its route's response schema, a refusal against the one error shape. */
async function checked(response: Response, success: z.ZodType): Promise<HttpAnswer> {
  const body: unknown = await response.json();
  if (response.ok) success.parse(body);
  else errorSchema.parse(body);
  return { status: response.status, body, headers: response.headers };
}

const errorSchema = z.strictObject({
  error: z.strictObject({ code: z.string().min(1), message: z.string().min(1), details: z.unknown() }),
});

/** Polls GET /api/relay/:id until the transaction is no longer pending. */
export async function settled(app: RelayApp, id: string, timeoutMs = 30_000): Promise<HttpAnswer> {
  const start = Date.now();
  for (;;) {
    const answer = await getRelay(app, id);
    if (answer.body.status !== "pending" || Date.now() - start > timeoutMs) return answer;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * How long a quota test's requests may take, so its window must last as long: the longest took
 * 3.8 s at a load average of 14 on two cores (the 93 requests at once), so 15 s is ample.
 */
export const QUOTA_TEST_SECONDS = 15;

/**
 * Waits while fewer than `seconds` remain of the relayer's current counting window (the minute, or
 * the calendar day in Europe/Amsterdam, as backend/relayer/store.ts counts them), so that what a
 * test sends is counted in one window: one that ends mid-test starts a fresh allowance, and a
 * request the test expects refused goes through. `seconds` is what the test needs on a loaded
 * machine; the wait is at most that long.
 */
export async function awayFromWindowEdge(db: Database, period: "minute" | "day", seconds: number): Promise<void> {
  const end =
    period === "minute"
      ? db.sql`date_trunc('minute', now()) + interval '1 minute'`
      : db.sql`(date_trunc('day', now() at time zone 'Europe/Amsterdam') + interval '1 day') at time zone 'Europe/Amsterdam'`;
  const [row] = await db.sql<{ left: number }[]>`select extract(epoch from ${end} - now())::float8 as left`;
  if (row!.left < seconds) await new Promise((resolve) => setTimeout(resolve, row!.left * 1000 + 200));
}
