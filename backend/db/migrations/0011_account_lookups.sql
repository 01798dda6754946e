-- What GET /api/accounts/:address reads from the index instead of the chain (backend/api/accounts):
-- an account's registration events in chain order, its approved rewards by calendar year, and
-- whether it is a merchant.
create index registry_resident_registered_account_order
  on registry_resident_registered (account, block_number desc, log_index desc);
create index registry_resident_revoked_account on registry_resident_revoked (account, block_number, log_index);
create index registry_resident_expiry_changed_account
  on registry_resident_expiry_changed (account, block_number desc, log_index desc);
create index task_claim_approved_resident_year on task_claim_approved (resident, year);
create index task_yearly_cap_changed_order on task_yearly_cap_changed (block_number desc, log_index desc);
create index coin_merchant_registered_merchant on coin_merchant_registered (merchant, block_number, log_index);
create index coin_merchant_removed_merchant on coin_merchant_removed (merchant, block_number, log_index);
