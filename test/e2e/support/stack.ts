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

/**
 * Builds the front end for this test file's stack into a folder of its own (a few seconds), so the
 * tests never run an old build, and returns that folder. Never into frontend/dist: two e2e files
 * run at once, and a build empties its output folder first, so a page of the other file's stack
 * that loaded its code from there in that moment found it missing and showed no heading (the
 * cause of CI's "main h1" timeouts). E2E_SKIP_BUILD=1 serves the existing frontend/dist instead.
 */
let built: Promise<string> | null = null;
export function ensureFrontendBuilt(): Promise<string> {
  built ??= buildFrontend();
  return built;
}

async function buildFrontend(): Promise<string> {
  const dist = path.join(FRONTEND, "dist");
  if (existsSync(path.join(dist, "index.html")) && process.env.E2E_SKIP_BUILD) return dist;
  const outDir = mkdtempSync(path.join(tmpdir(), "buurtkas-e2e-frontend-"));
  process.once("exit", () => rmSync(outDir, { recursive: true, force: true }));
  const { build } = await import("vite");
  // The production bundle, as npm run build makes it: vitest sets NODE_ENV=test, with which Vite
  // builds Svelte's development mode (larger, so the first-visit budget would measure the wrong thing).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({
      configFile: path.join(FRONTEND, "vite.config.ts"),
      logLevel: "warn",
      mode: "production",
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}

export interface Stack {
  chain: Chain;
  url: string;
  /** Publishes a vote-code batch record, as `npm start` keeps them (served at /api/codebatches/:batchId). */
  publishCodeBatch(batchId: number, record: unknown): void;
  close(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const staticDir = await ensureFrontendBuilt();
  const chain = await startChain();
  const codeBatchDir = mkdtempSync(path.join(tmpdir(), "buurtkas-e2e-codebatches-"));
  const db = await createTestDatabase();
  const relayer = await startRelayer(chain, db);
  const api = await startRealApi(chain, db, relayer.relayer, { codeBatchDir, staticDir });
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
