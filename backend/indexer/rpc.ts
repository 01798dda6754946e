/**
 * Talking to an RPC node that fails now and then: every call is retried with exponential backoff,
 * and a refusal to serve a large eth_getLogs range is told apart so the caller can shrink it.
 */
import { setTimeout as delay } from "node:timers/promises";

import type { Provider } from "ethers";

import type { Logger } from "../logger/index.js";

/** What the indexer needs from a chain: ethers' Provider, or anything shaped like it. */
export type ChainProvider = Pick<Provider, "getBlockNumber" | "getBlock" | "getLogs" | "getCode" | "getNetwork">;

export interface RetryPolicy {
  /** Delay before the first retry; doubles with every further attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Attempts before the error is thrown (Infinity: retry until stopped). */
  maxAttempts: number;
}

export const defaultRetryPolicy: RetryPolicy = { baseDelayMs: 250, maxDelayMs: 30_000, maxAttempts: Infinity };

export interface RetryOptions {
  policy: RetryPolicy;
  logger: Logger;
  signal?: AbortSignal;
  /** Errors handed straight to the caller instead of being retried. */
  passThrough?: (error: unknown) => boolean;
}

export async function withRetry<T>(label: string, call: () => Promise<T>, options: RetryOptions): Promise<T> {
  const { policy, logger, signal, passThrough } = options;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await call();
    } catch (error) {
      signal?.throwIfAborted();
      if (passThrough?.(error) || attempt >= policy.maxAttempts) throw error;
      const wait = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      logger.warn("rpc call failed, retrying", { call: label, attempt, retryInMs: wait, error: errorText(error) });
      await delay(wait, undefined, { signal });
    }
  }
}

/**
 * Whether a provider refused an eth_getLogs range as too large. Providers word it differently:
 * Infura "query returned more than 10000 results", Alchemy "Log response size exceeded",
 * QuickNode "eth_getLogs is limited to a 10,000 range", others "block range is too wide",
 * "range too large", "exceed maximum block range", or JSON-RPC code -32005 (limit exceeded).
 */
export function isRangeRefusal(error: unknown): boolean {
  const text = errorText(error);
  return (
    /too many results|more than \d[\d,]* results|range (is )?too (large|wide|big)|block range|response size|limited to|exceeds? (the )?max(imum)?|limit exceeded|too large/i.test(
      text,
    ) || /"code":\s*-32005\b/.test(text)
  );
}

/** Everything an ethers error says about its cause, including the JSON-RPC error it wraps. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const parts = [error.message];
  const details = error as Error & { info?: unknown; error?: unknown; shortMessage?: string; code?: unknown };
  for (const extra of [details.info, details.error]) {
    if (extra !== undefined) {
      try {
        parts.push(JSON.stringify(extra, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
      } catch {
        parts.push(String(extra));
      }
    }
  }
  if (error.cause !== undefined) parts.push(errorText(error.cause));
  return parts.join(" | ");
}
