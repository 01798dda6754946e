-- ResidentRegistry: one table per event.

create table registry_resident_registered (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  account text not null,
  district bigint not null,
  expires_at bigint not null,
  -- The zero address when the registration came from a vote code.
  registrar text not null,
  primary key (block_hash, log_index)
);
create index registry_resident_registered_block on registry_resident_registered (block_number);
create index registry_resident_registered_account on registry_resident_registered (account);

create table registry_resident_revoked (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  account text not null,
  district bigint not null,
  registrar text not null,
  primary key (block_hash, log_index)
);
create index registry_resident_revoked_block on registry_resident_revoked (block_number);

create table registry_resident_expiry_changed (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  account text not null,
  expires_at bigint not null,
  registrar text not null,
  primary key (block_hash, log_index)
);
create index registry_resident_expiry_changed_block on registry_resident_expiry_changed (block_number);

create table registry_code_batch_published (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  batch_id numeric(78,0) not null,
  district bigint not null,
  root text not null,
  code_count bigint not null,
  redeemable_until bigint not null,
  registration_expires_at bigint not null,
  primary key (block_hash, log_index)
);
create index registry_code_batch_published_block on registry_code_batch_published (block_number);

create table registry_code_batch_withdrawn (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  batch_id numeric(78,0) not null,
  primary key (block_hash, log_index)
);
create index registry_code_batch_withdrawn_block on registry_code_batch_withdrawn (block_number);

create table registry_vote_code_redeemed (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  batch_id numeric(78,0) not null,
  code_signer text not null,
  account text not null,
  primary key (block_hash, log_index)
);
create index registry_vote_code_redeemed_block on registry_vote_code_redeemed (block_number);
