/**
 * The indexer: reads the logs of the deployed contracts in block ranges and writes them, the state
 * derived from them and its cursor to Postgres, one transaction per range.
 *
 * - Ranges stop CONFIRMATIONS blocks behind the head; a provider refusing a large range gets a
 *   smaller one, growing back after a few successes; RPC errors are retried with backoff.
 * - Before every range the cursor block is compared with the chain's block at that height. When
 *   it differs, the stored headers are walked back to the highest one still on the chain (the
 *   common ancestor) and everything above it is undone in one transaction. The header of each
 *   range's first block must name the cursor as its parent, every log must come from the block
 *   the chain has at its height, and the range's last block must be the same before its logs are
 *   read as after (else the logs may be of a branch the headers are not), or the range is dropped
 *   and read again.
 * - A different chain or deployment than the one indexed (a reset local chain, a redeployment)
 *   drops the index and starts over, so stale data is never served.
 * - `stream()` reports what happened as `block | reorg | finalize` events; every commit is also
 *   announced to API processes (commits.ts: Postgres NOTIFY, and in process for the embedded one).
 * - Once caught up it waits for the next head pushed by the node (`newHeads`, heads.ts) or, without
 *   a subscription, polls every `pollIntervalMs`.
 */
import { setTimeout as delay } from "node:timers/promises";

import type { Deployment } from "../../lib/contracts/deployments.js";
import type { Sql } from "../db/index.js";
import { silentLogger, type Logger } from "../logger/index.js";
import { readCursor, storedBlocksAtOrBelow, type BlockHeader, type Cursor } from "./cursor.js";
import { createDecoder, indexedContracts } from "./decode.js";
import { localCommits, type CommitNotice } from "./commits.js";
import type { NewHeads } from "./heads.js";
import { readChainIdentity, type ChainIdentity } from "./identity.js";
import { ProgressMeter } from "./progress.js";
import { createLogReader } from "../../lib/chain/logs.js";
import { createChainReader } from "./reader.js";
import { defaultRetryPolicy, errorText, withRetry, type ChainProvider, type RetryPolicy } from "./rpc.js";
import { finalize, rollbackTo, startOver, writeRange } from "./store.js";
import { EventHub, type IndexerEvent } from "./stream.js";

export type { ChainProvider, RetryPolicy } from "./rpc.js";
export type { BlockRef, IndexerEvent } from "./stream.js";
export type { NewHeads } from "./heads.js";
export { DeploymentMismatchError } from "./identity.js";
export { CursorMovedError } from "./store.js";

export interface IndexerOptions {
  db: { sql: Sql };
  provider: ChainProvider;
  deployment: Deployment;
  /** Blocks to stay behind the head (default 0). */
  confirmations?: number;
  /** Largest eth_getLogs range in blocks (default 2000). */
  batchBlocks?: number;
  /**
   * Wait between polls for new blocks once caught up (default 1000 ms); with `newHeads` the longest
   * wait for a pushed head.
   */
  pollIntervalMs?: number;
  /** New heads pushed by the node (heads.ts), so a new block is read as soon as it is mined. */
  newHeads?: NewHeads;
  /** Depth at which a block counts as final and its reorg bookkeeping is pruned (default 64). */
  finalityBlocks?: number;
  logger?: Logger;
  retry?: Partial<RetryPolicy>;
  /** How often progress is logged while catching up (default 5000 ms). */
  progressIntervalMs?: number;
}

export interface IndexerStatus {
  running: boolean;
  /** Last block written. */
  cursor: number | undefined;
  /** Chain head at the last poll. */
  head: number | undefined;
  blocksBehind: number | undefined;
  finalized: number | undefined;
  /** Current eth_getLogs range size (shrunk after refusals). */
  rangeSize: number;
}

export interface Indexer {
  /** Indexes and then follows the chain until `signal` aborts or {@link stop} is called. */
  run(signal?: AbortSignal): Promise<void>;
  /** Indexes up to the head (less the confirmations) and returns. */
  catchUp(signal?: AbortSignal): Promise<void>;
  /** Stops a running {@link run} or {@link catchUp} between two ranges and waits for it to end. */
  stop(): Promise<void>;
  /** Events from now on, until the current (or next) run ends. */
  stream(): AsyncIterableIterator<IndexerEvent>;
  status(): IndexerStatus;
}

