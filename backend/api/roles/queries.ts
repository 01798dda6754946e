/**
 * The roles' SQL: holders now (role_holders, kept by backend/indexer/projections/roles.ts), each
 * role's admin (the latest RoleAdminChanged) and the block the index stands at, all read in one
 * snapshot so an answer never shows the holders of one block as those of another.
 */
import type { Sql, TransactionSql } from "../../db/index.js";

export interface HolderRow {
  contract: string;
  role: string;
  account: string;
  granted_by: string;
  block_number: string;
  tx_hash: string;
  time: string;
}

export interface AdminRow {
  contract: string;
  role: string;
  admin_role: string;
}

export interface RolesSnapshot {
  /** The indexer's cursor block, undefined before it has one. */
  indexedBlock: number | undefined;
  holders: HolderRow[];
  admins: AdminRow[];
}

/** Reads `read` in one repeatable-read, read-only transaction together with the cursor. */
async function snapshot<T>(sql: Sql, read: (tx: TransactionSql) => Promise<T>) {
  return sql.begin("isolation level repeatable read read only", async (tx) => {
    const [cursor] = await tx<{ block_number: string }[]>`select block_number::text from indexer_cursor`;
    return { indexedBlock: cursor ? Number(cursor.block_number) : undefined, ...(await read(tx)) };
  });
}

const holderColumns = (tx: TransactionSql) => tx`
  contract, role, account, granted_by, block_number::text, tx_hash,
  extract(epoch from block_time)::bigint::text as time
`;

/** Every holder of every role, in the order of their grants, and every role's admin. */
export function selectRoles(sql: Sql): Promise<RolesSnapshot> {
  return snapshot(sql, async (tx) => ({
    holders: await tx<HolderRow[]>`
      select ${holderColumns(tx)} from role_holders order by contract, role, block_number, log_index
    `,
    admins: await selectAdmins(tx),
  }));
}

/** The roles `account` holds, in the order of their grants. */
export function selectAccountRoles(sql: Sql, account: string): Promise<RolesSnapshot> {
  return snapshot(sql, async (tx) => ({
    holders: await tx<HolderRow[]>`
      select ${holderColumns(tx)} from role_holders where account = ${account} order by block_number, log_index
    `,
    admins: [],
  }));
}

function selectAdmins(tx: TransactionSql) {
  return tx<AdminRow[]>`
    select distinct on (contract, role) contract, role, new_admin_role as admin_role
    from role_admin_changed
    order by contract, role, block_number desc, log_index desc
  `;
}

export interface ChangeRow {
  kind: "granted" | "revoked" | "admin-changed";
  contract: string;
  role: string;
  account: string | null;
  sender: string | null;
  previous_admin_role: string | null;
  new_admin_role: string | null;
  block_number: string;
  log_index: number;
  tx_hash: string;
  time: string;
}

export interface ChangeFilter {
  /** A contract's lowercase address. */
  contract?: string | undefined;
  /** A role's bytes32 id. */
  role?: string | undefined;
  /** The account given or losing a role (admin changes have none, so they are left out). */
  account?: string | undefined;
  /** Only changes before this log of the chain (a page's cursor). */
  before?: { block: bigint; logIndex: number } | undefined;
}

/**
 * Role changes (RoleGranted, RoleRevoked, RoleAdminChanged) matching `where`, newest first, at most
 * `limit` of them. Rows of blocks a reorg removed are gone from these tables, so none is listed.
 */
export function selectRoleChanges(sql: Sql, where: ChangeFilter, limit: number): Promise<ChangeRow[]> {
  const filter = () => sql`
    ${where.contract !== undefined ? sql`and contract = ${where.contract}` : sql``}
    ${where.role !== undefined ? sql`and role = ${where.role}` : sql``}
    ${where.before !== undefined ? sql`and (block_number, log_index) < (${where.before.block.toString()}::bigint, ${where.before.logIndex})` : sql``}
  `;
  const byAccount = () => (where.account !== undefined ? sql`and account = ${where.account}` : sql``);
  return sql<ChangeRow[]>`
    select kind, contract, role, account, sender, previous_admin_role, new_admin_role,
      block_number::text, log_index, tx_hash, extract(epoch from block_time)::bigint::text as time
    from (
      select 'granted' as kind, contract, role, account, sender, null as previous_admin_role,
        null as new_admin_role, block_number, log_index, tx_hash, block_time
      from role_granted where true ${filter()} ${byAccount()}
      union all
      select 'revoked', contract, role, account, sender, null, null, block_number, log_index, tx_hash, block_time
      from role_revoked where true ${filter()} ${byAccount()}
      ${
        where.account === undefined
          ? sql`union all
      select 'admin-changed', contract, role, null, null, previous_admin_role, new_admin_role,
        block_number, log_index, tx_hash, block_time
      from role_admin_changed where true ${filter()}`
          : sql``
      }
    ) as changes
    -- Qualified: the bare names would sort by the text columns of the select list.
    order by changes.block_number desc, changes.log_index desc
    limit ${limit}
  `;
}
