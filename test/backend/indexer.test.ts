/**
 * The indexer against an in-process chain carrying every kind of event: the index equals the
 * chain, indexing again changes nothing, and stopping anywhere and restarting loses nothing.
 */
import { describe, expect, test } from "vitest";

import type { Database } from "../../backend/db/index.js";
import type { IndexerEvent } from "../../backend/indexer/index.js";
import { databaseKind } from "../helpers/database.js";
import { seededRandom } from "./support/chain.js";
import { dumpIndex, expectIndexMatchesChain } from "./support/compare.js";
import { catchUp, drain, isBlock, nextEvent, useHarness, type BlockEvent } from "./support/harness.js";
import { forkActivity } from "./support/workload.js";

const h = useHarness();

const referenceDump = () => h.referenceDump();

async function cursorOf(db: Database): Promise<number> {
  const [cursor] = await db.sql<{ block_number: bigint }[]>`select block_number from indexer_cursor`;
  return Number(cursor!.block_number);
}

describe(`indexer (${databaseKind} database)`, () => {
  test("indexes every event and derives state equal to the contracts' views", async () => {
    const db = await h.freshDatabase();
    const events = await catchUp(h.indexerFor(db));
    await expectIndexMatchesChain(db.sql, h.system, h.workload);

    const blocks = events.filter(isBlock);
    expect(blocks.at(-1)?.block.number).toBe(await h.system.ethers.provider.getBlockNumber());
    // Ranges follow each other without gaps.
    for (let i = 1; i < blocks.length; i++) expect(blocks[i]!.fromBlock).toBe(blocks[i - 1]!.block.number + 1);
    expect(blocks.reduce((sum, b) => sum + b.eventCount, 0)).toBeGreaterThan(100);
  });

  test("indexing twice gives the same rows, whatever the range size", async () => {
    const db = await h.freshDatabase();
    await h.indexerFor(db, { batchBlocks: 7 }).catchUp();
    const once = await dumpIndex(db.sql);
    expect(once).toEqual(await referenceDump());

    // Index the whole chain again over the rows already there: nothing is added or counted twice.
    const start = Math.min(...Object.values(h.deployment.contracts).map((c) => c.blockNumber)) - 1;
    const anchor = await h.system.ethers.provider.getBlock(start);
    await db.sql`
      update indexer_cursor
      set block_number = ${start}, block_hash = ${anchor!.hash}, finalized_block_number = ${start}
    `;
    const events = await catchUp(h.indexerFor(db, { batchBlocks: 13 }));
    expect(events.filter(isBlock).reduce((sum, b) => sum + b.eventCount, 0)).toBe(0);
    expect(await dumpIndex(db.sql)).toEqual(once);
  });

  test("stopping after a range and restarting leaves no gap and no duplicate", async () => {
    const db = await h.freshDatabase();
    const first = h.indexerFor(db);
    const stream = first.stream();
    const controller = new AbortController();
    const running = first.run(controller.signal);
    const block = await nextEvent(stream, isBlock);
    controller.abort();
    await running;
    expect(await cursorOf(db)).toBe(block.block.number);

    // Restart as a new process would: a new indexer on the same database.
    await h.indexerFor(db).catchUp();
    await expectIndexMatchesChain(db.sql, h.system, h.workload);
    expect(await dumpIndex(db.sql)).toEqual(await referenceDump());
  });

  test("stopping in the middle of a range (logs read, nothing written yet) loses nothing", async () => {
    const db = await h.freshDatabase();
    const controller = new AbortController();
    const provider = h.system.ethers.provider;
    let getLogsCalls = 0;
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
    const first = h.indexerFor(db, { provider: stopping });
    const stream = first.stream();
    await first.run(controller.signal);
    const blocks = (await drain(stream)).filter(isBlock).map((b) => b.block.number);
    expect(blocks).toHaveLength(2);
    expect(await cursorOf(db)).toBe(blocks[1]);

    await h.indexerFor(db).catchUp();
    expect(await dumpIndex(db.sql)).toEqual(await referenceDump());
  });

  test("stopped and restarted after every range, it still ends equal to one uninterrupted run", async () => {
    const db = await h.freshDatabase();
    const random = seededRandom(7);
    const head = await h.system.ethers.provider.getBlockNumber();
    let cursor = -1;
    let restarts = 0;
    while (cursor < head) {
      const indexer = h.indexerFor(db, { batchBlocks: 5 + Math.floor(random() * 20) });
      const stream = indexer.stream();
      const controller = new AbortController();
      const running = indexer.run(controller.signal);
      cursor = (await nextEvent(stream, isBlock)).block.number;
      controller.abort();
      await running;
      restarts++;
    }
    expect(restarts).toBeGreaterThan(5);
    expect(await dumpIndex(db.sql)).toEqual(await referenceDump());
  });

  test("follows new blocks as they are mined", async () => {
    const db = await h.freshDatabase();
    const indexer = h.indexerFor(db);
    const stream = indexer.stream();
    const running = indexer.run();
    const head = await h.system.ethers.provider.getBlockNumber();
    await nextEvent(stream, (e: IndexerEvent): e is BlockEvent => isBlock(e) && e.block.number === head);

    await forkActivity(h.system, h.workload, 1);
    const newHead = await h.system.ethers.provider.getBlockNumber();
    await nextEvent(stream, (e: IndexerEvent): e is BlockEvent => isBlock(e) && e.block.number === newHead);
    await indexer.stop();
    await running;
    expect(indexer.status()).toMatchObject({ running: false, cursor: newHead, blocksBehind: 0 });
    await expectIndexMatchesChain(db.sql, h.system, h.workload);
  });
});
