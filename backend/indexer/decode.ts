/**
 * Logs to events: the contract a log came from is known by its address, the event by its first
 * topic, and the arguments are decoded with the contract's ABI generated from the Hardhat build.
 */
import { Interface, type InterfaceAbi, type EventFragment, type Log } from "ethers";

import { BudgetRoundAbi, LocalCoinAbi, ResidentRegistryAbi, TaskBoardAbi } from "../../generated/abis.js";
import { eventSpecs } from "./projections/index.js";
import { Args, type EventSpec, type IndexedContract, type IndexedEvent } from "./projections/types.js";

const abis: Record<IndexedContract, InterfaceAbi> = {
  LocalCoin: LocalCoinAbi as unknown as InterfaceAbi,
  ResidentRegistry: ResidentRegistryAbi as unknown as InterfaceAbi,
  TaskBoard: TaskBoardAbi as unknown as InterfaceAbi,
  BudgetRound: BudgetRoundAbi as unknown as InterfaceAbi,
};

export const indexedContracts = Object.keys(abis) as IndexedContract[];

export interface Decoder {
  /** Addresses to ask eth_getLogs for (lowercase). */
  addresses: string[];
  /** First topics of every event we index (eth_getLogs asks only for these). */
  topics: string[];
  /** The event a log holds, with the time of its block. */
  decode(log: Log, blockTime: Date): IndexedEvent;
}

interface Known {
  contract: IndexedContract;
  spec: EventSpec;
  fragment: EventFragment;
  iface: Interface;
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
    byTopic.set(`${spec.contract}:${fragment.topicHash}`, { contract: spec.contract, spec, fragment, iface });
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
        values = known.iface.decodeEventLog(known.fragment, log.data, log.topics).toObject();
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
