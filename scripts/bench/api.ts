/**
 * `npm run bench:api`: requests/s and latency of the busiest read endpoints of ONE API process,
 * under load from a second process.
 *
 * 1. A chain process (scripts/bench/support/chain.ts) deploys the system and mines `--blocks`
 *    blocks of transfers and approval ballots from 256 residents (one approval round in voting,
 *    two districts of 8 proposals; 30 tasks with claims).
 * 2. This process indexes it into Postgres (`--database-url`, BENCH_DATABASE_URL or a throwaway
 *    PostgreSQL 15; `--database embedded` for the embedded PGlite), keeps the indexer following
 *    the chain and serves the API (backend/api `createApp`) on a loopback port.
 * 3. For each endpoint a load-generator process (scripts/bench/support/load.ts) keeps
 *    `--connections` keep-alive connections busy for `--seconds` after a warm-up.
 *
 * Prints a table and one JSON document (`--json`: only the JSON). Progress goes to standard error.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import postgres from "postgres";

import { createDatabase, type Database } from "../../backend/db/index.js";
import { createIndexer, type Indexer } from "../../backend/indexer/index.js";
import { createChainProvider } from "../../backend/indexer/provider.js";
import { silentLogger } from "../../backend/logger/index.js";
import { startApi, type RunningApi } from "./support/api.js";
import { startBenchChain, type BenchChain } from "./support/chain.js";
import { runLoad, type LoadResult } from "./support/load.js";
import { startThrowawayPostgres } from "./support/postgres.js";
import { grouped, table } from "./support/stats.js";

const { values: flags } = parseArgs({
  options: {
    "database-url": { type: "string" },
    database: { type: "string", default: "postgres" },
    blocks: { type: "string", default: "1000" },
    accounts: { type: "string", default: "2000" },
    connections: { type: "string", default: "16" },
    seconds: { type: "string", default: "5" },
    warmup: { type: "string", default: "1" },
    endpoints: { type: "string" },
    json: { type: "boolean", default: false },
  },
});
const whole = (name: "blocks" | "accounts" | "connections" | "seconds" | "warmup", min: number) => {
  const value = Number(flags[name]);
  if (!Number.isInteger(value) || value < min) {
    console.error(`--${name} must be a whole number of at least ${min}, not ${String(flags[name])}`);
    process.exit(2);
  }
  return value;
};
const blocks = whole("blocks", 1);
const accountCount = whole("accounts", 12);
const connections = whole("connections", 1);
const seconds = whole("seconds", 1);
const warmupSeconds = whole("warmup", 0);
if (flags.database !== "postgres" && flags.database !== "embedded") {
  console.error(`--database must be postgres or embedded, not ${flags.database}`);
  process.exit(2);
}
const databaseUrl = flags["database-url"] ?? process.env.BENCH_DATABASE_URL;
const progress = (message: string) => process.stderr.write(`[bench:api] ${message}\n`);

/** The endpoints measured: the busiest reads of the front end (ROUTES.md). */
function endpoints(chain: BenchChain): { name: string; paths: string[]; target?: { rps: number; p99Ms: number } }[] {
  const round = chain.roundId;
  const accounts = chain.accounts;
  return [
    { name: "results", paths: [`/api/rounds/${round}/results`], target: { rps: 5_000, p99Ms: 50 } },
    { name: "proposals", paths: [1, 2].map((d) => `/api/rounds/${round}/proposals?district=${d}`) },
    { name: "round", paths: [`/api/rounds/${round}`] },
    // Answered from the index (backend/api/accounts), no contract call.
    { name: "account", paths: accounts.map((a) => `/api/accounts/${a}`), target: { rps: 3_000, p99Ms: 50 } },
    { name: "tasks", paths: ["/api/tasks", "/api/tasks?district=1", "/api/tasks?district=2&status=open"] },
  ];
}

