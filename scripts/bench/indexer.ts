/**
 * `npm run bench:indexer`: how fast the indexer catches up and how far it trails a live chain.
 *
 * 1. A chain process (scripts/bench/support/chain.ts) deploys the system on an in-process
 *    Hardhat node served over HTTP and mines `--blocks` blocks of `--txs-per-block` transactions
 *    (coin transfers and approval ballots from 256 accounts): 5,000 x 11 = 55,000 events.
 * 2. Catch-up: a fresh indexer reads the whole chain into the embedded PGlite (on disk, as in
 *    production) and into a real Postgres, with the production defaults (2,000-block ranges).
 *    Events/s = events committed / wall time of `catchUp()`.
 * 3. Real-time lag, zero confirmations: the indexer follows the chain's new heads over its
 *    WebSocket `eth_subscribe("newHeads")` (`--heads poll`: polls every `--poll-ms` instead) while
 *    the chain mines a block every `--interval-ms`, and the API (backend/api serving this indexer's
 *    database) hears each commit (Postgres LISTEN/NOTIFY, in process on the embedded database);
 *    lag = block mined -> announced by the API's Server-Sent Events, and block mined -> rows
 *    committed (the indexer's stream, right after the commit).
 *
 * The real Postgres is `--database-url URL` or BENCH_DATABASE_URL (a scratch database is created
 * on it and dropped), else a throwaway PostgreSQL 15 server when its binaries are installed, else
 * only the embedded database is measured. Prints a table and one JSON document (`--json`: only
 * the JSON). Progress goes to standard error.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { parseArgs } from "node:util";

import postgres from "postgres";

import { createDatabase, type Database } from "../../backend/db/index.js";
import { subscribeNewHeads, type NewHeads } from "../../backend/indexer/heads.js";
import { createIndexer, type IndexerEvent } from "../../backend/indexer/index.js";
import { eventSpecs } from "../../backend/indexer/projections/index.js";
import { createChainProvider } from "../../backend/indexer/provider.js";
import { silentLogger } from "../../backend/logger/index.js";
import { apiAvailable, followBlocks, startApi, type RunningApi } from "./support/api.js";
import { startBenchChain, type BenchChain } from "./support/chain.js";
import { startThrowawayPostgres } from "./support/postgres.js";
import { grouped, percentile, round, table } from "./support/stats.js";

const { values: flags } = parseArgs({
  options: {
    "database-url": { type: "string" },
    blocks: { type: "string", default: "5000" },
    "txs-per-block": { type: "string", default: "11" },
    "realtime-blocks": { type: "string", default: "40" },
    "interval-ms": { type: "string", default: "500" },
    "poll-ms": { type: "string", default: "1000" },
    heads: { type: "string", default: "subscribe" },
    "batch-blocks": { type: "string", default: "2000" },
    databases: { type: "string", default: "embedded,postgres" },
    json: { type: "boolean", default: false },
  },
});
const wholeFlag = (name: keyof typeof flags, min = 1) => {
  const value = Number(flags[name]);
  if (!Number.isInteger(value) || value < min) {
    console.error(`--${name} must be a whole number of at least ${min}, not ${String(flags[name])}`);
    process.exit(2);
  }
  return value;
};
const blocks = wholeFlag("blocks");
const txsPerBlock = wholeFlag("txs-per-block");
/** 0 skips the real-time measurement. */
const realtimeBlocks = wholeFlag("realtime-blocks", 0);
const intervalMs = wholeFlag("interval-ms");
const pollIntervalMs = wholeFlag("poll-ms");
const batchBlocks = wholeFlag("batch-blocks");
const databaseUrl = flags["database-url"] ?? process.env.BENCH_DATABASE_URL;
const databases = new Set(flags.databases!.split(","));
if (flags.heads !== "subscribe" && flags.heads !== "poll") {
  console.error(`--heads must be subscribe or poll, not ${flags.heads}`);
  process.exit(2);
}

const progress = (message: string) => process.stderr.write(`[bench:indexer] ${message}\n`);

interface Target {
  name: "embedded" | "postgres";
  describe: string;
  open(): Promise<Database>;
  cleanup(): Promise<void>;
}

interface CatchUpResult {
  database: string;
  blocks: number;
  events: number;
  rows: number;
  seconds: number;
  eventsPerSecond: number;
}

interface LagResult {
  database: string;
  blocks: number;
  pollIntervalMs: number;
  /** How the indexer learnt of new blocks. */
  heads: "newHeads subscription" | "poll";
  blockIntervalMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  measuredAs: string;
  /** Mined -> rows committed, whatever `measuredAs` says. */
  committedP50Ms: number;
  committedP95Ms: number;
}

