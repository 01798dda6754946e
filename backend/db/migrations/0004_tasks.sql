-- TaskBoard: one table per event, then the derived state of every task and claim.

create table task_created (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  task_id numeric(78,0) not null,
  creator text not null,
  district bigint not null,
  verifier text not null,
  reward numeric(78,0) not null,
  slots integer not null,
  deadline bigint not null,
  claim_window bigint not null,
  content_hash text not null,
  primary key (block_hash, log_index)
);
create index task_created_block on task_created (block_number);
create index task_created_task on task_created (task_id);

create table task_claimed (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  task_id numeric(78,0) not null,
  resident text not null,
  expires_at bigint not null,
  primary key (block_hash, log_index)
);
create index task_claimed_block on task_claimed (block_number);
create index task_claimed_task on task_claimed (task_id);

create table task_evidence_submitted (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  task_id numeric(78,0) not null,
  resident text not null,
  evidence_hash text not null,
  primary key (block_hash, log_index)
);
create index task_evidence_submitted_block on task_evidence_submitted (block_number);
create index task_evidence_submitted_task on task_evidence_submitted (task_id);

create table task_claim_approved (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  task_id numeric(78,0) not null,
  resident text not null,
  reward numeric(78,0) not null,
  year integer not null,
  primary key (block_hash, log_index)
);
create index task_claim_approved_block on task_claim_approved (block_number);
create index task_claim_approved_task on task_claim_approved (task_id);

create table task_claim_rejected (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  task_id numeric(78,0) not null,
  resident text not null,
  reason text not null,
  primary key (block_hash, log_index)
);
create index task_claim_rejected_block on task_claim_rejected (block_number);
create index task_claim_rejected_task on task_claim_rejected (task_id);

create table task_claim_released (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  task_id numeric(78,0) not null,
  resident text not null,
  released_by text not null,
  primary key (block_hash, log_index)
);
create index task_claim_released_block on task_claim_released (block_number);
create index task_claim_released_task on task_claim_released (task_id);

create table task_cancelled (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  task_id numeric(78,0) not null,
  cancelled_by text not null,
  primary key (block_hash, log_index)
);
create index task_cancelled_block on task_cancelled (block_number);
create index task_cancelled_task on task_cancelled (task_id);

create table task_escrow_refunded (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  task_id numeric(78,0) not null,
  creator text not null,
  amount numeric(78,0) not null,
  primary key (block_hash, log_index)
);
create index task_escrow_refunded_block on task_escrow_refunded (block_number);
create index task_escrow_refunded_task on task_escrow_refunded (task_id);

create table task_yearly_cap_changed (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  old_cap numeric(78,0) not null,
  new_cap numeric(78,0) not null,
  primary key (block_hash, log_index)
);
create index task_yearly_cap_changed_block on task_yearly_cap_changed (block_number);

-- Derived: every resident's claim on a task, as ITaskBoard.getClaim reports it.
create table task_claim_states (
  task_id numeric(78,0) not null,
  resident text not null,
  status text not null check (status in ('claimed', 'submitted', 'approved', 'rejected', 'released')),
  claimed_at timestamptz not null,
  expires_at bigint not null,
  evidence_hash text,
  updated_block_number bigint not null,
  primary key (task_id, resident)
);

-- Derived: every task with its slot counters, as ITaskBoard.getTask reports them.
create table task_slots (
  task_id numeric(78,0) primary key,
  creator text not null,
  verifier text not null,
  district bigint not null,
  reward numeric(78,0) not null,
  deadline bigint not null,
  claim_window bigint not null,
  content_hash text not null,
  cancelled boolean not null,
  slots integer not null,
  -- Claimed or submitted, not yet decided.
  active_claims integer not null,
  completed integer not null,
  refunded integer not null,
  open_slots integer not null,
  escrow numeric(78,0) not null,
  created_block_number bigint not null
);
