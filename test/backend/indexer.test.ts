/**
 * The indexer against an in-process chain carrying every kind of event: the index equals the
 * chain, indexing again changes nothing, and stopping anywhere and restarting loses nothing.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Database } from "../../backend/db/index.js";
import { createIndexer, type IndexerEvent, type IndexerOptions } from "../../backend/indexer/index.js";
import type { Deployment } from "../../lib/contracts/deployments.js";
import { createTestDatabase, databaseKind } from "../helpers/database.js";
import { deploySystem, type System } from "../helpers/system.js";
import { deploymentOf, seededRandom } from "./support/chain.js";
import { dumpIndex, expectIndexMatchesChain } from "./support/compare.js";
import { forkActivity, seedEverything, type Workload } from "./support/workload.js";

let system: System;
let workload: Workload;
let deployment: Deployment;
const databases: Database[] = [];

async function freshDatabase(): Promise<Database> {
  const db = await createTestDatabase();
  databases.push(db);
  return db;
}

let reference: Record<string, string[]> | undefined;

/** The index of the whole chain written in one uninterrupted run, to compare other runs with. */
async function referenceDump(): Promise<Record<string, string[]>> {
  if (!reference) {
    const db = await freshDatabase();
    await indexerFor(db, { batchBlocks: 10_000 }).catchUp();
    reference = await dumpIndex(db.sql);
  }
  return reference;
}

/** Waits for the next event the predicate accepts (without closing the stream, as for-await would). */
async function firstEvent<E extends IndexerEvent>(
  stream: AsyncIterableIterator<IndexerEvent>,
  accept: (event: IndexerEvent) => event is E,
): Promise<E> {
  for (let next = await stream.next(); !next.done; next = await stream.next()) {
    if (accept(next.value)) return next.value;
  }
  throw new Error("the stream ended first");
}

const isBlock = (event: IndexerEvent): event is Extract<IndexerEvent, { type: "block" }> => event.type === "block";

function indexerFor(db: Database, options: Partial<IndexerOptions> = {}) {
  return createIndexer({
    db,
    provider: system.ethers.provider,
    deployment,
    batchBlocks: 10,
    pollIntervalMs: 10,
    retry: { baseDelayMs: 1, maxDelayMs: 10 },
    ...options,
  });
}

beforeAll(async () => {
  system = await deploySystem();
  workload = await seedEverything(system);
  deployment = await deploymentOf(system);
});

afterAll(async () => {
  for (const db of databases) await db.close();
});

