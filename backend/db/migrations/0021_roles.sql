-- AccessControl's role events of every contract of the deployment (backend/indexer/projections/
-- roles.ts), one table per event for all contracts (`contract` says whose), and the holders of
-- each role now, folded from them: OpenZeppelin's AccessControl keeps no list of a role's members
-- on chain, so GET /api/roles reads these instead of every log since the deployment.

create table role_granted (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  role text not null,
  account text not null,
  -- The account that granted it (msg.sender of grantRole; the deployer in a constructor).
  sender text not null,
  primary key (block_hash, log_index)
);
create index role_granted_block on role_granted (block_number);
create index role_granted_member on role_granted (contract, role, account, block_number desc, log_index desc);

create table role_revoked (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  role text not null,
  account text not null,
  -- The account that revoked it (the holder itself for renounceRole).
  sender text not null,
  primary key (block_hash, log_index)
);
create index role_revoked_block on role_revoked (block_number);
create index role_revoked_member on role_revoked (contract, role, account, block_number desc, log_index desc);

create table role_admin_changed (
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  block_time timestamptz not null,
  tx_hash text not null,
  contract text not null,
  role text not null,
  previous_admin_role text not null,
  new_admin_role text not null,
  primary key (block_hash, log_index)
);
create index role_admin_changed_block on role_admin_changed (block_number);
create index role_admin_changed_role on role_admin_changed (contract, role, block_number desc, log_index desc);

-- Who holds which role now: per (contract, role, account) its latest RoleGranted when no
-- RoleRevoked came after it, refreshed for every key a range or a rollback touches.
create table role_holders (
  contract text not null,
  role text not null,
  account text not null,
  -- The grant that made it a holder.
  granted_by text not null,
  block_number bigint not null,
  log_index integer not null,
  block_time timestamptz not null,
  tx_hash text not null,
  primary key (contract, role, account)
);
create index role_holders_account on role_holders (account);

-- An index written before these tables existed has none of the role events of the blocks it
-- already read: dropping the cursor makes the indexer empty the index and read the chain again
-- from the deployment (as for a new deployment), so the holders are complete.
delete from indexer_cursor;
