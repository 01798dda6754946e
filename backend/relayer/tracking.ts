/**
 * Tracking: every accepted request is a row in `relay_transactions`, followed until its
 * transaction is mined or failed. A background watcher records each receipt; a status look-up of
 * a pending row asks the chain too, so any process can report any process's transaction, and
 * rows a stopped process left behind become failed after `staleAfterSeconds`.
 *
 * A row re-priced by the relayer was sent under several hashes (`tx_hashes`); whichever is mined
 * becomes its `tx_hash`.
 *
 * Reorgs: a row recorded as mined is only as final as its block. `recheckMined` looks again —
 * called when a new request for the same account and nonce finds the row in its way (the
 * forwarder's nonce being back proves the transaction is no longer in the chain) and on status
 * look-ups of recently mined rows — and moves the row back to pending when the node still holds
 * the transaction, or to failed (freeing the nonce) when the reorg dropped it.
 */
import type { Provider, TransactionReceipt } from "ethers";

import type { ContractName } from "../../generated/abis.js";
import { describeRevert } from "../../lib/chain/revert.js";
import type { Queryable } from "../db/index.js";
import type { Logger } from "../logger/index.js";
import { messageOf } from "./sender.js";
import { publicStatus } from "./signature.js";
import type { Simulator } from "./simulation.js";
import { findRelay, markDone, moveMined, reopenMined, type RelayRow } from "./store.js";

/** What `GET /api/relay/:id` answers. */
export interface RelayView {
  id: string;
  txHash: string | null;
  status: "pending" | "mined" | "failed";
  blockNumber?: string;
  error?: string;
  from: string;
  to: string;
  contract: string;
  function: string;
  nonce: string;
  createdAt: number;
}

export type TrackedRow = Pick<RelayRow, "id" | "target" | "request_data" | "sender" | "request_gas" | "contract">;

export interface TrackerDeps {
  sql: Queryable;
  provider: Provider;
  logger: Logger;
  innerRevert: Simulator["innerRevert"];
  /** Counts `mined` and `failed` transactions. */
  count(outcome: "mined" | "failed" | "reorged"): void;
  /** Called when a reorg took a relayed transaction out of the chain (the relayer's nonce may be back too). */
  onReorg(): void;
  /** A queued row never sent, or a sent transaction the node no longer knows, counts as failed after this. */
  staleAfterSeconds: number;
  /** How long a background watcher waits for a receipt before leaving it to status look-ups. */
  receiptTimeoutMs: number;
  /** Mined rows this many blocks deep or less are re-checked on a status look-up (default 64). */
  reorgDepth?: number;
}

export interface Tracker {
  /** Follows a sent transaction in the background until its receipt. */
  follow(row: TrackedRow, txHash: string): void;
  /** A row's current status, asking the chain when pending or recently mined; undefined when unknown. */
  status(id: string): Promise<RelayView | undefined>;
  /** Settles a pending row whose transaction (or a replacement) has a receipt; true then. */
  settleIfMined(row: RelayRow): Promise<boolean>;
  /**
   * Checks that a mined row's transaction is still in the chain; true when it is not and the row
   * was moved back (to pending or failed).
   */
  recheckMined(row: RelayRow): Promise<boolean>;
  /** Stops following receipts and waits for the watchers to end. */
  close(): Promise<void>;
}

