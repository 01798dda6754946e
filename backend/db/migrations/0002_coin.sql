-- LocalCoin: one table per event, then the derived balances and per-account ledger.

create table coin_transfer (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  from_address text not null,
  to_address text not null,
  amount numeric(78,0) not null,
  primary key (block_hash, log_index)
);
create index coin_transfer_block on coin_transfer (block_number);

create table coin_minted (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  to_address text not null,
  amount numeric(78,0) not null,
  minter text not null,
  primary key (block_hash, log_index)
);
create index coin_minted_block on coin_minted (block_number);

create table coin_merchant_registered (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  merchant text not null,
  name_hash text not null,
  primary key (block_hash, log_index)
);
create index coin_merchant_registered_block on coin_merchant_registered (block_number);

create table coin_merchant_removed (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  merchant text not null,
  primary key (block_hash, log_index)
);
create index coin_merchant_removed_block on coin_merchant_removed (block_number);

create table coin_redeemed (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  redemption_id numeric(78,0) not null,
  merchant text not null,
  amount numeric(78,0) not null,
  payment_reference text not null,
  primary key (block_hash, log_index)
);
create index coin_redeemed_block on coin_redeemed (block_number);

-- Derived: one row per account per transfer that moved its coins (mints credit, burns debit;
-- the zero address has no rows). balance_after is the account's balance after that transfer.
create table coin_ledger (
  account text not null,
  block_number bigint not null,
  log_index integer not null,
  block_hash text not null,
  block_time timestamptz not null,
  tx_hash text not null,
  counterparty text not null,
  delta numeric(78,0) not null,
  balance_after numeric(78,0) not null,
  primary key (account, block_number, log_index)
);
create index coin_ledger_block on coin_ledger (block_number);

-- Derived: the balance of every account that ever held coins (the head of its ledger).
create table coin_balances (
  account text primary key,
  balance numeric(78,0) not null check (balance >= 0),
  block_number bigint not null
);
