/**
 * TaskBoard: tasks, claims, evidence, decisions, cancellations and refunds; derived, every claim's
 * status and every task's slot counters and escrow, as the contract's getClaim and getTask report them.
 */
import type { TransactionSql } from "../../db/index.js";
import { defineEvent, type Projection } from "./types.js";

export const taskCreated = defineEvent({
  contract: "TaskBoard",
  event: "TaskCreated",
  table: "task_created",
  row: (a) => ({
    task_id: a.uint("taskId"),
    creator: a.address("creator"),
    district: a.uint("district"),
    verifier: a.address("verifier"),
    reward: a.uint("reward"),
    slots: a.small("slots"),
    deadline: a.uint("deadline"),
    claim_window: a.uint("claimWindow"),
    content_hash: a.bytes32("contentHash"),
  }),
});

export const taskClaimed = defineEvent({
  contract: "TaskBoard",
  event: "TaskClaimed",
  table: "task_claimed",
  row: (a) => ({ task_id: a.uint("taskId"), resident: a.address("resident"), expires_at: a.uint("expiresAt") }),
});

export const evidenceSubmitted = defineEvent({
  contract: "TaskBoard",
  event: "EvidenceSubmitted",
  table: "task_evidence_submitted",
  row: (a) => ({
    task_id: a.uint("taskId"),
    resident: a.address("resident"),
    evidence_hash: a.bytes32("evidenceHash"),
  }),
});

export const claimApproved = defineEvent({
  contract: "TaskBoard",
  event: "ClaimApproved",
  table: "task_claim_approved",
  row: (a) => ({
    task_id: a.uint("taskId"),
    resident: a.address("resident"),
    reward: a.uint("reward"),
    year: a.small("year"),
  }),
});

export const claimRejected = defineEvent({
  contract: "TaskBoard",
  event: "ClaimRejected",
  table: "task_claim_rejected",
  row: (a) => ({ task_id: a.uint("taskId"), resident: a.address("resident"), reason: a.string("reason") }),
});

export const claimReleased = defineEvent({
  contract: "TaskBoard",
  event: "ClaimReleased",
  table: "task_claim_released",
  row: (a) => ({ task_id: a.uint("taskId"), resident: a.address("resident"), released_by: a.address("releasedBy") }),
});

export const taskCancelled = defineEvent({
  contract: "TaskBoard",
  event: "TaskCancelledBy",
  table: "task_cancelled",
  row: (a) => ({ task_id: a.uint("taskId"), cancelled_by: a.address("cancelledBy") }),
});

export const escrowRefunded = defineEvent({
  contract: "TaskBoard",
  event: "EscrowRefunded",
  table: "task_escrow_refunded",
  row: (a) => ({ task_id: a.uint("taskId"), creator: a.address("creator"), amount: a.uint("amount") }),
});

export const yearlyCapChanged = defineEvent({
  contract: "TaskBoard",
  event: "YearlyCapChanged",
  table: "task_yearly_cap_changed",
  row: (a) => ({ old_cap: a.uint("oldCap"), new_cap: a.uint("newCap") }),
});

const events = [
  taskCreated,
  taskClaimed,
  evidenceSubmitted,
  claimApproved,
  claimRejected,
  claimReleased,
  taskCancelled,
  escrowRefunded,
  yearlyCapChanged,
];

/** Every event table that names a task, so its rows say which tasks an event range touched. */
const perTaskTables = events.filter((e) => e !== yearlyCapChanged).map((e) => e.table);

export const tasksProjection: Projection = {
  name: "tasks",
  events,
  blockTables: events.map((e) => e.table),
  stateTables: ["task_claim_states", "task_slots"],

  async apply(tx, newEvents) {
    const ids = new Set<string>();
    for (const event of newEvents) {
      if (perTaskTables.includes(event.spec.table)) ids.add(String(event.row.task_id));
    }
    await refreshTasks(tx, [...ids]);
  },

  async prepareRollback(tx, blockNumber) {
    const ids = new Set<string>();
    for (const table of perTaskTables) {
      const rows = await tx<{ task_id: bigint }[]>`
        select distinct task_id from ${tx(table)} where block_number > ${blockNumber}
      `;
      for (const row of rows) ids.add(row.task_id.toString());
    }
    return (tx) => refreshTasks(tx, [...ids]);
  },
};

