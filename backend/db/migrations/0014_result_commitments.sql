-- Method of Equal Shares rounds (IBudgetRound.TallyRule.EqualSharesAdd1): the tally rule label,
-- the objection window rule field (IBudgetRound.Rules.objectionWindow, seconds; 0 for greedy
-- rounds, which include every round created before the field existed), and one table per
-- ResultCommitments event.

alter table budget_round_created
  drop constraint budget_round_created_tally_rule,
  add constraint budget_round_created_tally_rule check (tally_rule in ('greedy', 'equal-shares-add1')),
  add column objection_window bigint not null default 0;

create table result_committed (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  round_id numeric(78,0) not null,
  district bigint not null,
  committed_by text not null,
  proposal_ids numeric(78,0)[] not null,
  selected_cost numeric(78,0) not null,
  from_block bigint not null,
  to_block bigint not null,
  to_block_hash text not null,
  library_version text not null,
  window_end bigint not null,
  recount boolean not null,
  primary key (block_hash, log_index)
);
create index result_committed_block on result_committed (block_number);
create index result_committed_round on result_committed (round_id, district);

create table result_objection_lodged (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  objection_id numeric(78,0) not null,
  round_id numeric(78,0) not null,
  district bigint not null,
  objector text not null,
  proposal_ids numeric(78,0)[] not null,
  reason_hash text not null,
  primary key (block_hash, log_index)
);
create index result_objection_lodged_block on result_objection_lodged (block_number);
create index result_objection_lodged_round on result_objection_lodged (round_id, district);

create table result_objections_resolved (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  round_id numeric(78,0) not null,
  district bigint not null,
  resolved_by text not null,
  upheld boolean not null,
  last_objection_id numeric(78,0) not null,
  reason_hash text not null,
  primary key (block_hash, log_index)
);
create index result_objections_resolved_block on result_objections_resolved (block_number);
create index result_objections_resolved_round on result_objections_resolved (round_id, district);
