/**
 * Which functions of which contracts the relayer pays for. Only what a resident (or a merchant)
 * does from the browser: officials' and admins' functions are never relayed, so a leaked or
 * misused resident key cannot spend the relayer's gas on anything else.
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
 * BudgetRound `createRound`/`review`/`publishBallot`/paper ballots/`finalize`, every role function.
 */
export const DEFAULT_ALLOWLIST = {
  TaskBoard: ["claim", "submitEvidence", "releaseExpiredClaim"],
  BudgetRound: ["submitProposal", "support", "castApprovalBallot", "castCumulativeBallot"],
  ResidentRegistry: ["redeemVoteCode"],
  LocalCoin: ["transfer", "redeem", "permit"],
  SecretBallots: ["requestToken"],
} as const satisfies Allowlist;

/** Allowed selector (`0x12345678`) → function name, per contract. */
export type ResolvedAllowlist = Map<ContractName, Map<string, string>>;

/**
 * Ballots and the vote-code redemption that registers a voter: the calls the daily budget keeps
 * a reserve for (README "Budget"), so other traffic cannot use up a voting day.
 */
export const VOTING_FUNCTIONS = {
  BudgetRound: ["castApprovalBallot", "castCumulativeBallot"],
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
