-- Public records of vote-code batches published through the API (POST /api/codebatches): the
-- Merkle tree over the codes' derived addresses, keyed by its root, which is all a browser needs
-- to prove a code. No code, name or address of a household is stored: the letters are made in
-- the official's browser. GET /api/codebatches/:batchId joins a batch published on chain
-- (registry_code_batch_published) to the record with its root, so a record stored before its
-- batch was published, or for a batch never published, serves nothing.
create table code_batch_records (
  root text primary key,
  district bigint not null,
  code_count bigint not null,
  -- An OpenZeppelin StandardMerkleTree dump over ["address"] leaves.
  tree jsonb not null,
  stored_at timestamptz not null default now()
);
