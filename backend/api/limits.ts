/**
 * Per-client bounds of one API process: how many long-lived connections (the live feed) a client
 * and all clients together may hold open, and a token bucket per client for request rates (the
 * JSON-RPC gateway). Counted in this process; with several API processes behind a balancer each
 * bounds its own share. A refusal is an ApiError carrying Retry-After.
 */
import { ApiError } from "./http.js";

export interface ConnectionCapOptions {
  /** Open connections one client (IP address) may hold. */
  perClient: number;
  /** Open connections of all clients together. */
  total: number;
  /** Retry-After of a refusal, in seconds. */
  retryAfterSeconds?: number;
}

export interface ConnectionCap {
  /** Counts one more connection of `client`, or refuses it (429 over its own cap, 503 at capacity). */
  acquire(client: string): () => void;
  readonly open: number;
}

export function createConnectionCap(options: ConnectionCapOptions, what = "live-update streams"): ConnectionCap {
  const byClient = new Map<string, number>();
  let open = 0;
  const retryAfter = String(options.retryAfterSeconds ?? 10);
  return {
    acquire(client) {
      const own = byClient.get(client) ?? 0;
      if (own >= options.perClient) {
        throw new ApiError(
          429,
          "too_many_connections",
          `this client already holds ${own} open ${what} (at most ${options.perClient})`,
          { limit: options.perClient },
          { "Retry-After": retryAfter },
        );
      }
      if (open >= options.total) {
        throw new ApiError(
          503,
          "at_capacity",
          `the server holds its maximum of ${options.total} open ${what}`,
          { limit: options.total },
          { "Retry-After": retryAfter },
        );
      }
      byClient.set(client, own + 1);
      open++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        open--;
        const left = (byClient.get(client) ?? 1) - 1;
        if (left > 0) byClient.set(client, left);
        else byClient.delete(client);
      };
    },
    get open() {
      return open;
    },
  };
}

export interface RateLimitOptions {
  /** Sustained requests per second per client. */
  perSecond: number;
  /** Requests a client may make at once after being idle. */
  burst: number;
}

export interface RateLimiter {
  /** Takes `cost` tokens of `client`'s bucket, or refuses with 429 and the seconds until they are there. */
  take(client: string, cost?: number): void;
}

export function createRateLimiter(
  options: RateLimitOptions,
  what = "requests",
  now = () => performance.now(),
): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refill = (bucket: { tokens: number; at: number }, t: number) => {
    bucket.tokens = Math.min(options.burst, bucket.tokens + ((t - bucket.at) / 1000) * options.perSecond);
    bucket.at = t;
  };
  return {
    take(client, cost = 1) {
      const t = now();
      let bucket = buckets.get(client);
      if (!bucket) {
        // Forget clients whose buckets are full again, so the map stays as small as the active clients.
        if (buckets.size >= 10_000) {
          for (const [key, b] of buckets) {
            refill(b, t);
            if (b.tokens >= options.burst) buckets.delete(key);
          }
        }
        buckets.set(client, (bucket = { tokens: options.burst, at: t }));
      } else refill(bucket, t);
      if (cost > options.burst || bucket.tokens < cost) {
        const wait = Math.max(1, Math.ceil((Math.min(cost, options.burst) - bucket.tokens) / options.perSecond));
        throw new ApiError(
          429,
          "rate_limited",
          `too many ${what} from this client (at most ${options.perSecond} a second, ${options.burst} at once)`,
          { perSecond: options.perSecond, burst: options.burst },
          { "Retry-After": String(wait) },
        );
      }
      bucket.tokens -= cost;
    },
  };
}
