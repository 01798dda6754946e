/** The per-client bounds alone: connection caps and the token bucket, on an injected clock. */
import { describe, expect, test } from "vitest";

import { ApiError } from "../../backend/api/http.js";
import { createConnectionCap, createRateLimiter } from "../../backend/api/limits.js";

const refusal = (run: () => unknown): ApiError => {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("not refused");
};

describe("connection cap", () => {
  test("refuses a client over its own cap with 429 and everyone at the total with 503, each with Retry-After", () => {
    const cap = createConnectionCap({ perClient: 2, total: 3, retryAfterSeconds: 4 });
    const a1 = cap.acquire("a");
    cap.acquire("a");
    const tooMany = refusal(() => cap.acquire("a"));
    expect([tooMany.status, tooMany.code, tooMany.headers["Retry-After"]]).toEqual([429, "too_many_connections", "4"]);
    cap.acquire("b");
    const full = refusal(() => cap.acquire("c"));
    expect([full.status, full.code, full.headers["Retry-After"]]).toEqual([503, "at_capacity", "4"]);
    expect(cap.open).toBe(3);
    a1();
    a1(); // releasing twice frees one place only
    expect(cap.open).toBe(2);
    cap.acquire("c");
    expect(cap.open).toBe(3);
  });
});

describe("rate limiter", () => {
  test("a burst, then the sustained rate; Retry-After says when the next call fits", () => {
    let now = 0;
    const limiter = createRateLimiter({ perSecond: 2, burst: 4 }, "calls", () => now);
    limiter.take("a", 4);
    const limited = refusal(() => limiter.take("a"));
    expect([limited.status, limited.code, limited.headers["Retry-After"]]).toEqual([429, "rate_limited", "1"]);
    limiter.take("b"); // another client has its own bucket
    now += 500; // one token back
    limiter.take("a");
    expect(() => limiter.take("a")).toThrow(ApiError);
    now += 10_000; // never more than the burst
    limiter.take("a", 4);
    expect(() => limiter.take("a")).toThrow(ApiError);
  });

  test("a batch larger than the burst is refused outright", () => {
    const limiter = createRateLimiter({ perSecond: 1, burst: 3 }, "calls", () => 0);
    expect(refusal(() => limiter.take("a", 4)).status).toBe(429);
    limiter.take("a", 3); // and took nothing
  });
});
