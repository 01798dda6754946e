/**
 * What the indexer reads from the chain: the logs of a block range (through the shared log reader,
 * lib/chain/logs.ts) and block headers.
 *
 * Headers are read as raw JSON-RPC when the provider speaks it (`send`, as ethers'
 * JsonRpcProvider and Hardhat's provider do): only four fields are used, and a dense range needs
 * one for every block. Logs come from the provider's `getChainLogs` when it has one (the
 * provider of {@link createChainProvider}), else raw JSON-RPC, else ethers' `getLogs`.
 */
import { logsOf, toQuantity, type ChainLog, type GetLogs, type LogFilter } from "../../lib/chain/logs.js";
import type { BlockHeader } from "./cursor.js";
import type { ChainProvider } from "./rpc.js";

export { rawLogs, toQuantity, type ChainLog, type ChainLogSource, type LogFilter } from "../../lib/chain/logs.js";

export interface ChainReader {
  logs: GetLogs;
  /** The header of block `number`, or undefined when the chain has no such block (yet). */
  header(number: number): Promise<BlockHeader | undefined>;
  /** Whether many requests at once are cheap (the provider batches them into few HTTP requests). */
  batches: boolean;
}

type RawSend = (method: string, params: unknown[]) => Promise<unknown>;

interface RawBlock {
  number: string;
  hash: string | null;
  parentHash: string;
  timestamp: string;
}

export function createChainReader(provider: ChainProvider): ChainReader {
  const logs: (filter: LogFilter) => Promise<ChainLog[]> = logsOf(provider);
  const source = provider as { send?: unknown };
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
