/**
 * Logs to events: the contract a log came from is known by its address, the event by its first
 * topic, and the arguments are decoded with the contract's ABI generated from the Hardhat build.
 *
 * Events whose arguments are all static elementary types (address, bool, uintN, bytesN: the
 * transfers and ballots that make up most of a chain's logs) are decoded straight from the hex
 * words; ethers' general decoder, which checksums every address with a keccak256, is kept for
 * the others and for any log that is not in canonical form, so both paths give the same values.
 */
import { Interface, type InterfaceAbi, type EventFragment, type ParamType } from "ethers";

import { BudgetRoundAbi, LocalCoinAbi, ResidentRegistryAbi, TaskBoardAbi } from "../../generated/abis.js";
import { eventSpecs } from "./projections/index.js";
import { Args, type EventSpec, type IndexedContract, type IndexedEvent } from "./projections/types.js";
import type { ChainLog } from "./reader.js";

const abis: Record<IndexedContract, InterfaceAbi> = {
  LocalCoin: LocalCoinAbi,
  ResidentRegistry: ResidentRegistryAbi,
  TaskBoard: TaskBoardAbi,
  BudgetRound: BudgetRoundAbi,
};

export const indexedContracts = Object.keys(abis) as IndexedContract[];

export interface Decoder {
  /** Addresses to ask eth_getLogs for (lowercase). */
  addresses: string[];
  /** First topics of every event we index (eth_getLogs asks only for these). */
  topics: string[];
  /** The event a log holds, with the time of its block. */
  decode(log: ChainLog, blockTime: Date): IndexedEvent;
}

interface Known {
  contract: IndexedContract;
  spec: EventSpec;
  fragment: EventFragment;
  iface: Interface;
  /** The fast decoder, when every argument is a static elementary type. */
  decodeStatic: StaticDecoder | undefined;
}

/** Fails at start-up, naming the event, if the ABI no longer has an event a projection expects. */
export function createDecoder(addresses: Record<IndexedContract, string>): Decoder {
  const interfaces = Object.fromEntries(indexedContracts.map((c) => [c, new Interface(abis[c])])) as Record<
    IndexedContract,
    Interface
  >;
  const byTopic = new Map<string, Known>();
  for (const spec of eventSpecs) {
    const iface = interfaces[spec.contract];
    const fragment = iface.getEvent(spec.event);
    if (!fragment) throw new Error(`the ABI of ${spec.contract} has no event ${spec.event} (table ${spec.table})`);
    byTopic.set(`${spec.contract}:${fragment.topicHash}`, {
      contract: spec.contract,
      spec,
      fragment,
      iface,
      decodeStatic: staticDecoder(fragment),
    });
  }
  const contractAt = new Map(indexedContracts.map((c) => [addresses[c].toLowerCase(), c]));

  return {
    addresses: [...contractAt.keys()],
    topics: [...new Set([...byTopic.values()].map((k) => k.fragment.topicHash))],
    decode(log, blockTime) {
      const address = log.address.toLowerCase();
      const contract = contractAt.get(address);
      const known = contract && byTopic.get(`${contract}:${log.topics[0]}`);
      if (!known) {
        throw new Error(
          `log ${log.index} of tx ${log.transactionHash} (${address}, topic ${log.topics[0]}) is no event we index`,
        );
      }
      const where = `${known.contract}.${known.spec.event} (log ${log.index} of tx ${log.transactionHash})`;
      let values: Record<string, unknown>;
      try {
        values =
          known.decodeStatic?.(log.topics, log.data) ??
          known.iface.decodeEventLog(known.fragment, log.data, log.topics).toObject();
      } catch (error) {
        throw new Error(`${where} does not decode with the ABI: ${(error as Error).message}`, { cause: error });
      }
      return {
        spec: known.spec,
        meta: {
          block_hash: log.blockHash.toLowerCase(),
          log_index: log.index,
          block_number: log.blockNumber,
          block_time: blockTime,
          tx_hash: log.transactionHash.toLowerCase(),
          contract: address,
        },
        row: known.spec.row(new Args(values, where)),
      };
    },
  };
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