export function createTracker(deps: TrackerDeps): Tracker {
  const { sql, provider, logger } = deps;
  const reorgDepth = deps.reorgDepth ?? 64;
  const watchers = new Set<Promise<void>>();
  let stopWatching: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (stopWatching = resolve));

  function follow(row: TrackedRow, txHash: string) {
    const watcher = (async () => {
      const receipt = await Promise.race([
        provider.waitForTransaction(txHash, 1, deps.receiptTimeoutMs).catch((error) => {
          logger.debug("receipt wait ended", { id: row.id, txHash, error: messageOf(error) });
          return null;
        }),
        stopped.then(() => null),
      ]);
      if (receipt) await settle(row, receipt);
    })().catch((error) => logger.error("following a relayed transaction failed", { id: row.id, txHash, error }));
    watchers.add(watcher);
    void watcher.finally(() => watchers.delete(watcher));
  }

  async function settle(row: TrackedRow, receipt: TransactionReceipt): Promise<void> {
    const blockNumber = receipt.blockNumber;
    const txHash = receipt.hash;
    if (receipt.status === 1) {
      if (await markDone(sql, row.id, { status: "mined", blockNumber, txHash })) deps.count("mined");
      logger.info("relayed transaction mined", { id: row.id, blockNumber });
      return;
    }
    // Why: the inner call replayed on the state before that block (an approximation: other
    // transactions earlier in the same block are not replayed).
    const inner = await deps
      .innerRevert(
        { from: row.sender, to: row.target, data: row.request_data, gas: row.request_gas },
        row.contract as ContractName,
        Math.max(0, blockNumber - 1),
      )
      .catch(() => undefined);
    const error = inner ? `reverted on chain: ${describeRevert(inner)}` : "reverted on chain";
    if (await markDone(sql, row.id, { status: "failed", blockNumber, error, txHash })) deps.count("failed");
    logger.warn("relayed transaction reverted", { id: row.id, blockNumber, txHash: receipt.hash, error });
  }

  /** Brings a queued or pending row up to date with the chain: its receipt, or abandoned when long stale. */
  async function refresh(row: RelayRow): Promise<void> {
    const ageSeconds = (Date.now() - row.created_at.getTime()) / 1000;
    if (row.status === "queued") {
      if (ageSeconds > deps.staleAfterSeconds)
        await markDone(sql, row.id, { status: "failed", error: "never sent (the relaying process stopped)" });
      return;
    }
    if (!row.tx_hash) return;
    if (await settleIfMined(row)) return;
    if (ageSeconds > deps.staleAfterSeconds) {
      const known = await provider.getTransaction(row.tx_hash).catch(() => undefined);
      if (known === null) await markDone(sql, row.id, { status: "failed", error: "dropped by the network" });
    }
  }

  /** Settles a pending row when any hash it was sent under (replacements included) has a receipt. */
  async function settleIfMined(row: RelayRow): Promise<boolean> {
    const hashes = row.tx_hashes.length > 0 ? row.tx_hashes : row.tx_hash ? [row.tx_hash] : [];
    for (const hash of hashes.toReversed()) {
      const receipt = await provider.getTransactionReceipt(hash).catch(() => null);
      if (receipt) {
        await settle(row, receipt);
        return true;
      }
    }
    return false;
  }

  async function recheckMined(row: RelayRow): Promise<boolean> {
    if (row.status !== "mined" || !row.tx_hash) return false;
    const receipt = await provider.getTransactionReceipt(row.tx_hash);
    if (receipt) {
      if (row.block_number !== null && BigInt(receipt.blockNumber) !== BigInt(row.block_number))
        await moveMined(sql, row.id, receipt.blockNumber);
      return false;
    }
    const held = await provider.getTransaction(row.tx_hash);
    const moved = held
      ? await reopenMined(sql, row.id, { status: "pending" })
      : await reopenMined(sql, row.id, {
          status: "failed",
          error: `dropped by a reorg (was mined in block ${row.block_number})`,
        });
    if (moved) {
      deps.count("reorged");
      deps.onReorg();
      logger.warn("a reorg took a relayed transaction out of the chain", {
        id: row.id,
        txHash: row.tx_hash,
        block: row.block_number?.toString(),
        now: held ? "pending" : "failed",
      });
      if (held) follow(row, row.tx_hash);
    }
    return moved;
  }

  async function status(id: string): Promise<RelayView | undefined> {
    let row = await findRelay(sql, id);
    if (!row) return undefined;
    if (row.status === "pending" || row.status === "queued") {
      await refresh(row);
      row = (await findRelay(sql, id))!;
    } else if (row.status === "mined" && row.block_number !== null) {
      const head = await provider.getBlockNumber().catch(() => undefined);
      if (
        head !== undefined &&
        head - Number(row.block_number) <= reorgDepth &&
        (await recheckMined(row).catch(() => false))
      )
        row = (await findRelay(sql, id))!;
    }
    return viewOf(row);
  }

  return {
    follow,
    status,
    settleIfMined,
    recheckMined,
    async close() {
      stopWatching();
      await Promise.all([...watchers]);
    },
  };
}

export function viewOf(row: RelayRow): RelayView {
  return {
    id: row.id,
    txHash: row.tx_hash,
    status: publicStatus(row.status),
    ...(row.block_number !== null ? { blockNumber: row.block_number.toString() } : {}),
    ...(row.error !== null ? { error: row.error } : {}),
    from: row.sender,
    to: row.target,
    contract: row.contract,
    function: row.function_name,
    nonce: row.request_nonce.toString(),
    createdAt: Math.floor(row.created_at.getTime() / 1000),
  };
}