describe(`indexer (${databaseKind} database)`, () => {
  test("indexes every event and derives state equal to the contracts' views", async () => {
    const db = await freshDatabase();
    const indexer = indexerFor(db);
    const stream = indexer.stream();
    await indexer.catchUp();
    await expectIndexMatchesChain(db.sql, system, workload);

    const events: IndexerEvent[] = [];
    for await (const event of stream) events.push(event);
    const blocks = events.filter((e) => e.type === "block");
    const head = await system.ethers.provider.getBlockNumber();
    expect(blocks.at(-1)?.block.number).toBe(head);
    // Ranges follow each other without gaps.
    for (let i = 1; i < blocks.length; i++) expect(blocks[i]!.fromBlock).toBe(blocks[i - 1]!.block.number + 1);
    expect(blocks.reduce((sum, b) => sum + b.eventCount, 0)).toBeGreaterThan(100);
  });

  test("indexing twice gives the same rows, whatever the range size", async () => {
    const db = await freshDatabase();
    await indexerFor(db, { batchBlocks: 7 }).catchUp();
    const once = await dumpIndex(db.sql);
    expect(once).toEqual(await referenceDump());

    // Index the whole chain again over the rows already there: nothing is added or counted twice.
    const start = Math.min(...Object.values(deployment.contracts).map((c) => c.blockNumber)) - 1;
    const anchor = await system.ethers.provider.getBlock(start);
    await db.sql`
      update indexer_cursor
      set block_number = ${start}, block_hash = ${anchor!.hash}, finalized_block_number = ${start}
    `;
    const again = indexerFor(db, { batchBlocks: 13 });
    const stream = again.stream();
    await again.catchUp();
    let written = 0;
    for await (const event of stream) if (event.type === "block") written += event.eventCount;
    expect(written).toBe(0);
    expect(await dumpIndex(db.sql)).toEqual(once);
  });

  test("stopping after a range and restarting leaves no gap and no duplicate", async () => {
    const db = await freshDatabase();
    const first = indexerFor(db);
    const stream = first.stream();
    const controller = new AbortController();
    const running = first.run(controller.signal);
    const block = await firstEvent(stream, isBlock);
    controller.abort();
    await running;
    const [cursor] = await db.sql<{ block_number: bigint }[]>`select block_number from indexer_cursor`;
    expect(Number(cursor!.block_number)).toBe(block.block.number);

    // Restart as a new process would: a new indexer on the same database.
    await indexerFor(db).catchUp();
    await expectIndexMatchesChain(db.sql, system, workload);
    expect(await dumpIndex(db.sql)).toEqual(await referenceDump());
  });

  test("stopping in the middle of a range (logs read, nothing written yet) loses nothing", async () => {
    const db = await freshDatabase();
    const controller = new AbortController();
    let getLogsCalls = 0;
    const provider = system.ethers.provider;
    // The third eth_getLogs returns its logs, then the indexer is stopped before it can write them.
    const stopping = new Proxy(provider, {
      get(target, property, receiver) {
        if (property === "getLogs") {
          return async (...args: Parameters<typeof provider.getLogs>) => {
            const logs = await target.getLogs(...args);
            if (++getLogsCalls === 3) controller.abort();
            return logs;
          };
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const blocks: number[] = [];
    const first = indexerFor(db, { provider: stopping });
    const stream = first.stream();
    await first.run(controller.signal);
    for await (const event of stream) if (event.type === "block") blocks.push(event.block.number);
    expect(blocks).toHaveLength(2);
    const [cursor] = await db.sql<{ block_number: bigint }[]>`select block_number from indexer_cursor`;
    expect(Number(cursor!.block_number)).toBe(blocks[1]);

    await indexerFor(db).catchUp();
    expect(await dumpIndex(db.sql)).toEqual(await referenceDump());
  });

  test("stopped and restarted after every range, it still ends equal to one uninterrupted run", async () => {
    const db = await freshDatabase();
    const random = seededRandom(7);
    const head = await system.ethers.provider.getBlockNumber();
    let cursor = -1;
    let restarts = 0;
    while (cursor < head) {
      const indexer = indexerFor(db, { batchBlocks: 5 + Math.floor(random() * 20) });
      const stream = indexer.stream();
      const controller = new AbortController();
      const running = indexer.run(controller.signal);
      cursor = (await firstEvent(stream, isBlock)).block.number;
      controller.abort();
      await running;
      restarts++;
    }
    expect(restarts).toBeGreaterThan(5);
    expect(await dumpIndex(db.sql)).toEqual(await referenceDump());
  });

  test("follows new blocks as they are mined", async () => {
    const db = await freshDatabase();
    const indexer = indexerFor(db);
    const stream = indexer.stream();
    const running = indexer.run();
    const head = await system.ethers.provider.getBlockNumber();
    await firstEvent(
      stream,
      (e): e is Extract<IndexerEvent, { type: "block" }> => isBlock(e) && e.block.number === head,
    );

    await forkActivity(system, workload, 1);
    const newHead = await system.ethers.provider.getBlockNumber();
    await firstEvent(
      stream,
      (e): e is Extract<IndexerEvent, { type: "block" }> => isBlock(e) && e.block.number === newHead,
    );
    await indexer.stop();
    await running;
    await expectIndexMatchesChain(db.sql, system, workload);
    reference = undefined; // the chain grew
  });
});
