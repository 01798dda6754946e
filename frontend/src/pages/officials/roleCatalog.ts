/**
 * The roles of the system's contracts, read from the generated ABIs (every public `*_ROLE`
 * constant, with AccessControl's DEFAULT_ADMIN_ROLE first), so a role added to a contract shows on
 * the roles desk without a hand-kept list; each has a plain name and explanation in
 * lib/i18n/messages/roles.ts (test/frontend/role-catalog.test.ts checks none is missing).
 */
import { ZeroHash, id } from "ethers";

import {
  BudgetRoundAbi,
  LocalCoinAbi,
  PaperBallotDeskAbi,
  ResidentRegistryAbi,
  ResultCommitmentsAbi,
  SecretBallotsAbi,
  TaskBoardAbi,
} from "../../../../generated/abis.js";

/** The contracts with roles, in the order the desk shows them. */
export const ROLE_CONTRACTS = {
  BudgetRound: BudgetRoundAbi,
  ResidentRegistry: ResidentRegistryAbi,
  LocalCoin: LocalCoinAbi,
  TaskBoard: TaskBoardAbi,
  ResultCommitments: ResultCommitmentsAbi,
  SecretBallots: SecretBallotsAbi,
  PaperBallotDesk: PaperBallotDeskAbi,
} as const;

export type RoleContract = keyof typeof ROLE_CONTRACTS;

export const ROLE_CONTRACT_NAMES = Object.keys(ROLE_CONTRACTS) as RoleContract[];

export const ADMIN_ROLE = "DEFAULT_ADMIN_ROLE";

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

interface AbiItem {
  type: string;
  name?: string;
  stateMutability?: string;
  inputs?: readonly unknown[];
  outputs?: readonly { type: string }[];
}

/** The roles contract `contract` declares, the admin role first, then in ABI order. */
export function rolesOf(contract: RoleContract): RoleInfo[] {
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
  return ordered.map((name) => ({
    contract,
    name,
    id: name === ADMIN_ROLE ? ZeroHash : id(name),
    // The admin role means the same on every contract: one text for all.
    nameKey: name === ADMIN_ROLE ? `role_${ADMIN_ROLE}` : `role_${contract}_${name}`,
    helpKey: name === ADMIN_ROLE ? `roleHelp_${ADMIN_ROLE}` : `roleHelp_${contract}_${name}`,
  }));
}
