/**
 * ERC-2771 forward requests for OpenZeppelin's ERC2771Forwarder (our BuurtkasForwarder): what a
 * resident's browser signs and the backend's relayer submits. Browser-safe: ethers only.
 */
import type { Signer, TypedDataDomain } from "ethers";

export const FORWARDER_NAME = "BuurtkasForwarder";
export const FORWARDER_VERSION = "1";

export const FORWARD_REQUEST_TYPES = {
  ForwardRequest: [
    { name: "from", type: "address" },
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "gas", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint48" },
    { name: "data", type: "bytes" },
  ],
};

/** The struct `ERC2771Forwarder.execute` takes. */
export interface ForwardRequestData {
  from: string;
  to: string;
  value: bigint;
  gas: bigint;
  deadline: bigint;
  data: string;
  signature: string;
}

export interface ForwardRequestInput {
  /** The forwarder's address. */
  forwarder: string;
  chainId: bigint | number;
  /** The target contract. */
  to: string;
  /** ABI-encoded call. */
  data: string;
  /** Gas the forwarder passes to the call. */
  gas: bigint;
  /** The signer's current nonce on the forwarder (`forwarder.nonces(from)`). */
  nonce: bigint;
  /** Unix time after which the request is void. */
  deadline: bigint;
  value?: bigint;
}

export function forwarderDomain(forwarder: string, chainId: bigint | number): TypedDataDomain {
  return { name: FORWARDER_NAME, version: FORWARDER_VERSION, chainId, verifyingContract: forwarder };
}

/** Signs a forward request as `signer` and returns what `execute` takes. */
export async function signForwardRequest(signer: Signer, input: ForwardRequestInput): Promise<ForwardRequestData> {
  const from = await signer.getAddress();
  const value = input.value ?? 0n;
  const signature = await signer.signTypedData(forwarderDomain(input.forwarder, input.chainId), FORWARD_REQUEST_TYPES, {
    from,
    to: input.to,
    value,
    gas: input.gas,
    nonce: input.nonce,
    deadline: input.deadline,
    data: input.data,
  });
  return { from, to: input.to, value, gas: input.gas, deadline: input.deadline, data: input.data, signature };
}
