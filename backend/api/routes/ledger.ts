/** Tasks and their claims; accounts, their coin ledger, merchants and redemptions. */
import { ZeroAddress } from "ethers";
import { z } from "zod";

import type { Sql } from "../../db/index.js";
import { chainTime, type ChainViews } from "../chain.js";
import { address, district, notFound, pageOf, paging, uintString } from "../http.js";
import { createAccountReader } from "../accounts/index.js";
import type { RouteTable } from "../route.js";

interface TaskRow {
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

type TaskStatus = "open" | "full" | "expired" | "cancelled";

function taskStatus(row: TaskRow, now: bigint): TaskStatus {
  if (row.cancelled) return "cancelled";
  if (row.deadline < now) return "expired";
  return row.open_slots === 0 ? "full" : "open";
}

function taskJson(row: TaskRow, now: bigint) {
  return {
    taskId: row.task_id.toString(),
    creator: row.creator,
    verifier: row.verifier,
    district: Number(row.district),
    reward: row.reward.toString(),
    slots: row.slots,
    filled: row.active_claims + row.completed,
    active: row.active_claims,
    completed: row.completed,
    open: row.open_slots,
    escrow: row.escrow.toString(),
    deadline: Number(row.deadline),
    claimWindow: Number(row.claim_window),
    contentHash: row.content_hash,
    status: taskStatus(row, now),
    createdBlock: row.created_block_number.toString(),
  };
}

const LEDGER_KINDS = ["mint", "transfer", "reward", "redeem", "escrow", "refund"] as const;

export function ledgerRoutes(routes: RouteTable, sql: Sql, chain: ChainViews, taskBoardAddress: string): void {
  const board = taskBoardAddress.toLowerCase();
  const accounts = createAccountReader(sql);

  routes.add({
    method: "GET",
    path: "/api/tasks",
    tag: "tasks",
    summary: "Tasks with their slots, newest first; filter by district, status, verifier, creator or claimant",
    query: {
      district: district.optional(),
      status: z
        .enum(["open", "full", "expired", "cancelled"], { error: "must be one of open, full, expired, cancelled" })
        .optional(),
      verifier: address.optional(),
      creator: address.optional(),
      claimant: address.optional(),
      ...paging,
    },
    handler: async ({ query }) => {
      const page = pageOf(query);
      const now = await chainTime(sql);
      const status = query.status;
      const rows = await sql<TaskRow[]>`
        select * from task_slots t
        where true
          ${query.district !== undefined ? sql`and t.district = ${query.district}` : sql``}
          ${query.verifier !== undefined ? sql`and t.verifier = ${query.verifier}` : sql``}
          ${query.creator !== undefined ? sql`and t.creator = ${query.creator}` : sql``}
          ${
            query.claimant !== undefined
              ? sql`and exists (select 1 from task_claim_states c where c.task_id = t.task_id and c.resident = ${query.claimant})`
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
      const { items, nextCursor } = page.finish(rows);
      return { items: items.map((row) => taskJson(row, now)), nextCursor };
    },
  });

  routes.add({
    method: "GET",
    path: "/api/tasks/:taskId",
    tag: "tasks",
    summary: "One task with every claim (status, evidence, rejection reason)",
    params: { taskId: uintString("taskId") },
    handler: async ({ params }) => {
      const [row] = await sql<TaskRow[]>`select * from task_slots where task_id = ${params.taskId}`;
      if (!row) throw notFound(`task ${params.taskId}`);
      const claims = await sql<
        {
          resident: string;
          status: string;
          evidence_hash: string | null;
          claimed_at: Date;
          expires_at: bigint;
          reason: string | null;
        }[]
      >`
        select c.resident, c.status, c.evidence_hash, c.claimed_at, c.expires_at,
          (select r.reason from task_claim_rejected r where r.task_id = c.task_id and r.resident = c.resident
            order by r.block_number desc, r.log_index desc limit 1) as reason
        from task_claim_states c where c.task_id = ${params.taskId}
        order by c.claimed_at, c.resident
      `;
      return {
        ...taskJson(row, await chainTime(sql)),
        claims: claims.map((c) => ({
          claimant: c.resident,
          status: c.status,
          evidenceHash: c.evidence_hash,
          claimedAt: Math.floor(c.claimed_at.getTime() / 1000),
          expiresAt: Number(c.expires_at),
          reason: c.status === "rejected" ? c.reason : null,
        })),
      };
    },
  });

  routes.add({
    method: "GET",
    path: "/api/accounts/:address",
    tag: "accounts",
    summary: "Resident status, coin balance, earned this year against the cap, merchant status",
    params: { address },
    // From the index, cached per indexed block (backend/api/accounts), not from contract calls.
    handler: ({ params }) => accounts.read(params.address),
  });

  routes.add({
    method: "GET",
    path: "/api/accounts/:address/ledger",
    tag: "accounts",
    summary: "An account's coin ledger, newest first: every movement with its kind and the balance after it",
    params: { address },
    query: { kind: z.enum(LEDGER_KINDS, { error: `must be one of ${LEDGER_KINDS.join(", ")}` }).optional(), ...paging },
    handler: async ({ params, query }) => {
      const page = pageOf(query);
      const rows = await sql<
        {
          tx_hash: string;
          block_number: bigint;
          log_index: number;
          block_time: Date;
          counterparty: string;
          delta: bigint;
          balance_after: bigint;
          kind: (typeof LEDGER_KINDS)[number];
        }[]
      >`
        select * from (
          select l.*,
            case
              when l.counterparty = ${ZeroAddress} and l.delta > 0 then 'mint'
              when l.counterparty = ${ZeroAddress} then 'redeem'
              when l.counterparty = ${board} and l.delta < 0 then 'escrow'
              when l.counterparty = ${board} and exists (
                select 1 from task_claim_approved a where a.tx_hash = l.tx_hash and a.resident = l.account
              ) then 'reward'
              when l.counterparty = ${board} then 'refund'
              else 'transfer'
            end as kind
          from coin_ledger l where l.account = ${params.address}
        ) entries
        where true ${query.kind ? sql`and kind = ${query.kind}` : sql``}
        order by block_number desc, log_index desc
        limit ${page.limit + 1} offset ${page.offset}
      `;
      const { items, nextCursor } = page.finish(rows);
      return {
        items: items.map((row) => ({
          txHash: row.tx_hash,
          blockNumber: row.block_number.toString(),
          logIndex: row.log_index,
          time: Math.floor(row.block_time.getTime() / 1000),
          counterparty: row.counterparty === ZeroAddress ? null : row.counterparty,
          amount: row.delta.toString(),
          balanceAfter: row.balance_after.toString(),
          kind: row.kind,
        })),
        nextCursor,
      };
    },
  });

  routes.add({
    method: "GET",
    path: "/api/merchants",
    tag: "coin",
    summary: "Merchants that accept coins, with what each has redeemed",
    query: { ...paging },
    handler: async ({ query }) => {
      const page = pageOf(query);
      const rows = await sql<{ merchant: string; name_hash: string; redeemed: bigint; registered_block: bigint }[]>`
        select r.merchant, r.name_hash, r.block_number as registered_block,
          coalesce((select sum(x.amount) from coin_redeemed x where x.merchant = r.merchant), 0) as redeemed
        from (
          select distinct on (merchant) merchant, name_hash, block_number, log_index
          from coin_merchant_registered order by merchant, block_number desc, log_index desc
        ) r
        where not exists (
          select 1 from coin_merchant_removed m where m.merchant = r.merchant
            and (m.block_number, m.log_index) > (r.block_number, r.log_index)
        )
        order by r.merchant
        limit ${page.limit + 1} offset ${page.offset}
      `;
      const { items, nextCursor } = page.finish(rows);
      return {
        items: items.map((row) => ({
          address: row.merchant,
          nameHash: row.name_hash,
          redeemedTotal: row.redeemed.toString(),
          registeredBlock: row.registered_block.toString(),
        })),
        nextCursor,
      };
    },
  });

  routes.add({
    method: "GET",
    path: "/api/redemptions",
    tag: "coin",
    summary: "Redemptions (coins burned by a merchant, paid in euros off chain), newest first",
    query: { merchant: address.optional(), ...paging },
    handler: async ({ query }) => {
      const page = pageOf(query);
      const rows = await sql<
        {
          redemption_id: bigint;
          merchant: string;
          amount: bigint;
          payment_reference: string;
          tx_hash: string;
          block_number: bigint;
          block_time: Date;
        }[]
      >`
        select redemption_id, merchant, amount, payment_reference, tx_hash, block_number, block_time from coin_redeemed
        where true ${query.merchant ? sql`and merchant = ${query.merchant}` : sql``}
        order by block_number desc, log_index desc
        limit ${page.limit + 1} offset ${page.offset}
      `;
      const { items, nextCursor } = page.finish(rows);
      return {
        items: items.map((row) => ({
          redemptionId: row.redemption_id.toString(),
          merchant: row.merchant,
          amount: row.amount.toString(),
          paymentReference: row.payment_reference,
          txHash: row.tx_hash,
          blockNumber: row.block_number.toString(),
          time: Math.floor(row.block_time.getTime() / 1000),
        })),
        nextCursor,
      };
    },
  });
}
