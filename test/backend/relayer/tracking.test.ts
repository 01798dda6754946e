/**
 * Tracking (backend/relayer/tracking.ts) on the database of this run, with a scripted provider:
 * receipts, reverts on chain, stale rows, and mined rows a reorg took out of the chain.
 */
import { randomUUID } from "node:crypto";

import type { Provider, TransactionReceipt, TransactionResponse } from "ethers";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Database } from "../../../backend/db/index.js";
import { silentLogger } from "../../../backend/logger/index.js";
import { findRelay, type RelayRow } from "../../../backend/relayer/store.js";
import { createTracker } from "../../../backend/relayer/tracking.js";
import { createTestDatabase, databaseKind } from "../../helpers/database.js";

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

/** What the scripted chain knows: receipts and transactions by hash, and its head. */
const chain = {
  head: 100,
  receipts: new Map<string, Pick<TransactionReceipt, "status" | "blockNumber" | "hash">>(),
  transactions: new Set<string>(),
};
const provider = {
  getBlockNumber: async () => chain.head,
  getTransactionReceipt: async (hash: string) => chain.receipts.get(hash) ?? null,
  getTransaction: async (hash: string) => (chain.transactions.has(hash) ? ({ hash } as TransactionResponse) : null),
  // Background watchers wait until the tracker closes.
  waitForTransaction: () => new Promise<null>(() => {}),
} as unknown as Provider;

const outcomes: string[] = [];

let sender = 0;
async function insertRow(overrides: Partial<RelayRow>): Promise<RelayRow> {
  const row = {
    id: randomUUID(),
    chain: "0x" + "00".repeat(32),
    forwarder: "0x" + "22".repeat(20),
    sender: "0x" + (++sender).toString(16).padStart(40, "0"),
    target: "0x" + "55".repeat(20),
    contract: "TaskBoard",
    function_name: "claim",
    request_nonce: 0n,
    request_gas: 200_000n,
    request_deadline: 0n,
    request_data: "0x379607f50000000000000000000000000000000000000000000000000000000000000007",
    signature: "0x" + randomUUID().replaceAll("-", ""),
    relayer: "0x" + "33".repeat(20),
    status: "pending" as const,
    tx_hash: "0x" + randomUUID().replaceAll("-", "").padEnd(64, "0"),
    ...overrides,
  };
  await db.sql`insert into relay_transactions ${db.sql(row)}`;
  return (await findRelay(db.sql, row.id))!;
}

describe(`relayer tracking (${databaseKind} database)`, () => {
  test("a receipt with status 0 is failed with the decoded reason, its hash and its block", async () => {
    const t = createTracker({ ...trackerDeps(), sql: db.sql });
    const row = await insertRow({});
    chain.receipts.set(row.tx_hash!, { status: 0, blockNumber: 42, hash: row.tx_hash! });
    expect(await t.status(row.id)).toMatchObject({
      status: "failed",
      txHash: row.tx_hash,
      blockNumber: "42",
      error: "reverted on chain: TaskNoOpenSlot(7)",
    });
    await t.close();
  });

  test("a queued row older than staleAfterSeconds was never sent", async () => {
    const t = createTracker({ ...trackerDeps(), sql: db.sql });
    const row = await insertRow({ status: "queued", tx_hash: null, created_at: new Date(Date.now() - 60_000) });
    expect(await t.status(row.id)).toMatchObject({
      status: "failed",
      error: "never sent (the relaying process stopped)",
    });
    await t.close();
  });

  test("a mined row: kept when its receipt is still there, moved when re-mined elsewhere", async () => {
    const t = createTracker({ ...trackerDeps(), sql: db.sql });
    const row = await insertRow({ status: "mined", block_number: 90n });
    chain.receipts.set(row.tx_hash!, { status: 1, blockNumber: 90, hash: row.tx_hash! });
    expect(await t.recheckMined(row)).toBe(false);
    chain.receipts.set(row.tx_hash!, { status: 1, blockNumber: 91, hash: row.tx_hash! });
    expect(await t.recheckMined(row)).toBe(false);
    expect((await findRelay(db.sql, row.id))!.block_number).toBe(91n);
    await t.close();
  });

  test("a mined row whose transaction a reorg dropped is failed; one back in the node's pool is pending", async () => {
    outcomes.length = 0;
    const t = createTracker({ ...trackerDeps(), sql: db.sql });
    const dropped = await insertRow({ status: "mined", block_number: 95n });
    expect(await t.recheckMined(dropped)).toBe(true);
    expect(await findRelay(db.sql, dropped.id)).toMatchObject({
      status: "failed",
      block_number: null,
      error: "dropped by a reorg (was mined in block 95)",
    });
    const requeued = await insertRow({ status: "mined", block_number: 96n });
    chain.transactions.add(requeued.tx_hash!);
    expect(await t.recheckMined(requeued)).toBe(true);
    expect(await findRelay(db.sql, requeued.id)).toMatchObject({ status: "pending", block_number: null, error: null });
    expect(outcomes).toEqual(["reorged", "onReorg", "reorged", "onReorg"]);

    // Found by a status look-up as well, within the re-check depth.
    const looked = await insertRow({ status: "mined", block_number: 99n });
    expect(await t.status(looked.id)).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/^dropped by a reorg/),
    });
    // Deeper than that, a mined row is left as it is.
    const deep = await insertRow({ status: "mined", block_number: 10n });
    expect(await t.status(deep.id)).toMatchObject({ status: "mined", blockNumber: "10" });
    await t.close();
  });
});

function trackerDeps() {
  return {
    provider,
    logger: silentLogger,
    innerRevert: async () => ({
      contract: "TaskBoard" as const,
      name: "TaskNoOpenSlot",
      args: ["7"],
      namedArgs: { taskId: "7" },
      signature: "TaskNoOpenSlot(uint256)",
      data: "0x",
    }),
    count: (outcome: string) => outcomes.push(outcome),
    onReorg: () => outcomes.push("onReorg"),
    staleAfterSeconds: 30,
    receiptTimeoutMs: 1_000,
  };
}
