/**
 * The budget (backend/relayer/README.md, "Budget"): fixed-window counters in `relay_usage`, in
 * database time, so every API process counts in the same windows.
 *
 * - per client (the caller's IP), per minute: every request that reaches the relayer, counted
 *   before anything costs a chain read or a signature recovery;
 * - per account, per minute: requests with a good signature that claimed their nonce;
 * - per account, per day: requests relayed;
 * - the same two for officials' functions the account is paid for through a role it holds, on
 *   their own counters (`official:<address>`) with higher limits: an official's working day is
 *   hundreds of reviews, registrations or paper ballots, and the same person's own calls as a
 *   resident keep the residents' limits;
 * - all accounts, per day: requests relayed, where ordinary calls stop short of the total by the
 *   ballot reserve and only votes (ballots and vote-code redemptions) may use it.
 *
 * Days are calendar days in `timeZone` (the municipality's, default Europe/Amsterdam).
 */
import type { Queryable } from "../db/index.js";
import { RelayError } from "./errors.js";
import { countUsage, uncountUsage, type UsageWindow } from "./store.js";

export interface RelayQuotas {
  /** Requests per account per minute that pass the signature check (default 10). */
  perMinute: number;
  /** Requests per account per day that the relayer sends (default 100). */
  perDay: number;
  /** Officials' requests (paid through a role) per account per minute (default 60). */
  officialPerMinute: number;
  /** Officials' requests (paid through a role) per account per day that the relayer sends (default 2,000). */
  officialPerDay: number;
  /** Requests per day the relayer sends for all accounts together (default 10,000). */
  perDayTotal: number;
  /** Percent of `perDayTotal` only votes may use (default 20). */
  ballotReservePercent: number;
  /** Requests per client (IP address) per minute, whatever their outcome (default 120). */
  perClientPerMinute: number;
  /** The time zone whose calendar day the daily counters follow (default Europe/Amsterdam). */
  timeZone: string;
}

export const DEFAULT_QUOTAS: RelayQuotas = {
  perMinute: 10,
  perDay: 100,
  officialPerMinute: 60,
  officialPerDay: 2_000,
  perDayTotal: 10_000,
  ballotReservePercent: 20,
  perClientPerMinute: 120,
  timeZone: "Europe/Amsterdam",
};

/** The usage counter of every account together. */
const ALL_ACCOUNTS = "*";
/** Usage counters of clients are keyed `client:<ip>`, apart from accounts (`0x…`). */
const clientKey = (client: string) => `client:${client}`;

/**
 * Whose allowance a request uses: the account's own (`account`, what residents and merchants do,
 * counted under the address) or the account's allowance as an official (`official`, a function
 * the relayer pays for because the signer holds one of its roles, counted under
 * `official:<address>`). Also the `scope` a refusal names.
 */
export type Allowance = "account" | "official";

const allowanceKey = (from: string, allowance: Allowance) => (allowance === "official" ? `official:${from}` : from);

export interface Quota {
  /** Counts one request of `client`; throws 429 `rate_limited` over the per-client limit. */
  throttleClient(client: string): Promise<void>;
  /**
   * Counts one relayed request of `from` (inside the claiming transaction `tx`, so a refusal
   * rolls the claim back): the minute and day of the account's `allowance` (default its own),
   * and the relayer's day.
   */
  reserve(tx: Queryable, from: string, voting: boolean, allowance?: Allowance): Promise<void>;
  /** Gives back the day counts of a request that was never sent, to the allowance it was counted in. */
  release(from: string, allowance?: Allowance): Promise<void>;
  /** Requests ordinary (non-voting) calls may use of the daily total. */
  readonly ordinaryLimit: number;
}

export interface QuotaDeps {
  sql: Queryable;
  quotas: RelayQuotas;
}

export function createQuota(deps: QuotaDeps): Quota {
  const { sql, quotas } = deps;
  const minute: UsageWindow = { period: "minute", timeZone: quotas.timeZone };
  const day: UsageWindow = { period: "day", timeZone: quotas.timeZone };
  const reserved = Math.floor((quotas.perDayTotal * quotas.ballotReservePercent) / 100);
  const ordinaryLimit = quotas.perDayTotal - reserved;

  return {
    ordinaryLimit,
    async throttleClient(client) {
      const used = await countUsage(sql, clientKey(client), minute);
      if (used.count > quotas.perClientPerMinute) {
        throw rateLimited(
          `more than ${quotas.perClientPerMinute} relay requests a minute from ${client}`,
          { scope: "client", client, limit: quotas.perClientPerMinute },
          used.resetsInSeconds,
        );
      }
    },

    async reserve(tx, from, voting, allowance = "account") {
      const key = allowanceKey(from, allowance);
      const official = allowance === "official";
      const perMinute = official ? quotas.officialPerMinute : quotas.perMinute;
      const perDay = official ? quotas.officialPerDay : quotas.perDay;
      const what = official ? "officials' requests" : "requests";
      const rate = await countUsage(tx, key, minute);
      if (rate.count > perMinute) {
        throw rateLimited(
          `more than ${perMinute} ${what} a minute from ${from}`,
          { scope: allowance, limit: perMinute },
          rate.resetsInSeconds,
        );
      }
      const own = await countUsage(tx, key, day);
      if (own.count > perDay) {
        throw quotaExceeded(
          `${from} used its ${perDay} relayed ${what} for today`,
          { scope: allowance, limit: perDay },
          own.resetsInSeconds,
        );
      }
      const total = await countUsage(tx, ALL_ACCOUNTS, day);
      if (total.count > quotas.perDayTotal) {
        throw quotaExceeded(
          `the relayer sent its ${quotas.perDayTotal} transactions for today`,
          { scope: "relayer", limit: quotas.perDayTotal },
          total.resetsInSeconds,
        );
      }
      if (!voting && total.count > ordinaryLimit) {
        throw quotaExceeded(
          `the relayer keeps the rest of today's ${quotas.perDayTotal} transactions for ballots (${ordinaryLimit} are for other calls)`,
          { scope: "relayer", limit: ordinaryLimit, reservedForVotes: reserved },
          total.resetsInSeconds,
        );
      }
    },

    async release(from, allowance = "account") {
      await uncountUsage(sql, allowanceKey(from, allowance), day);
      await uncountUsage(sql, ALL_ACCOUNTS, day);
    },
  };
}

function retryAfter(resetsInSeconds: number): number {
  return Math.max(1, Math.ceil(resetsInSeconds));
}

function rateLimited(message: string, details: Record<string, unknown>, resetsInSeconds: number): RelayError {
  const retry = retryAfter(resetsInSeconds);
  return new RelayError(
    429,
    "rate_limited",
    message,
    { ...details, period: "minute", retryAfterSeconds: retry },
    retry,
  );
}

function quotaExceeded(message: string, details: Record<string, unknown>, resetsInSeconds: number): RelayError {
  const retry = retryAfter(resetsInSeconds);
  return new RelayError(429, "quota_exceeded", message, { ...details, period: "day", retryAfterSeconds: retry }, retry);
}