async function openDatabase(): Promise<{ db: Database; describe: string; cleanup(): Promise<void> }> {
  if (flags.database === "embedded") {
    const dir = await mkdtemp(path.join(tmpdir(), "buurtkas-bench-pglite."));
    const db = await createDatabase({ databaseUrl: undefined, dataDir: dir });
    return {
      db,
      describe: "embedded PGlite (on disk)",
      async cleanup() {
        await db.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  const server = databaseUrl ? undefined : await startThrowawayPostgres();
  const serverUrl = databaseUrl ?? server?.url;
  if (!serverUrl)
    throw new Error("no PostgreSQL: pass --database-url, set BENCH_DATABASE_URL or use --database embedded");
  const name = `buurtkas_bench_api_${process.pid}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin`drop database if exists ${admin(name)} with (force)`;
  await admin`create database ${admin(name)}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await createDatabase({ databaseUrl: url.toString(), dataDir: "unused" });
  return {
    db,
    describe: databaseUrl ? "PostgreSQL (--database-url)" : "PostgreSQL 15 (throwaway local server)",
    async cleanup() {
      await db.close();
      await admin`drop database if exists ${admin(name)} with (force)`;
      await admin.end();
      server?.stop();
    },
  };
}

async function main(): Promise<void> {
  progress("starting the chain process and deploying the system ...");
  const chain = await startBenchChain(accountCount);
  let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
  let indexer: Indexer | undefined;
  let running: Promise<void> | undefined;
  let api: RunningApi | undefined;
  try {
    const generated = await chain.generate(blocks, 11);
    progress(`chain: ${grouped(generated.head)} blocks, ${grouped(generated.logs)} indexed events`);
    database = await openDatabase();
    const provider = createChainProvider(chain.rpcUrl);
    indexer = createIndexer({ db: database.db, provider, deployment: chain.deployment });
    await indexer.catchUp();
    running = indexer.run();
    api = await startApi({
      db: database.db,
      provider,
      deployment: chain.deployment,
      indexer,
      logger: silentLogger,
    });
    const baseUrl = api.baseUrl;
    progress(`API on ${baseUrl} over ${database.describe}`);

    const selected = flags.endpoints?.split(",");
    const results: (LoadResult & { endpoint: string; path: string; target?: { rps: number; p99Ms: number } })[] = [];
    for (const endpoint of endpoints(chain)) {
      if (selected && !selected.includes(endpoint.name)) continue;
      const result = await runLoad({ baseUrl, paths: endpoint.paths, connections, seconds, warmupSeconds });
      progress(`${endpoint.name}: ${grouped(result.requestsPerSecond)} req/s, p99 ${result.p99Ms} ms`);
      results.push({ endpoint: endpoint.name, path: endpoint.paths[0]!, ...result, target: endpoint.target });
    }

    const report = {
      benchmark: "api",
      measuredAt: new Date().toISOString(),
      machine: { cpus: cpus().length, node: process.version },
      database: database.describe,
      chain: { blocks: generated.head, events: generated.logs, accounts: chain.accounts.length },
      load: { connections, seconds, warmupSeconds, process: "separate (child process, keep-alive)" },
      results,
    };
    if (!flags.json) {
      console.log(
        table(
          ["endpoint", "example path", "req/s", "p50 ms", "p99 ms", "non-2xx", "bytes", "target"],
          results.map((r) => [
            r.endpoint,
            r.path,
            grouped(r.requestsPerSecond),
            r.p50Ms.toFixed(1),
            r.p99Ms.toFixed(1),
            String(Object.values(r.failures).reduce((a, b) => a + b, 0)),
            grouped(r.bytesPerResponse),
            r.target
              ? `>= ${grouped(r.target.rps)}/s, p99 <= ${r.target.p99Ms} ms: ${
                  r.requestsPerSecond >= r.target.rps && r.p99Ms <= r.target.p99Ms ? "met" : "missed"
                }`
              : "",
          ]),
        ),
      );
      console.log();
    }
    console.log(JSON.stringify(report, null, flags.json ? 0 : 2));
  } finally {
    await api?.close();
    await indexer?.stop();
    await running?.catch(() => {});
    await database?.cleanup();
    await chain.stop();
  }
}

await main().catch((error: unknown) => {
  console.error(`[bench:api] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
