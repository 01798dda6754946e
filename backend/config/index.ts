/**
 * The backend's configuration, read once from the environment and validated at start-up.
 *
 * Every variable is parsed on its own so a bad value is reported by name. All problems are
 * collected into one {@link ConfigError}; the entry point prints its message and exits with code 2.
 */
import path from "node:path";

import { z } from "zod";

export interface Config {
  /** JSON-RPC endpoint of the chain the contracts live on. */
  rpcUrl: string;
  /** A real Postgres (`postgres://...`); when unset the embedded database in `dataDir` is used. */
  databaseUrl: string | undefined;
  /** Folder of the embedded database (absolute), or `memory://` for a throwaway in-memory one. */
  dataDir: string;
  /** Name of the deployments file to read: `deployments/<network>.json`. */
  network: string;
  /** Blocks the indexer stays behind the chain head. */
  confirmations: number;
  /** Largest block range the indexer asks for in one eth_getLogs call. */
  indexerBatchBlocks: number;
  /** How often the indexer asks for new blocks once it has caught up, in milliseconds. */
  indexerPollIntervalMs: number;
  /** Depth below the head after which a block counts as final (reorg bookkeeping is pruned). */
  indexerFinalityBlocks: number;
  /** TCP port of the HTTP API. */
  port: number;
  logLevel: "debug" | "info" | "warn" | "error";
  /** Open live-update streams (GET /api/events) one client may hold. */
  liveStreamsPerClient: number;
  /** Open live-update streams of all clients together. */
  liveStreamsTotal: number;
  /** The API is behind a proxy that appends the client's address to X-Forwarded-For. */
  trustProxy: boolean;
}

/** One or more environment variables hold an unusable value. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(
      issues.length === 1
        ? `invalid configuration: ${formatIssue(issues[0]!)}`
        : `invalid configuration:\n${issues.map((issue) => `  - ${formatIssue(issue)}`).join("\n")}`,
    );
  }
}

export interface ConfigIssue {
  variable: string;
  /** The value as shown to the operator (secrets redacted). */
  value: string;
  problem: string;
}

function formatIssue(issue: ConfigIssue): string {
  return `${issue.variable}=${JSON.stringify(issue.value)} ${issue.problem}`;
}

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be a whole number from ${min} to ${max}`);

const url = (protocols: readonly string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}`,
  );

/** Each variable: its schema, its default (used when unset or empty), and whether it holds a secret. */
const variables = {
  RPC_URL: { schema: url(["http:", "https:", "ws:", "wss:"]), fallback: "http://127.0.0.1:8545" },
  DATABASE_URL: { schema: url(["postgres:", "postgresql:"]), fallback: undefined, secret: true },
  DATA_DIR: { schema: z.string().min(1), fallback: ".data" },
  NETWORK: {
    schema: z.string().regex(/^[a-zA-Z0-9_-]+$/, "may only hold letters, digits, - and _"),
    fallback: "localhost",
  },
  CONFIRMATIONS: { schema: wholeNumber(0, 10_000), fallback: "0" },
  INDEXER_BATCH_BLOCKS: { schema: wholeNumber(1, 1_000_000), fallback: "2000" },
  INDEXER_POLL_INTERVAL_MS: { schema: wholeNumber(10, 3_600_000), fallback: "1000" },
  INDEXER_FINALITY_BLOCKS: { schema: wholeNumber(0, 100_000), fallback: "64" },
  PORT: { schema: wholeNumber(1, 65_535), fallback: "3000" },
  LIVE_STREAMS_PER_CLIENT: { schema: wholeNumber(1, 100_000), fallback: "8" },
  LIVE_STREAMS_TOTAL: { schema: wholeNumber(1, 1_000_000), fallback: "1000" },
  TRUST_PROXY: {
    schema: z.enum(["true", "false"], { error: "must be true or false" }).transform((v) => v === "true"),
    fallback: "false",
  },
  LOG_LEVEL: {
    schema: z.enum(["debug", "info", "warn", "error"], { error: "must be one of debug, info, warn, error" }),
    fallback: "info",
  },
} as const;

type Variable = keyof typeof variables;
type Parsed<V extends Variable> = z.output<(typeof variables)[V]["schema"]>;

/** Reads and validates the configuration; throws a {@link ConfigError} naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Config {
  const issues: ConfigIssue[] = [];

  function read<V extends Variable>(name: V): Parsed<V> | undefined {
    const spec = variables[name];
    const raw = env[name];
    const value = raw === undefined || raw.trim() === "" ? spec.fallback : raw.trim();
    if (value === undefined) return undefined;
    const result = spec.schema.safeParse(value);
    if (result.success) return result.data as Parsed<V>;
    issues.push({
      variable: name,
      value: "secret" in spec && spec.secret ? redact(value) : value,
      problem: result.error.issues[0]?.message ?? "is invalid",
    });
    return undefined;
  }

  const config = {
    rpcUrl: read("RPC_URL"),
    databaseUrl: read("DATABASE_URL"),
    dataDir: read("DATA_DIR"),
    network: read("NETWORK"),
    confirmations: read("CONFIRMATIONS"),
    indexerBatchBlocks: read("INDEXER_BATCH_BLOCKS"),
    indexerPollIntervalMs: read("INDEXER_POLL_INTERVAL_MS"),
    indexerFinalityBlocks: read("INDEXER_FINALITY_BLOCKS"),
    port: read("PORT"),
    logLevel: read("LOG_LEVEL"),
    liveStreamsPerClient: read("LIVE_STREAMS_PER_CLIENT"),
    liveStreamsTotal: read("LIVE_STREAMS_TOTAL"),
    trustProxy: read("TRUST_PROXY"),
  };
  if (issues.length > 0) throw new ConfigError(issues);
  return {
    ...(config as Required<{ [K in keyof typeof config]: NonNullable<(typeof config)[K]> }>),
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir!.startsWith("memory://") ? config.dataDir! : path.resolve(cwd, config.dataDir!),
  };
}

/** A URL with its password replaced, safe to print. */
export function redact(value: string): string {
  try {
    const parsed = new URL(value);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    // Not a URL: it may still hold a password, so show none of it.
    return "***";
  }
}
