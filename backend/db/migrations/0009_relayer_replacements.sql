-- The relayer re-prices a transaction that stays pending: it sends a replacement with the same
-- relayer nonce and higher fees. Either one may be mined, so a row keeps every hash it was sent
-- under; tx_hash stays the latest one sent, and becomes the one mined.
alter table relay_transactions add column tx_hashes text[] not null default '{}';

-- The re-pricing scan: this relayer account's pending rows, oldest send first.
create index relay_transactions_pending on relay_transactions (relayer, updated_at) where status = 'pending';
