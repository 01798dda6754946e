/**
 * One API process: the database, the API (and the relayer when RELAYER_PRIVATE_KEY is set),
 * optionally the one indexer in the same process, listening on HOST:PORT. Used by
 * `backend/api/main.ts` and by `npm start`.
 */
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

import type { Deployment } from "../../lib/contracts/deployments.js";
import { committerKeyFromEnv, startCommitterService, type CommitterService } from "../committer/service.js";
import type { Config } from "../config/index.js";
import { createDatabase, type Database } from "../db/index.js";
import { subscribeNewHeads } from "../indexer/heads.js";
import { createIndexer, type Indexer } from "../indexer/index.js";
import { createChainProvider } from "../indexer/provider.js";
import type { Logger } from "../logger/index.js";
import { createIssuerFromEnv } from "../issuer/fromEnv.js";
import { createRelayerFromEnv } from "../relayer/fromEnv.js";
import { relayRoutes } from "../relayer/routes.js";
import { createApp, type ApiApp } from "./index.js";
import { Metrics } from "./metrics.js";
import type { RouteTable } from "./route.js";

export const DEFAULT_STATIC_DIR = path.resolve(import.meta.dirname, "../../frontend/dist");

export interface ServerOptions {
  config: Config;
  deployment: Deployment;
  logger: Logger;
  host?: string;
  /** Run the indexer in this process (default true). Exactly one indexer may write per database. */
  withIndexer?: boolean;
  /** The built front end (default frontend/dist when it exists). */
  staticDir?: string | null;
  /** Environment for the relayer's and the committer's settings (default process.env). */
  env?: Record<string, string | undefined>;
  publicRpcUrl?: string;
  explorerUrl?: string;
  /** Folder of vote-code batch records served at /api/codebatches/:batchId. */
  codeBatchDir?: string;
}

export interface RunningServer {
  url: string;
  app: ApiApp;
  db: Database;
  indexer: Indexer | undefined;
  server: Server;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { config, deployment, logger } = options;
  const db = await createDatabase(config, { logger });
  const provider = createChainProvider(config.rpcUrl);
  const metrics = new Metrics();
  const relayer = createRelayerFromEnv(
    {
      db,
      provider,
      deployment,
      logger,
      metrics: {
        increment: (name, labels) =>
          metrics.increment(
            `buurtkas_${name}`,
            name === "relay_requests_total" ? "Relay requests by outcome." : "Relayed transactions by outcome.",
            labels,
          ),
      },
    },
    options.env ?? process.env,
  );
  const staticDir =
    options.staticDir === null
      ? undefined
      : (options.staticDir ?? (existsSync(DEFAULT_STATIC_DIR) ? DEFAULT_STATIC_DIR : undefined));
  const app = createApp({
    db,
    metrics,
    provider,
    deployment,
    logger,
    rpcUrl: config.rpcUrl,
    liveConnections: { perClient: config.liveStreamsPerClient, total: config.liveStreamsTotal },
    trustProxy: config.trustProxy,
    ...(relayer ? { mount: [(routes: RouteTable) => relayRoutes(routes, relayer)] } : {}),
    ...(staticDir ? { staticDir } : {}),
    ...(options.publicRpcUrl ? { publicRpcUrl: options.publicRpcUrl } : {}),
    ...(options.explorerUrl ? { explorerUrl: options.explorerUrl } : {}),
    ...(options.codeBatchDir ? { codeBatchDir: options.codeBatchDir } : {}),
  });

  let indexer: Indexer | undefined;
  let indexing: Promise<void> | undefined;
  const controller = new AbortController();
  // The secret-ballot token issuer, when ISSUER_PRIVATE_KEY is set (backend/issuer).
  const issuer = await createIssuerFromEnv({ provider, deployment, logger }, options.env ?? process.env);
  const issuing = issuer?.run(controller.signal);
  const newHeads = (options.withIndexer ?? true) ? await subscribeNewHeads(config.rpcUrl, { logger }) : undefined;
  if (options.withIndexer ?? true) {
    indexer = createIndexer({
      ...(newHeads ? { newHeads } : {}),
      db,
      provider,
      deployment,
      confirmations: config.confirmations,
      batchBlocks: config.indexerBatchBlocks,
      pollIntervalMs: config.indexerPollIntervalMs,
      finalityBlocks: config.indexerFinalityBlocks,
      logger,
    });
    indexing = indexer.run(controller.signal).catch((error: unknown) => {
      logger.error("indexer stopped with an error", { error: (error as Error).message });
    });
  }

  // Method of Equal Shares results: committed after voting closes, finalized once final.
  const committerKey = committerKeyFromEnv(options.env ?? process.env);
  const committer: CommitterService | undefined = committerKey
    ? startCommitterService({
        provider,
        privateKey: committerKey,
        deployment,
        logger: logger.child({ subsystem: "committer" }),
      })
    : undefined;

  const server = createServer(app.callback());
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const url = `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
  logger.info("api listening", {
    url,
    database: db.kind,
    indexer: Boolean(indexer),
    relayer: Boolean(relayer),
    staticDir,
  });

  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      app.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      controller.abort();
      await committer?.stop();
      await indexing;
      await issuing;
      newHeads?.close();
      await relayer?.close();
      provider.destroy();
      await db.close();
    })());
  return { url, app, db, indexer, server, close };
}
