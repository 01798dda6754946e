/**
 * Sending transactions. Residents never pay gas: their call is signed in the browser as an
 * ERC-2771 forward request (lib/relay) and POSTed to the relayer. Officials' functions go the same
 * way (the relayer pays for them when the signer holds the role on chain); `sendDirect` remains
 * for a wallet that pays its own gas.
 */
import { Interface, type Signer, type TransactionReceipt } from "ethers";

import type { RelayView } from "../../../../lib/api/schemas.js";
import { signForwardRequest } from "../../../../lib/relay/forwardRequest.js";
import type { WriteArgs as Args, WriteName as Write } from "../../../../generated/contracts.js";
import { PlainError, SendError } from "../errors/index.js";
import { abis, chainNow, system, type ContractKey, type SystemContracts } from "./system.svelte.js";

export type SendStatus = (phase: "signing" | "sent", txHash?: string) => void;

/** The state-changing functions of contract `K`, by name (typechain's types of the build). */
export type WriteName<K extends ContractKey> = Write<SystemContracts[K]>;

/** The arguments of function `F` of contract `K`. */
export type WriteArgs<K extends ContractKey, F extends WriteName<K>> = Args<SystemContracts[K], F>;

/** The calldata of `fn(args)`: names and arguments are checked against the build's types. */
function calldata<K extends ContractKey, F extends WriteName<K>>(contract: K, fn: F, args: WriteArgs<K, F>): string {
  return new Interface(abis[contract]).encodeFunctionData(fn, args);
}

const RELAY_DEADLINE_SECONDS = 30 * 60;
const RELAY_POLL_MS = 400;
const RELAY_TIMEOUT_MS = 60_000;

export { SendError };

const NOT_CARRIED_OUT: readonly [string, string] = [
  "Uw verzoek is verstuurd, maar niet uitgevoerd. Laad de pagina opnieuw en probeer het nog eens.",
  "Your request was sent but not carried out. Reload the page and try again.",
];

/** Signs `fn(args)` on `contract` as a forward request and has the relayer submit it. */
export async function sendRelayed<K extends ContractKey, F extends WriteName<K>>(
  signer: Signer,
  contract: K,
  fn: F,
  args: WriteArgs<K, F>,
  onStatus: SendStatus = () => {},
): Promise<TransactionReceipt> {
  const sys = system();
  const from = await signer.getAddress();
  const to = sys.address(contract);
  const data = calldata(contract, fn, args);
  onStatus("signing");
  const gas = await estimateForwardedGas(to, data, from);
  const nonce = await sys.contracts.BuurtkasForwarder.nonces(from);
  // The chain's clock decides expiry; it can run ahead of this computer's (test chains, L2s).
  const deadline = BigInt((await chainNow()) + RELAY_DEADLINE_SECONDS);
  const request = await signForwardRequest(signer, {
    forwarder: sys.address("BuurtkasForwarder"),
    chainId: sys.chainId,
    to,
    data,
    gas,
    nonce,
    deadline,
  });
  const body = {
    from: request.from,
    to: request.to,
    value: request.value.toString(),
    gas: request.gas.toString(),
    deadline: request.deadline.toString(),
    nonce: nonce.toString(),
    data: request.data,
    signature: request.signature,
  };
  let answer: { id: string; txHash: string | null; status: RelayView["status"]; error?: string | undefined };
  try {
    answer = await sys.api.relay(body, request.signature);
  } catch (error) {
    throw new SendError("the relayer refused the request", { cause: error });
  }
  const started = Date.now();
  while (!answer.txHash && answer.status === "pending" && Date.now() - started < RELAY_TIMEOUT_MS) {
    await new Promise((resolve) => setTimeout(resolve, RELAY_POLL_MS));
    answer = await sys.api.relayStatus(answer.id);
  }
  if (answer.status === "failed" || !answer.txHash) {
    console.warn("[buurtkas] relayed request failed", answer);
    throw new PlainError(NOT_CARRIED_OUT);
  }
  onStatus("sent", answer.txHash);
  const receipt = await sys.provider.waitForTransaction(answer.txHash, 1, RELAY_TIMEOUT_MS);
  if (!receipt || receipt.status !== 1) throw new PlainError(NOT_CARRIED_OUT);
  // OpenZeppelin's execute reverts when the inner call fails (status 0 above); executeBatch only reports
  // it in ExecutedForwardRequest(success = false), so that event is checked as well.
  const forwarder = new Interface(abis.BuurtkasForwarder);
  for (const log of receipt.logs) {
    const parsed =
      log.address.toLowerCase() === sys.address("BuurtkasForwarder").toLowerCase() ? forwarder.parseLog(log) : null;
    if (parsed?.name === "ExecutedForwardRequest" && parsed.args.success === false) {
      console.warn("[buurtkas] forwarded call failed on chain", fn, answer.txHash);
      throw new PlainError(NOT_CARRIED_OUT);
    }
  }
  return receipt;
}

/** Sends `fn(args)` from the signer's own account (officials, verifiers); the signer pays the gas. */
export async function sendDirect<K extends ContractKey, F extends WriteName<K>>(
  signer: Signer,
  contract: K,
  fn: F,
  args: WriteArgs<K, F>,
  onStatus: SendStatus = () => {},
): Promise<TransactionReceipt> {
  const sys = system();
  const connected = signer.provider ? signer : signer.connect(sys.provider);
  onStatus("signing");
  try {
    const tx = await connected.sendTransaction({ to: sys.address(contract), data: calldata(contract, fn, args) });
    onStatus("sent", tx.hash);
    const receipt = await sys.provider.waitForTransaction(tx.hash, 1, RELAY_TIMEOUT_MS);
    if (!receipt || receipt.status !== 1) throw new PlainError(NOT_CARRIED_OUT);
    return receipt;
  } catch (error) {
    if (error instanceof PlainError) throw error;
    throw new SendError(`${contract}.${String(fn)} failed`, { cause: error, contract });
  }
}

/**
 * Gas for the forwarded call: what the target uses when the forwarder calls it with the signer
 * appended (ERC-2771), plus headroom; the forwarder checks the request's gas is available.
 */
async function estimateForwardedGas(to: string, data: string, from: string): Promise<bigint> {
  const sys = system();
  try {
    const estimate = await sys.provider.estimateGas({
      from: sys.address("BuurtkasForwarder"),
      to,
      data: data + from.slice(2).toLowerCase(),
    });
    return (estimate * 13n) / 10n + 20_000n;
  } catch (error) {
    throw new SendError("the gas estimate failed", { cause: error, contract: contractNameAt(to) });
  }
}

/** The contract deployed at `address`, so its ABI decodes a revert first. */
function contractNameAt(address: string): ContractKey | null {
  const sys = system();
  const keys = Object.keys(abis) as ContractKey[];
  return keys.find((key) => sys.address(key).toLowerCase() === address.toLowerCase()) ?? null;
}
