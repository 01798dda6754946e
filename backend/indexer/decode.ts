/**
 * Logs to rows: the shared event decoder (lib/chain/events.ts, also the audit's) gives a log's
 * contract, event and arguments; the projection's event spec turns the arguments into its row.
 */
import type { InterfaceAbi } from "ethers";

import { abis } from "../../generated/abis.js";
import { createEventDecoder } from "../../lib/chain/events.js";
import type { ChainLog } from "../../lib/chain/logs.js";
import { eventSpecs } from "./projections/index.js";
import { Args, type EventSpec, type IndexedContract, type IndexedEvent } from "./projections/types.js";

/** Every contract whose events the index reads (all but the forwarder). */
export const indexedContracts: readonly IndexedContract[] = [
  "LocalCoin",
  "ResidentRegistry",
  "TaskBoard",
  "BudgetRound",
  "ResultCommitments",
  "PaperBallotDesk",
  "SecretBallots",
];

export interface Decoder {
  /** Addresses to ask eth_getLogs for (lowercase). */
  addresses: string[];
  /** First topics of every event we index (eth_getLogs asks only for these). */
  topics: string[];
  /** The event a log holds, with the time of its block. */
  decode(log: ChainLog, blockTime: Date): IndexedEvent;
}

/** Fails at start-up, naming the event, if the ABI no longer has an event a projection expects. */
export function createDecoder(addresses: Record<IndexedContract, string>): Decoder {
  const specOf = new Map<string, EventSpec>();
  for (const spec of eventSpecs) specOf.set(`${spec.contract}:${spec.event}`, spec);
  const events = createEventDecoder(
    indexedContracts.map((name) => ({
      name,
      address: addresses[name],
      abi: abis[name] as unknown as InterfaceAbi,
      events: eventSpecs.filter((s) => s.contract === name).map((s) => s.event),
    })),
  );
  return {
    addresses: events.addresses,
    topics: events.topics,
    decode(log, blockTime) {
      const address = log.address.toLowerCase();
      const known = events.identify(log);
      if (!known) {
        throw new Error(
          `log ${log.index} of tx ${log.transactionHash} (${address}, topic ${log.topics[0]}) is no event we index`,
        );
      }
      const spec = specOf.get(`${known.contract}:${known.fragment.name}`)!;
      const where = `${known.contract}.${spec.event} (log ${log.index} of tx ${log.transactionHash})`;
      let args: Record<string, unknown>;
      try {
        args = events.decode(log)!.args;
      } catch (error) {
        throw new Error(`${where} does not decode with the ABI: ${(error as Error).message}`, { cause: error });
      }
      return {
        spec,
        meta: {
          block_hash: log.blockHash.toLowerCase(),
          log_index: log.index,
          block_number: log.blockNumber,
          block_time: blockTime,
          tx_hash: log.transactionHash.toLowerCase(),
          contract: address,
        },
        row: spec.row(new Args(args, where)),
      };
    },
  };
}
