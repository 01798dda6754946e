/**
 * The relayer account's transactions, one at a time. Requests are checked concurrently, but the
 * relayer's own nonces must be handed out in order with no gaps, so sending is a queue: each job
 * takes the next nonce from a local counter and sends. The counter starts from the chain's
 * pending transaction count and is re-read after any failed send, because a failure leaves it
 * unknown whether that nonce was used (and another process or a person may have used the key);
 * a send refused for its nonce is retried with the fresh count.
 *
 * Transactions are signed here and their hash is known before they are broadcast: some nodes
 * (Hardhat's automine) answer a transaction that reverts with an error although they mined it,
 * so after a failed broadcast the node is asked whether it holds that hash. A reverted relayed
 * transaction is thus recorded with its hash (it was sent and it cost gas), not as "not sent".
 */
import { Transaction, type Provider, type Signer } from "ethers";

import type { Logger } from "../logger/index.js";

export interface OutgoingTransaction {
  to: string;
  data: string;
  gasLimit: bigint;
}

export interface SentTransaction {
  hash: string;
  nonce: number;
}

/** A transaction sent before under `nonce`, to send again with higher fees. */
export interface Replacement extends OutgoingTransaction {
  nonce: number;
  /** The fees it was last sent with, when the node still knows it (null: current fees). */
  previous: FeesOf | null;
}

export interface FeesOf {
  maxFeePerGas: bigint | null;
  maxPriorityFeePerGas: bigint | null;
  gasPrice: bigint | null;
}

/** Fee increase of a replacement, in percent (nodes require at least 10). */
export const REPLACEMENT_BUMP_PERCENT = 15n;

export interface SendQueue {
  /** Sends `tx` after every job queued before it; resolves once the node accepted it. */
  send(tx: OutgoingTransaction): Promise<SentTransaction>;
  /**
   * Sends a replacement for a stuck transaction: the same nonce (not taken from the counter),
   * fees raised by {@link REPLACEMENT_BUMP_PERCENT} and at least the current ones.
   */
  replace(tx: Replacement): Promise<SentTransaction>;
  /** Jobs waiting or running. */
  readonly depth: number;
  /** Resolves when every job queued so far has finished. */
  idle(): Promise<void>;
  /** Forgets the local nonce counter (after a reorg took the relayer's transactions away). */
  resync(): void;
}

export interface SendQueueOptions {
  signer: Signer;
  provider: Provider;
  chainId: bigint;
  logger: Logger;
  /** Sends refused for their nonce retried with a fresh count (default 3). */
  nonceRetries?: number;
}

export function createSendQueue(options: SendQueueOptions): SendQueue {
  const { signer, provider, chainId, logger } = options;
  const nonceRetries = options.nonceRetries ?? 3;
  let tail: Promise<unknown> = Promise.resolve();
  let depth = 0;
  let nextNonce: number | undefined;
  let address: string | undefined;

  /** Signs and broadcasts; a broadcast error for a transaction the node nevertheless holds counts as sent. */
  async function signAndBroadcast(tx: OutgoingTransaction & { nonce: number } & Partial<FeesOf>): Promise<string> {
    let hash: string | undefined;
    try {
      // As AbstractSigner.sendTransaction does it, with the hash taken before the broadcast.
      const populated = await signer.populateTransaction({ ...tx, chainId });
      delete populated.from;
      const signed = await signer.signTransaction(Transaction.from(populated));
      hash = Transaction.from(signed).hash!;
      await provider.broadcastTransaction(signed);
      return hash;
    } catch (error) {
      if (hash && (await provider.getTransaction(hash).catch(() => null))) {
        logger.warn("the node refused a relayed transaction it holds; following it", {
          nonce: tx.nonce,
          hash,
          error: messageOf(error),
        });
        return hash;
      }
      throw error;
    }
  }

  async function replaceNow(tx: Replacement): Promise<SentTransaction> {
    const current = await provider.getFeeData();
    const raised = (before: bigint | null | undefined, now: bigint | null) => {
      const bumped = before ? (before * (100n + REPLACEMENT_BUMP_PERCENT)) / 100n + 1n : 0n;
      return now !== null && now > bumped ? now : bumped;
    };
    const { previous, ...outgoing } = tx;
    const fees: Partial<FeesOf> =
      current.maxFeePerGas !== null
        ? {
            maxFeePerGas: raised(previous?.maxFeePerGas, current.maxFeePerGas),
            maxPriorityFeePerGas: raised(previous?.maxPriorityFeePerGas, current.maxPriorityFeePerGas),
          }
        : { gasPrice: raised(previous?.gasPrice, current.gasPrice) };
    if (fees.maxPriorityFeePerGas && fees.maxFeePerGas && fees.maxPriorityFeePerGas > fees.maxFeePerGas)
      fees.maxFeePerGas = fees.maxPriorityFeePerGas;
    return { hash: await signAndBroadcast({ ...outgoing, ...fees }), nonce: tx.nonce };
  }

  async function sendNow(tx: OutgoingTransaction): Promise<SentTransaction> {
    address ??= await signer.getAddress();
    for (let attempt = 0; ; attempt++) {
      nextNonce ??= await provider.getTransactionCount(address, "pending");
      const nonce = nextNonce;
      try {
        const hash = await signAndBroadcast({ ...tx, nonce });
        nextNonce = nonce + 1;
        return { hash, nonce };
      } catch (error) {
        nextNonce = undefined;
        if (attempt < nonceRetries && isNonceError(error)) {
          logger.warn("relayer nonce out of step; re-reading it from the chain", { nonce, error: messageOf(error) });
          continue;
        }
        throw error;
      }
    }
  }

  function enqueue<T>(run: () => Promise<T>): Promise<T> {
    depth++;
    const settled = tail.then(run).finally(() => depth--);
    tail = settled.catch(() => {});
    return settled;
  }

  return {
    send: (tx) => enqueue(() => sendNow(tx)),
    replace: (tx) => enqueue(() => replaceNow(tx)),
    get depth() {
      return depth;
    },
    async idle() {
      await tail;
    },
    resync() {
      nextNonce = undefined;
    },
  };
}

/** "nonce too low", "nonce has already been used", "replacement transaction underpriced", ethers' NONCE_EXPIRED. */
export function isNonceError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === "NONCE_EXPIRED" || code === "REPLACEMENT_UNDERPRICED") return true;
  return /nonce|replacement transaction underpriced/i.test(messageOf(error));
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
