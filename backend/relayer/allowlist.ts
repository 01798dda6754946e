/**
 * Which functions of which contracts the relayer pays for: what a resident (or a merchant) does
 * from the browser, for anyone registered; and officials' functions, each only for a signer who
 * holds a role the contract requires for it (read on chain), so a leaked or misused resident key
 * cannot spend the relayer's gas on anything else. Of the admins' functions only granting and
 * revoking roles is relayed (for a holder of the contract's admin role, the officials' roles desk).
 */
import type { FunctionFragment } from "ethers";

import type { ContractName } from "../../generated/abis.js";
import { contractInterfaces } from "../../lib/contracts/interfaces.js";

/** Function names per contract; each name must be unique in its contract's ABI (no overloads). */
export type Allowlist = Partial<Record<ContractName, readonly string[]>>;

/**
 * The default list, from the resident's and the merchant's rows of the design's user table.
 * Deliberately absent: LocalCoin `approve`/`transferFrom` (no resident flow needs an allowance the
 * relayer pays for; `permit` covers it), TaskBoard `createTask*`/`approve`/`reject`/`cancel`,
 * BudgetRound `createRound`/`review`/`publishBallot`/paper ballots/`finalize`, ResultCommitments
 * `commitResult`/`upholdCommitment`/`replaceCommitment`, every role function (the admin's role
 * grants are officials' functions below).
 */
export const DEFAULT_ALLOWLIST = {
  TaskBoard: ["claim", "submitEvidence", "releaseExpiredClaim"],
  BudgetRound: ["submitProposal", "support", "castApprovalBallot", "castCumulativeBallot"],
  ResidentRegistry: ["redeemVoteCode"],
  LocalCoin: ["transfer", "redeem", "permit"],
  SecretBallots: ["requestToken"],
  // A resident objecting to a committed Method of Equal Shares result pays no gas either.
  ResultCommitments: ["lodgeObjection"],
} as const satisfies Allowlist;

/** A role of the contracts' AccessControl, by its constant's name. */
export type RoleName =
  | "DEFAULT_ADMIN_ROLE"
  | "ROUND_MANAGER_ROLE"
  | "REVIEWER_ROLE"
  | "CLERK_ROLE"
  | "REGISTRAR_ROLE"
  | "CODE_ISSUER_ROLE"
  | "MERCHANT_MANAGER_ROLE"
  | "TASK_POSTER_ROLE";

/** Officials' functions and the roles (any one of them) whose holders the relayer pays for. */
export type OfficialFunctions = Partial<Record<ContractName, Readonly<Record<string, readonly RoleName[]>>>>;

/** Granting and revoking a contract's roles: its admin's, from the officials' roles desk. */
const ROLE_ADMINISTRATION = {
  grantRole: ["DEFAULT_ADMIN_ROLE"],
  revokeRole: ["DEFAULT_ADMIN_ROLE"],
} as const;

/**
 * What officials may send through the relayer: each function with the roles the contract itself
 * requires for it, so the relayer pays only for a call the signer is entitled to make (the
 * eligibility check reads the role on chain). `finalize` is open to anyone on chain; the relayer
 * pays for it when an official of the round sends it. Verifiers' `approve`/`reject` are paid for a
 * task poster (the contract still checks the signer is the task's verifier); `releaseExpiredClaim`,
 * also a residents' function, for a task poster or the admin as well. `grantRole` and
 * `revokeRole` of every contract are paid for a holder of its DEFAULT_ADMIN_ROLE: no contract sets
 * another admin role (`_setRoleAdmin`), so that role is exactly what AccessControl requires; the
 * simulation would refuse the call otherwise. Deliberately absent: `mint`, `pause`, `cancelRound`,
 * `setYearlyCap`, `renounceRole` (anyone may renounce, so it is no official's function): the
 * admin's and the treasury's own wallet sends those.
 */
