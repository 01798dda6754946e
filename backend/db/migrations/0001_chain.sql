-- Where the indexer stands on the chain, and which chain and deployment its data belongs to.
--
-- Conventions for every indexed table in this schema:
--   * hashes and addresses are lowercase 0x-prefixed hex text;
--   * uint64 and uint256 values are numeric(78,0); uint32 and uint40 values are bigint;
--     uint8 and uint16 values are integer;
--   * a row that comes from a log carries block_hash, log_index (primary key), block_number,
--     block_time, tx_hash and contract, so a reorg can remove exactly the rows above a block.

-- Exactly one row (id is always true).
create table indexer_cursor (
  id boolean primary key default true check (id),
  chain_id bigint not null,
  genesis_hash text not null,
  -- keccak256 over the deployed contracts (name, address, deployment block, code hash).
  deployment_fingerprint text not null,
  -- Last block whose logs are fully written; the next range starts after it.
  block_number bigint not null,
  -- Its hash; null only while block_number is -1 (nothing before the genesis block to check).
  block_hash text,
  -- Highest block considered final; reorg bookkeeping below it is pruned.
  finalized_block_number bigint not null,
  updated_at timestamptz not null default now()
);

-- Headers the indexer has seen (range ends and blocks with logs) for reorg detection: a stored
-- block whose hash no longer matches the chain's is no longer canonical.
create table blocks (
  number bigint primary key,
  hash text not null,
  parent_hash text not null,
  timestamp timestamptz not null
);
