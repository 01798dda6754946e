/**
 * Who holds which role, from the index alone (no contract call, no log scan): GET /api/roles for
 * every contract with roles, GET /api/roles/:address for one account. Each role a contract
 * declares (lib/contracts/roles.ts) is listed even without holders, and a role id the ABI does
 * not declare but that was granted or made another role's admin is listed too (name null), so
 * nothing that gives a right is hidden. GET /api/roles/history serves the changes themselves
 * (grants, revocations, admin changes), newest first.
 */
import { z } from "zod";

import * as api from "../../../lib/api/schemas.js";
import { ADMIN_ROLE, ROLE_CONTRACT_NAMES, declaredRoles, type RoleContract } from "../../../lib/contracts/roles.js";
import type { Deployment } from "../../../lib/contracts/deployments.js";
import type { Sql } from "../../db/index.js";
import { ApiError, address, hash32, paging } from "../http.js";
import type { RouteTable } from "../route.js";
import * as q from "./queries.js";

const ZERO_ROLE = `0x${"0".repeat(64)}`;

/** The deployment's contracts with roles: their addresses and the names of the roles they declare. */
export interface RoleDirectory {
  contracts: { contract: RoleContract; address: string; names: Map<string, string> }[];
  byAddress: Map<string, { contract: RoleContract; names: Map<string, string> }>;
}

export function directoryOf(deployment: Deployment): RoleDirectory {
  const contracts = ROLE_CONTRACT_NAMES.filter((name) => deployment.contracts[name] !== undefined).map((contract) => ({
    contract,
    address: deployment.contracts[contract].address.toLowerCase(),
    names: new Map(declaredRoles(contract).map((r) => [r.id, r.name])),
  }));
  return { contracts, byAddress: new Map(contracts.map((c) => [c.address, c])) };
}

const grantOf = (row: q.HolderRow) => ({
  grantedBy: row.granted_by,
  blockNumber: row.block_number,
  txHash: row.tx_hash,
  time: Number(row.time),
});

export function rolesView(directory: RoleDirectory, snapshot: q.RolesSnapshot): api.RolesAnswer {
  return {
    indexedBlock: snapshot.indexedBlock ?? null,
    contracts: directory.contracts.map(({ contract, address, names }) => {
      const held = snapshot.holders.filter((h) => h.contract === address);
      const admins = new Map(snapshot.admins.filter((a) => a.contract === address).map((a) => [a.role, a.admin_role]));
      const undeclared = [...new Set([...held.map((h) => h.role), ...admins.keys(), ...admins.values()])]
        .filter((role) => !names.has(role))
        .sort();
      return {
        contract,
        address,
        roles: [...names.keys(), ...undeclared].map((role) => ({
          role,
          name: names.get(role) ?? null,
          adminRole: admins.get(role) ?? ZERO_ROLE,
          holders: held.filter((h) => h.role === role).map((h) => ({ account: h.account, ...grantOf(h) })),
        })),
      };
    }),
  };
}

export function roleRoutes(routes: RouteTable, sql: Sql, deployment: Deployment): void {
  const directory = directoryOf(deployment);

  routes.add({
    method: "GET",
    path: "/api/roles",
    tag: "roles",
    summary: `Every contract with roles: each role (${ADMIN_ROLE} first), its admin role and its holders now, with who granted it and in which block and transaction`,
    response: api.rolesAnswer,
    handler: async () => rolesView(directory, await q.selectRoles(sql)),
  });

  // Before /api/roles/:address, which would take "history" for an account.
  routes.add({
    method: "GET",
    path: "/api/roles/history",
    tag: "roles",
    summary:
      "Role changes (granted, revoked, admin changed) of every contract, newest first: contract, role, account, who sent it, block, transaction and time; filtered by contract name, role (name or id) and account (grants and revocations only), paged with `before` = nextCursor",
    query: {
      contract: z
        .string()
        .refine((name) => directory.contracts.some((c) => c.contract === name), {
          message: `must be one of ${directory.contracts.map((c) => c.contract).join(", ")}`,
        })
        .optional(),
      role: z.string().max(100).optional(),
      account: address.optional(),
      limit: paging.limit,
      before: z
        .string()
        .regex(/^\d{1,18}-\d{1,9}$/, "must be a cursor returned as nextCursor")
        .optional(),
    },
    response: api.roleHistory,
    handler: async ({ query }) => {
      const limit = query.limit ?? 50;
      const contract = directory.contracts.find((c) => c.contract === query.contract);
      const role = query.role === undefined ? undefined : roleIdOf(directory, contract, query.role);
      const [block, logIndex] = query.before?.split("-") ?? [];
      const rows = await q.selectRoleChanges(
        sql,
        {
          contract: contract?.address,
          role,
          account: query.account,
          before: query.before ? { block: BigInt(block!), logIndex: Number(logIndex) } : undefined,
        },
        limit + 1,
      );
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.flatMap((row) => {
          const known = directory.byAddress.get(row.contract);
          return known ? [changeView(known, row)] : [];
        }),
        nextCursor: rows.length > limit && last ? `${last.block_number}-${last.log_index}` : null,
      };
    },
  });

  routes.add({
    method: "GET",
    path: "/api/roles/:address",
    tag: "roles",
    summary:
      "The roles an account holds now on every contract, with who granted each and in which block and transaction",
    params: { address },
    response: api.accountRoles,
    handler: async ({ params }) => {
      const snapshot = await q.selectAccountRoles(sql, params.address);
      return {
        account: params.address,
        indexedBlock: snapshot.indexedBlock ?? null,
        roles: snapshot.holders.flatMap((row) => {
          const known = directory.byAddress.get(row.contract);
          if (!known) return [];
          return [
            {
              contract: known.contract,
              contractAddress: row.contract,
              role: row.role,
              name: known.names.get(row.role) ?? null,
              ...grantOf(row),
            },
          ];
        }),
      };
    },
  });
}

/**
 * The id of `given` (a role's constant name, or its 0x id as it is): a name must be one `contract`
 * declares, or without a contract one some contract declares; else a 400 naming query.role.
 */
function roleIdOf(directory: RoleDirectory, contract: RoleDirectory["contracts"][number] | undefined, given: string) {
  if (/^0x[0-9a-fA-F]{64}$/.test(given)) return hash32.parse(given);
  const among = contract ? [contract] : directory.contracts;
  for (const c of among) for (const [id, name] of c.names) if (name === given) return id;
  const message = contract
    ? `is not a role ${contract.contract} declares (a name such as ${[...contract.names.values()].at(-1)}, or a 0x role id)`
    : "is not a role any contract declares (a name such as DEFAULT_ADMIN_ROLE, or a 0x role id)";
  throw new ApiError(400, "invalid_request", `query.role: ${message} (got ${JSON.stringify(given)})`, [
    { field: "query.role", message, value: given },
  ]);
}

function changeView(known: { contract: RoleContract; names: Map<string, string> }, row: q.ChangeRow): api.RoleChange {
  const nameOf = (role: string | null) => (role === null ? null : (known.names.get(role) ?? null));
  return {
    kind: row.kind,
    contract: known.contract,
    contractAddress: row.contract,
    role: row.role,
    name: nameOf(row.role),
    account: row.account,
    by: row.sender,
    previousAdminRole: row.previous_admin_role,
    previousAdminName: nameOf(row.previous_admin_role),
    newAdminRole: row.new_admin_role,
    newAdminName: nameOf(row.new_admin_role),
    blockNumber: row.block_number,
    logIndex: row.log_index,
    txHash: row.tx_hash,
    time: Number(row.time),
  };
}
