-- The relayer: every forward request it accepted and the transaction that carries it, and the
-- per-account request counters behind the rate limit and the daily quota. Kept in Postgres so
-- several API processes share one view of quotas and of requests in flight.

create table relay_transactions (
  id uuid primary key,
  -- The chain (its genesis hash), so a reset development chain starts with no history.
  chain text not null,
  -- The resident's forward request (ERC2771Forwarder.ForwardRequestData) and the nonce it was signed for.
  forwarder text not null,
  sender text not null,
  target text not null,
  contract text not null,
  function_name text not null,
  request_nonce numeric(78, 0) not null,
  request_gas numeric(78, 0) not null,
  request_deadline numeric(78, 0) not null,
  request_data text not null,
  signature text not null,
  -- The relayer's transaction: queued (accepted, not yet sent), pending (sent), mined or failed.
  relayer text not null,
  relayer_nonce bigint,
  gas_limit numeric(78, 0),
  tx_hash text,
  status text not null check (status in ('queued', 'pending', 'mined', 'failed')),
  block_number bigint,
  error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- One live request per account and forwarder nonce, whichever API process took it: a second copy
-- (or another request for the same nonce) is a replay, also when it was checked just before the
-- first one was mined. A failed transaction left the forwarder's nonce unused, so it frees it.
create unique index relay_transactions_nonce
  on relay_transactions (chain, forwarder, sender, request_nonce)
  where status <> 'failed';

create index relay_transactions_signature on relay_transactions (signature);
create index relay_transactions_sender_created on relay_transactions (sender, created_at);

-- Fixed-window counters: period 'minute' (rate limit, requests that passed the signature check)
-- and 'day' (daily quota, requests relayed), keyed by the window's start in database time so every
-- process counts in the same windows.
create table relay_usage (
  account text not null,
  period text not null check (period in ('minute', 'day')),
  window_start timestamptz not null,
  count integer not null,
  primary key (account, period, window_start)
);
