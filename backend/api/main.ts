/**
 * The API as a process of its own (`tsx backend/api/main.ts`): configuration from the environment
 * (backend/config, plus the relayer's RELAYER_* variables), HOST (default 127.0.0.1), and
 * API_INDEXER=false to leave indexing to a separate `backend/indexer/main.ts` (run exactly one
 * indexer per database; API processes can run side by side). Ctrl-C or SIGTERM stops it.
 *
 * Exit codes: 0 stopped, 1 failed, 2 misconfigured (a bad variable or deployments file).
 */
import { ConfigError, loadConfig } from "../config/index.js";
import { createLogger } from "../logger/index.js";
import { readDeployment } from "../../lib/contracts/deployments.js";
import { startServer } from "./server.js";

async function main(): Promise<number> {
  const config = loadConfig(); // a ConfigError ends the process below with exit code 2
  const withIndexer = (process.env.API_INDEXER ?? "true").trim().toLowerCase();
  if (!["true", "false", "1", "0", ""].includes(withIndexer)) {
    process.stderr.write(
      `invalid configuration: API_INDEXER=${JSON.stringify(process.env.API_INDEXER)} must be true or false\n`,
    );
    return 2;
  }
  const logger = createLogger({ level: config.logLevel });
  let deployment;
  try {
    deployment = await readDeployment(config.network);
  } catch (error) {
    process.stderr.write(`api: ${(error as Error).message}\n`);
    return 2;
  }
  const running = await startServer({
    config,
    deployment,
    logger,
    host: process.env.HOST?.trim() || "127.0.0.1",
    withIndexer: withIndexer !== "false" && withIndexer !== "0",
  });
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await running.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`api: ${message}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
