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

export interface SendQueue {
  /** Sends `tx` after every job queued before it; resolves once the node accepted it. */
  send(tx: OutgoingTransaction): Promise<SentTransaction>;
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

  async function sendNow(tx: OutgoingTransaction): Promise<SentTransaction> {
    address ??= await signer.getAddress();
    for (let attempt = 0; ; attempt++) {
      nextNonce ??= await provider.getTransactionCount(address, "pending");
      const nonce = nextNonce;
      let hash: string | undefined;
      try {
        // As AbstractSigner.sendTransaction does it, with the hash taken before the broadcast.
        const populated = await signer.populateTransaction({ ...tx, nonce, chainId });
        delete populated.from;
        const signed = await signer.signTransaction(Transaction.from(populated));
        hash = Transaction.from(signed).hash!;
        await provider.broadcastTransaction(signed);
        nextNonce = nonce + 1;
        return { hash, nonce };
      } catch (error) {
        if (hash && (await provider.getTransaction(hash).catch(() => null))) {
          logger.warn("the node refused a relayed transaction it holds; following it", {
            nonce,
            hash,
            error: messageOf(error),
          });
          nextNonce = nonce + 1;
          return { hash, nonce };
        }
        nextNonce = undefined;
        if (attempt < nonceRetries && isNonceError(error)) {
          logger.warn("relayer nonce out of step; re-reading it from the chain", { nonce, error: messageOf(error) });
          continue;
        }
        throw error;
      }
    }
  }

  return {
    send(tx) {
      depth++;
      const job = tail.then(() => sendNow(tx));
      const settled = job.finally(() => depth--);
      tail = settled.catch(() => {});
      return settled;
    },
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
