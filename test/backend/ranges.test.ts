/**
 * Range sizing and retries, against a synthetic chain (no Hardhat): a provider that refuses wide
 * eth_getLogs ranges gets narrower ones and wider ones again once it stops refusing; RPC errors
 * are retried with backoff, and given up after the configured attempts. The same policy in the
 * shared log reader the audit uses.
 */
import { ZeroHash, keccak256, toBeHex, type Block, type Log, type Network } from "ethers";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Database } from "../../backend/db/index.js";
import { indexedContracts } from "../../backend/indexer/decode.js";
import { createIndexer, type ChainProvider, type IndexerOptions } from "../../backend/indexer/index.js";
import { createLogReader, type GetLogs } from "../../lib/chain/logs.js";
import type { Deployment } from "../../lib/contracts/deployments.js";
import { createTestDatabase, databaseKind, emptyDatabase } from "../helpers/database.js";
import { catchUp, isBlock } from "./support/harness.js";

const hashOf = (n: number) => keccak256(toBeHex(n, 32));

/** A chain of `height` empty blocks whose eth_getLogs refuses ranges wider than `limit`. */
class SyntheticChain implements ChainProvider {
  limit = Infinity;
  /** Calls to fail before answering, per method. */
  failNext: Record<string, number> = {};
  readonly ranges: [number, number][] = [];
  readonly calls: Record<string, number> = {};

  constructor(public height: number) {}

  private async answer<T>(method: string, value: () => T): Promise<T> {
    this.calls[method] = (this.calls[method] ?? 0) + 1;
    if ((this.failNext[method] ?? 0) > 0) {
      this.failNext[method]!--;
      throw new Error(`${method}: connection reset (injected)`);
    }
    return value();
  }

  getBlockNumber() {
    return this.answer("eth_blockNumber", () => this.height);
  }
  getNetwork() {
    return this.answer("eth_chainId", () => ({ chainId: 31337n }) as Network);
  }
  getCode() {
    return this.answer("eth_getCode", () => "0x6080");
  }
  getBlock(tag: unknown) {
    return this.answer("eth_getBlockByNumber", () => {
      const n = Number(tag);
      if (n > this.height) return null;
      return {
        number: n,
        hash: hashOf(n),
        parentHash: n === 0 ? ZeroHash : hashOf(n - 1),
        timestamp: 1_700_000_000 + n,
      } as Block;
    });
  }
  getLogs(filter: unknown) {
    return this.answer("eth_getLogs", () => {
      const { fromBlock, toBlock } = filter as { fromBlock: number; toBlock: number };
      if (toBlock - fromBlock + 1 > this.limit) {
        throw Object.assign(new Error("could not coalesce error"), {
          info: { error: { code: -32005, message: `query returned more than 10000 results` } },
        });
      }
      this.ranges.push([fromBlock, toBlock]);
      return [] as Log[];
    });
  }
}

const address = (i: number) => `0x${i.toString(16).padStart(40, "0")}`;
const deployment: Deployment = {
  network: "synthetic",
  chainId: 31337,
  genesisHash: hashOf(0),
  deployedAt: new Date(0).toISOString(),
  contracts: Object.fromEntries(
    // Every contract the indexer reads (a new indexed contract needs an address here too).
    ["BuurtkasForwarder", ...indexedContracts].map((name, i) => [
      name,
      { address: address(i + 1), blockNumber: 10, transactionHash: hashOf(1000 + i) },
    ]),
  ) as Deployment["contracts"],
};

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.close();
});

function indexer(chain: SyntheticChain, options: Partial<IndexerOptions> = {}) {
  return createIndexer({
    db,
    provider: chain,
    deployment,
    batchBlocks: 1000,
    retry: { baseDelayMs: 1, maxDelayMs: 4 },
    ...options,
  });
}

/** The ranges tile [from, to] exactly: no gap, no overlap. */
function expectTiling(ranges: readonly [number, number][], from: number, to: number): void {
  expect(ranges[0]![0]).toBe(from);
  for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0]).toBe(ranges[i - 1]![1] + 1);
  expect(ranges.at(-1)![1]).toBe(to);
}

