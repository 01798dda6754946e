/** The relayer's SQL: relayed requests with their transaction's status, and usage counters. */
import type { Queryable } from "../db/index.js";

export type RelayStatus = "queued" | "pending" | "mined" | "failed";

export interface RelayRow {
  id: string;
  chain: string;
  forwarder: string;
  sender: string;
  target: string;
  contract: string;
  function_name: string;
  request_nonce: bigint;
  request_gas: bigint;
  request_deadline: bigint;
  request_data: string;
  signature: string;
  relayer: string;
  relayer_nonce: bigint | null;
  gas_limit: bigint | null;
  tx_hash: string | null;
  /** Every hash the row was sent under (a replacement has a new one), oldest first. */
  tx_hashes: string[];
  status: RelayStatus;
  block_number: bigint | null;
  error: string | null;
  created_at: Date;
  updated_at: Date;
}

export type NewRelayRow = Pick<
  RelayRow,
  | "id"
  | "chain"
  | "forwarder"
  | "sender"
  | "target"
  | "contract"
  | "function_name"
  | "request_nonce"
  | "request_gas"
  | "request_deadline"
  | "request_data"
  | "signature"
  | "relayer"
  | "gas_limit"
>;

/**
 * Claims the account's nonce: inserts a queued request unless one for the same account and nonce
 * is queued, pending or mined (false then). The partial unique index decides between concurrent
 * copies, in this process or another, before anything is simulated or counted.
 */
export async function insertQueued(sql: Queryable, row: NewRelayRow): Promise<boolean> {
  const inserted = await sql`
    insert into relay_transactions ${sql({ ...row, status: "queued" })}
    on conflict (chain, forwarder, sender, request_nonce) where status <> 'failed' do nothing
    returning id
  `;
  return inserted.length === 1;
}

export async function findRelay(sql: Queryable, id: string): Promise<RelayRow | undefined> {
  const [row] = await sql<RelayRow[]>`select * from relay_transactions where id = ${id}`;
  return row;
}

/** The queued, pending or mined request for this account and nonce. */
export async function findLive(
  sql: Queryable,
  chain: string,
  forwarder: string,
  sender: string,
  nonce: bigint,
): Promise<RelayRow | undefined> {
  const [row] = await sql<RelayRow[]>`
    select * from relay_transactions
    where chain = ${chain} and forwarder = ${forwarder} and sender = ${sender} and request_nonce = ${nonce}
      and status <> 'failed'
  `;
  return row;
}

/** The latest request carrying exactly this signature (any status), other than `exceptId`. */
export async function findBySignature(
  sql: Queryable,
  chain: string,
  signature: string,
  exceptId?: string,
): Promise<RelayRow | undefined> {
  const [row] = await sql<RelayRow[]>`
    select * from relay_transactions
    where signature = ${signature} and chain = ${chain}
      ${exceptId ? sql`and id <> ${exceptId}` : sql``}
    order by created_at desc limit 1
  `;
  return row;
}

export async function markPending(
  sql: Queryable,
  id: string,
  sent: { txHash: string; relayerNonce: number; gasLimit: bigint },
): Promise<void> {
  await sql`
    update relay_transactions
    set status = 'pending', tx_hash = ${sent.txHash}, tx_hashes = array[${sent.txHash}]::text[],
        relayer_nonce = ${sent.relayerNonce}, gas_limit = ${sent.gasLimit}, updated_at = now()
    where id = ${id} and status = 'queued'
  `;
}

/**
 * Records the final outcome once; a row already mined or failed keeps its first outcome. `txHash`:
 * the hash that was mined, when the row was sent under several.
 */
export async function markDone(
  sql: Queryable,
  id: string,
  outcome: { status: "mined" | "failed"; blockNumber?: number | null; error?: string | null; txHash?: string },
): Promise<boolean> {
  const updated = await sql`
    update relay_transactions
    set status = ${outcome.status}, block_number = ${outcome.blockNumber ?? null},
        error = ${outcome.error ?? null}, updated_at = now()
        ${outcome.txHash ? sql`, tx_hash = ${outcome.txHash}` : sql``}
    where id = ${id} and status in ('queued', 'pending')
  `;
  return updated.count === 1;
}

