/**
 * The one revert decoder: revert data out of whatever a provider threw (ethers, Hardhat, a
 * JSON-RPC error, nested causes), decoded with the generated ABIs into the custom error's name and
 * arguments. Browser-safe (ethers and the generated ABIs only): the relayer, the front end and the
 * scripts all read reverts through it.
 *
 * The forwarder swallows a target's revert data and reverts with `FailedCall()`; the relayer
 * gets the target's own reason by replaying the inner call (backend/relayer/simulation.ts).
 */
import { Interface } from "ethers";

import type { ContractName } from "../../generated/abis.js";
import { contractInterfaces } from "../contracts/interfaces.js";

export interface DecodedRevert {
  /** The contract whose ABI declares the error, or null when no ABI knows it. */
  contract: ContractName | null;
  /** `TaskNotResident`, or `Error` (a revert string), `Panic`, or null when unknown. */
  name: string | null;
  /** The error's arguments in order; integers as decimal strings, addresses lowercase (JSON-safe). */
  args: unknown[];
  /** The same arguments by parameter name. */
  namedArgs: Record<string, unknown>;
  signature: string | null;
  /** The raw revert data. */
  data: string;
}

const HEX_BYTES = /^0x([0-9a-fA-F]{2})*$/;

/** The revert data in a provider's error (ethers CallException, Hardhat, JSON-RPC), if it carries any. */
export function revertDataOf(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const record = current as Record<string, unknown>;
    for (const key of ["data", "returnData"]) {
      const value = record[key];
      if (typeof value === "string" && HEX_BYTES.test(value)) return value;
      if (value && typeof value === "object") {
        // Some clients nest it: { data: { data: "0x..." } }.
        const nested = (value as Record<string, unknown>).data;
        if (typeof nested === "string" && HEX_BYTES.test(nested)) return nested;
      }
    }
    queue.push(record.error, record.info, record.cause, record.data);
  }
  return undefined;
}

/** Whether a thrown error is a revert (the call ran and failed) rather than an RPC failure. */
export function isRevert(error: unknown): boolean {
  if (revertDataOf(error) !== undefined) return true;
  const record = error as { code?: unknown; message?: unknown } | undefined;
  if (record?.code === "CALL_EXCEPTION") return true;
  return typeof record?.message === "string" && /revert/i.test(record.message);
}

const standardErrors = new Interface(["error Error(string message)", "error Panic(uint256 code)"]);

/** Decodes `data` with `preferred`'s ABI first, then every other contract's, then Error/Panic. */
export function decodeRevert(data: string, preferred?: ContractName | null): DecodedRevert {
  const order = [
    ...(preferred ? [preferred] : []),
    ...(Object.keys(contractInterfaces) as ContractName[]).filter((c) => c !== preferred),
  ];
  if (data.length >= 10) {
    // Error(string) and Panic(uint256) belong to no contract (ethers parses them with any ABI).
    const standard = tryParse(standardErrors, data);
    if (standard) return { contract: null, ...standard, data };
    for (const contract of order) {
      const parsed = tryParse(contractInterfaces[contract], data);
      if (parsed) return { contract, ...parsed, data };
    }
  }
  return { contract: null, name: null, args: [], namedArgs: {}, signature: null, data };
}

/** The decoded revert in a thrown error, or undefined when it carries no revert data. */
export function revertOf(error: unknown, preferred?: ContractName | null): DecodedRevert | undefined {
  const data = revertDataOf(error);
  return data === undefined || data === "0x" ? undefined : decodeRevert(data, preferred);
}

function tryParse(iface: Interface, data: string) {
  try {
    const parsed = iface.parseError(data);
    if (!parsed) return undefined;
    const args = parsed.fragment.inputs.map((_, i) => plain(parsed.args[i]));
    const named = Object.fromEntries(parsed.fragment.inputs.map((input, i) => [input.name || String(i), args[i]]));
    return { name: parsed.name, args, namedArgs: named, signature: parsed.signature };
  } catch {
    return undefined;
  }
}

/** bigint → decimal string, arrays/results recursively; JSON-safe. */
function plain(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return Array.from(value, plain);
  if (typeof value === "string") return /^0x[0-9a-fA-F]{40}$/.test(value) ? value.toLowerCase() : value;
  return value;
}

/** `TaskNotResident(0xabc…, 1)` for messages. */
export function describeRevert(revert: DecodedRevert): string {
  if (!revert.name) return `unknown revert data ${revert.data.slice(0, 74)}`;
  const args = revert.args.map((value) => (Array.isArray(value) ? `[${value.join(", ")}]` : String(value))).join(", ");
  return `${revert.name}(${args})`;
}