async function embeddedTarget(): Promise<Target> {
  const dir = await mkdtemp(path.join(tmpdir(), "buurtkas-bench-pglite."));
  return {
    name: "embedded",
    describe: "embedded PGlite (on disk)",
    open: () => createDatabase({ databaseUrl: undefined, dataDir: dir }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A scratch database on a real server (created here, dropped afterwards). */
async function postgresTarget(serverUrl: string, describe: string, stopServer?: () => void): Promise<Target> {
  const name = `buurtkas_bench_${process.pid}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin`drop database if exists ${admin(name)} with (force)`;
  await admin`create database ${admin(name)}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name: "postgres",
    describe,
    open: () => createDatabase({ databaseUrl: url.toString(), dataDir: "unused" }),
    async cleanup() {
      await admin`drop database if exists ${admin(name)} with (force)`;
      await admin.end();
      stopServer?.();
    },
  };
}

async function countRows(db: Database): Promise<number> {
  let total = 0;
  // Several specs share a table (the role events of every contract): count each table once.
  for (const table of new Set(eventSpecs.map((spec) => spec.table))) {
    const [row] = await db.sql<{ count: bigint }[]>`select count(*) from ${db.sql(table)}`;
    total += Number(row!.count);
  }
  return total;
}

function indexerFor(
  db: Database,
  chain: BenchChain,
  provider = createChainProvider(chain.rpcUrl),
  newHeads?: NewHeads,
) {
  return createIndexer({
    db,
    provider,
    deployment: chain.deployment,
    confirmations: 0,
    batchBlocks,
    pollIntervalMs,
    ...(newHeads ? { newHeads } : {}),
  });
}

async function measureCatchUp(target: Target, chain: BenchChain, expectedEvents: number): Promise<CatchUpResult> {
  const db = await target.open();
  try {
    const indexer = indexerFor(db, chain);
    const stream = indexer.stream();
    let events = 0;
    let blocksDone = 0;
    const counting = (async () => {
      for await (const event of stream) {
        if (event.type === "block") {
          events += event.eventCount;
          blocksDone += event.block.number - event.fromBlock + 1;
        }
      }
    })();
    const started = performance.now();
    await indexer.catchUp();
    const seconds = (performance.now() - started) / 1000;
    await counting;
    const rows = await countRows(db);
    if (rows !== expectedEvents || events !== expectedEvents) {
      throw new Error(
        `${target.describe}: ${events} events written and ${rows} event rows, but the chain holds ${expectedEvents}`,
      );
    }
    const result = {
      database: target.describe,
      blocks: blocksDone,
      events,
      rows,
      seconds: round(seconds, 2),
      eventsPerSecond: round(events / seconds),
    };
    progress(`catch-up into ${target.describe}: ${grouped(events)} events in ${result.seconds} s`);
    return result;
  } finally {
    await db.close();
  }
}

/**
 * Blocks mined one every `intervalMs` while the indexer follows. Lag: block mined -> its rows
 * committed (the indexer's stream), and, once backend/api exists, -> announced by the API's
 * Server-Sent Events (`block`), i.e. visible to a client of the API.
 */
async function measureLag(target: Target, chain: BenchChain): Promise<LagResult> {
  const db = await target.open();
  let api: RunningApi | undefined;
  let disconnect: (() => void) | undefined;
  let newHeads: NewHeads | undefined;
  try {
    const provider = createChainProvider(chain.rpcUrl);
    if (flags.heads === "subscribe") {
      newHeads = await subscribeNewHeads(chain.rpcUrl, { logger: silentLogger });
      if (!newHeads) throw new Error(`the bench chain at ${chain.rpcUrl} offers no newHeads subscription`);
    }
    const indexer = indexerFor(db, chain, provider, newHeads);
    await indexer.catchUp();
    const stream = indexer.stream();
    const committedAt = new Map<number, number>();
    const announcedAt = new Map<number, number>();
    const minedAt = new Map<number, number>();
    const watching = (async () => {
      for await (const event of stream as AsyncIterable<IndexerEvent>) {
        if (event.type !== "block") continue;
        const now = Date.now();
        for (let n = event.fromBlock; n <= event.block.number; n++) if (!committedAt.has(n)) committedAt.set(n, now);
      }
    })();
    const running = indexer.run();
    if (await apiAvailable()) {
      api = await startApi({ db, provider, deployment: chain.deployment, indexer, logger: silentLogger });
      let highest = -1;
      disconnect = await followBlocks(api.baseUrl, (number) => {
        const now = Date.now();
        for (let n = highest + 1; n <= number; n++) if (!announcedAt.has(n)) announcedAt.set(n, now);
        highest = Math.max(highest, number);
      });
    }
    await chain.realtime(realtimeBlocks, intervalMs, txsPerBlock, (number, at) => minedAt.set(number, at));
    const last = Math.max(...minedAt.keys());
    const seen = api ? announcedAt : committedAt;
    const deadline = Date.now() + 30_000;
    while (!(committedAt.has(last) && seen.has(last)) && Date.now() < deadline) await delay(20);
    disconnect?.();
    await api?.close();
    await indexer.stop();
    await running.catch(() => {});
    await watching;
    const lagsTo = (visible: Map<number, number>, what: string) =>
      [...minedAt].map(([number, at]) => {
        const when = visible.get(number);
        if (when === undefined) throw new Error(`${target.describe}: block ${number} never ${what}`);
        return when - at;
      });
    const committed = lagsTo(committedAt, "committed");
    const lags = api ? lagsTo(announcedAt, "reached the API's events") : committed;
    const result: LagResult = {
      database: target.describe,
      blocks: lags.length,
      pollIntervalMs,
      heads: newHeads ? "newHeads subscription" : "poll",
      blockIntervalMs: intervalMs,
      p50Ms: percentile(lags, 50),
      p95Ms: percentile(lags, 95),
      maxMs: Math.max(...lags),
      measuredAs: api
        ? "block mined -> announced by the API (GET /api/events block event)"
        : "block mined -> rows committed (indexer stream; backend/api not there yet)",
      committedP50Ms: percentile(committed, 50),
      committedP95Ms: percentile(committed, 95),
    };
    progress(`real-time lag on ${target.describe}: p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms`);
    return result;
  } finally {
    disconnect?.();
    newHeads?.close();
    await api?.close();
    await db.close();
  }
}

async function main(): Promise<void> {
  progress("starting the chain process and deploying the system ...");
  const chain = await startBenchChain();
  const targets: Target[] = [];
  try {
    progress(`mining ${grouped(blocks)} blocks of ${txsPerBlock} transactions ...`);
    const generated = await chain.generate(blocks, txsPerBlock);
    progress(
      `chain: ${grouped(generated.head)} blocks, ${grouped(generated.logs)} indexed events ` +
        `(${grouped(generated.transactions)} transactions mined in ${round(generated.seconds, 1)} s)`,
    );

    if (databases.has("embedded")) targets.push(await embeddedTarget());
    if (!databases.has("postgres")) {
      // measured on the embedded database only
    } else if (databaseUrl) {
      targets.push(await postgresTarget(databaseUrl, "PostgreSQL (--database-url)"));
    } else {
      const server = await startThrowawayPostgres();
      if (server) targets.push(await postgresTarget(server.url, "PostgreSQL 15 (throwaway local server)", server.stop));
      else progress("no PostgreSQL binaries and no --database-url: measuring the embedded database only");
    }

    const catchUp: CatchUpResult[] = [];
    for (const target of targets) catchUp.push(await measureCatchUp(target, chain, generated.logs));
    const lag: LagResult[] = [];
    if (realtimeBlocks > 0) for (const target of targets) lag.push(await measureLag(target, chain));

    const report = {
      benchmark: "indexer",
      measuredAt: new Date().toISOString(),
      machine: { cpus: (await import("node:os")).cpus().length, node: process.version },
      chain: {
        blocks: generated.head,
        workloadBlocks: generated.blocks,
        transactions: generated.transactions,
        events: generated.logs,
        generationSeconds: round(generated.seconds, 1),
      },
      settings: { batchBlocks, pollIntervalMs, heads: flags.heads, confirmations: 0 },
      catchUp,
      lag,
      targets: { catchUpEventsPerSecondPostgres: 10_000, lagP95Ms: 300 },
    };
    if (!flags.json) {
      console.log(
        table(
          ["database", "blocks", "events", "seconds", "events/s"],
          catchUp.map((r) => [
            r.database,
            grouped(r.blocks),
            grouped(r.events),
            r.seconds.toFixed(2),
            grouped(r.eventsPerSecond),
          ]),
        ),
      );
      console.log();
      console.log(
        table(
          ["database", "blocks", "new blocks by", "to API p50 ms", "to API p95 ms", "max ms", "to commit p50 / p95 ms"],
          lag.map((r) => [
            r.database,
            String(r.blocks),
            r.heads === "poll" ? `poll ${r.pollIntervalMs} ms` : r.heads,
            grouped(r.p50Ms),
            grouped(r.p95Ms),
            grouped(r.maxMs),
            `${grouped(r.committedP50Ms)} / ${grouped(r.committedP95Ms)}`,
          ]),
        ),
      );
      console.log();
    }
    console.log(JSON.stringify(report, null, flags.json ? 0 : 2));
  } finally {
    await chain.stop();
    for (const target of targets) await target.cleanup().catch(() => {});
  }
}

await main();