/** This relayer's rows pending since before `olderThanSeconds` ago, in relayer-nonce order. */
export async function findStuck(sql: Queryable, relayer: string, olderThanSeconds: number): Promise<RelayRow[]> {
  return sql<RelayRow[]>`
    select * from relay_transactions
    where relayer = ${relayer} and status = 'pending'
      and updated_at < now() - make_interval(secs => ${olderThanSeconds})
    order by relayer_nonce
    limit 50
  `;
}

/**
 * Takes a stuck row for re-pricing, as a lease: the update succeeds only while the row is still
 * older than `olderThanSeconds` and touches it, so two processes never replace one transaction at once.
 */
export async function takeForReplacement(sql: Queryable, id: string, olderThanSeconds: number): Promise<boolean> {
  const updated = await sql`
    update relay_transactions set updated_at = now()
    where id = ${id} and status = 'pending' and updated_at < now() - make_interval(secs => ${olderThanSeconds})
  `;
  return updated.count === 1;
}

/** A replacement was sent: it is the row's latest hash. */
export async function recordReplacement(sql: Queryable, id: string, txHash: string): Promise<void> {
  await sql`
    update relay_transactions
    set tx_hash = ${txHash}, tx_hashes = array_append(tx_hashes, ${txHash}), updated_at = now()
    where id = ${id} and status = 'pending'
  `;
}

/** A request that was claimed but never sent (its simulation refused it): it leaves no trace. */
export async function deleteClaim(sql: Queryable, id: string): Promise<void> {
  await sql`delete from relay_transactions where id = ${id} and status = 'queued'`;
}

/**
 * A row recorded as mined whose transaction is no longer in the chain (a reorg dropped its
 * block): back to pending when the node still holds the transaction, failed when it is gone.
 */
export async function reopenMined(
  sql: Queryable,
  id: string,
  outcome: { status: "pending" } | { status: "failed"; error: string },
): Promise<boolean> {
  const updated = await sql`
    update relay_transactions
    set status = ${outcome.status}, block_number = null,
        error = ${outcome.status === "failed" ? outcome.error : null}, updated_at = now()
    where id = ${id} and status = 'mined'
  `;
  return updated.count === 1;
}

/** A mined row seen in another block after a reorg re-included its transaction. */
export async function moveMined(sql: Queryable, id: string, blockNumber: number): Promise<void> {
  await sql`
    update relay_transactions set block_number = ${blockNumber}, updated_at = now()
    where id = ${id} and status = 'mined'
  `;
}

export interface Usage {
  count: number;
  /** Seconds until the window ends. */
  resetsInSeconds: number;
}

export type UsagePeriod = "minute" | "day";

/**
 * A counting window: the minute, or the calendar day in `timeZone` (the municipality's day, so
 * a quota resets at local midnight; a day around a DST change has 23 or 25 hours).
 */
export interface UsageWindow {
  period: UsagePeriod;
  timeZone: string;
}

function windowStart(sql: Queryable, window: UsageWindow) {
  return sql`date_trunc(${window.period}, now(), ${window.timeZone})`;
}

function windowEnd(sql: Queryable, window: UsageWindow) {
  return window.period === "minute"
    ? sql`date_trunc('minute', now()) + interval '1 minute'`
    : sql`(date_trunc('day', now() at time zone ${window.timeZone}) + interval '1 day') at time zone ${window.timeZone}`;
}

/** Counts one more request in the current window and returns the new count (atomic across processes). */
export async function countUsage(sql: Queryable, account: string, window: UsageWindow): Promise<Usage> {
  const [row] = await sql<{ count: number; resets_in: number }[]>`
    insert into relay_usage (account, period, window_start, count)
    values (${account}, ${window.period}, ${windowStart(sql, window)}, 1)
    on conflict (account, period, window_start) do update set count = relay_usage.count + 1
    returning count, extract(epoch from ${windowEnd(sql, window)} - now())::float8 as resets_in
  `;
  return { count: row!.count, resetsInSeconds: row!.resets_in };
}

/** Gives back one request of the current window (a request that was never sent). */
export async function uncountUsage(sql: Queryable, account: string, window: UsageWindow): Promise<void> {
  await sql`
    update relay_usage set count = greatest(count - 1, 0)
    where account = ${account} and period = ${window.period} and window_start = ${windowStart(sql, window)}
  `;
}

/** Drops windows that ended more than a day ago. */
export async function pruneUsage(sql: Queryable): Promise<number> {
  const deleted = await sql`delete from relay_usage where window_start < now() - interval '2 days'`;
  return deleted.count;
}
