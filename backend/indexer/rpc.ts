/**
 * Talking to an RPC node that fails now and then: every call is retried with exponential backoff,
 * and a refusal to serve a large eth_getLogs range is told apart so the caller can shrink it.
 */
import { setTimeout as delay } from "node:timers/promises";

import type { Provider } from "ethers";

import { errorText } from "../../lib/chain/logs.js";
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

export { errorText, isRangeRefusal } from "../../lib/chain/logs.js";
