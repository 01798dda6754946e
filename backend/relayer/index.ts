/**
 * The gasless relayer: residents' signed ERC-2771 forward requests in, the relayer's transactions
 * out. `createRelayer(deps)` composes the steps (checks, eligibility, signature, quota,
 * simulation, send queue, tracking — one module each); `relayRoutes(routes, relayer)` declares its
 * HTTP routes in the API's route table (createApp's `mount` option).
 */
export {
  createRelayer,
  type RelayAccepted,
  type RelayClient,
  type Relayer,
  type RelayerCounters,
  type RelayerDeps,
  type RelayerMetricName,
  type RelayerMetricsHook,
  type RelayerOptions,
  type RelayRequest,
} from "./relayer.js";
export { DEFAULT_QUOTAS, type Allowance, type RelayQuotas } from "./quota.js";
export type { RelayView } from "./tracking.js";
export { relayRoutes } from "./routes.js";
export { relayAcceptedSchema, relayBodySchema, relayViewSchema } from "./schema.js";
export { DEFAULT_ALLOWLIST, VOTING_FUNCTIONS, resolveAllowlist, type Allowlist } from "./allowlist.js";
export { RelayError, type RelayErrorCode } from "./errors.js";
export { loadRelayerConfig, type RelayerConfig } from "./config.js";
export { createRelayerFromEnv, type RelayerFromEnvDeps } from "./fromEnv.js";
