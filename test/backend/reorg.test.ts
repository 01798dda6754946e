/**
 * Reorgs: the chain takes blocks back (evm_snapshot, transactions, evm_revert, other transactions)
 * and the index must end equal to the chain: the contracts' views and a fresh index of the chain
 * as it is now. Also a reorg noticed while following, one deeper than the finality window, and
 * one forced between reading a range's logs and its headers (through a JSON-RPC proxy).
 */
import { describe, expect, test } from "vitest";

import type { Database } from "../../backend/db/index.js";
import type { IndexerEvent } from "../../backend/indexer/index.js";
import { createChainProvider } from "../../backend/indexer/provider.js";
import { databaseKind } from "../helpers/database.js";
import { mine } from "./support/chain.js";
import { dumpIndex, expectIndexMatchesChain } from "./support/compare.js";
import { catchUp, isBlock, isReorg, nextEvent, useHarness, type BlockEvent } from "./support/harness.js";
import { startRpcProxy } from "./support/rpcProxy.js";
import { forkActivity } from "./support/workload.js";

const h = useHarness();

async function snapshot(): Promise<string> {
  return (await h.system.connection.provider.request({ method: "evm_snapshot" })) as string;
}

async function revert(id: string): Promise<void> {
  expect(await h.system.connection.provider.request({ method: "evm_revert", params: [id] })).toBe(true);
}

const head = () => h.system.ethers.provider.getBlockNumber();

async function expectEqualToChain(db: Database): Promise<void> {
  await expectIndexMatchesChain(db.sql, h.system, h.workload);
  expect(await dumpIndex(db.sql)).toEqual(await h.referenceDump());
}

describe(`reorgs (${databaseKind} database)`, () => {
  test("a longer fork with other transactions replaces the indexed blocks", async () => {
    const db = await h.freshDatabase();
    const indexer = h.indexerFor(db);
    await indexer.catchUp();
    const forkPoint = await head();
    const id = await snapshot();

    await forkActivity(h.system, h.workload, 1);
    await indexer.catchUp();
    await expectIndexMatchesChain(db.sql, h.system, h.workload);
    const oldHead = await head();

    await revert(id);
    await forkActivity(h.system, h.workload, 2);
    await mine(h.system, oldHead - (await head()) + 3);
    const events = await catchUp(indexer);

    expect(events.filter(isReorg)).toEqual([
      {
        type: "reorg",
        reason: "reorg",
        from: { number: oldHead, hash: expect.any(String) },
        to: { number: forkPoint, hash: (await h.system.ethers.provider.getBlock(forkPoint))!.hash },
      },
    ]);
    await expectEqualToChain(db);
  });

  test("a shorter chain (blocks taken back, none added yet) rolls back, then indexes the new blocks", async () => {
    const db = await h.freshDatabase();
    const indexer = h.indexerFor(db);
    await indexer.catchUp();
    const forkPoint = await head();
    const id = await snapshot();
    await forkActivity(h.system, h.workload, 3);
    await indexer.catchUp();

    await revert(id);
    const events = await catchUp(indexer);
    expect(events.filter(isReorg).map((e) => e.to.number)).toEqual([forkPoint]);
    await expectEqualToChain(db);

    await forkActivity(h.system, h.workload, 4);
    await indexer.catchUp();
    await expectEqualToChain(db);
  });

  test("the same height with another block (a one-block reorg at the tip) is noticed while idle", async () => {
    const db = await h.freshDatabase();
    const indexer = h.indexerFor(db);
    const id = await snapshot();
    await h.system.coin.connect(h.workload.district1[0]!).transfer(h.workload.district1[1]!.address, 1n);
    await indexer.catchUp();
    const tip = await head();

    await revert(id);
    await h.system.coin.connect(h.workload.district1[1]!).transfer(h.workload.district1[0]!.address, 2n);
    expect(await head()).toBe(tip);
    const events = await catchUp(indexer);
    expect(events.filter(isReorg).map((e) => [e.from.number, e.to.number])).toEqual([[tip, tip - 1]]);
    await expectEqualToChain(db);
  });

  test("a reorg while following is reported on the stream and repaired", async () => {
    const db = await h.freshDatabase();
    const indexer = h.indexerFor(db);
    const stream = indexer.stream();
    const running = indexer.run();
    const forkPoint = await head();
    await nextEvent(stream, (e: IndexerEvent): e is BlockEvent => isBlock(e) && e.block.number === forkPoint);
    const id = await snapshot();

    await forkActivity(h.system, h.workload, 5);
    const oldHead = await head();
    await nextEvent(stream, (e: IndexerEvent): e is BlockEvent => isBlock(e) && e.block.number === oldHead);

    await revert(id);
    await forkActivity(h.system, h.workload, 6);
    await mine(h.system, 2);
    const reorg = await nextEvent(stream, isReorg);
    expect([reorg.reason, reorg.to.number]).toEqual(["reorg", forkPoint]);
    const newHead = await head();
    await nextEvent(stream, (e: IndexerEvent): e is BlockEvent => isBlock(e) && e.block.number === newHead);
    await indexer.stop();
    await running;
    await expectEqualToChain(db);
  });

  test("a reorg deeper than the finality window drops the index and starts over", async () => {
    const db = await h.freshDatabase();
    const indexer = h.indexerFor(db, { finalityBlocks: 2 });
    await indexer.catchUp();
    const id = await snapshot();
    await forkActivity(h.system, h.workload, 7);
    await mine(h.system, 5);
    const finalizing = await catchUp(indexer);
    expect(finalizing.some((e) => e.type === "finalize")).toBe(true);
    const [kept] = await db.sql<{ count: bigint }[]>`select count(*) from blocks`;
    expect(kept!.count).toBeLessThanOrEqual(5n);

    await revert(id);
    await forkActivity(h.system, h.workload, 8);
    await mine(h.system, 10);
    const events = await catchUp(indexer);
    expect(events.filter(isReorg).map((e) => e.reason)).toEqual(["reset"]);
    await expectEqualToChain(db);
  });

  test("a reorg between reading a range's logs and its headers: the range is read again, no event lost", async () => {
    const db = await h.freshDatabase();
    await h.indexerFor(db).catchUp();
    const forkPoint = await head();
    const id = await snapshot();
    // The old branch: three empty blocks (mined one by one, so each names its parent).
    for (let i = 0; i < 3; i++) await h.system.connection.provider.request({ method: "evm_mine" });
    let reorged = false;
    const proxy = await startRpcProxy({
      upstream: h.system.connection.provider,
      // The first eth_getLogs of the blocks above the fork point is answered from the old branch
      // (no logs); before the answer leaves, the chain switches to a longer branch with
      // transactions in those blocks, so every header read afterwards is of the new branch.
      async beforeReply(call) {
        if (reorged || call.method !== "eth_getLogs") return;
        const filter = call.params[0] as { fromBlock: string };
        if (Number(filter.fromBlock) !== forkPoint + 1) return;
        reorged = true;
        await revert(id);
        await forkActivity(h.system, h.workload, 9);
      },
    });
    const provider = createChainProvider(proxy.url);
    try {
      await h.indexerFor(db, { provider }).catchUp();
      expect(reorged).toBe(true);
      expect(await head()).toBeGreaterThanOrEqual(forkPoint + 3);
      // What the new branch holds in the blocks the old one left empty is in the index.
      await expectEqualToChain(db);
    } finally {
      provider.destroy();
      await proxy.close();
    }
  });
});
