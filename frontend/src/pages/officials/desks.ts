/** The officials' desks: each with the roles (any one) that may use it; the menu shows the permitted ones. */
import type { RoleHolder } from "../../lib/account/roles.svelte.js";

export interface Desk {
  /** The path segment: `#/officials/<id>`. */
  id: string;
  /** The contract and role name, any one of which permits the desk. */
  roles: readonly (readonly [RoleHolder, string])[];
}

export const DESKS = [
  { id: "round", roles: [["BudgetRound", "ROUND_MANAGER_ROLE"]] },
  { id: "review", roles: [["BudgetRound", "REVIEWER_ROLE"]] },
  {
    id: "registrar",
    roles: [
      ["ResidentRegistry", "REGISTRAR_ROLE"],
      ["ResidentRegistry", "CODE_ISSUER_ROLE"],
    ],
  },
  { id: "codes", roles: [["ResidentRegistry", "CODE_ISSUER_ROLE"]] },
  // Paper ballots go through the desk contract, which is BudgetRound's clerk (contracts/paper).
  { id: "clerk", roles: [["PaperBallotDesk", "CLERK_ROLE"]] },
  { id: "tasks", roles: [["TaskBoard", "TASK_POSTER_ROLE"]] },
  { id: "merchants", roles: [["LocalCoin", "MERCHANT_MANAGER_ROLE"]] },
  // Granting and revoking roles: the admin of any contract (each contract's table says which).
  {
    id: "roles",
    roles: [
      ["BudgetRound", "DEFAULT_ADMIN_ROLE"],
      ["ResidentRegistry", "DEFAULT_ADMIN_ROLE"],
      ["LocalCoin", "DEFAULT_ADMIN_ROLE"],
      ["TaskBoard", "DEFAULT_ADMIN_ROLE"],
      ["ResultCommitments", "DEFAULT_ADMIN_ROLE"],
      ["SecretBallots", "DEFAULT_ADMIN_ROLE"],
      ["PaperBallotDesk", "DEFAULT_ADMIN_ROLE"],
    ],
  },
] as const satisfies readonly Desk[];

export type DeskId = (typeof DESKS)[number]["id"];

export function permitted(desk: Desk, has: (contract: RoleHolder, role: string) => boolean): boolean {
  return desk.roles.some(([contract, role]) => has(contract, role));
}
