/**
 * THE event decoder: a log to the event it holds and its arguments by name, from the contracts'
 * ABIs generated from the Hardhat build. The indexer (backend/indexer/decode.ts, which turns the
 * arguments into rows) and the round read from the chain (roundLogs.ts, for the audit and the
 * export) both decode with it, so a log means the same to the index as to an auditor.
 *
 * Events whose arguments are all static elementary types (address, bool, uintN, bytesN: the
 * transfers and ballots that make up most of a chain's logs) are decoded straight from the hex
 * words; ethers' general decoder, which checksums every address with a keccak256, is kept for the
 * others and for any log not in canonical form. Both give the same values, addresses lowercase.
 * Browser-safe.
 */
import { Interface, type EventFragment, type InterfaceAbi, type ParamType } from "ethers";

import type { ChainLog } from "./logs.js";

export interface DecodedEvent<C extends string = string> {
  contract: C;
  /** The event's name in the ABI. */
  event: string;
  fragment: EventFragment;
  /**
   * Arguments by name. Nested tuples (structs) are ethers `Result`s, read by field name; addresses
   * are lowercase.
   */
  args: Record<string, unknown>;
}

export interface EventDecoder<C extends string = string> {
  /** Addresses to ask eth_getLogs for (lowercase). */
  addresses: string[];
  /** First topics of every event decoded (eth_getLogs can ask for just these). */
  topics: string[];
  /** The contract and event of a log, without decoding it; undefined when it is none of ours. */
  identify(log: Pick<ChainLog, "address" | "topics">): { contract: C; fragment: EventFragment } | undefined;
  /** The log decoded, or undefined when it is none of the events asked for; throws when it does not decode. */
  decode(log: Pick<ChainLog, "address" | "topics" | "data">): DecodedEvent<C> | undefined;
}

export interface DecodedContract<C extends string> {
  name: C;
  address: string;
  abi: InterfaceAbi;
  /** Events to decode (default: every event of the ABI). */
  events?: readonly string[];
}

interface Known<C extends string> {
  contract: C;
  fragment: EventFragment;
  iface: Interface;
  decodeStatic: StaticDecoder | undefined;
}

/** Fails, naming it, when an ABI has no event of a name asked for. */
export function createEventDecoder<C extends string>(contracts: readonly DecodedContract<C>[]): EventDecoder<C> {
  const byKey = new Map<string, Known<C>>();
  const contractAt = new Map<string, C>();
  for (const contract of contracts) {
    const iface = new Interface(contract.abi);
    const address = contract.address.toLowerCase();
    contractAt.set(address, contract.name);
    const fragments: EventFragment[] = [];
    if (contract.events) {
      for (const name of contract.events) {
        const fragment = iface.getEvent(name);
        if (!fragment) throw new Error(`the ABI of ${contract.name} has no event ${name}`);
        fragments.push(fragment);
      }
    } else {
      iface.forEachEvent((fragment) => fragments.push(fragment));
    }
    for (const fragment of fragments) {
      byKey.set(`${address}:${fragment.topicHash}`, {
        contract: contract.name,
        fragment,
        iface,
        decodeStatic: staticDecoder(fragment),
      });
    }
  }
  const lookup = (log: Pick<ChainLog, "address" | "topics">) =>
    byKey.get(`${log.address.toLowerCase()}:${log.topics[0]?.toLowerCase()}`);
  return {
    addresses: [...contractAt.keys()],
    topics: [...new Set([...byKey.values()].map((k) => k.fragment.topicHash))],
    identify(log) {
      const known = lookup(log);
      return known && { contract: known.contract, fragment: known.fragment };
    },
    decode(log) {
      const known = lookup(log);
      if (!known) return undefined;
      const args =
        known.decodeStatic?.(log.topics, log.data) ??
        lowercaseAddresses(known.fragment, known.iface.decodeEventLog(known.fragment, log.data, log.topics).toObject());
      return { contract: known.contract, event: known.fragment.name, fragment: known.fragment, args };
    },
  };
}

/** ethers checksums addresses; the fast path gives them lowercase: make top-level ones agree. */
function lowercaseAddresses(fragment: EventFragment, values: Record<string, unknown>): Record<string, unknown> {
  for (const input of fragment.inputs) {
    const value = values[input.name];
    if (input.type === "address" && typeof value === "string") values[input.name] = value.toLowerCase();
  }
  return values;
}

/** Decodes a log's arguments by name, or answers undefined to leave it to ethers. */
type StaticDecoder = (topics: readonly string[], data: string) => Record<string, unknown> | undefined;

/** A 32-byte ABI word (64 hex digits, no 0x) to a value, or undefined if it is not canonical. */
type WordDecoder = (word: string) => unknown;

const ZERO_WORD_PREFIX = /^0{24}$/;

function wordDecoder(param: ParamType): WordDecoder | undefined {
  const type = param.type;
  if (type === "address") {
    return (word) => (ZERO_WORD_PREFIX.test(word.slice(0, 24)) ? `0x${word.slice(24).toLowerCase()}` : undefined);
  }
  if (type === "bool") {
    return (word) => {
      const value = BigInt(`0x${word}`);
      return value === 0n ? false : value === 1n ? true : undefined;
    };
  }
  const uint = /^uint(\d+)$/.exec(type);
  if (uint) {
    const bits = BigInt(uint[1]!);
    return (word) => {
      const value = BigInt(`0x${word}`);
      return value >> bits === 0n ? value : undefined;
    };
  }
  const bytes = /^bytes(\d+)$/.exec(type);
  if (bytes) {
    const digits = 2 * Number(bytes[1]);
    return (word) => `0x${word.slice(0, digits).toLowerCase()}`;
  }
  return undefined;
}

function staticDecoder(fragment: EventFragment): StaticDecoder | undefined {
  const fields: { name: string; indexed: boolean; decode: WordDecoder }[] = [];
  for (const input of fragment.inputs) {
    const decode = wordDecoder(input);
    if (!decode || !input.name) return undefined;
    fields.push({ name: input.name, indexed: input.indexed === true, decode });
  }
  const topicCount = 1 + fields.filter((f) => f.indexed).length;
  const dataLength = 2 + 64 * fields.filter((f) => !f.indexed).length;
  const word = /^[0-9a-fA-F]{64}$/;
  return (topics, data) => {
    if (topics.length !== topicCount || data.length !== dataLength) return undefined;
    const values: Record<string, unknown> = {};
    let topic = 1;
    let offset = 2;
    for (const field of fields) {
      let text: string;
      if (field.indexed) {
        text = topics[topic++]!.slice(2);
      } else {
        text = data.slice(offset, offset + 64);
        offset += 64;
      }
      if (!word.test(text)) return undefined;
      const value = field.decode(text);
      if (value === undefined) return undefined;
      values[field.name] = value;
    }
    return values;
  };
}
