/** The relayer's budget (backend/relayer/quota.ts) on the database of this run, without a chain. */
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Database } from "../../../backend/db/index.js";
import { RelayError } from "../../../backend/relayer/errors.js";
import { DEFAULT_QUOTAS, createQuota, type RelayQuotas } from "../../../backend/relayer/quota.js";
import { createTestDatabase, databaseKind } from "../../helpers/database.js";

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

let accounts = 0;
const account = () => "0x" + (++accounts).toString(16).padStart(40, "0");

function quotaOf(overrides: Partial<RelayQuotas>) {
  return createQuota({ sql: db.sql, quotas: { ...DEFAULT_QUOTAS, ...overrides } });
}

async function refusal(run: Promise<unknown>): Promise<RelayError> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof RelayError) return error;
  throw new Error(`expected a refusal, got ${String(error)}`);
}

/** Clears the relayer's daily total between tests (they share one database). */
async function resetTotals() {
  await db.sql`delete from relay_usage where account = '*'`;
}

/** Waits while fewer than 10 s of the current minute remain, so a rate window does not roll over mid-test. */
async function awayFromMinuteEdge(): Promise<void> {
  const [row] = await db.sql<{ left: number }[]>`
    select extract(epoch from date_trunc('minute', now()) + interval '1 minute' - now())::float8 as left
  `;
  if (row!.left < 10) await new Promise((resolve) => setTimeout(resolve, row!.left * 1000 + 200));
}

/** The account's counts in the current windows, by counter key. */
async function usageOf(key: string): Promise<{ minute: number; day: number }> {
  const rows = await db.sql<{ period: "minute" | "day"; count: number }[]>`
    select period, count from relay_usage
    where account = ${key}
      and window_start = date_trunc(period, now(), 'Europe/Amsterdam')
  `;
  const of = (period: string) => rows.find((r) => r.period === period)?.count ?? 0;
  return { minute: of("minute"), day: of("day") };
}

