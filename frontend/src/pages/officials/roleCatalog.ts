/**
 * The roles of the system's contracts as the roles desk shows them: the roles the generated ABIs
 * declare (lib/contracts/roles.ts: every public `*_ROLE` constant, with AccessControl's
 * DEFAULT_ADMIN_ROLE first), so a role added to a contract shows on the desk without a hand-kept
 * list; each has a plain name and explanation in lib/i18n/messages/roles.ts
 * (test/frontend/role-catalog.test.ts checks none is missing).
 */
import { ADMIN_ROLE, declaredRoles, type RoleContract } from "../../../../lib/contracts/roles.js";

export { ADMIN_ROLE, ROLE_CONTRACTS, ROLE_CONTRACT_NAMES, type RoleContract } from "../../../../lib/contracts/roles.js";

export interface RoleInfo {
  contract: RoleContract;
  /** The constant's name, e.g. `REVIEWER_ROLE`. */
  name: string;
  /** Its bytes32 value: keccak256 of the name (OpenZeppelin's convention), zero for the admin role. */
  id: string;
  /** Message keys of the plain name and the explanation. */
  nameKey: string;
  helpKey: string;
}

/** The roles contract `contract` declares, the admin role first, then in ABI order. */
export function rolesOf(contract: RoleContract): RoleInfo[] {
  return declaredRoles(contract).map(({ name, id }) => ({
    contract,
    name,
    id,
    // The admin role means the same on every contract: one text for all.
    nameKey: name === ADMIN_ROLE ? `role_${ADMIN_ROLE}` : `role_${contract}_${name}`,
    helpKey: name === ADMIN_ROLE ? `roleHelp_${ADMIN_ROLE}` : `roleHelp_${contract}_${name}`,
  }));
}
