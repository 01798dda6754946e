-- Paper support forms (PaperBallotDesk.PaperSupportWithCodeRecorded): which of a proposal's
-- supports came on paper, with the household's vote code (its address, never the code), the batch
-- and the clerk. The support itself is also a budget_proposal_supported row, under the code's address.

create table paper_support_recorded (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  proposal_id numeric(78,0) not null,
  district bigint not null,
  batch_id numeric(78,0) not null,
  code_signer text not null,
  clerk text not null,
  primary key (block_hash, log_index)
);
create index paper_support_recorded_block on paper_support_recorded (block_number);
create index paper_support_recorded_proposal on paper_support_recorded (proposal_id);