const ZERO_HASH = `0x${"0".repeat(64)}`;
/**
 * Block headers requested at the same time: many when the provider batches them into a few HTTP
 * requests (a dense range needs a header for every block), few when each is its own request.
 */
const HEADER_CONCURRENCY = { batched: 500, single: 8 };

type StepOutcome = "advanced" | "idle" | "recovered" | "unsettled";

export function createIndexer(options: IndexerOptions): Indexer {
  const { sql } = options.db;
  const provider = options.provider;
  const deployment = options.deployment;
  const confirmations = options.confirmations ?? 0;
  const batchBlocks = options.batchBlocks ?? 2000;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const finalityBlocks = options.finalityBlocks ?? 64;
  const logger = (options.logger ?? silentLogger).child({ subsystem: "indexer" });
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  if (!Number.isInteger(batchBlocks) || batchBlocks < 1)
    throw new Error(`batchBlocks must be at least 1, not ${batchBlocks}`);

  const addresses = Object.fromEntries(
    indexedContracts.map((name) => [name, deployment.contracts[name].address]),
  ) as Record<(typeof indexedContracts)[number], string>;
  const decoder = createDecoder(addresses);
  const startBlock = Math.min(...indexedContracts.map((name) => deployment.contracts[name].blockNumber));
  const hub = new EventHub<IndexerEvent>();
  const reader = createChainReader(provider);
  const headerConcurrency = reader.batches ? HEADER_CONCURRENCY.batched : HEADER_CONCURRENCY.single;

  let identity: ChainIdentity | undefined;
  let lastCursor: Cursor | undefined;
  let lastHead: number | undefined;
  let signal: AbortSignal | undefined;
  let active: { controller: AbortController; done: Promise<void> } | undefined;
  let progress = new ProgressMeter(options.progressIntervalMs ?? 5000);

  const localSignal = localCommits(sql);
  const committed = (notice: CommitNotice) => localSignal.publish(notice);

  const call = <T>(label: string, fn: () => Promise<T>, passThrough?: (error: unknown) => boolean) =>
    withRetry(label, fn, { policy, logger, signal, passThrough });
  const logReader = createLogReader(reader.logs, {
    maxBlocks: batchBlocks,
    attempt: call,
    onRefusal: ({ from, to, rangeSize, error }) =>
      logger.info("provider refused the block range; shrinking it", { from, to, rangeSize, error: errorText(error) }),
  });
  const selection = { address: decoder.addresses, topics: [decoder.topics] };

  function header(number: number): Promise<BlockHeader | undefined> {
    return call(`eth_getBlockByNumber(${number})`, () => reader.header(number));
  }

  /** Headers of several blocks; undefined when one of them is gone (the chain just got shorter). */
  async function headers(numbers: readonly number[]): Promise<Map<number, BlockHeader> | undefined> {
    const found = new Map<number, BlockHeader>();
    let next = 0;
    let missing = false;
    const worker = async () => {
      while (next < numbers.length && !missing) {
        const number = numbers[next++]!;
        const block = await header(number);
        if (block) found.set(number, block);
        else missing = true;
      }
    };
    await Promise.all(Array.from({ length: Math.min(headerConcurrency, numbers.length) }, worker));
    return missing ? undefined : found;
  }

  async function readIdentity(): Promise<ChainIdentity> {
    return readChainIdentity(deployment, {
      chainId: async () => Number((await call("eth_chainId", () => provider.getNetwork())).chainId),
      blockHash: async (number) => (await header(number))?.hash,
      code: (address) => call(`eth_getCode(${address})`, () => provider.getCode(address)),
    });
  }

  /** Checks that the index belongs to this chain and deployment; starts over when it does not. */
  async function prepare(): Promise<void> {
    const current = await readIdentity();
    const cursor = await readCursor(sql);
    if (
      cursor &&
      cursor.chainId === current.chainId &&
      cursor.genesisHash === current.genesisHash &&
      cursor.fingerprint === current.fingerprint
    ) {
      identity = current;
      lastCursor = cursor;
      logger.info("resuming", { cursor: cursor.blockNumber, chainId: current.chainId });
      return;
    }
    const reason = !cursor
      ? "empty index"
      : cursor.chainId !== current.chainId || cursor.genesisHash !== current.genesisHash
        ? "the index belongs to another chain"
        : "the index belongs to another deployment (or the chain was reset)";
    await reset(current, cursor, reason);
    identity = current;
  }

  async function reset(current: ChainIdentity, previous: Cursor | undefined, reason: string): Promise<void> {
    const anchorNumber = startBlock - 1;
    const anchor = anchorNumber >= 0 ? await header(anchorNumber) : undefined;
    const cursor: Cursor = {
      ...current,
      blockNumber: anchorNumber,
      blockHash: anchor?.hash ?? null,
      finalizedBlockNumber: anchorNumber,
    };
    await startOver(sql, cursor, anchor);
    committed({ kind: "reset", block: { number: cursor.blockNumber, hash: cursor.blockHash } });
    lastCursor = cursor;
    logReader.policy.reset();
    if (previous) {
      logger.warn("index dropped, starting over", {
        reason,
        previousCursor: previous.blockNumber,
        fromBlock: startBlock,
      });
      hub.publish({
        type: "reorg",
        reason: "reset",
        from: { number: previous.blockNumber, hash: previous.blockHash },
        to: { number: cursor.blockNumber, hash: cursor.blockHash },
      });
    } else {
      logger.info("indexing from the deployment", { fromBlock: startBlock, chainId: current.chainId });
    }
  }

  /** The cursor block left the chain: undo down to the highest stored block still on it. */
  async function recover(cursor: Cursor): Promise<void> {
    for (const stored of await storedBlocksAtOrBelow(sql, cursor.blockNumber)) {
      const onChain = await header(stored.number);
      if (onChain?.hash !== stored.hash) continue;
      await rollbackTo(sql, stored, { number: cursor.blockNumber, hash: cursor.blockHash });
      committed({ kind: "rollback", block: { number: stored.number, hash: stored.hash } });
      lastCursor = { ...cursor, blockNumber: stored.number, blockHash: stored.hash };
      logger.warn("reorg: rolled back to the common ancestor", {
        from: cursor.blockNumber,
        to: stored.number,
        depth: cursor.blockNumber - stored.number,
      });
      hub.publish({
        type: "reorg",
        reason: "reorg",
        from: { number: cursor.blockNumber, hash: cursor.blockHash },
        to: { number: stored.number, hash: stored.hash },
      });
      return;
    }
    // Deeper than the headers kept (the finality window), or a chain that was replaced altogether.
    logger.error("reorg below every kept block header; starting over", { cursor: cursor.blockNumber });
    identity = undefined;
    const current = await readIdentity();
    await reset(current, cursor, "reorg deeper than the finality window");
    identity = current;
  }

  async function advanceFinality(cursor: Cursor, head: number): Promise<void> {
    const finalized = Math.min(cursor.blockNumber, head - finalityBlocks);
    if (finalized <= cursor.finalizedBlockNumber) return;
    await finalize(sql, finalized);
    lastCursor = { ...cursor, finalizedBlockNumber: finalized };
    hub.publish({ type: "finalize", block: { number: finalized } });
  }

  async function step(): Promise<StepOutcome> {
    // Requests that do not depend on each other go out together: at the tip every round trip is lag.
    const [head, cursor] = await Promise.all([
      call("eth_blockNumber", () => provider.getBlockNumber()),
      readCursor(sql),
    ]);
    lastHead = head;
    if (!cursor) {
      identity = undefined;
      return "recovered";
    }
    lastCursor = cursor;
    const target = head - confirmations;
    const from = cursor.blockNumber + 1;
    // The logs of a range say nothing of the blocks without any: a reorg after they are read and
    // before the headers are would leave the new branch's logs in those blocks unread, with a cursor
    // on the new branch. So the range's last block is read before the logs (with the cursor's
    // block, to compare it with the chain's) and again after: the same block both times means the
    // logs are of that block's ancestors.
    const planned = cursor.blockNumber < target ? logReader.policy.end(from, target) : undefined;
    const [cursorBlock, pinned] = await Promise.all([
      cursor.blockHash !== null ? header(cursor.blockNumber) : undefined,
      planned !== undefined ? header(planned) : undefined,
    ]);
    if (cursor.blockHash !== null && cursorBlock?.hash !== cursor.blockHash) {
      await recover(cursor);
      return "recovered";
    }
    if (planned === undefined) {
      await advanceFinality(cursor, head);
      return "idle";
    }

    const unsettled = (reason: string, to: number) => {
      logger.info("the chain moved while a range was read; reading it again", { from, to, reason });
      return "unsettled" as const;
    };
    if (!pinned) return unsettled("the range's last block is gone", planned);
    const { to, logs } = await logReader.readRange(selection, from, planned);
    const numbers = [...new Set([from, to, planned, ...logs.map((log) => log.blockNumber)])].sort((a, b) => a - b);
    const found = await headers(numbers);
    if (!found) return unsettled("a block of the range is gone", to);
    if (found.get(planned)!.hash !== pinned.hash) {
      return unsettled(`block ${planned} changed while the range's logs were read`, to);
    }
    // A refused range was shrunk below the block pinned: keep only the headers of the range.
    if (planned > to) found.delete(planned);
    const parent = found.get(from)!.parentHash;
    // Hardhat's hardhat_mine leaves "reserved" blocks whose header names no parent (zero hash);
    // the cursor check at the next step still catches a reorg below them.
    if (cursor.blockHash !== null && parent !== ZERO_HASH && parent !== cursor.blockHash) {
      return unsettled(`block ${from} does not build on the cursor`, to);
    }
    if (logs.some((log) => found.get(log.blockNumber)!.hash !== log.blockHash.toLowerCase())) {
      return unsettled("a log comes from a block that is no longer on the chain", to);
    }

    const events = [...logs]
      .sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index)
      .map((log) => decoder.decode(log, found.get(log.blockNumber)!.timestamp));
    const end = found.get(to)!;
    const written = await writeRange(sql, {
      after: { number: cursor.blockNumber, hash: cursor.blockHash },
      end,
      headers: [...found.values()],
      events,
    });
    committed({ kind: "range", block: { number: end.number, hash: end.hash } });
    const moved: Cursor = { ...cursor, blockNumber: end.number, blockHash: end.hash };
    lastCursor = moved;
    hub.publish({
      type: "block",
      block: { number: end.number, hash: end.hash, timestamp: end.timestamp },
      fromBlock: from,
      eventCount: written,
      head,
    });
    const report = progress.record(to - from + 1, written, to, head, to >= target);
    if (report) logger.info(to >= target ? "caught up" : "indexing", { ...report, rangeSize: logReader.policy.size });
    await advanceFinality(moved, head);
    return "advanced";
  }

  async function loop(mode: "follow" | "catch-up", abort: AbortSignal): Promise<void> {
    progress = new ProgressMeter(options.progressIntervalMs ?? 5000);
    while (!abort.aborted) {
      if (!identity) await prepare();
      const outcome = await step();
      if (outcome === "idle" && mode === "catch-up") return;
      // Idle: wait for the next block. Unsettled: the chain moved while a range was read; give it a
      // moment (or its next head), then look again.
      if (outcome !== "idle" && outcome !== "unsettled") continue;
      if (options.newHeads) await options.newHeads.wait(pollIntervalMs, abort);
      else await delay(pollIntervalMs, undefined, { signal: abort });
    }
  }

  function start(mode: "follow" | "catch-up", external?: AbortSignal): Promise<void> {
    if (active) return Promise.reject(new Error("the indexer is already running"));
    const controller = new AbortController();
    const onAbort = () => controller.abort(external?.reason);
    if (external?.aborted) controller.abort(external.reason);
    external?.addEventListener("abort", onAbort, { once: true });
    signal = controller.signal;
    const done = (async () => {
      try {
        await loop(mode, controller.signal);
      } catch (error) {
        if (controller.signal.aborted) return;
        logger.error("indexer stopped by an error", { error: errorText(error) });
        throw error;
      } finally {
        external?.removeEventListener("abort", onAbort);
        active = undefined;
        signal = undefined;
        hub.end();
      }
    })();
    active = { controller, done };
    return done;
  }

  return {
    run: (external) => start("follow", external),
    catchUp: (external) => start("catch-up", external),
    async stop() {
      if (!active) return;
      active.controller.abort();
      await active.done.catch(() => {});
    },
    stream: () => hub.subscribe(),
    status: () => ({
      running: active !== undefined,
      cursor: lastCursor?.blockNumber,
      head: lastHead,
      blocksBehind: lastCursor && lastHead !== undefined ? Math.max(0, lastHead - lastCursor.blockNumber) : undefined,
      finalized: lastCursor?.finalizedBlockNumber,
      rangeSize: logReader.policy.size,
    }),
  };
}
