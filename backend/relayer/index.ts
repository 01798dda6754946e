/**
 * The gasless relayer: residents' signed ERC-2771 forward requests in, the relayer's transactions
 * out. `createRelayer(deps)` holds the checks, the send queue and the status tracking;
 * `createRelayRouter(relayer)` is its HTTP face, mounted by the API (createApp's `relayRouter`).
 */
export {
  createRelayer,
  DEFAULT_QUOTAS,
  type RelayAccepted,
  type Relayer,
  type RelayerCounters,
  type RelayerDeps,
  type RelayerMetricName,
  type RelayerMetricsHook,
  type RelayerOptions,
  type RelayQuotas,
  type RelayRequest,
  type RelayView,
} from "./relayer.js";
export { createRelayRouter } from "./routes.js";
export { DEFAULT_ALLOWLIST, resolveAllowlist, type Allowlist } from "./allowlist.js";
export { RelayError, type RelayErrorCode } from "./errors.js";
export { decodeRevert, type DecodedRevert } from "./revert.js";
export { loadRelayerConfig, type RelayerConfig } from "./config.js";
export { createRelayerFromEnv, type RelayerFromEnvDeps } from "./fromEnv.js";
