/**
 * AccessControl: who holds which role of every contract of the deployment. OpenZeppelin's
 * AccessControl keeps no list of a role's members (only `hasRole` for an account one already
 * knows), so the index keeps every `RoleGranted`, `RoleRevoked` and `RoleAdminChanged` (the
 * history: who granted, in which block and transaction) and folds them into `role_holders`, the
 * holders now. AccessControl emits a grant or revocation only when the membership changes, so the
 * latest grant of a (contract, role, account) without a revocation after it is a holder, and that
 * grant says since when and by whom.
 *
 * The admin of a role (`getRoleAdmin`) is the latest `RoleAdminChanged` or, without one,
 * DEFAULT_ADMIN_ROLE: read in the API's query, so only the holders need a state table.
 */
import { ROLE_CONTRACT_NAMES } from "../../../lib/contracts/roles.js";
import type { TransactionSql } from "../../db/index.js";
import { defineEvent, type IndexedContract, type IndexedEvent, type Projection } from "./types.js";

/**
 * Every contract with roles (lib/contracts/roles.ts); the decoder refuses to start when one of
 * their ABIs lacks one of these events.
 */
export const ACCESS_CONTROLLED: readonly IndexedContract[] = ROLE_CONTRACT_NAMES;

const member = (contract: IndexedContract, event: "RoleGranted" | "RoleRevoked", table: string) =>
  defineEvent({
    contract,
    event,
    table,
    row: (a) => ({ role: a.bytes32("role"), account: a.address("account"), sender: a.address("sender") }),
  });

export const roleGranted = ACCESS_CONTROLLED.map((c) => member(c, "RoleGranted", "role_granted"));
export const roleRevoked = ACCESS_CONTROLLED.map((c) => member(c, "RoleRevoked", "role_revoked"));
export const roleAdminChanged = ACCESS_CONTROLLED.map((contract) =>
  defineEvent({
    contract,
    event: "RoleAdminChanged",
    table: "role_admin_changed",
    row: (a) => ({
      role: a.bytes32("role"),
      previous_admin_role: a.bytes32("previousAdminRole"),
      new_admin_role: a.bytes32("newAdminRole"),
    }),
  }),
);

const MEMBERSHIP_TABLES = new Set(["role_granted", "role_revoked"]);

/** One role of one contract held (or no longer held) by one account. */
interface MemberKey {
  contract: string;
  role: string;
  account: string;
}

export const rolesProjection: Projection = {
  name: "roles",
  events: [...roleGranted, ...roleRevoked, ...roleAdminChanged],
  blockTables: ["role_granted", "role_revoked", "role_admin_changed"],
  stateTables: ["role_holders"],

  async apply(tx, newEvents) {
    await refreshHolders(tx, newEvents.filter((e) => MEMBERSHIP_TABLES.has(e.spec.table)).map(keyOf));
  },

  async prepareRollback(tx, blockNumber) {
    const keys = await tx<MemberKey[]>`
      select contract, role, account from role_granted where block_number > ${blockNumber}
      union select contract, role, account from role_revoked where block_number > ${blockNumber}
    `;
    return (tx) => refreshHolders(tx, keys);
  },
};

function keyOf(event: IndexedEvent): MemberKey {
  return { contract: event.meta.contract, role: String(event.row.role), account: String(event.row.account) };
}

/** Replaces the holder rows of `keys` with what the event tables now say of them. */
async function refreshHolders(tx: TransactionSql, keys: readonly MemberKey[]): Promise<void> {
  const unique = new Map(keys.map((k) => [`${k.contract}:${k.role}:${k.account}`, k]));
  if (unique.size === 0) return;
  const contracts = tx.array([...unique.values()].map((k) => k.contract));
  const roles = tx.array([...unique.values()].map((k) => k.role));
  const accounts = tx.array([...unique.values()].map((k) => k.account));
  const touched = tx`unnest(${contracts}::text[], ${roles}::text[], ${accounts}::text[]) as k(contract, role, account)`;
  await tx`
    delete from role_holders h using ${touched}
    where h.contract = k.contract and h.role = k.role and h.account = k.account
  `;
  await tx`
    insert into role_holders (contract, role, account, granted_by, block_number, log_index, block_time, tx_hash)
    select k.contract, k.role, k.account, g.sender, g.block_number, g.log_index, g.block_time, g.tx_hash
    from ${touched}
    cross join lateral (
      select sender, block_number, log_index, block_time, tx_hash from role_granted g
      where g.contract = k.contract and g.role = k.role and g.account = k.account
      order by block_number desc, log_index desc
      limit 1
    ) g
    where not exists (
      select 1 from role_revoked v
      where v.contract = k.contract and v.role = k.role and v.account = k.account
        and (v.block_number, v.log_index) > (g.block_number, g.log_index)
    )
  `;
}
