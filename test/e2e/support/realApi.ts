/**
 * The real API (backend/api `createApp`) over a real index for the end-to-end stack: a migrated
 * database, the indexer following the chain, and the app's request handler.
 */
import type { RequestListener } from "node:http";
import path from "node:path";

import { createApp } from "../../../backend/api/index.js";
import type { Database } from "../../../backend/db/index.js";
import { createIndexer } from "../../../backend/indexer/index.js";
import { createChainProvider } from "../../../backend/indexer/provider.js";
import { createLogger, silentLogger } from "../../../backend/logger/index.js";
import { relayRoutes, type Relayer } from "../../../backend/relayer/index.js";
import type { Chain } from "./chain.js";

export interface RunningApi {
  handle: RequestListener;
  close(): Promise<void>;
}

const DIST = path.resolve(import.meta.dirname, "../../../frontend/dist");

/**
 * The API as production runs it: it serves the built front end, the read-only JSON-RPC gateway
 * at /rpc and the relayer's routes on its own port; the indexer and the relayer share its database.
 */
export async function startRealApi(
  chain: Chain,
  db: Database,
  relayer: Relayer,
  { codeBatchDir, staticDir = DIST }: { codeBatchDir?: string; staticDir?: string } = {},
): Promise<RunningApi> {
  const provider = createChainProvider(chain.rpcUrl);
  // E2E_LOG=1 shows the indexer's and the API's warnings while debugging a run.
  const logger = process.env.E2E_LOG ? createLogger({ level: "warn" }) : silentLogger;
  const indexer = createIndexer({
    db,
    provider,
    deployment: chain.deployment,
    logger,
    pollIntervalMs: 100,
  });
  const running = indexer.run().catch((error: unknown) => console.error("[e2e indexer]", error));
  const app = createApp({
    ...(codeBatchDir ? { codeBatchDir } : {}),
    db,
    provider,
    deployment: chain.deployment,
    logger,
    mount: [(routes) => relayRoutes(routes, relayer)],
    staticDir,
    rpcUrl: chain.rpcUrl,
    // Where browsers read and send (officials and verifiers send their own transactions; the
    // API's /rpc gateway is read-only), as a deployment names its chain's public RPC.
    publicRpcUrl: chain.rpcUrl,
  });
  return {
    handle: app.callback(),
    close: async () => {
      app.close();
      await indexer.stop();
      await running;
    },
  };
}
