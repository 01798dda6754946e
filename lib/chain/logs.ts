/**
 * THE log reader: eth_getLogs over a block range, in ranges no wider than the provider accepts.
 * The indexer (backend/indexer), the audit and the .pb export (lib/chain/roundLogs) all read logs
 * through it, so they share one range-shrinking policy: a range the provider refuses as too large
 * (see {@link isRangeRefusal}) is halved and read again; after {@link GROW_AFTER} full-size ranges
 * in a row it doubles again, up to the configured maximum. Any other error is not a reason to
 * shrink: it goes to the caller's `attempt` (the indexer retries with backoff; the audit fails).
 *
 * Browser-safe (the audit page runs it): no Node modules, only a JSON-RPC `send` or an ethers
 * provider's `getLogs`.
 */

/** A log as every reader here uses it: lowercase addresses and hashes, numbers as numbers. */
export interface ChainLog {
  address: string;
  topics: readonly string[];
  data: string;
  blockNumber: number;
  blockHash: string;
  transactionHash: string;
  /** Position of the log in its block. */
  index: number;
}

/** What to read, apart from the block range. */
export interface LogSelection {
  address: string | string[];
  /** eth_getLogs topic filter: position 0 is the event's topic (or a list of them). */
  topics?: (string | string[] | null)[];
}

export interface LogFilter extends LogSelection {
  fromBlock: number;
  toBlock: number;
}

export type GetLogs = (filter: LogFilter) => Promise<ChainLog[]>;

type RawSend = (method: string, params: unknown[]) => Promise<unknown>;

interface RawLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  logIndex: string;
  removed?: boolean;
}

export const toQuantity = (value: number) => `0x${value.toString(16)}`;

/** eth_getLogs through a raw JSON-RPC `send` (no ethers `Log` objects, no checksummed addresses). */
export async function rawLogs(send: RawSend, filter: LogFilter): Promise<ChainLog[]> {
  const logs = (await send("eth_getLogs", [
    {
      address: filter.address,
      ...(filter.topics ? { topics: filter.topics } : {}),
      fromBlock: toQuantity(filter.fromBlock),
      toBlock: toQuantity(filter.toBlock),
    },
  ])) as RawLog[];
  return logs
    .filter((log) => !log.removed)
    .map((log) => ({
      address: log.address.toLowerCase(),
      topics: log.topics,
      data: log.data,
      blockNumber: Number(log.blockNumber),
      blockHash: log.blockHash.toLowerCase(),
      transactionHash: log.transactionHash.toLowerCase(),
      index: Number(log.logIndex),
    }));
}

/** A provider that hands over logs without building ethers objects (backend/indexer/provider.ts). */
export interface ChainLogSource {
  getChainLogs(filter: LogFilter): Promise<ChainLog[]>;
}

/** The shape of ethers' `Log` this module reads: a ChainLog's fields (not yet lowercased) and `removed`. */
interface EthersLogLike extends ChainLog {
  removed?: boolean;
}

/** Anything logs can be read from: ethers' providers (with or without `send`), or a log source. */
export interface LogProvider {
  getLogs(filter: LogFilter): Promise<readonly EthersLogLike[]>;
}

/**
 * How logs are fetched from a provider: its `getChainLogs` when it has one (raw JSON-RPC, no ethers
 * objects: backend/indexer/provider.ts), otherwise ethers' `getLogs`, converted.
 */
export function logsOf(provider: LogProvider | (LogProvider & ChainLogSource)): GetLogs {
  const source = provider as Partial<ChainLogSource>;
  if (typeof source.getChainLogs === "function") return (filter) => source.getChainLogs!(filter);
  return async (filter) =>
    (await provider.getLogs(filter))
      .filter((log) => !log.removed)
      .map((log) => ({
        address: log.address.toLowerCase(),
        topics: [...log.topics],
        data: log.data,
        blockNumber: log.blockNumber,
        blockHash: log.blockHash.toLowerCase(),
        transactionHash: log.transactionHash.toLowerCase(),
        index: log.index,
      }));
}

/**
 * Whether a provider refused an eth_getLogs range as too large. Providers word it differently:
 * Infura "query returned more than 10000 results", Alchemy "Log response size exceeded",
 * QuickNode "eth_getLogs is limited to a 10,000 range", others "block range is too wide",
 * "range too large", "exceed maximum block range", or JSON-RPC code -32005 (limit exceeded).
 */
export function isRangeRefusal(error: unknown): boolean {
  const text = errorText(error);
  return (
    /too many results|more than \d[\d,]* results|range (is )?too (large|wide|big)|block range|response size|limited to|exceeds? (the )?max(imum)?|limit exceeded|too large/i.test(
      text,
    ) || /"code":\s*-32005\b/.test(text)
  );
}

