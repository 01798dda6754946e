/**
 * The full stack the end-to-end tests drive: chain with the deployed system, the API with the
 * relayer and the live event stream, and the built front end, all on one HTTP port.
 */
import { existsSync } from "node:fs";
import path from "node:path";

import { startChain, type Chain } from "./chain.js";
import { loadCreateApp, startRealApi, type RunningApi } from "./realApi.js";
import { startRelayer } from "./relay.js";
import { startStandinApi } from "./standin-api.js";

const FRONTEND = path.resolve(import.meta.dirname, "../../../frontend");

/** Builds the front end (about a second), so the tests never run an old build; E2E_SKIP_BUILD=1 reuses one. */
export async function ensureFrontendBuilt(): Promise<void> {
  if (existsSync(path.join(FRONTEND, "dist/index.html")) && process.env.E2E_SKIP_BUILD) return;
  const { build } = await import("vite");
  await build({ configFile: path.join(FRONTEND, "vite.config.ts"), logLevel: "warn" });
}

export interface Stack {
  chain: Chain;
  /** Whether the real API (backend/api createApp over the indexer) serves /api, or the stand-in. */
  realApi: boolean;
  url: string;
  /** Extra files served next to the app (e.g. published vote-code batch records). */
  files: Map<string, string>;
  close(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  await ensureFrontendBuilt();
  const chain = await startChain();
  const files = new Map<string, string>();
  const relayer = await startRelayer(chain);
  const createApp = await loadCreateApp();
  const realApi: RunningApi | undefined = createApp ? await startRealApi(createApp, chain, relayer.router) : undefined;
  const api = await startStandinApi(chain, files, relayer.handle, realApi?.handle);
  return {
    chain,
    realApi: realApi !== undefined,
    url: api.url,
    files,
    close: async () => {
      await api.close();
      await realApi?.close();
      await relayer.close();
      await chain.close();
    },
  };
}
