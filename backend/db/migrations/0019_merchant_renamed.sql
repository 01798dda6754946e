-- LocalCoin.MerchantRenamed: a registered shop's public listing replaced (the name residents see).
create table coin_merchant_renamed (
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
create index coin_merchant_renamed_block on coin_merchant_renamed (block_number);
create index coin_merchant_renamed_merchant on coin_merchant_renamed (merchant, block_number, log_index);
