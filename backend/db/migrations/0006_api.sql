-- Proposal content posted through the API, keyed by the keccak256 of its canonical JSON. The API
-- serves a proposal's content only when this hash equals the contentHash on chain.
create table proposal_contents (
  content_hash text primary key,
  content jsonb not null,
  created_at timestamptz not null default now()
);
