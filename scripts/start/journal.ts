/**
 * Hardhat's in-process chain lives in memory and cannot dump its state, so `npm start` keeps a
 * journal instead: every block's timestamp and its signed transactions. The next start replays
 * the journal on a fresh chain (same transactions, same nonces, same timestamps), so everything
 * done in the demo is still there; only the block hashes differ, and the indexer re-indexes.
 */
import { readFile, rename, writeFile } from "node:fs/promises";

import { Transaction, keccak256 } from "ethers";

type Rpc = (method: string, params: unknown[]) => Promise<unknown>;

interface RpcTransaction {
  hash: string;
  from: string;
  type: string;
  chainId?: string;
  nonce: string;
  to: string | null;
  value: string;
  input: string;
  gas: string;
  gasPrice?: string;
  maxFeePerGas?: string;
  maxPriorityFeePerGas?: string;
  accessList?: { address: string; storageKeys: string[] }[];
  v: string;
  r: string;
  s: string;
  yParity?: string;
}

export interface JournalBlock {
  timestamp: number;
  transactions: string[];
}

export interface Journal {
  version: 1;
  chainId: number;
  blocks: JournalBlock[];
}

/** The signed raw transaction of a transaction as eth_getBlockByNumber reports it (hash checked). */
function rawOf(tx: RpcTransaction): string {
  const type = Number(tx.type);
  const yParity =
    tx.yParity !== undefined ? Number(tx.yParity) : Number(tx.v) % 2 === 0 && type === 0 ? 1 : Number(tx.v) & 1;
  const signature =
    type === 0 ? { r: tx.r, s: tx.s, v: Number(tx.v) } : { r: tx.r, s: tx.s, yParity: yParity as 0 | 1 };
  const raw = Transaction.from({
    type,
    chainId: tx.chainId !== undefined ? BigInt(tx.chainId) : undefined,
    nonce: Number(tx.nonce),
    to: tx.to,
    value: BigInt(tx.value),
    data: tx.input,
    gasLimit: BigInt(tx.gas),
    ...(type === 2
      ? { maxFeePerGas: BigInt(tx.maxFeePerGas!), maxPriorityFeePerGas: BigInt(tx.maxPriorityFeePerGas!) }
      : { gasPrice: BigInt(tx.gasPrice!) }),
    ...(type !== 0 ? { accessList: tx.accessList ?? [] } : {}),
    signature,
  }).serialized;
  if (keccak256(raw) !== tx.hash) throw new Error(`cannot journal transaction ${tx.hash}: its re-encoding differs`);
  return raw;
}

export class ChainJournal {
  #journal: Journal;

  constructor(
    private readonly file: string,
    chainId: number,
    journal?: Journal,
  ) {
    this.#journal = journal ?? { version: 1, chainId, blocks: [] };
  }

  static async read(file: string): Promise<Journal | undefined> {
    const text = await readFile(file, "utf8").catch(() => undefined);
    if (text === undefined) return undefined;
    const journal = JSON.parse(text) as Journal;
    if (journal.version !== 1 || !Array.isArray(journal.blocks)) throw new Error(`${file} is not a chain journal`);
    return journal;
  }

  get blocks(): number {
    return this.#journal.blocks.length;
  }

  /** Appends the blocks mined since the last call and writes the file (atomically). */
  async save(rpc: Rpc): Promise<void> {
    const latest = Number(await rpc("eth_blockNumber", []));
    for (let n = this.#journal.blocks.length + 1; n <= latest; n++) {
      const block = (await rpc("eth_getBlockByNumber", [`0x${n.toString(16)}`, true])) as {
        timestamp: string;
        transactions: RpcTransaction[];
      };
      this.#journal.blocks.push({ timestamp: Number(block.timestamp), transactions: block.transactions.map(rawOf) });
    }
    await writeFile(`${this.file}.tmp`, JSON.stringify(this.#journal));
    await rename(`${this.file}.tmp`, this.file);
  }

  /** Replays every block on a fresh chain, with its transactions and timestamp. */
  async replay(rpc: Rpc, progress: (done: number, total: number) => void): Promise<void> {
    const blocks = this.#journal.blocks;
    const senders = new Set<string>();
    for (const block of blocks) for (const raw of block.transactions) senders.add(Transaction.from(raw).from!);
    for (const sender of senders) await rpc("hardhat_setBalance", [sender, "0x56bc75e2d63100000"]);
    // A fresh chain starts at the wall clock, later than the journal began: every block moves
    // forward by the same offset (the time the system was stopped), keeping their spacing.
    const genesis = (await rpc("eth_getBlockByNumber", ["latest", false])) as { timestamp: string };
    const offset = blocks.length > 0 ? Math.max(0, Number(genesis.timestamp) + 1 - blocks[0]!.timestamp) : 0;
    await rpc("evm_setAutomine", [false]);
    try {
      for (const [i, block] of blocks.entries()) {
        for (const raw of block.transactions) await rpc("eth_sendRawTransaction", [raw]);
        await rpc("evm_mine", [block.timestamp + offset]);
        if (i % 100 === 99 || i === blocks.length - 1) progress(i + 1, blocks.length);
      }
    } finally {
      await rpc("evm_setAutomine", [true]);
    }
  }
}
