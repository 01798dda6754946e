/**
 * What can be decided from the request alone, before anything costs a chain read: the target is
 * one of this installation's contracts (not the forwarder), the function is on the allowlist, no
 * ether is asked for, `gas` is within the cap, and `data` is exactly the ABI encoding of the
 * call. The last one matters for the bill: calldata is paid per byte, so junk appended to an
 * allowed call (which Solidity ignores) would have the relayer pay for up to 32 KiB of nothing.
 */
import type { FunctionFragment } from "ethers";

import type { ContractName } from "../../generated/abis.js";
import type { Deployment } from "../../lib/contracts/deployments.js";
import { contractInterfaces } from "../../lib/contracts/interfaces.js";
import type { ForwardRequestData } from "../../lib/relay/forwardRequest.js";
import {
  functionFragment,
  isVotingCall,
  type ResolvedAllowlist,
  type ResolvedOfficialFunctions,
  type RoleName,
} from "./allowlist.js";
import { RelayError, invalidRequest } from "./errors.js";

export interface CheckedCall {
  contract: ContractName;
  /** The allowed function's name. */
  fn: string;
  /** A ballot or a vote-code redemption: may use the daily reserve. */
  voting: boolean;
  /** An official's function: the roles (any one) the signer must hold; absent for residents' functions. */
  roles?: readonly RoleName[];
  /** With `roles`: a residents' function too, so a registered resident qualifies as well. */
  orResident?: true;
}

export interface CallCheckDeps {
  deployment: Deployment;
  allowlist: ResolvedAllowlist;
  /** Officials' functions, paid for role holders only (none when absent). */
  officials?: ResolvedOfficialFunctions;
  /** Largest `gas` a request may carry. */
  maxGas: bigint;
}

export type CallCheck = (request: ForwardRequestData) => CheckedCall;

export function createCallCheck(deps: CallCheckDeps): CallCheck {
  const { allowlist, maxGas } = deps;
  const officials: ResolvedOfficialFunctions = deps.officials ?? new Map();
  const forwarder = deps.deployment.contracts.BuurtkasForwarder.address.toLowerCase();
  const contractAt = new Map<string, ContractName>(
    Object.entries(deps.deployment.contracts).map(([name, c]) => [c.address.toLowerCase(), name as ContractName]),
  );
  const addressOf = (name: ContractName) => deps.deployment.contracts[name].address.toLowerCase();

  return (request) => {
    const to = request.to.toLowerCase();
    const contract = contractAt.get(to);
    if (!contract || to === forwarder) {
      throw new RelayError(403, "target_not_allowed", `${to} is not one of this installation's contracts`, {
        to,
        allowed: [...allowlist.keys()].map((name) => ({ contract: name, address: addressOf(name) })),
      });
    }
    const selector = request.data.slice(0, 10).toLowerCase();
    // A function on both lists (releaseExpiredClaim: any resident, and the desk's task posters) is
    // paid for either: the roles are checked, and a registered resident qualifies as well.
    const residents = allowlist.get(contract)?.get(selector);
    const official = officials.get(contract)?.get(selector);
    const fn = residents ?? official?.fn;
    if (!fn) {
      const known = request.data.length >= 10 ? functionFragment(contract, selector) : null;
      throw new RelayError(
        403,
        "function_not_allowed",
        `the relayer does not pay for ${contract}.${known?.name ?? selector}`,
        {
          contract,
          selector,
          function: known?.name ?? null,
          allowed: [...(allowlist.get(contract)?.values() ?? [])],
          officials: [...(officials.get(contract)?.values() ?? [])].map((o) => o.fn),
        },
      );
    }
    if (request.value !== 0n) {
      throw invalidRequest([
        {
          field: "body.request.value",
          message: "must be 0: the relayer sends no ether",
          value: request.value.toString(),
        },
      ]);
    }
    if (request.gas > maxGas) {
      throw invalidRequest([
        { field: "body.request.gas", message: `must be at most ${maxGas}`, value: request.gas.toString() },
      ]);
    }
    checkEncoding(contract, functionFragment(contract, selector)!, request.data);
    return {
      contract,
      fn,
      voting: isVotingCall(contract, fn),
      ...(official ? { roles: official.roles, ...(residents ? { orResident: true as const } : {}) } : {}),
    };
  };
}

/**
 * `data` must be what the ABI encoder makes of its own arguments: nothing appended, no dirty
 * padding, no dynamic-offset tricks that hide bytes between the arguments.
 */
export function checkEncoding(contract: ContractName, fragment: FunctionFragment, data: string): void {
  const iface = contractInterfaces[contract];
  const signature = `${contract}.${fragment.format("sighash")}`;
  const bytes = (hex: string) => (hex.length - 2) / 2;
  let canonical: string;
  try {
    canonical = iface.encodeFunctionData(fragment, iface.decodeFunctionData(fragment, data));
  } catch {
    throw invalidRequest([
      {
        field: "body.request.data",
        message: `does not decode as the arguments of ${signature}`,
        value: `${bytes(data)} bytes`,
      },
    ]);
  }
  if (bytes(data) > bytes(canonical)) {
    throw invalidRequest([
      {
        field: "body.request.data",
        message: `is ${bytes(data)} bytes, but the ABI encoding of ${signature} with these arguments is ${bytes(canonical)} bytes: remove what is appended`,
        value: `${bytes(data)} bytes`,
      },
    ]);
  }
  if (canonical.toLowerCase() !== data.toLowerCase()) {
    throw invalidRequest([
      {
        field: "body.request.data",
        message: `is not the standard ABI encoding of ${signature} (re-encode the arguments)`,
        value: `${bytes(data)} bytes`,
      },
    ]);
  }
}
