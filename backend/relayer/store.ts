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

/** Inserts a queued request unless one for the same account and nonce is queued, pending or mined; false then. */
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

/** The latest request carrying exactly this signature (any status). */
export async function findBySignature(sql: Queryable, chain: string, signature: string): Promise<RelayRow | undefined> {
  const [row] = await sql<RelayRow[]>`
    select * from relay_transactions where signature = ${signature} and chain = ${chain}
    order by created_at desc limit 1
  `;
  return row;
}

export async function markPending(
  sql: Queryable,
  id: string,
  sent: { txHash: string; relayerNonce: number },
): Promise<void> {
  await sql`
    update relay_transactions
    set status = 'pending', tx_hash = ${sent.txHash}, relayer_nonce = ${sent.relayerNonce}, updated_at = now()
    where id = ${id} and status = 'queued'
  `;
}

/** Records the final outcome once; a row already mined or failed keeps its first outcome. */
export async function markDone(
  sql: Queryable,
  id: string,
  outcome: { status: "mined" | "failed"; blockNumber?: number | null; error?: string | null },
): Promise<boolean> {
  const updated = await sql`
    update relay_transactions
    set status = ${outcome.status}, block_number = ${outcome.blockNumber ?? null},
        error = ${outcome.error ?? null}, updated_at = now()
    where id = ${id} and status in ('queued', 'pending')
  `;
  return updated.count === 1;
}

export interface Usage {
  count: number;
  /** Seconds until the window ends. */
  resetsInSeconds: number;
}

export type UsagePeriod = "minute" | "day";

/** Counts one more request in the current window and returns the new count (atomic across processes). */
export async function countUsage(sql: Queryable, account: string, period: UsagePeriod): Promise<Usage> {
  const [row] = await sql<{ count: number; resets_in: number }[]>`
    with w as (select date_trunc(${period}, now(), 'UTC') as start)
    insert into relay_usage (account, period, window_start, count)
    select ${account}, ${period}, start, 1 from w
    on conflict (account, period, window_start) do update set count = relay_usage.count + 1
    returning count,
      extract(epoch from window_start + ${"1 " + period}::interval - now())::float8 as resets_in
  `;
  return { count: row!.count, resetsInSeconds: row!.resets_in };
}

/** The current window's count without adding to it. */
export async function readUsage(sql: Queryable, account: string, period: UsagePeriod): Promise<Usage> {
  const [row] = await sql<{ count: number | null; resets_in: number }[]>`
    with w as (select date_trunc(${period}, now(), 'UTC') as start)
    select
      (select count from relay_usage u where u.account = ${account} and u.period = ${period} and u.window_start = w.start) as count,
      extract(epoch from w.start + ${"1 " + period}::interval - now())::float8 as resets_in
    from w
  `;
  return { count: row!.count ?? 0, resetsInSeconds: row!.resets_in };
}

/** Gives back one request of the current window (a request that was never sent). */
export async function uncountUsage(sql: Queryable, account: string, period: UsagePeriod): Promise<void> {
  await sql`
    update relay_usage set count = greatest(count - 1, 0)
    where account = ${account} and period = ${period} and window_start = date_trunc(${period}, now(), 'UTC')
  `;
}

/** Drops windows that ended more than a day ago. */
export async function pruneUsage(sql: Queryable): Promise<number> {
  const deleted = await sql`delete from relay_usage where window_start < now() - interval '2 days'`;
  return deleted.count;
}
