/**
 * Through a flaky RPC node (a local JSON-RPC proxy in front of the in-process chain that fails 30%
 * of its requests, seeded, and refuses eth_getLogs over 7 blocks) the index still ends equal to
 * the chain, across a reorg too.
 */
import { afterEach, describe, expect, test } from "vitest";

import { databaseKind } from "../helpers/database.js";
import { jsonRpcProvider, mine } from "./support/chain.js";
import { dumpIndex, expectIndexMatchesChain } from "./support/compare.js";
import { catchUp, isReorg, useHarness } from "./support/harness.js";
import { startRpcProxy, type RpcProxy } from "./support/rpcProxy.js";
import { forkActivity } from "./support/workload.js";

const h = useHarness();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function flakyNode(seed: number): Promise<{ proxy: RpcProxy; provider: ReturnType<typeof jsonRpcProvider> }> {
  const proxy = await startRpcProxy({
    upstream: h.system.connection.provider,
    failureRate: 0.3,
    seed,
    maxLogBlockRange: 7,
  });
  const provider = jsonRpcProvider(proxy.url, h.deployment.chainId);
  cleanups.push(
    () => provider.destroy(),
    () => proxy.close(),
  );
  return { proxy, provider };
}

describe(`a flaky RPC node (${databaseKind} database)`, () => {
  test("30% failed requests and refused ranges: the index still equals the chain", async () => {
    const { proxy, provider } = await flakyNode(42);
    const db = await h.freshDatabase();
    const indexer = h.indexerFor(db, { provider, batchBlocks: 50 });
    await indexer.catchUp();

    expect(proxy.stats.failures).toBeGreaterThan(20);
    expect(proxy.stats.refusedRanges).toBeGreaterThan(3);
    expect(proxy.stats.failures / proxy.stats.requests).toBeGreaterThan(0.2);
    await expectIndexMatchesChain(db.sql, h.system, h.workload);
    expect(await dumpIndex(db.sql)).toEqual(await h.referenceDump());
  });

  test("a reorg seen through the flaky node is repaired", async () => {
    const { proxy, provider } = await flakyNode(7);
    const db = await h.freshDatabase();
    const indexer = h.indexerFor(db, { provider, batchBlocks: 50 });
    await indexer.catchUp();

    const id = (await h.system.connection.provider.request({ method: "evm_snapshot" })) as string;
    await forkActivity(h.system, h.workload, 11);
    await indexer.catchUp();
    const oldHead = await h.system.ethers.provider.getBlockNumber();
    await h.system.connection.provider.request({ method: "evm_revert", params: [id] });
    await forkActivity(h.system, h.workload, 12);
    await mine(h.system, oldHead - (await h.system.ethers.provider.getBlockNumber()) + 2);
    const events = await catchUp(indexer);

    expect(events.filter(isReorg).map((e) => e.reason)).toEqual(["reorg"]);
    expect(proxy.stats.failures).toBeGreaterThan(10);
    await expectIndexMatchesChain(db.sql, h.system, h.workload);
    expect(await dumpIndex(db.sql)).toEqual(await h.referenceDump());
  });
});
