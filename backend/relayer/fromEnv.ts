/**
 * The relayer as an API process starts it: settings from the environment, the key from
 * `RELAYER_PRIVATE_KEY`. Without a key there is no relayer (the API serves everything else).
 */
import { Wallet, type Provider } from "ethers";

import type { Deployment } from "../../lib/contracts/deployments.js";
import type { Database } from "../db/index.js";
import type { Logger } from "../logger/index.js";
import { loadRelayerConfig } from "./config.js";
import { createRelayer, type Relayer, type RelayerMetricsHook } from "./relayer.js";

export interface RelayerFromEnvDeps {
  db: Pick<Database, "sql">;
  provider: Provider;
  deployment: Deployment;
  logger?: Logger;
  metrics?: RelayerMetricsHook;
}

/** Throws a ConfigError for a bad variable; undefined when RELAYER_PRIVATE_KEY is unset. */
export function createRelayerFromEnv(
  deps: RelayerFromEnvDeps,
  env: Record<string, string | undefined> = process.env,
): Relayer | undefined {
  const config = loadRelayerConfig(env);
  if (!config.privateKey) {
    deps.logger?.warn("RELAYER_PRIVATE_KEY is not set: POST /api/relay is not available");
    return undefined;
  }
  const signer = new Wallet(config.privateKey, deps.provider);
  deps.logger?.info("relayer ready", { address: signer.address, ...config.quotas });
  return createRelayer({
    ...deps,
    signer,
    allowlist: config.allowlist,
    quotas: config.quotas,
    options: config.options,
  });
}
