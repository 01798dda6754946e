/**
 * An account's Registration record as ResidentRegistry keeps it (`registrationOf`), folded from the
 * registry's events and TaskBoard's approved rewards, refreshed for every account a range (or a
 * rollback) touches. The account endpoint reads it instead of calling the contracts.
 *
 * - district and expiry: the latest `ResidentRegistered`, its expiry moved by a later
 *   `ResidentExpiryChanged`; revoked: a `ResidentRevoked` after it (re-registering starts afresh);
 * - earnings: `recordEarnings` adds a reward to the current year's total and starts from 0 in a new
 *   year, so they are the rewards of the latest year with a `ClaimApproved`.
 */
import type { TransactionSql } from "../../db/index.js";
import { residentExpiryChanged, residentRegistered, residentRevoked } from "./registry.js";
import { claimApproved } from "./tasks.js";
import type { Projection } from "./types.js";

const registryEvents = [residentRegistered, residentRevoked, residentExpiryChanged];

export const accountsProjection: Projection = {
  name: "accounts",
  events: [],
  blockTables: [],
  stateTables: ["account_states"],

  async apply(tx, newEvents) {
    const accounts = new Set<string>();
    for (const event of newEvents) {
      if (registryEvents.some((spec) => spec === event.spec)) accounts.add(String(event.row.account));
      else if (event.spec === claimApproved) accounts.add(String(event.row.resident));
    }
    await refreshAccounts(tx, [...accounts]);
  },

  async prepareRollback(tx, blockNumber) {
    const rows = await tx<{ account: string }[]>`
      select account from registry_resident_registered where block_number > ${blockNumber}
      union select account from registry_resident_revoked where block_number > ${blockNumber}
      union select account from registry_resident_expiry_changed where block_number > ${blockNumber}
      union select resident from task_claim_approved where block_number > ${blockNumber}
    `;
    const accounts = rows.map((row) => row.account);
    return (tx) => refreshAccounts(tx, accounts);
  },
};

async function refreshAccounts(tx: TransactionSql, accounts: readonly string[]): Promise<void> {
  if (accounts.length === 0) return;
  const list = tx.array([...accounts]);
  await tx`delete from account_states where account = any(${list}::text[])`;
  await tx`
    insert into account_states
      (account, district, expires_at, revoked, earnings_year, earned, updated_block_number)
    select a.account, r.district, coalesce(x.expires_at, r.expires_at), v.revoked, y.year, coalesce(y.earned, 0),
      greatest(r.block_number, x.block_number, v.block_number, y.block_number)
    from unnest(${list}::text[]) as a(account)
    cross join lateral (
      select district, expires_at, block_number, log_index from registry_resident_registered g
      where g.account = a.account
      order by block_number desc, log_index desc
      limit 1
    ) r
    left join lateral (
      select expires_at, block_number from registry_resident_expiry_changed e
      where e.account = a.account and (e.block_number, e.log_index) > (r.block_number, r.log_index)
      order by block_number desc, log_index desc
      limit 1
    ) x on true
    cross join lateral (
      select count(*) > 0 as revoked, max(block_number) as block_number from registry_resident_revoked k
      where k.account = a.account and (k.block_number, k.log_index) > (r.block_number, r.log_index)
    ) v
    left join lateral (
      select year, sum(reward) as earned, max(block_number) as block_number from task_claim_approved c
      where c.resident = a.account
      group by year
      order by year desc
      limit 1
    ) y on true
  `;
}
