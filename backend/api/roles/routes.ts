/**
 * Who holds which role, from the index alone (no contract call, no log scan): GET /api/roles for
 * every contract with roles, GET /api/roles/:address for one account. Each role a contract
 * declares (lib/contracts/roles.ts) is listed even without holders, and a role id the ABI does
 * not declare but that was granted or made another role's admin is listed too (name null), so
 * nothing that gives a right is hidden.
 */
import * as api from "../../../lib/api/schemas.js";
import { ADMIN_ROLE, ROLE_CONTRACT_NAMES, declaredRoles, type RoleContract } from "../../../lib/contracts/roles.js";
import type { Deployment } from "../../../lib/contracts/deployments.js";
import type { Sql } from "../../db/index.js";
import { address } from "../http.js";
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