/** Everything an ethers error says about its cause, including the JSON-RPC error it wraps. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const parts = [error.message];
  const details = error as Error & { info?: unknown; error?: unknown };
  for (const extra of [details.info, details.error]) {
    if (extra !== undefined) {
      try {
        parts.push(JSON.stringify(extra, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
      } catch {
        parts.push(String(extra));
      }
    }
  }
  if (error.cause !== undefined) parts.push(errorText(error.cause));
  return parts.join(" | ");
}

/** Full-size ranges in a row before a shrunk range size doubles again. */
export const GROW_AFTER = 4;

/** The range-shrinking policy: the size of the next range, halved on refusal, regrown on success. */
export class RangePolicy {
  #size: number;
  #streak = 0;

  constructor(readonly maxBlocks: number) {
    if (!Number.isInteger(maxBlocks) || maxBlocks < 1)
      throw new Error(`the range size must be at least 1, not ${maxBlocks}`);
    this.#size = maxBlocks;
  }

  /** Blocks the next range may span. */
  get size(): number {
    return this.#size;
  }

  /** The last block of the next range starting at `from`, at most `maxTo`. */
  end(from: number, maxTo: number): number {
    return Math.min(maxTo, from + this.#size - 1);
  }

  succeeded(from: number, to: number): void {
    if (to - from + 1 !== this.#size || this.#size >= this.maxBlocks) return;
    if (++this.#streak >= GROW_AFTER) {
      this.#size = Math.min(this.maxBlocks, this.#size * 2);
      this.#streak = 0;
    }
  }

  /** A refused range: false when it was a single block (nothing left to shrink). */
  refused(from: number, to: number): boolean {
    if (to <= from) return false;
    this.#size = Math.max(1, Math.floor((to - from + 1) / 2));
    this.#streak = 0;
    return true;
  }

  /** Back to the full size (a new chain, a fresh start). */
  reset(): void {
    this.#size = this.maxBlocks;
    this.#streak = 0;
  }
}

/**
 * Runs one eth_getLogs call. `passThrough` tells which errors must reach the reader at once (the
 * refusals it shrinks on); the indexer retries every other error with backoff.
 */
export type Attempt = <T>(
  label: string,
  call: () => Promise<T>,
  passThrough: (error: unknown) => boolean,
) => Promise<T>;

export interface LogReaderOptions {
  /** Widest range in blocks (default 2000). */
  maxBlocks?: number;
  /** How each call is made (default: once, errors thrown). */
  attempt?: Attempt;
  /** Told of every refusal, with the range refused and the size tried next. */
  onRefusal?: (refusal: { from: number; to: number; rangeSize: number; error: unknown }) => void;
}

export interface LogReader {
  /** Logs of the next range from `from`, at most up to `maxTo`: as wide as the provider accepts. */
  readRange(selection: LogSelection, from: number, maxTo: number): Promise<{ to: number; logs: ChainLog[] }>;
  /** Every log in `fromBlock..toBlock`, in chain order, in as many ranges as it takes. */
  readAll(selection: LogSelection, fromBlock: number, toBlock: number): Promise<ChainLog[]>;
  readonly policy: RangePolicy;
}

const once: Attempt = (_label, call) => call();

export function createLogReader(getLogs: GetLogs, options: LogReaderOptions = {}): LogReader {
  const policy = new RangePolicy(options.maxBlocks ?? 2000);
  const attempt = options.attempt ?? once;

  async function readRange(selection: LogSelection, from: number, maxTo: number) {
    for (;;) {
      const to = policy.end(from, maxTo);
      const refusal = (error: unknown) => to > from && isRangeRefusal(error);
      try {
        const logs = await attempt(
          `eth_getLogs(${from}..${to})`,
          () => getLogs({ ...selection, fromBlock: from, toBlock: to }),
          refusal,
        );
        policy.succeeded(from, to);
        return { to, logs };
      } catch (error) {
        if (!refusal(error) || !policy.refused(from, to)) throw error;
        options.onRefusal?.({ from, to, rangeSize: policy.size, error });
      }
    }
  }

  return {
    policy,
    readRange,
    async readAll(selection, fromBlock, toBlock) {
      const logs: ChainLog[] = [];
      for (let from = fromBlock; from <= toBlock;) {
        const range = await readRange(selection, from, toBlock);
        for (const log of range.logs) logs.push(log);
        from = range.to + 1;
      }
      return logs;
    },
  };
}
