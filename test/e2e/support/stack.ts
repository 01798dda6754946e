/**
 * The full stack the end-to-end tests drive: chain with the deployed system, the real API over a
 * following indexer (with the relayer's routes, the live event stream, the read-only /rpc and the
 * built front end, the vote-code batch records from a folder of their own), all on one HTTP port,
 * as `npm start` serves them.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { createTestDatabase } from "../../helpers/database.js";
import { startChain, type Chain } from "./chain.js";
import { startRealApi } from "./realApi.js";
import { startRelayer } from "./relay.js";

const FRONTEND = path.resolve(import.meta.dirname, "../../../frontend");

/** Builds the front end (about a second), so the tests never run an old build; E2E_SKIP_BUILD=1 reuses one. */
export async function ensureFrontendBuilt(): Promise<void> {
  if (existsSync(path.join(FRONTEND, "dist/index.html")) && process.env.E2E_SKIP_BUILD) return;
  const { build } = await import("vite");
  // The build residents get (vitest sets NODE_ENV=test, which would bundle the libraries' and
  // Svelte's development code and so measure another first visit against the budget).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ configFile: path.join(FRONTEND, "vite.config.ts"), logLevel: "warn", mode: "production" });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

export interface Stack {
  chain: Chain;
  url: string;
  /** Publishes a vote-code batch record, as `npm start` keeps them (served at /api/codebatches/:batchId). */
  publishCodeBatch(batchId: number, record: unknown): void;
  close(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  await ensureFrontendBuilt();
  const chain = await startChain();
  const codeBatchDir = mkdtempSync(path.join(tmpdir(), "buurtkas-e2e-codebatches-"));
  const db = await createTestDatabase();
  const relayer = await startRelayer(chain, db);
  const api = await startRealApi(chain, db, relayer.relayer, codeBatchDir);
  const server = createServer((req, res) => api.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    chain,
    url: `http://127.0.0.1:${port}`,
    publishCodeBatch: (batchId, record) =>
      writeFileSync(path.join(codeBatchDir, `batch-${batchId}.json`), JSON.stringify(record)),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await api.close();
      await relayer.close();
      await db.close();
      await chain.close();
      rmSync(codeBatchDir, { recursive: true, force: true });
    },
  };
}
