/**
 * Live updates pushed, not polled: the indexer announces every commit (Postgres NOTIFY, or in
 * process on the embedded database) and the API's live feed reads on the announcement, with its
 * poll set so long that only the announcement can deliver within the test; the indexer follows
 * heads pushed over an `eth_subscribe("newHeads")` WebSocket (a real Anvil node), and falls back to
 * polling where the RPC offers none.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

import { id } from "ethers";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";

import { LiveFeed, type LiveEvent } from "../../backend/api/live.js";
import { commitsOf, notifyCommit, postgresCommits, type CommitNotice } from "../../backend/indexer/commits.js";
import { subscribeNewHeads, webSocketUrlOf, type NewHeads } from "../../backend/indexer/heads.js";
import type { IndexerEvent } from "../../backend/indexer/index.js";
import { silentLogger } from "../../backend/logger/index.js";
import { liveEvent } from "../../lib/api/schemas.js";
import { databaseKind } from "../helpers/database.js";
import { isBlock, nextEvent, useHarness, type BlockEvent } from "./support/harness.js";
import { startRpcProxy } from "./support/rpcProxy.js";

const h = useHarness();
const NEVER_MS = 600_000;

/** Collects a live feed's events and hands them out one kind at a time. */
function collect(feed: LiveFeed) {
  const events: LiveEvent[] = [];
  let wake: (() => void) | undefined;
  const unsubscribe = feed.subscribe((event) => {
    events.push(event);
    wake?.();
  });
  return {
    unsubscribe,
    async next(accept: (event: LiveEvent) => boolean): Promise<LiveEvent> {
      for (;;) {
        const index = events.findIndex(accept);
        if (index >= 0) return events.splice(index, 1)[0]!;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}

describe(`the live feed wakes on the indexer's commits (${databaseKind} database)`, () => {
  test("a new block and a reorg reach the feed's listeners with no poll in between", async () => {
    const db = await h.freshDatabase();
    const indexer = h.indexerFor(db);
    await indexer.catchUp();
    const feed = new LiveFeed(db.sql, silentLogger, NEVER_MS, commitsOf(db));
    const live = collect(feed);
    try {
      await feed.ready();
      const provider = h.system.connection.provider;
      const id = (await provider.request({ method: "evm_snapshot" })) as string;
      const [a, b] = h.workload.district1;
      await h.system.coin.connect(a!).transfer(b!.address, 3n);
      await indexer.catchUp();
      const head = await h.system.ethers.provider.getBlock("latest");
      const block = await live.next((e) => e.event === "block");
      expect(block.data).toEqual({ number: head!.number, hash: head!.hash!.toLowerCase() });
      const transfer = await live.next((e) => e.event === "transfer");
      expect(transfer.data).toMatchObject({ from: a!.address.toLowerCase(), value: "3" });

      await provider.request({ method: "evm_revert", params: [id] });
      await h.system.coin.connect(b!).transfer(a!.address, 4n);
      await h.system.networkHelpers.mine(1);
      await indexer.catchUp();
      const reorg = await live.next((e) => e.event === "reorg");
      expect(reorg.data).toMatchObject({ from: { number: head!.number } });
    } finally {
      live.unsubscribe();
      feed.stop();
    }
  });

  test("a shop renamed, removed or registered is a merchant event: pages with shop names read them again", async () => {
    const db = await h.freshDatabase();
    const indexer = h.indexerFor(db);
    await indexer.catchUp();
    const feed = new LiveFeed(db.sql, silentLogger, NEVER_MS, commitsOf(db));
    const live = collect(feed);
    try {
      await feed.ready();
      const { coin, merchant, outsider } = h.system;
      const renamed = await (await coin.renameMerchant(merchant.address, id("Bakkerij de Buurt, live"))).wait();
      await indexer.catchUp();
      expect((await live.next((e) => e.event === "merchant")).data).toEqual({
        merchant: merchant.address.toLowerCase(),
        change: "renamed",
        txHash: renamed!.hash.toLowerCase(),
      });
      // The shop's next transfer is a transfer event only: a merchant event says its listing changed.
      await (await coin.connect(h.workload.district1[0]!).transfer(merchant.address, 1n)).wait();
      await indexer.catchUp();
      await live.next((e) => e.event === "transfer");
      // The workload removed its pop-up stand: registered again and removed again, in one range.
      await (await coin.registerMerchant(outsider.address, id("Pop-up stand"))).wait();
      await (await coin.removeMerchant(outsider.address)).wait();
      await indexer.catchUp();
      const registered = await live.next((e) => e.event === "merchant");
      const removed = await live.next((e) => e.event === "merchant");
      expect([registered.data, removed.data]).toMatchObject([
        { merchant: outsider.address.toLowerCase(), change: "registered" },
        { merchant: outsider.address.toLowerCase(), change: "removed" },
      ]);
      expect(liveEvent.safeParse(registered).success).toBe(true);
    } finally {
      live.unsubscribe();
      feed.stop();
    }
  });

  test("a rollback and a range committed before the feed reads again are still told as a reorg", async () => {
    const db = await h.freshDatabase();
    await db.sql`
      insert into indexer_cursor (chain_id, genesis_hash, deployment_fingerprint, block_number, block_hash,
        finalized_block_number)
      values (1, '0x00', '0x00', 10, '0x0a', 0)
    `;
    let announce: ((notice: CommitNotice | undefined) => void) | undefined;
    const feed = new LiveFeed(db.sql, silentLogger, NEVER_MS, {
      subscribe: async (listener) => {
        announce = listener;
        return async () => {};
      },
    });
    const live = collect(feed);
    try {
      await feed.ready();
      // Blocks 9 and 10 were replaced and two more written, all before the feed read the cursor.
      await db.sql`update indexer_cursor set block_number = 12, block_hash = '0x0c'`;
      announce!({ kind: "rollback", block: { number: 8, hash: "0x08" } });
      announce!({ kind: "range", block: { number: 12, hash: "0x0c" } });
      const reorg = await live.next((e) => e.event === "reorg");
      expect(reorg.data).toEqual({ from: { number: 10, hash: "0x0a" }, to: { number: 8, hash: "0x08" } });
      expect((await live.next((e) => e.event === "block")).data).toEqual({ number: 12, hash: "0x0c" });
    } finally {
      live.unsubscribe();
      feed.stop();
    }
  });

  test.runIf(databaseKind === "postgres")(
    "over Postgres LISTEN a commit is announced when it commits, a rolled-back write never",
    async () => {
      const db = await h.freshDatabase();
      const heard: (CommitNotice | undefined)[] = [];
      const unlisten = await postgresCommits(db.sql).subscribe((notice) => heard.push(notice));
      try {
        heard.length = 0;
        await db.sql
          .begin(async (tx) => {
            await notifyCommit(tx, { kind: "range", block: { number: 1, hash: "0x01" } });
            throw new Error("rolled back");
          })
          .catch(() => {});
        await db.sql.begin((tx) => notifyCommit(tx, { kind: "range", block: { number: 2, hash: "0x02" } }));
        await vi.waitFor(() => expect(heard).toHaveLength(1), { timeout: 10_000 });
        expect(heard).toEqual([{ kind: "range", block: { number: 2, hash: "0x02" } }]);
      } finally {
        await unlisten();
      }
    },
  );
});

describe("new heads pushed over a WebSocket subscription", () => {
  let anvil: { url: string; process: ChildProcess } | undefined;
  beforeAll(async () => {
    anvil = await startAnvil();
  });
  afterAll(() => {
    anvil?.process.kill();
  });

  test("the RPC's WebSocket address is the same address with the WebSocket scheme", () => {
    expect(webSocketUrlOf("http://127.0.0.1:8545")).toBe("ws://127.0.0.1:8545/");
    expect(webSocketUrlOf("https://rpc.example/key")).toBe("wss://rpc.example/key");
    expect(webSocketUrlOf("wss://rpc.example/")).toBe("wss://rpc.example/");
    expect(webSocketUrlOf("ipc:///tmp/geth.ipc")).toBeUndefined();
  });

  test("Anvil pushes each mined block; a dropped node ends the subscription (the indexer polls)", async () => {
    const heads = (await subscribeNewHeads(anvil!.url, { logger: silentLogger }))!;
    expect(heads).toBeDefined();
    try {
      expect(heads.subscribed).toBe(true);
      const abort = new AbortController();
      for (let expected = 1; expected <= 3; expected++) {
        await rpc(anvil!.url, "evm_mine");
        await vi.waitFor(() => expect(heads.latest).toBe(expected), { timeout: 10_000 });
        await heads.wait(NEVER_MS, abort.signal); // a head arrived since the last wait: at once
      }
      anvil!.process.kill();
      await vi.waitFor(() => expect(heads.subscribed).toBe(false), { timeout: 10_000 });
    } finally {
      heads.close();
    }
  });

  test("an RPC without WebSocket subscriptions gives none: the indexer polls", async () => {
    const proxy = await startRpcProxy({ upstream: h.system.connection.provider });
    try {
      expect(await subscribeNewHeads(proxy.url, { logger: silentLogger, connectTimeoutMs: 2000 })).toBeUndefined();
    } finally {
      await proxy.close();
    }
  });

  test(`a pushed head wakes a caught-up indexer at once, whatever its poll interval (${databaseKind} database)`, async () => {
    const db = await h.freshDatabase();
    const pushed = manualHeads();
    const indexer = h.indexerFor(db, { pollIntervalMs: NEVER_MS, newHeads: pushed.heads });
    await indexer.catchUp();
    const stream = indexer.stream();
    const running = indexer.run();
    try {
      await pushed.waiting(); // idle, waiting for a head
      const [a, b] = h.workload.district1;
      await h.system.coin.connect(a!).transfer(b!.address, 5n);
      const head = await h.system.ethers.provider.getBlockNumber();
      pushed.push();
      const block = await nextEvent(
        stream,
        (e: IndexerEvent): e is BlockEvent => isBlock(e) && e.block.number === head,
      );
      expect(block.block.number).toBe(head);
    } finally {
      await indexer.stop();
      await running;
    }
  });
});

/** A NewHeads the test pushes by hand. */
function manualHeads(): { heads: NewHeads; push(): void; waiting(): Promise<void> } {
  let release: (() => void) | undefined;
  let onWait: (() => void) | undefined;
  const heads: NewHeads = {
    subscribed: true,
    latest: undefined,
    wait(_timeoutMs, signal) {
      return new Promise((resolve) => {
        release = resolve;
        signal.addEventListener("abort", () => resolve(), { once: true });
        onWait?.();
      });
    },
    close() {},
  };
  return {
    heads,
    push: () => release?.(),
    waiting: () => new Promise((resolve) => (onWait = resolve)),
  };
}

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return ((await response.json()) as { result: unknown }).result;
}

/** Anvil (the @foundry-rs/anvil dev dependency) on a free loopback port. */
function startAnvil(): Promise<{ url: string; process: ChildProcess }> {
  const bin = path.resolve(import.meta.dirname, "../../node_modules/.bin/anvil");
  const child = spawn(bin, ["--port", "0", "--host", "127.0.0.1"], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let output = "";
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`anvil exited with ${code}: ${output}`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /Listening on (127\.0\.0\.1:\d+)/.exec(output);
      if (listening) resolve({ url: `http://${listening[1]}`, process: child });
    });
  });
}