describe(`block ranges and retries (${databaseKind} database)`, () => {
  test("a refused range is halved until accepted, and grows back once the provider accepts wide ranges", async () => {
    await emptyDatabase(db);
    const chain = new SyntheticChain(3_000);
    chain.limit = 100;
    const ranged = indexer(chain);
    await ranged.catchUp();
    const sizes = chain.ranges.map(([from, to]) => to - from + 1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
    expect(sizes).toContain(62); // 1000 → 500 → 250 → 125 → 62, and back to 62 after every probe at 124
    expectTiling(chain.ranges, 10, 3_000);

    chain.limit = Infinity;
    chain.height = 12_000;
    chain.ranges.length = 0;
    const events = await catchUp(ranged);
    const grown = chain.ranges.map(([from, to]) => to - from + 1);
    // From the shrunk size it doubles after every four full ranges, up to the configured 1000.
    const full = grown.slice(0, -1);
    const seen = [...new Set(full)];
    expect(seen[0]).toBeLessThanOrEqual(124);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBe(Math.min(1000, seen[i - 1]! * 2));
    expect(seen.at(-1)).toBe(1000);
    for (let i = 1; i < full.length; i++) expect(full[i]).toBeGreaterThanOrEqual(full[i - 1]!);
    expect(full.filter((size) => size === seen[1]).length).toBe(4);
    expectTiling(chain.ranges, 3_001, 12_000);
    expect(events.filter(isBlock).at(-1)!.block.number).toBe(12_000);
  });

  test("a range refused at one block is retried like any error, not split further", async () => {
    await emptyDatabase(db);
    const chain = new SyntheticChain(40);
    chain.limit = 0;
    const run = indexer(chain, { retry: { baseDelayMs: 1, maxDelayMs: 1, maxAttempts: 5 } }).catchUp();
    await expect(run).rejects.toMatchObject({ info: { error: { code: -32005 } } });
    expect(chain.ranges).toEqual([]);
  });

  test("RPC errors are retried with backoff until the call succeeds", async () => {
    await emptyDatabase(db);
    const chain = new SyntheticChain(500);
    chain.failNext = { eth_blockNumber: 3, eth_getLogs: 4, eth_getBlockByNumber: 5, eth_getCode: 2, eth_chainId: 1 };
    await indexer(chain, { batchBlocks: 100 }).catchUp();
    expectTiling(chain.ranges, 10, 500);
    expect(Object.values(chain.failNext).every((left) => left === 0)).toBe(true);
    const [cursor] = await db.sql<{ block_number: bigint }[]>`select block_number from indexer_cursor`;
    expect(cursor!.block_number).toBe(500n);
  });

  test("after the configured attempts the error ends the run, and the cursor stays where it was", async () => {
    await emptyDatabase(db);
    const chain = new SyntheticChain(300);
    await indexer(chain, { batchBlocks: 100 }).catchUp();
    chain.height = 400;
    chain.failNext = { eth_getLogs: 100 };
    const failing = indexer(chain, { batchBlocks: 100, retry: { baseDelayMs: 1, maxDelayMs: 1, maxAttempts: 3 } });
    await expect(failing.catchUp()).rejects.toThrow(/eth_getLogs: connection reset/);
    expect(chain.failNext.eth_getLogs).toBe(97);
    const [cursor] = await db.sql<{ block_number: bigint }[]>`select block_number from indexer_cursor`;
    expect(cursor!.block_number).toBe(300n);
  });

  test("CONFIRMATIONS keeps the index that many blocks behind the head", async () => {
    await emptyDatabase(db);
    const chain = new SyntheticChain(250);
    const events = await catchUp(indexer(chain, { confirmations: 12 }));
    expect(events.filter(isBlock).at(-1)!.block.number).toBe(238);
    expect(chain.ranges.at(-1)![1]).toBe(238);
  });
});

describe("the one log reader (lib/chain/logs), as the audit and the export use it", () => {
  /** eth_getLogs over a chain with one log per block, refusing ranges wider than `limit`. */
  function logsUpTo(limit: { blocks: number }, requests: [number, number][]): GetLogs {
    return async ({ fromBlock, toBlock }) => {
      requests.push([fromBlock, toBlock]);
      if (toBlock - fromBlock + 1 > limit.blocks) throw new Error(`query exceeds max block range ${limit.blocks}`);
      return Array.from({ length: toBlock - fromBlock + 1 }, (_, i) => ({
        address: address(1),
        topics: [hashOf(7)],
        data: "0x",
        blockNumber: fromBlock + i,
        blockHash: hashOf(fromBlock + i),
        transactionHash: hashOf(10_000 + fromBlock + i),
        index: 0,
      }));
    };
  }

  test("reads every block once, in order, halving a refused range and growing back after four full ranges", async () => {
    const requests: [number, number][] = [];
    const limit = { blocks: 30 };
    const reader = createLogReader(logsUpTo(limit, requests), { maxBlocks: 400 });
    const logs = await reader.readAll({ address: address(1) }, 0, 500);
    expect(logs.map((log) => log.blockNumber)).toEqual(Array.from({ length: 501 }, (_, i) => i));
    const accepted = requests.filter(([from, to]) => to - from + 1 <= 30);
    expectTiling(accepted, 0, 500);
    // 400 → 200 → 100 → 50 → 25, then 25 four times, a probe at 50 refused, 25 again ...
    expect(requests.slice(0, 5).map(([from, to]) => to - from + 1)).toEqual([400, 200, 100, 50, 25]);

    limit.blocks = Infinity;
    requests.length = 0;
    await reader.readAll({ address: address(1) }, 501, 4_000);
    const full = requests.slice(0, -1).map(([from, to]) => to - from + 1);
    const seen = [...new Set(full)];
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBe(Math.min(400, seen[i - 1]! * 2));
    for (let i = 1; i < full.length; i++) expect(full[i]).toBeGreaterThanOrEqual(full[i - 1]!);
    expect(full.filter((size) => size === seen[1]).length).toBe(4);
    expect(reader.policy.size).toBe(400);
    expectTiling(requests, 501, 4_000);
  });

  test("any other error is not a reason to shrink: it is thrown (the audit) or retried by the caller (the indexer)", async () => {
    const requests: [number, number][] = [];
    const failing: GetLogs = async ({ fromBlock, toBlock }) => {
      requests.push([fromBlock, toBlock]);
      throw new Error("connection reset");
    };
    await expect(createLogReader(failing, { maxBlocks: 64 }).readAll({ address: address(1) }, 0, 200)).rejects.toThrow(
      "connection reset",
    );
    expect(requests).toEqual([[0, 63]]);

    let failures = 2;
    const retried: string[] = [];
    const flaky = createLogReader(
      async (filter) => {
        if (failures-- > 0) throw new Error("connection reset");
        return logsUpTo({ blocks: Infinity }, [])(filter);
      },
      {
        maxBlocks: 64,
        attempt: async (label, call, passThrough) => {
          for (;;) {
            try {
              return await call();
            } catch (error) {
              if (passThrough(error)) throw error;
              retried.push(label);
            }
          }
        },
      },
    );
    expect((await flaky.readRange({ address: address(1) }, 0, 200)).to).toBe(63);
    expect(retried).toEqual(["eth_getLogs(0..63)", "eth_getLogs(0..63)"]);
  });

  test("a single block refused is the provider's error, not split further", async () => {
    const requests: [number, number][] = [];
    const reader = createLogReader(logsUpTo({ blocks: 0 }, requests), { maxBlocks: 8 });
    await expect(reader.readAll({ address: address(1) }, 5, 9)).rejects.toThrow(/max block range 0/);
    expect(requests.map(([from, to]) => to - from + 1)).toEqual([5, 2, 1]);
  });
});
