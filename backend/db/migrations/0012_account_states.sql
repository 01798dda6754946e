-- An account as the contracts hold it, derived per indexed block (backend/indexer/projections/
-- accounts.ts), so GET /api/accounts/:address reads one row instead of calling the chain
-- (backend/api/accounts): ResidentRegistry's Registration record of the account.
create table account_states (
  account text primary key,
  -- The latest registration (district 0 never occurs: registering needs a district).
  district bigint not null,
  expires_at bigint not null,
  revoked boolean not null,
  -- Earnings of the latest calendar year with an approved reward, as the registry keeps them (it
  -- forgets earlier years); null before the first reward.
  earnings_year integer,
  earned numeric(78,0) not null default 0,
  updated_block_number bigint not null
);

-- The lookups that derivation makes, and the account endpoint's others.
create index registry_resident_registered_account_order
  on registry_resident_registered (account, block_number desc, log_index desc);
create index registry_resident_revoked_account on registry_resident_revoked (account, block_number, log_index);
create index registry_resident_expiry_changed_account
  on registry_resident_expiry_changed (account, block_number desc, log_index desc);
create index task_claim_approved_resident_year on task_claim_approved (resident, year);
create index task_yearly_cap_changed_order on task_yearly_cap_changed (block_number desc, log_index desc);
create index coin_merchant_registered_merchant on coin_merchant_registered (merchant, block_number, log_index);
create index coin_merchant_removed_merchant on coin_merchant_removed (merchant, block_number, log_index);
