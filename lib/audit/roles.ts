/**
 * The API's role holders (GET /api/roles, from the index) against the chain's own record: the
 * fold of every RoleGranted and RoleRevoked the contracts emitted (lib/chain/roleLogs.ts), up to
 * the block the API says its index has reached. One mismatch per account that is a holder on one
 * side and not on the other, naming the contract, the role and the account. Browser-safe.
 */
import type { Provider } from "ethers";

import type { Mismatch } from "../api/schemas.js";
import { holdersOf, readRoleHolders } from "../chain/roleLogs.js";
import { ROLE_CONTRACTS, declaredRoles, type RoleContract } from "../contracts/roles.js";
import { readApiRoles, type Fetch } from "./api.js";

/** A contract whose roles are audited: where it is and the block it was deployed in. */
export interface AuditedRoleContract {
  name: string;
  address: string;
  fromBlock: number;
}

export interface RolesReport {
  /** The block the API's index had reached; the chain's logs were read up to it. */
  block: number;
  contracts: number;
  /** Role memberships (contract, role, account) the chain's logs give at `block`. */
  holders: number;
}

export interface RolesAudit {
  /** null when the API could not be compared (no index yet, or ahead of the chain). */
  report: RolesReport | null;
  mismatches: Mismatch[];
}

const mismatch = (field: string, recount: string | null, found: string | null): Mismatch => ({
  source: "api",
  district: null,
  proposalId: null,
  field,
  recount,
  found,
});

export async function auditRoles(options: {
  provider: Provider;
  apiUrl: string;
  contracts: readonly AuditedRoleContract[];
  fetch?: Fetch;
  batchBlocks?: number;
}): Promise<RolesAudit> {
  const served = await readApiRoles(options.apiUrl, options.fetch);
  if (served === null) return { report: null, mismatches: [mismatch("roles", "GET /api/roles", null)] };
  const block = served.indexedBlock;
  const head = await options.provider.getBlockNumber();
  if (block === null || block > head) {
    return { report: null, mismatches: [mismatch("roles.indexedBlock", `a block up to ${head}`, String(block))] };
  }
  const fromBlock = Math.min(...options.contracts.map((c) => c.fromBlock));
  const chain =
    fromBlock > block
      ? new Map()
      : await readRoleHolders(
          options.provider,
          options.contracts.map((c) => c.address),
          {
            fromBlock,
            toBlock: block,
            ...(options.batchBlocks !== undefined ? { batchBlocks: options.batchBlocks } : {}),
          },
        );
  const mismatches: Mismatch[] = [];
  let holders = 0;
  for (const contract of options.contracts) {
    const address = contract.address.toLowerCase();
    const entry = served.contracts.find((c) => c.contract === contract.name);
    if (!entry) {
      mismatches.push(mismatch(`roles ${contract.name}`, address, null));
      continue;
    }
    if (entry.address !== address) mismatches.push(mismatch(`roles ${contract.name}.address`, address, entry.address));
    const names = new Map(
      contract.name in ROLE_CONTRACTS ? declaredRoles(contract.name as RoleContract).map((r) => [r.id, r.name]) : [],
    );
    const roleIds = new Set([...(chain.get(address)?.keys() ?? []), ...entry.roles.map((r) => r.role)]);
    for (const role of roleIds) {
      const onChain = new Set(holdersOf(chain, address, role));
      const inApi = new Set(entry.roles.find((r) => r.role === role)?.holders.map((h) => h.account) ?? []);
      holders += onChain.size;
      const label = `role ${contract.name}.${names.get(role) ?? role}`;
      for (const account of new Set([...onChain, ...inApi])) {
        if (onChain.has(account) !== inApi.has(account)) {
          mismatches.push(mismatch(`${label} ${account}`, String(onChain.has(account)), String(inApi.has(account))));
        }
      }
    }
  }
  return { report: { block, contracts: options.contracts.length, holders }, mismatches };
}