describe(`relayer quota (${databaseKind} database)`, () => {
  test("the per-client limit counts every request of that client", async () => {
    const quota = quotaOf({ perClientPerMinute: 3 });
    for (let i = 0; i < 3; i++) await quota.throttleClient("192.0.2.1");
    const error = await refusal(quota.throttleClient("192.0.2.1"));
    expect(error).toMatchObject({
      status: 429,
      code: "rate_limited",
      details: { scope: "client", client: "192.0.2.1", limit: 3, period: "minute" },
    });
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(60);
    await expect(quota.throttleClient("192.0.2.2")).resolves.toBeUndefined();
  });

  test("an account's minute and day; a refusal inside the claiming transaction rolls its counts back", async () => {
    await resetTotals();
    const quota = quotaOf({ perMinute: 100, perDay: 2 });
    const from = account();
    for (let i = 0; i < 2; i++) await db.sql.begin((tx) => quota.reserve(tx, from, false));
    const error = await refusal(db.sql.begin((tx) => quota.reserve(tx, from, false)));
    expect(error).toMatchObject({ status: 429, code: "quota_exceeded", details: { scope: "account", limit: 2 } });
    const [day] = await db.sql<{ count: number }[]>`
      select count from relay_usage where account = ${from} and period = 'day'
    `;
    expect(day!.count).toBe(2);

    const fast = quotaOf({ perMinute: 1 });
    const other = account();
    await db.sql.begin((tx) => fast.reserve(tx, other, false));
    expect(await refusal(db.sql.begin((tx) => fast.reserve(tx, other, false)))).toMatchObject({
      code: "rate_limited",
      details: { scope: "account", limit: 1 },
    });
  });

  test("ordinary calls stop at the reserve; votes may use the whole daily total", async () => {
    await resetTotals();
    const quota = quotaOf({ perDayTotal: 10, ballotReservePercent: 30 });
    expect(quota.ordinaryLimit).toBe(7);
    for (let i = 0; i < 7; i++) await db.sql.begin((tx) => quota.reserve(tx, account(), false));
    expect(await refusal(db.sql.begin((tx) => quota.reserve(tx, account(), false)))).toMatchObject({
      code: "quota_exceeded",
      details: { scope: "relayer", limit: 7, reservedForVotes: 3 },
    });
    for (let i = 0; i < 3; i++) await db.sql.begin((tx) => quota.reserve(tx, account(), true));
    expect(await refusal(db.sql.begin((tx) => quota.reserve(tx, account(), true)))).toMatchObject({
      code: "quota_exceeded",
      details: { scope: "relayer", limit: 10 },
    });
  });

  test("release gives the day back to the account and the total", async () => {
    await resetTotals();
    const quota = quotaOf({ perDay: 1, perDayTotal: 1, ballotReservePercent: 0 });
    const from = account();
    await db.sql.begin((tx) => quota.reserve(tx, from, false));
    await quota.release(from);
    await expect(db.sql.begin((tx) => quota.reserve(tx, from, false))).resolves.toBeUndefined();
  });

  test("the day is the calendar day of the configured time zone", async () => {
    const from = account();
    await db.sql.begin((tx) => quotaOf({ timeZone: "Europe/Amsterdam" }).reserve(tx, from, false));
    const [row] = await db.sql<{ matches: boolean; hour: number }[]>`
      select window_start = date_trunc('day', now(), 'Europe/Amsterdam') as matches,
             extract(hour from window_start at time zone 'Europe/Amsterdam')::int as hour
      from relay_usage where account = ${from} and period = 'day'
    `;
    expect(row).toEqual({ matches: true, hour: 0 });
    const refused = await refusal(
      db.sql.begin((tx) => quotaOf({ perDay: 1, timeZone: "Europe/Amsterdam" }).reserve(tx, from, false)),
    );
    const [left] = await db.sql<{ seconds: number }[]>`
      select extract(epoch from
        (date_trunc('day', now() at time zone 'Europe/Amsterdam') + interval '1 day') at time zone 'Europe/Amsterdam'
        - now())::float8 as seconds
    `;
    // The UTC day would end an hour or two away from the Amsterdam one.
    expect(Math.abs(refused.retryAfterSeconds! - left!.seconds)).toBeLessThan(60);
  });

  test("officials' calls have their own minute and day, apart from the same account's own calls", async () => {
    await resetTotals();
    await awayFromMinuteEdge();
    const quota = quotaOf({});
    const official = account();
    // Thirty reviews in a minute: within the officials' 60, three times the residents' 10.
    for (let i = 0; i < 30; i++) await db.sql.begin((tx) => quota.reserve(tx, official, false, "official"));
    expect(await usageOf(`official:${official}`)).toEqual({ minute: 30, day: 30 });
    expect(await usageOf(official)).toEqual({ minute: 0, day: 0 });
    // The same account's own calls still stop at the residents' 10 a minute.
    for (let i = 0; i < 10; i++) await db.sql.begin((tx) => quota.reserve(tx, official, false));
    expect(await refusal(db.sql.begin((tx) => quota.reserve(tx, official, false)))).toMatchObject({
      status: 429,
      code: "rate_limited",
      details: { scope: "account", limit: 10, period: "minute" },
    });
    // ...and its officials' allowance is not touched by that: 30 more pass, the 61st is refused.
    for (let i = 0; i < 30; i++) await db.sql.begin((tx) => quota.reserve(tx, official, false, "official"));
    const refused = await refusal(db.sql.begin((tx) => quota.reserve(tx, official, false, "official")));
    expect(refused).toMatchObject({
      status: 429,
      code: "rate_limited",
      details: { scope: "official", limit: 60, period: "minute" },
    });
    expect(refused.message).toBe(`more than 60 officials' requests a minute from ${official}`);
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    // The refusal rolled its own count back (inside the claiming transaction).
    expect(await usageOf(`official:${official}`)).toEqual({ minute: 60, day: 60 });
    expect(await usageOf(official)).toEqual({ minute: 10, day: 10 });
  });

  test("a stolen official key is still capped by the officials' day and by the relayer's total", async () => {
    await resetTotals();
    const daily = quotaOf({ officialPerDay: 3 });
    const stolen = account();
    for (let i = 0; i < 3; i++) await db.sql.begin((tx) => daily.reserve(tx, stolen, false, "official"));
    const dayRefusal = await refusal(db.sql.begin((tx) => daily.reserve(tx, stolen, false, "official")));
    expect(dayRefusal).toMatchObject({
      status: 429,
      code: "quota_exceeded",
      details: { scope: "official", limit: 3, period: "day" },
    });
    expect(dayRefusal.message).toBe(`${stolen} used its 3 relayed officials' requests for today`);

    // Officials' calls are ordinary calls for the daily total: they stop short of the ballot reserve.
    await resetTotals();
    const total = quotaOf({ perDayTotal: 10, ballotReservePercent: 30 });
    const other = account();
    for (let i = 0; i < 7; i++) await db.sql.begin((tx) => total.reserve(tx, other, false, "official"));
    expect(await refusal(db.sql.begin((tx) => total.reserve(tx, other, false, "official")))).toMatchObject({
      code: "quota_exceeded",
      details: { scope: "relayer", limit: 7, reservedForVotes: 3 },
    });
    await resetTotals();
    const whole = quotaOf({ perDayTotal: 2, ballotReservePercent: 0 });
    for (let i = 0; i < 2; i++) await db.sql.begin((tx) => whole.reserve(tx, account(), false, "official"));
    expect(await refusal(db.sql.begin((tx) => whole.reserve(tx, account(), false, "official")))).toMatchObject({
      code: "quota_exceeded",
      details: { scope: "relayer", limit: 2, period: "day" },
    });
  });

  test("release gives an official's day back to the officials' counter, not the account's", async () => {
    await resetTotals();
    const quota = quotaOf({ officialPerDay: 1, perDay: 1, perDayTotal: 2, ballotReservePercent: 0 });
    const from = account();
    await db.sql.begin((tx) => quota.reserve(tx, from, false));
    await db.sql.begin((tx) => quota.reserve(tx, from, false, "official"));
    await quota.release(from, "official");
    expect(await usageOf(`official:${from}`)).toMatchObject({ day: 0 });
    expect(await usageOf(from)).toMatchObject({ day: 1 });
    expect(await usageOf("*")).toMatchObject({ day: 1 });
    await expect(db.sql.begin((tx) => quota.reserve(tx, from, false, "official"))).resolves.toBeUndefined();
    expect((await refusal(db.sql.begin((tx) => quota.reserve(tx, from, false)))).details).toMatchObject({
      scope: "account",
      limit: 1,
    });
  });
});
