/** Rows of the task and coin queries → the answers lib/api/schemas.ts describes. */
import { ZeroAddress } from "ethers";
import type { z } from "zod";

import type * as api from "../../../lib/api/schemas.js";
import type { ClaimRow, LedgerRow, MerchantRow, RedemptionRow, TaskRow, TaskStatus } from "./queries.js";

const unixSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

export function taskStatus(row: TaskRow, now: bigint): TaskStatus {
  if (row.cancelled) return "cancelled";
  if (row.deadline < now) return "expired";
  return row.open_slots === 0 ? "full" : "open";
}

export function taskView(row: TaskRow, now: bigint): z.input<typeof api.task> {
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

export function claimView(row: ClaimRow): z.input<typeof api.taskClaim> {
  return {
    claimant: row.resident,
    status: row.status,
    evidenceHash: row.evidence_hash,
    claimedAt: unixSeconds(row.claimed_at),
    expiresAt: Number(row.expires_at),
    reason: row.status === "rejected" ? row.reason : null,
    evidence: row.evidence,
  };
}

export function ledgerView(row: LedgerRow): z.input<typeof api.ledgerEntry> {
  return {
    txHash: row.tx_hash,
    blockNumber: row.block_number.toString(),
    logIndex: row.log_index,
    time: unixSeconds(row.block_time),
    counterparty: row.counterparty === ZeroAddress ? null : row.counterparty,
    amount: row.delta.toString(),
    balanceAfter: row.balance_after.toString(),
    kind: row.kind,
  };
}

export function merchantView(row: MerchantRow): z.input<typeof api.merchant> {
  return {
    address: row.merchant,
    nameHash: row.name_hash,
    listing: row.listing,
    redeemedTotal: row.redeemed.toString(),
    registeredBlock: row.registered_block.toString(),
  };
}

export function redemptionView(row: RedemptionRow): z.input<typeof api.redemption> {
  return {
    redemptionId: row.redemption_id.toString(),
    merchant: row.merchant,
    amount: row.amount.toString(),
    paymentReference: row.payment_reference,
    txHash: row.tx_hash,
    blockNumber: row.block_number.toString(),
    time: unixSeconds(row.block_time),
  };
}