async function refreshTasks(tx: TransactionSql, taskIds: readonly string[]): Promise<void> {
  if (taskIds.length === 0) return;
  const ids = tx.array([...taskIds]);
  await refreshClaimStates(tx, ids);
  await refreshSlots(tx, ids);
}

/** A claim's status is its latest event; a resident holds at most one claim per task. */
async function refreshClaimStates(tx: TransactionSql, ids: ReturnType<TransactionSql["array"]>): Promise<void> {
  await tx`delete from task_claim_states where task_id = any(${ids}::numeric[])`;
  await tx`
    with claim_events as (
      select task_id, resident, 'claimed' as status, block_number, log_index
        from task_claimed where task_id = any(${ids}::numeric[])
      union all
      select task_id, resident, 'submitted', block_number, log_index
        from task_evidence_submitted where task_id = any(${ids}::numeric[])
      union all
      select task_id, resident, 'approved', block_number, log_index
        from task_claim_approved where task_id = any(${ids}::numeric[])
      union all
      select task_id, resident, 'rejected', block_number, log_index
        from task_claim_rejected where task_id = any(${ids}::numeric[])
      union all
      select task_id, resident, 'released', block_number, log_index
        from task_claim_released where task_id = any(${ids}::numeric[])
    ),
    latest as (
      select distinct on (task_id, resident) task_id, resident, status, block_number
      from claim_events
      order by task_id, resident, block_number desc, log_index desc
    ),
    claims as (
      select distinct on (task_id, resident) task_id, resident, block_time, expires_at
      from task_claimed where task_id = any(${ids}::numeric[])
      order by task_id, resident, block_number desc, log_index desc
    ),
    evidence as (
      select distinct on (task_id, resident) task_id, resident, evidence_hash
      from task_evidence_submitted where task_id = any(${ids}::numeric[])
      order by task_id, resident, block_number desc, log_index desc
    )
    insert into task_claim_states
      (task_id, resident, status, claimed_at, expires_at, evidence_hash, updated_block_number)
    select l.task_id, l.resident, l.status, c.block_time, c.expires_at, e.evidence_hash, l.block_number
    from latest l
    join claims c using (task_id, resident)
    left join evidence e using (task_id, resident)
  `;
}

/** Counters as the contract keeps them; refunds are always whole slots' rewards. */
async function refreshSlots(tx: TransactionSql, ids: ReturnType<TransactionSql["array"]>): Promise<void> {
  await tx`delete from task_slots where task_id = any(${ids}::numeric[])`;
  await tx`
    insert into task_slots (
      task_id, creator, verifier, district, reward, deadline, claim_window, content_hash, cancelled,
      slots, active_claims, completed, refunded, open_slots, escrow, created_block_number
    )
    select
      t.task_id, t.creator, t.verifier, t.district, t.reward, t.deadline, t.claim_window, t.content_hash,
      c.cancelled, t.slots, c.active, c.completed, c.refunded,
      case when c.cancelled then 0 else t.slots - c.active - c.completed - c.refunded end,
      t.reward * (t.slots - c.completed - c.refunded),
      t.block_number
    from task_created t
    cross join lateral (
      select
        exists (select 1 from task_cancelled x where x.task_id = t.task_id) as cancelled,
        (select count(*) from task_claim_states s
          where s.task_id = t.task_id and s.status in ('claimed', 'submitted'))::integer as active,
        (select count(*) from task_claim_states s
          where s.task_id = t.task_id and s.status = 'approved')::integer as completed,
        coalesce((select div(sum(r.amount), t.reward) from task_escrow_refunded r
          where r.task_id = t.task_id), 0)::integer as refunded
    ) c
    where t.task_id = any(${ids}::numeric[])
  `;
}
