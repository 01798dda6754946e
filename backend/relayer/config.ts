/**
 * The relayer's settings from the environment, validated like the rest of the backend's
 * configuration (a bad value is a {@link ConfigError} naming the variable; exit code 2).
 *
 * - `RELAYER_PRIVATE_KEY` — the relayer account's key (0x + 64 hex). Unset: no relayer.
 * - `RELAYER_RATE_PER_MINUTE` — requests per account per minute (default 10).
 * - `RELAYER_RATE_PER_MINUTE_PER_CLIENT` — requests per client IP per minute, whatever their outcome (default 120).
 * - `RELAYER_DAILY_QUOTA` — relayed requests per account per day (default 100).
 * - `RELAYER_OFFICIAL_RATE_PER_MINUTE` — officials' requests (paid through a role) per account per minute (default 60).
 * - `RELAYER_OFFICIAL_DAILY_QUOTA` — officials' requests (paid through a role) per account per day (default 2000).
 * - `RELAYER_DAILY_TOTAL` — relayed requests per day for all accounts together (default 10000).
 * - `RELAYER_BALLOT_RESERVE_PERCENT` — share of the daily total only ballots and vote-code redemptions may use (default 20).
 * - `RELAYER_TIME_ZONE` — whose calendar day the daily counters follow (default Europe/Amsterdam).
 * - `RELAYER_MAX_GAS` — largest gas the relayer pays for one request: `request.gas` and the whole transaction (default 1000000).
 * - `RELAYER_DEADLINE_MARGIN_SECONDS` — a request must stay valid this long past the chain's latest block (default 15).
 * - `RELAYER_ALLOWLIST` — replaces the default allowlist: `Contract.function` entries separated by commas.
 */
import { ConfigError, type ConfigIssue } from "../config/index.js";
import type { ContractName } from "../../generated/abis.js";
import { DEFAULT_ALLOWLIST, resolveAllowlist, type Allowlist } from "./allowlist.js";
import { DEFAULT_QUOTAS, type RelayQuotas } from "./quota.js";
import type { RelayerOptions } from "./relayer.js";

export interface RelayerConfig {
  /** Undefined when `RELAYER_PRIVATE_KEY` is unset: the API then runs without a relayer. */
  privateKey: string | undefined;
  quotas: RelayQuotas;
  allowlist: Allowlist;
  options: Pick<RelayerOptions, "maxGas" | "deadlineMarginSeconds">;
}

export function loadRelayerConfig(env: Record<string, string | undefined> = process.env): RelayerConfig {
  const issues: ConfigIssue[] = [];
  const value = (name: string) => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === "" ? undefined : raw;
  };
  const whole = (name: string, fallback: number, min: number, max: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!(n >= min && n <= max))
      issues.push({ variable: name, value: raw, problem: `must be a whole number from ${min} to ${max}` });
    return n;
  };

  const privateKey = value("RELAYER_PRIVATE_KEY");
  if (privateKey !== undefined && !/^0x[0-9a-fA-F]{64}$/.test(privateKey))
    issues.push({ variable: "RELAYER_PRIVATE_KEY", value: "***", problem: "must be 0x followed by 64 hex digits" });

  const timeZone = value("RELAYER_TIME_ZONE") ?? DEFAULT_QUOTAS.timeZone;
  if (!isTimeZone(timeZone))
    issues.push({
      variable: "RELAYER_TIME_ZONE",
      value: timeZone,
      problem: "must be an IANA time zone such as Europe/Amsterdam",
    });
  const quotas: RelayQuotas = {
    perMinute: whole("RELAYER_RATE_PER_MINUTE", DEFAULT_QUOTAS.perMinute, 1, 1_000_000),
    perDay: whole("RELAYER_DAILY_QUOTA", DEFAULT_QUOTAS.perDay, 1, 100_000_000),
    officialPerMinute: whole("RELAYER_OFFICIAL_RATE_PER_MINUTE", DEFAULT_QUOTAS.officialPerMinute, 1, 1_000_000),
    officialPerDay: whole("RELAYER_OFFICIAL_DAILY_QUOTA", DEFAULT_QUOTAS.officialPerDay, 1, 100_000_000),
    perDayTotal: whole("RELAYER_DAILY_TOTAL", DEFAULT_QUOTAS.perDayTotal, 1, 1_000_000_000),
    ballotReservePercent: whole("RELAYER_BALLOT_RESERVE_PERCENT", DEFAULT_QUOTAS.ballotReservePercent, 0, 100),
    perClientPerMinute: whole("RELAYER_RATE_PER_MINUTE_PER_CLIENT", DEFAULT_QUOTAS.perClientPerMinute, 1, 1_000_000),
    timeZone,
  };
  const maxGas = BigInt(whole("RELAYER_MAX_GAS", 1_000_000, 21_000, 30_000_000) || 0);
  const deadlineMarginSeconds = whole("RELAYER_DEADLINE_MARGIN_SECONDS", 15, 0, 3_600);

  let allowlist: Allowlist = DEFAULT_ALLOWLIST;
  const listed = value("RELAYER_ALLOWLIST");
  if (listed !== undefined) {
    const custom: Partial<Record<ContractName, string[]>> = {};
    for (const entry of listed
      .split(",")
      .map((e) => e.trim())
      .filter(Boolean)) {
      const [contract, fn, extra] = entry.split(".");
      if (!contract || !fn || extra !== undefined) {
        issues.push({
          variable: "RELAYER_ALLOWLIST",
          value: listed,
          problem: `entry "${entry}" must be Contract.function`,
        });
        continue;
      }
      (custom[contract as ContractName] ??= []).push(fn);
    }
    try {
      resolveAllowlist(custom);
      allowlist = custom;
    } catch (error) {
      issues.push({ variable: "RELAYER_ALLOWLIST", value: listed, problem: (error as Error).message });
    }
  }

  if (issues.length > 0) throw new ConfigError(issues);
  return { privateKey, quotas, allowlist, options: { maxGas, deadlineMarginSeconds } };
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
