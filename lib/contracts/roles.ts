/**
 * The roles of the system's contracts, read from the generated ABIs: every contract inherits
 * OpenZeppelin's AccessControl and declares its roles as public `*_ROLE` constants, whose value is
 * keccak256 of the name (DEFAULT_ADMIN_ROLE is zero). A role added to a contract is known here,
 * to the index's API (backend/api/roles) and to the roles desk (frontend
 * pages/officials/roleCatalog.ts), without a hand-kept list. Browser-safe.
 */
import { ZeroHash, id } from "ethers";

import { abis } from "../../generated/abis.js";

/** The contracts with roles, in the order the desk and the API show them. */
export const ROLE_CONTRACTS = {
  BudgetRound: abis.BudgetRound,
  ResidentRegistry: abis.ResidentRegistry,
  LocalCoin: abis.LocalCoin,
  TaskBoard: abis.TaskBoard,
  ResultCommitments: abis.ResultCommitments,
  SecretBallots: abis.SecretBallots,
  PaperBallotDesk: abis.PaperBallotDesk,
} as const;

export type RoleContract = keyof typeof ROLE_CONTRACTS;

export const ROLE_CONTRACT_NAMES = Object.keys(ROLE_CONTRACTS) as [RoleContract, ...RoleContract[]];

export const ADMIN_ROLE = "DEFAULT_ADMIN_ROLE";

export interface DeclaredRole {
  /** The constant's name, e.g. `REVIEWER_ROLE`. */
  name: string;
  /** Its bytes32 value, lowercase: keccak256 of the name (OpenZeppelin's convention), zero for the admin role. */
  id: string;
}

interface AbiItem {
  type: string;
  name?: string;
  stateMutability?: string;
  inputs?: readonly unknown[];
  outputs?: readonly { type: string }[];
}

/** The roles `contract` declares, the admin role first, then in ABI order. */
export function declaredRoles(contract: RoleContract): DeclaredRole[] {
  const names = (ROLE_CONTRACTS[contract] as readonly AbiItem[])
    .filter(
      (item) =>
        item.type === "function" &&
        item.name?.endsWith("_ROLE") &&
        item.stateMutability === "view" &&
        item.inputs?.length === 0 &&
        item.outputs?.length === 1 &&
        item.outputs[0]!.type === "bytes32",
    )
    .map((item) => item.name!);
  const ordered = [ADMIN_ROLE, ...names.filter((name) => name !== ADMIN_ROLE)];
  return ordered.map((name) => ({ name, id: name === ADMIN_ROLE ? ZeroHash : id(name) }));
}
