/**
 * POST /rpc: a read-only JSON-RPC gateway to the chain for browsers (the audit page recounts
 * from the chain through it). Anyone can call it, so every call is bounded before it reaches the
 * node: reads only, batches of at most `maxBatch` calls, `eth_call` and `eth_estimateGas` only to
 * the deployment's contracts (so no precompile such as blake2f, no contract creation) with a gas
 * cap, logs only of the deployment's contracts, a per-client rate (each call of a batch counts)
 * and a timeout on the upstream.
 */
import { z } from "zod";

import type { Deployment } from "../../lib/contracts/deployments.js";
import { ApiError } from "./http.js";
import { createRateLimiter, type RateLimitOptions } from "./limits.js";
import type { RouteTable } from "./route.js";

export interface RpcGatewayOptions {
  /** Calls in one JSON-RPC batch (default 10). */
  maxBatch: number;
  /** Largest gas of one eth_call or eth_estimateGas; calls without gas get this much (default 10,000,000). */
  gasCap: bigint;
  /** Per-client rate of calls (default 50 a second, 200 at once). */
  rate: RateLimitOptions;
  /** Milliseconds the upstream may take (default 10,000). */
  timeoutMs: number;
}

export const DEFAULT_RPC_GATEWAY: RpcGatewayOptions = {
  maxBatch: 10,
  gasCap: 10_000_000n,
  rate: { perSecond: 50, burst: 200 },
  timeoutMs: 10_000,
};

/** JSON-RPC methods the gateway forwards: reads only. */
const READ_METHODS = new Set([
  "eth_chainId",
  "net_version",
  "eth_blockNumber",
  "eth_call",
  "eth_getLogs",
  "eth_getBlockByNumber",
  "eth_getBlockByHash",
  "eth_getTransactionByHash",
  "eth_getTransactionReceipt",
  "eth_getBalance",
  "eth_getCode",
  "eth_getTransactionCount",
  "eth_estimateGas",
  "eth_gasPrice",
  "eth_feeHistory",
  "eth_maxPriorityFeePerGas",
]);

const call = z.looseObject({
  jsonrpc: z.literal("2.0").optional(),
  id: z.union([z.string(), z.number(), z.null()]).optional(),
  method: z.string(),
  params: z.array(z.unknown()).optional(),
});
type Call = z.infer<typeof call>;

const requestSchema = z.union([call, z.array(call)]);

const reply = z.looseObject({
  jsonrpc: z.string().optional(),
  id: z.unknown().optional(),
  result: z.unknown().optional(),
  error: z.unknown().optional(),
});
const replySchema = z.union([reply, z.array(reply)]);

export function rpcRoutes(
  routes: RouteTable,
  upstream: string,
  deployment: Deployment,
  options: RpcGatewayOptions = DEFAULT_RPC_GATEWAY,
): void {
  const contracts = new Set(Object.values(deployment.contracts).map((c) => c.address.toLowerCase()));
  const limiter = createRateLimiter(options.rate, "JSON-RPC calls");
  const gasCapHex = `0x${options.gasCap.toString(16)}`;

  /** The call as forwarded (an eth_call gets the gas cap), or a refusal naming the field. */
  const bound = (c: Call, field: string): Call => {
    if (!READ_METHODS.has(c.method)) {
      throw new ApiError(
        403,
        "method_not_allowed",
        `JSON-RPC method ${JSON.stringify(c.method)} is not served here (reads only)`,
        [{ field: `${field}.method`, message: "not a read method", value: c.method }],
      );
    }
    if (c.method === "eth_call" || c.method === "eth_estimateGas") {
      const tx = c.params?.[0] as { to?: unknown; gas?: unknown } | undefined;
      const to = typeof tx?.to === "string" ? tx.to.toLowerCase() : undefined;
      if (!to || !contracts.has(to)) {
        throw new ApiError(403, "target_not_allowed", `${c.method} is served only to this deployment's contracts`, [
          { field: `${field}.params.0.to`, message: "not a contract of this deployment", value: tx?.to },
        ]);
      }
      let gas: bigint | undefined;
      try {
        gas = tx!.gas === undefined || tx!.gas === null ? undefined : BigInt(tx!.gas as string);
      } catch {
        gas = -1n;
      }
      if (gas !== undefined && (gas < 0n || gas > options.gasCap)) {
        throw new ApiError(
          400,
          "invalid_request",
          `${field}.params.0.gas: must be a quantity of at most ${options.gasCap}`,
          [
            {
              field: `${field}.params.0.gas`,
              message: `must be a quantity of at most ${options.gasCap}`,
              value: tx!.gas,
            },
          ],
        );
      }
      return { ...c, params: [{ ...tx, gas: gas === undefined ? gasCapHex : tx!.gas }, ...(c.params ?? []).slice(1)] };
    }
    if (c.method === "eth_getLogs") {
      const filter = c.params?.[0] as { address?: unknown } | undefined;
      const addresses = Array.isArray(filter?.address) ? filter.address : [filter?.address];
      if (addresses.length === 0 || !addresses.every((a) => typeof a === "string" && contracts.has(a.toLowerCase()))) {
        throw new ApiError(403, "target_not_allowed", "eth_getLogs is served only for this deployment's contracts", [
          { field: `${field}.params.0.address`, message: "not a contract of this deployment", value: filter?.address },
        ]);
      }
    }
    return c;
  };

  routes.add({
    method: "POST",
    path: "/rpc",
    tag: "system",
    summary: `Read-only JSON-RPC to the chain: reads only, at most ${options.maxBatch} calls a batch, calls only to this deployment's contracts, gas at most ${options.gasCap}, rate-limited per client`,
    body: requestSchema,
    bodyLimitBytes: 64 * 1024,
    errors: [403, 413, 415, 429, 502, 504],
    response: replySchema,
    handler: async ({ body }, ctx) => {
      const batch = Array.isArray(body);
      const calls = batch ? body : [body];
      if (calls.length === 0 || calls.length > options.maxBatch) {
        throw new ApiError(400, "invalid_request", `a JSON-RPC batch holds 1 to ${options.maxBatch} calls`, [
          { field: "body", message: `1 to ${options.maxBatch} calls`, value: calls.length },
        ]);
      }
      const forwarded = calls.map((c, i) => bound(c, batch ? `body.${i}` : "body"));
      limiter.take(ctx.ip, calls.length);
      let response: Response;
      try {
        response = await fetch(upstream, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(batch ? forwarded : forwarded[0]),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        if ((error as Error).name === "TimeoutError") {
          throw new ApiError(504, "chain_timeout", `the chain did not answer within ${options.timeoutMs} ms`);
        }
        throw new ApiError(502, "chain_unavailable", `the chain did not answer: ${(error as Error).message}`);
      }
      let answer: unknown;
      try {
        answer = await response.json();
      } catch {
        throw new ApiError(502, "chain_unavailable", `the chain answered HTTP ${response.status} without JSON`);
      }
      const parsed = replySchema.safeParse(answer);
      if (!parsed.success) throw new ApiError(502, "chain_unavailable", "the chain did not answer JSON-RPC");
      ctx.state.status = response.ok ? 200 : 502;
      return answer as z.input<typeof replySchema>;
    },
  });
}
