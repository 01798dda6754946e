/**
 * What the indexer reads from the chain: the logs of a block range and block headers.
 *
 * Headers are read as raw JSON-RPC when the provider speaks it (`send`, as ethers'
 * JsonRpcProvider and Hardhat's provider do): only four fields are used, and a dense range needs
 * one for every block. Logs come from the provider's `getChainLogs` when it has one (the
 * provider of {@link createChainProvider}: the node's logs with only the fields the indexer uses,
 * no ethers `Log` with a checksummed address per log), otherwise from ethers' `getLogs`.
 */
import type { BlockHeader } from "./cursor.js";
import type { ChainProvider } from "./rpc.js";

/** A log as the indexer uses it (ethers' `Log` has the same fields). */
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

export interface LogFilter {
  address: string[];
  topics: string[][];
  fromBlock: number;
  toBlock: number;
}

/** A provider that can hand over logs without building ethers objects. */
export interface ChainLogSource {
  getChainLogs(filter: LogFilter): Promise<ChainLog[]>;
}

export interface ChainReader {
  logs(filter: LogFilter): Promise<ChainLog[]>;
  /** The header of block `number`, or undefined when the chain has no such block (yet). */
  header(number: number): Promise<BlockHeader | undefined>;
  /** Whether many requests at once are cheap (the provider batches them into few HTTP requests). */
  batches: boolean;
}

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

interface RawBlock {
  number: string;
  hash: string | null;
  parentHash: string;
  timestamp: string;
}

export const toQuantity = (value: number) => `0x${value.toString(16)}`;

/** eth_getLogs through a raw JSON-RPC `send`. */
export async function rawLogs(send: RawSend, filter: LogFilter): Promise<ChainLog[]> {
  const logs = (await send("eth_getLogs", [
    {
      address: filter.address,
      topics: filter.topics,
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

export function createChainReader(provider: ChainProvider): ChainReader {
  const source = provider as Partial<ChainLogSource> & { send?: unknown };
  const logs: ChainReader["logs"] =
    typeof source.getChainLogs === "function"
      ? (filter) => source.getChainLogs!(filter)
      : (filter) => provider.getLogs(filter);
  if (typeof source.send !== "function") {
    return {
      batches: false,
      logs,
      async header(number) {
        const block = await provider.getBlock(number);
        if (!block?.hash) return undefined;
        return {
          number: block.number,
          hash: block.hash.toLowerCase(),
          parentHash: block.parentHash.toLowerCase(),
          timestamp: new Date(block.timestamp * 1000),
        };
      },
    };
  }
  const send = (source.send as RawSend).bind(provider);
  return {
    batches: true,
    logs,
    async header(number) {
      const block = (await send("eth_getBlockByNumber", [toQuantity(number), false])) as RawBlock | null;
      if (!block?.hash) return undefined;
      return {
        number: Number(block.number),
        hash: block.hash.toLowerCase(),
        parentHash: block.parentHash.toLowerCase(),
        timestamp: new Date(Number(block.timestamp) * 1000),
      };
    },
  };
}
