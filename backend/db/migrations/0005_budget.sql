-- BudgetRound: one table per event, then the derived current ballots and tallies.
-- Enumerations are stored as lowercase labels of the Solidity enum members
-- (BallotType.Cumulative = 'cumulative', ImplementationStatus.InProgress = 'in_progress').

create table budget_round_created (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  round_id numeric(78,0) not null,
  creator text not null,
  districts bigint[] not null,
  budgets numeric(78,0)[] not null,
  proposals_start bigint not null,
  support_start bigint not null,
  review_start bigint not null,
  voting_start bigint not null,
  voting_end bigint not null,
  support_threshold bigint not null,
  ballot_type text not null,
  min_projects integer not null,
  max_projects integer not null,
  min_budget_share_bps integer not null,
  max_budget_share_bps integer not null,
  total_points integer not null,
  max_points_per_project integer not null,
  tally_rule text not null,
  tie_break text not null,
  rules_hash text not null,
  primary key (block_hash, log_index)
);
create index budget_round_created_block on budget_round_created (block_number);

create table budget_round_cancelled (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  round_id numeric(78,0) not null,
  cancelled_by text not null,
  reason_hash text not null,
  primary key (block_hash, log_index)
);
create index budget_round_cancelled_block on budget_round_cancelled (block_number);

create table budget_proposal_submitted (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  proposal_id numeric(78,0) not null,
  round_id numeric(78,0) not null,
  district bigint not null,
  proposer text not null,
  cost numeric(78,0) not null,
  content_hash text not null,
  primary key (block_hash, log_index)
);
create index budget_proposal_submitted_block on budget_proposal_submitted (block_number);

create table budget_proposal_supported (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  proposal_id numeric(78,0) not null,
  supporter text not null,
  support_count bigint not null,
  primary key (block_hash, log_index)
);
create index budget_proposal_supported_block on budget_proposal_supported (block_number);

create table budget_proposal_reviewed (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  proposal_id numeric(78,0) not null,
  reviewer text not null,
  feasible boolean not null,
  final_cost numeric(78,0) not null,
  reason_hash text not null,
  primary key (block_hash, log_index)
);
create index budget_proposal_reviewed_block on budget_proposal_reviewed (block_number);

-- Position i of the district's ballot is proposal_ids[i + 1] costing costs[i + 1] (SQL arrays start at 1).
create table budget_ballot_published (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  round_id numeric(78,0) not null,
  district bigint not null,
  proposal_ids numeric(78,0)[] not null,
  costs numeric(78,0)[] not null,
  primary key (block_hash, log_index)
);
create index budget_ballot_published_block on budget_ballot_published (block_number);
create index budget_ballot_published_district on budget_ballot_published (round_id, district);

create table budget_approval_ballot_cast (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  round_id numeric(78,0) not null,
  voter text not null,
  district bigint not null,
  selection numeric(78,0) not null,
  replaced boolean not null,
  primary key (block_hash, log_index)
);
create index budget_approval_ballot_cast_block on budget_approval_ballot_cast (block_number);
create index budget_approval_ballot_cast_voter on budget_approval_ballot_cast (round_id, voter);

create table budget_cumulative_ballot_cast (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  round_id numeric(78,0) not null,
  voter text not null,
  district bigint not null,
  -- Packed words as emitted: position i is byte i % 32 (least significant first) of word i / 32.
  points numeric(78,0)[] not null,
  replaced boolean not null,
  primary key (block_hash, log_index)
);
create index budget_cumulative_ballot_cast_block on budget_cumulative_ballot_cast (block_number);
create index budget_cumulative_ballot_cast_voter on budget_cumulative_ballot_cast (round_id, voter);

create table budget_paper_approval_ballot_recorded (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  round_id numeric(78,0) not null,
  serial_hash text not null,
  district bigint not null,
  selection numeric(78,0) not null,
  clerk text not null,
  primary key (block_hash, log_index)
);
create index budget_paper_approval_ballot_recorded_block on budget_paper_approval_ballot_recorded (block_number);
create index budget_paper_approval_ballot_recorded_serial on budget_paper_approval_ballot_recorded (round_id, serial_hash);

create table budget_paper_cumulative_ballot_recorded (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  round_id numeric(78,0) not null,
  serial_hash text not null,
  district bigint not null,
  points numeric(78,0)[] not null,
  clerk text not null,
  primary key (block_hash, log_index)
);
create index budget_paper_cumulative_ballot_recorded_block on budget_paper_cumulative_ballot_recorded (block_number);
create index budget_paper_cumulative_ballot_recorded_serial on budget_paper_cumulative_ballot_recorded (round_id, serial_hash);

create table budget_district_finalized (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  round_id numeric(78,0) not null,
  district bigint not null,
  selected numeric(78,0) not null,
  selected_cost numeric(78,0) not null,
  tallies numeric(78,0)[] not null,
  primary key (block_hash, log_index)
);
create index budget_district_finalized_block on budget_district_finalized (block_number);

create table budget_round_finalized (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  round_id numeric(78,0) not null,
  primary key (block_hash, log_index)
);
create index budget_round_finalized_block on budget_round_finalized (block_number);

create table budget_implementation_reported (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  proposal_id numeric(78,0) not null,
  status text not null,
  note_hash text not null,
  reported_by text not null,
  primary key (block_hash, log_index)
);
create index budget_implementation_reported_block on budget_implementation_reported (block_number);

-- Derived: what one ballot event gives each position (1 per approved position, or the points).
create table budget_ballot_positions (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  round_id numeric(78,0) not null,
  district bigint not null,
  position integer not null,
  points bigint not null,
  primary key (block_hash, log_index, position)
);
create index budget_ballot_positions_block on budget_ballot_positions (block_number);

-- Derived: the ballot that counts for every voter (online) and paper serial, i.e. its latest
-- ballot event. ballot_key is the voter's address or the paper ballot's serial hash.
create table budget_current_ballots (
  round_id numeric(78,0) not null,
  ballot_key text not null,
  paper boolean not null,
  kind text not null check (kind in ('approval', 'cumulative')),
  district bigint not null,
  selection numeric(78,0),
  points numeric(78,0)[],
  -- The ballot event this is (its positions are in budget_ballot_positions).
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  primary key (round_id, ballot_key)
);
create index budget_current_ballots_district on budget_current_ballots (round_id, district);

-- Derived: votes (approval) or points (cumulative) per position of every published district
-- ballot, over the current ballots, as IBudgetRound.getTallies reports them.
create table budget_tallies (
  round_id numeric(78,0) not null,
  district bigint not null,
  position integer not null,
  proposal_id numeric(78,0) not null,
  cost numeric(78,0) not null,
  votes numeric(78,0) not null,
  primary key (round_id, district, position)
);
