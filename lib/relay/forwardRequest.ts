/**
 * ERC-2771 forward requests for OpenZeppelin's ERC2771Forwarder (our BuurtkasForwarder): what a
 * resident's browser signs and the backend's relayer submits. Browser-safe: ethers only.
 */
import { type Signer, type TypedDataDomain, verifyTypedData } from "ethers";

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

/** The EIP-712 message of a forward request: the struct `execute` takes, with the nonce instead of the signature. */
export interface ForwardRequestMessage {
  from: string;
  to: string;
  value: bigint;
  gas: bigint;
  nonce: bigint;
  deadline: bigint;
  data: string;
}

/** Everything `eth_signTypedData_v4` needs for a forward request. */
export interface ForwardRequestTypedData {
  domain: TypedDataDomain;
  types: typeof FORWARD_REQUEST_TYPES;
  message: ForwardRequestMessage;
}

/**
 * The typed data `from` signs for `input`: for wallets that sign typed data themselves, and for
 * the relayer to check who signed a request before it pays the gas.
 */
export function buildForwardRequest(from: string, input: ForwardRequestInput): ForwardRequestTypedData {
  return {
    domain: forwarderDomain(input.forwarder, input.chainId),
    types: FORWARD_REQUEST_TYPES,
    message: {
      from,
      to: input.to,
      value: input.value ?? 0n,
      gas: input.gas,
      nonce: input.nonce,
      deadline: input.deadline,
      data: input.data,
    },
  };
}

/** Signs a forward request as `signer` and returns what `execute` takes. */
export async function signForwardRequest(signer: Signer, input: ForwardRequestInput): Promise<ForwardRequestData> {
  const { domain, types, message } = buildForwardRequest(await signer.getAddress(), input);
  const signature = await signer.signTypedData(domain, types, message);
  const { from, to, value, gas, deadline, data } = message;
  return { from, to, value, gas, deadline, data, signature };
}

/**
 * The address that signed `request` for the given nonce. The forwarder executes the request only
 * when this equals `request.from` and `nonce` is the forwarder's current nonce for it.
 */
export function forwardRequestSigner(
  request: ForwardRequestData,
  forwarder: string,
  chainId: bigint | number,
  nonce: bigint,
): string {
  const { from, to, value, gas, deadline, data, signature } = request;
  return verifyTypedData(
    forwarderDomain(forwarder, chainId),
    FORWARD_REQUEST_TYPES,
    { from, to, value, gas, nonce, deadline, data },
    signature,
  );
}
