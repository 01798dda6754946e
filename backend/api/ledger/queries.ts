/** The task and coin routes' SQL: one function per query, each with its typed rows. */
import { ZeroAddress } from "ethers";

import type { Sql } from "../../db/index.js";
import { documentOf } from "../../content/queries.js";
import { numeric } from "../budget/queries.js";

export interface TaskRow {
  task_id: bigint;
  creator: string;
  verifier: string;
  district: bigint;
  reward: bigint;
  deadline: bigint;
  claim_window: bigint;
  content_hash: string;
  cancelled: boolean;
  slots: number;
  active_claims: number;
  completed: number;
  refunded: number;
  open_slots: number;
  escrow: bigint;
  created_block_number: bigint;
}

export type TaskStatus = "open" | "full" | "expired" | "cancelled";

export interface TaskFilter {
  district?: number | undefined;
  status?: TaskStatus | undefined;
  verifier?: string | undefined;
  creator?: string | undefined;
  claimant?: string | undefined;
}

export function selectTasks(sql: Sql, where: TaskFilter, now: bigint, page: { limit: number; offset: number }) {
  const { status } = where;
  return sql<TaskRow[]>`
    select * from task_slots t
    where true
      ${where.district !== undefined ? sql`and t.district = ${where.district}` : sql``}
      ${where.verifier !== undefined ? sql`and t.verifier = ${where.verifier}` : sql``}
      ${where.creator !== undefined ? sql`and t.creator = ${where.creator}` : sql``}
      ${
        where.claimant !== undefined
          ? sql`and exists (select 1 from task_claim_states c where c.task_id = t.task_id and c.resident = ${where.claimant})`
          : sql``
      }
      ${
        status === "cancelled"
          ? sql`and t.cancelled`
          : status === "expired"
            ? sql`and not t.cancelled and t.deadline < ${now}`
            : status === "full"
              ? sql`and not t.cancelled and t.deadline >= ${now} and t.open_slots = 0`
              : status === "open"
                ? sql`and not t.cancelled and t.deadline >= ${now} and t.open_slots > 0`
                : sql``
      }
    order by t.task_id desc
    limit ${page.limit + 1} offset ${page.offset}
  `;
}

export async function selectTask(sql: Sql, taskId: bigint): Promise<TaskRow | undefined> {
  const [row] = await sql<TaskRow[]>`select * from task_slots where task_id = ${numeric(taskId)}`;
  return row;
}

export interface ClaimRow {
  resident: string;
  status: "claimed" | "submitted" | "approved" | "rejected" | "released";
  evidence_hash: string | null;
  claimed_at: Date;
  expires_at: bigint;
  reason: string | null;
  evidence: { text: string; photos: string[] } | null;
}

/** Every claim of a task, with the verifier's latest rejection reason. */
export function selectClaims(sql: Sql, taskId: bigint) {
  return sql<ClaimRow[]>`
    select c.resident, c.status, c.evidence_hash, c.claimed_at, c.expires_at,
      (select r.reason from task_claim_rejected r where r.task_id = c.task_id and r.resident = c.resident
        order by r.block_number desc, r.log_index desc limit 1) as reason,
      ${documentOf(sql, "c.evidence_hash", "evidence")} as evidence
    from task_claim_states c where c.task_id = ${numeric(taskId)}
    order by c.claimed_at, c.resident
  `;
}

export const LEDGER_KINDS = ["mint", "transfer", "reward", "redeem", "escrow", "refund"] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export interface LedgerRow {
  tx_hash: string;
  block_number: bigint;
  log_index: number;
  block_time: Date;
  counterparty: string;
  delta: bigint;
  balance_after: bigint;
  kind: LedgerKind;
}

/**
 * An account's coin movements, newest first, each with its kind: from or to the zero address a
 * mint or a redemption; to the task board an escrow; from it a reward (the transaction approved
 * a claim of this account) or a refund.
 */
export function selectLedger(
  sql: Sql,
  account: string,
  taskBoard: string,
  kind: LedgerKind | undefined,
  page: { limit: number; offset: number },
) {
  return sql<LedgerRow[]>`
    select * from (
      select l.*,
        case
          when l.counterparty = ${ZeroAddress} and l.delta > 0 then 'mint'
          when l.counterparty = ${ZeroAddress} then 'redeem'
          when l.counterparty = ${taskBoard} and l.delta < 0 then 'escrow'
          when l.counterparty = ${taskBoard} and exists (
            select 1 from task_claim_approved a where a.tx_hash = l.tx_hash and a.resident = l.account
          ) then 'reward'
          when l.counterparty = ${taskBoard} then 'refund'
          else 'transfer'
        end as kind
      from coin_ledger l where l.account = ${account}
    ) entries
    where true ${kind ? sql`and kind = ${kind}` : sql``}
    order by block_number desc, log_index desc
    limit ${page.limit + 1} offset ${page.offset}
  `;
}

export interface MerchantRow {
  merchant: string;
  name_hash: string;
  redeemed: bigint;
  registered_block: bigint;
  listing: { name: string; address: string } | null;
}

/**
 * Registered merchants (their latest registration not followed by a removal) with what each
 * redeemed, each with its current listing: the latest rename since that registration, else the
 * registration's own.
 */
export function selectMerchants(sql: Sql, page: { limit: number; offset: number }) {
  return sql<MerchantRow[]>`
    select c.merchant, c.name_hash, c.registered_block,
      ${documentOf(sql, "c.name_hash", "merchant")} as listing,
      coalesce((select sum(x.amount) from coin_redeemed x where x.merchant = c.merchant), 0) as redeemed
    from (
      select r.merchant, coalesce(n.name_hash, r.name_hash) as name_hash, r.block_number as registered_block
      from (
        select distinct on (merchant) merchant, name_hash, block_number, log_index
        from coin_merchant_registered order by merchant, block_number desc, log_index desc
      ) r
      left join lateral (
        select name_hash from coin_merchant_renamed k
        where k.merchant = r.merchant and (k.block_number, k.log_index) > (r.block_number, r.log_index)
        order by block_number desc, log_index desc
        limit 1
      ) n on true
      where not exists (
        select 1 from coin_merchant_removed m where m.merchant = r.merchant
          and (m.block_number, m.log_index) > (r.block_number, r.log_index)
      )
    ) c
    order by c.merchant
    limit ${page.limit + 1} offset ${page.offset}
  `;
}

export interface RedemptionRow {
  redemption_id: bigint;
  merchant: string;
  amount: bigint;
  payment_reference: string;
  tx_hash: string;
  block_number: bigint;
  block_time: Date;
}

export function selectRedemptions(sql: Sql, merchant: string | undefined, page: { limit: number; offset: number }) {
  return sql<RedemptionRow[]>`
    select redemption_id, merchant, amount, payment_reference, tx_hash, block_number, block_time from coin_redeemed
    where true ${merchant ? sql`and merchant = ${merchant}` : sql``}
    order by block_number desc, log_index desc
    limit ${page.limit + 1} offset ${page.offset}
  `;
}