export const OFFICIAL_FUNCTIONS = {
  BudgetRound: {
    ...ROLE_ADMINISTRATION,
    createRound: ["ROUND_MANAGER_ROLE"],
    reportImplementation: ["ROUND_MANAGER_ROLE"],
    review: ["REVIEWER_ROLE"],
    publishBallot: ["REVIEWER_ROLE"],
    recordPaperApprovalBallot: ["CLERK_ROLE"],
    recordPaperCumulativeBallot: ["CLERK_ROLE"],
    finalize: ["ROUND_MANAGER_ROLE", "REVIEWER_ROLE", "CLERK_ROLE"],
  },
  ResidentRegistry: {
    ...ROLE_ADMINISTRATION,
    register: ["REGISTRAR_ROLE"],
    revoke: ["REGISTRAR_ROLE"],
    setExpiry: ["REGISTRAR_ROLE"],
    publishCodeBatch: ["CODE_ISSUER_ROLE"],
    withdrawCodeBatch: ["CODE_ISSUER_ROLE"],
  },
  LocalCoin: {
    ...ROLE_ADMINISTRATION,
    registerMerchant: ["MERCHANT_MANAGER_ROLE"],
    removeMerchant: ["MERCHANT_MANAGER_ROLE"],
    renameMerchant: ["MERCHANT_MANAGER_ROLE"],
  },
  PaperBallotDesk: {
    ...ROLE_ADMINISTRATION,
    recordApprovalBallot: ["CLERK_ROLE"],
    recordCumulativeBallot: ["CLERK_ROLE"],
    recordSupport: ["CLERK_ROLE"],
  },
  TaskBoard: {
    ...ROLE_ADMINISTRATION,
    createTaskWithPermit: ["TASK_POSTER_ROLE"],
    cancel: ["TASK_POSTER_ROLE", "DEFAULT_ADMIN_ROLE"],
    approve: ["TASK_POSTER_ROLE"],
    reject: ["TASK_POSTER_ROLE"],
    // Open to anyone on chain and a residents' function too; the tasks desk's posters release
    // expired claims on their own tasks without being residents.
    releaseExpiredClaim: ["TASK_POSTER_ROLE", "DEFAULT_ADMIN_ROLE"],
  },
  ResultCommitments: ROLE_ADMINISTRATION,
  SecretBallots: ROLE_ADMINISTRATION,
} as const satisfies OfficialFunctions;

/** Allowed selector (`0x12345678`) → function name, per contract. */
export type ResolvedAllowlist = Map<ContractName, Map<string, string>>;

/**
 * Ballots and the vote-code redemption that registers a voter: the calls the daily budget keeps
 * a reserve for (README "Budget"), so other traffic cannot use up a voting day.
 */
export const VOTING_FUNCTIONS = {
  BudgetRound: ["castApprovalBallot", "castCumulativeBallot"],
  PaperBallotDesk: ["recordApprovalBallot", "recordCumulativeBallot"],
  ResidentRegistry: ["redeemVoteCode"],
  SecretBallots: ["requestToken"],
} as const satisfies Allowlist;

export function isVotingCall(contract: ContractName, fn: string): boolean {
  return ((VOTING_FUNCTIONS as Allowlist)[contract] ?? []).includes(fn);
}

/** The fragment of an allowed function, for decoding and re-encoding its calldata. */
export function functionFragment(contract: ContractName, selector: string): FunctionFragment | null {
  return contractInterfaces[contract].getFunction(selector);
}

/** Official function's selector → its name and the roles that qualify, per contract. */
export type ResolvedOfficialFunctions = Map<ContractName, Map<string, { fn: string; roles: readonly RoleName[] }>>;

/** {@link resolveAllowlist} for officials' functions. */
export function resolveOfficialFunctions(functions: OfficialFunctions): ResolvedOfficialFunctions {
  const names = Object.fromEntries(Object.entries(functions).map(([contract, fns]) => [contract, Object.keys(fns)]));
  const resolved: ResolvedOfficialFunctions = new Map();
  for (const [contract, selectors] of resolveAllowlist(names as Allowlist)) {
    const roles = functions[contract]!;
    resolved.set(contract, new Map([...selectors].map(([selector, fn]) => [selector, { fn, roles: roles[fn]! }])));
  }
  return resolved;
}

/** Turns names into selectors with the generated ABIs; an unknown name is a start-up error. */
export function resolveAllowlist(allowlist: Allowlist): ResolvedAllowlist {
  const resolved: ResolvedAllowlist = new Map();
  for (const [contract, names] of Object.entries(allowlist) as [ContractName, readonly string[]][]) {
    if (contract === "BuurtkasForwarder") throw new Error("the relayer cannot relay calls to the forwarder itself");
    const iface = contractInterfaces[contract];
    if (!iface) throw new Error(`allowlist: unknown contract ${contract}`);
    const selectors = new Map<string, string>();
    for (const name of names) {
      const fragment = iface.getFunction(name);
      if (!fragment) throw new Error(`allowlist: ${contract} has no function ${name}`);
      if (fragment.stateMutability === "view" || fragment.stateMutability === "pure")
        throw new Error(`allowlist: ${contract}.${name} is a view function; there is nothing to relay`);
      selectors.set(fragment.selector, name);
    }
    resolved.set(contract, selectors);
  }
  return resolved;
}
