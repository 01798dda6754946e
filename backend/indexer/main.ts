/**
 * The indexer as a process of its own (`tsx backend/indexer/main.ts`): exactly one indexer writes
 * while any number of API processes read. Configuration comes from the environment
 * (backend/config); Ctrl-C or SIGTERM stops it between two ranges.
 *
 * Exit codes: 0 stopped, 1 failed, 2 misconfigured (a bad variable, or a deployments file that
 * does not describe the chain behind RPC_URL).
 */
import { ConfigError, loadConfig } from "../config/index.js";
import { createDatabase } from "../db/index.js";
import { createLogger } from "../logger/index.js";
import { readDeployment } from "../../lib/contracts/deployments.js";
import { DeploymentMismatchError, createIndexer } from "./index.js";
import { subscribeNewHeads } from "./heads.js";
import { createChainProvider } from "./provider.js";

class StartupError extends Error {}

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  const deployment = await readDeployment(config.network).catch((error: Error) => {
    throw new StartupError(error.message);
  });
  const db = await createDatabase(config, { logger });
  const provider = createChainProvider(config.rpcUrl);
  const newHeads = await subscribeNewHeads(config.rpcUrl, { logger });
  const indexer = createIndexer({
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
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  // Only the host: RPC URLs often carry an API key in their path.
  logger.info("indexer starting", { rpcHost: new URL(config.rpcUrl).host, network: config.network, database: db.kind });
  try {
    await indexer.run(controller.signal);
    logger.info("indexer stopped");
    return 0;
  } finally {
    newHeads?.close();
    provider.destroy();
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`indexer: ${message}\n`);
    process.exit(error instanceof StartupError || error instanceof DeploymentMismatchError ? 2 : 1);
  },
);
