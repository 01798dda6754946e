/**
 * Which functions of which contracts the relayer pays for. Only what a resident (or a merchant)
 * does from the browser: officials' and admins' functions are never relayed, so a leaked or
 * misused resident key cannot spend the relayer's gas on anything else.
 */
import { Interface, type InterfaceAbi } from "ethers";

import {
  BudgetRoundAbi,
  BuurtkasForwarderAbi,
  LocalCoinAbi,
  ResidentRegistryAbi,
  TaskBoardAbi,
  type ContractName,
} from "../../generated/abis.js";

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
} as const satisfies Allowlist;

export const contractAbis: Record<ContractName, InterfaceAbi> = {
  BudgetRound: BudgetRoundAbi as unknown as InterfaceAbi,
  BuurtkasForwarder: BuurtkasForwarderAbi as unknown as InterfaceAbi,
  LocalCoin: LocalCoinAbi as unknown as InterfaceAbi,
  ResidentRegistry: ResidentRegistryAbi as unknown as InterfaceAbi,
  TaskBoard: TaskBoardAbi as unknown as InterfaceAbi,
};

export const contractInterfaces = Object.fromEntries(
  Object.entries(contractAbis).map(([name, abi]) => [name, new Interface(abi)]),
) as Record<ContractName, Interface>;

/** Allowed selector (`0x12345678`) → function name, per contract. */
export type ResolvedAllowlist = Map<ContractName, Map<string, string>>;

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
