/**
 * LocalCoin: transfers, mints, merchants and redemptions; derived, every account's coin ledger
 * (one row per transfer that moved its coins, with the balance after it) and its balance.
 */
import type { Queryable, TransactionSql } from "../../db/index.js";
import { insertRows, toSqlRow } from "./sql.js";
import { defineEvent, eventsOf, type IndexedEvent, type Projection, type Row } from "./types.js";

export const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

export const transfer = defineEvent({
  contract: "LocalCoin",
  event: "Transfer",
  table: "coin_transfer",
  row: (a) => ({ from_address: a.address("from"), to_address: a.address("to"), amount: a.uint("value") }),
});

export const minted = defineEvent({
  contract: "LocalCoin",
  event: "Minted",
  table: "coin_minted",
  row: (a) => ({ to_address: a.address("to"), amount: a.uint("amount"), minter: a.address("minter") }),
});

export const merchantRegistered = defineEvent({
  contract: "LocalCoin",
  event: "MerchantRegistered",
  table: "coin_merchant_registered",
  row: (a) => ({ merchant: a.address("merchant"), name_hash: a.bytes32("nameHash") }),
});

export const merchantRemoved = defineEvent({
  contract: "LocalCoin",
  event: "MerchantRemoved",
  table: "coin_merchant_removed",
  row: (a) => ({ merchant: a.address("merchant") }),
});

export const merchantRenamed = defineEvent({
  contract: "LocalCoin",
  event: "MerchantRenamed",
  table: "coin_merchant_renamed",
  row: (a) => ({ merchant: a.address("merchant"), name_hash: a.bytes32("nameHash") }),
});

export const redeemed = defineEvent({
  contract: "LocalCoin",
  event: "Redeemed",
  table: "coin_redeemed",
  row: (a) => ({
    redemption_id: a.uint("redemptionId"),
    merchant: a.address("merchant"),
    amount: a.uint("amount"),
    payment_reference: a.bytes32("paymentReference"),
  }),
});

export const coinProjection: Projection = {
  name: "coin",
  events: [transfer, minted, merchantRegistered, merchantRemoved, merchantRenamed, redeemed],
  blockTables: [
    "coin_transfer",
    "coin_minted",
    "coin_merchant_registered",
    "coin_merchant_removed",
    "coin_merchant_renamed",
    "coin_redeemed",
    "coin_ledger",
  ],
  stateTables: ["coin_balances"],

  async apply(tx, newEvents) {
    const transfers = eventsOf(newEvents, transfer);
    if (transfers.length === 0) return;
    const accounts = [
      ...new Set(transfers.flatMap((t) => [t.row.from_address, t.row.to_address]).filter((a) => a !== ZERO_ADDRESS)),
    ];
    const balances = await balancesOf(tx, accounts);
    const ledger = ledgerRows(transfers, balances);
    await insertRows(tx, "coin_ledger", ledger);
    // The new ledger rows are the newest of their accounts: each account's last one is its balance
    // (re-reading every ledger row of the touched accounts, as a rollback must, grows with the chain).
    const heads = new Map<string, Row>();
    for (const row of ledger) heads.set(row.account as string, row);
    await writeBalances(tx, [...heads.values()]);
  },

  async prepareRollback(tx, blockNumber) {
    const rows = await tx<{ account: string }[]>`
      select distinct account from coin_ledger where block_number > ${blockNumber}
    `;
    const accounts = rows.map((r) => r.account);
    return (tx) => refreshBalances(tx, accounts);
  },
};

/** Ledger rows for transfers in chain order, starting from the balances before them (updated in place). */
function ledgerRows(
  transfers: readonly IndexedEvent<ReturnType<typeof transfer.row>>[],
  balances: Map<string, bigint>,
): Row[] {
  const rows: Row[] = [];
  for (const { meta, row } of transfers) {
    const entry = (account: string, counterparty: string, delta: bigint) => {
      const after = (balances.get(account) ?? 0n) + delta;
      if (after < 0n)
        throw new Error(`coin ledger of ${account} would go negative at ${meta.tx_hash}: events are missing`);
      balances.set(account, after);
      rows.push({
        account,
        block_number: meta.block_number,
        log_index: meta.log_index,
        block_hash: meta.block_hash,
        block_time: meta.block_time,
        tx_hash: meta.tx_hash,
        counterparty,
        delta,
        balance_after: after,
      });
    };
    const { from_address: from, to_address: to, amount } = row;
    if (from === to) {
      if (from !== ZERO_ADDRESS) entry(from, to, 0n);
      continue;
    }
    if (from !== ZERO_ADDRESS) entry(from, to, -amount);
    if (to !== ZERO_ADDRESS) entry(to, from, amount);
  }
  return rows;
}

async function balancesOf(sql: Queryable, accounts: readonly string[]): Promise<Map<string, bigint>> {
  const rows = await sql<{ account: string; balance: bigint }[]>`
    select account, balance from coin_balances where account = any(${sql.array([...accounts])}::text[])
  `;
  return new Map(rows.map((r) => [r.account, r.balance]));
}

/** Balances from the newest ledger row of each account. */
async function writeBalances(tx: TransactionSql, heads: readonly Row[]): Promise<void> {
  const CHUNK = 1000;
  for (let i = 0; i < heads.length; i += CHUNK) {
    const rows = heads
      .slice(i, i + CHUNK)
      .map((head) =>
        toSqlRow({ account: head.account!, balance: head.balance_after!, block_number: head.block_number! }),
      );
    await tx`
      insert into coin_balances ${tx(rows)}
      on conflict (account) do update set balance = excluded.balance, block_number = excluded.block_number
    `;
  }
}

/** An account's balance is the head of its ledger; no ledger rows, no balance row. */
async function refreshBalances(tx: TransactionSql, accounts: readonly string[]): Promise<void> {
  if (accounts.length === 0) return;
  const list = tx.array([...accounts]);
  await tx`delete from coin_balances where account = any(${list}::text[])`;
  await tx`
    insert into coin_balances (account, balance, block_number)
    select distinct on (account) account, balance_after, block_number
    from coin_ledger
    where account = any(${list}::text[])
    order by account, block_number desc, log_index desc
  `;
}
