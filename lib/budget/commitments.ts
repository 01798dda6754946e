/**
 * A Method of Equal Shares round's committed results (contracts/budget/IResultCommitments.sol),
 * folded from its events: the current commitment of each district (the first one, or the admin's
 * latest recount), every objection and the resolution that covered it. The audit folds the events
 * it reads from the chain's logs, the API the rows the indexer wrote, through this one function,
 * so both say the same about the same events. Browser-safe.
 */

/** Where an event happened on chain. */
export interface EventPlace {
  blockNumber: number;
  txHash: string;
}

export type CommitmentEvent =
  | {
      kind: "committed";
      district: number;
      by: string;
      proposalIds: readonly bigint[];
      selectedCost: bigint;
      fromBlock: number;
      toBlock: number;
      toBlockHash: string;
      libraryVersion: string;
      windowEnd: number;
      recount: boolean;
      at: EventPlace;
    }
  | {
      kind: "objection";
      objectionId: bigint;
      district: number;
      objector: string;
      proposalIds: readonly bigint[];
      reasonHash: string;
      at: EventPlace;
    }
  | {
      kind: "resolved";
      district: number;
      by: string;
      upheld: boolean;
      lastObjectionId: bigint;
      reasonHash: string;
      at: EventPlace;
    };

export interface ObjectionView {
  objectionId: string;
  objector: string;
  /** The outcome the objector computed, ascending ids. */
  proposalIds: string[];
  reasonHash: string;
  lodged: EventPlace;
  /** null while open. */
  resolution: { upheld: boolean; by: string; reasonHash: string; at: EventPlace } | null;
}

export interface CommitmentView {
  /** Selected proposal ids, ascending (the current commitment). */
  selected: string[];
  selectedCost: string;
  /** The blocks whose logs were counted and the last one's hash. */
  fromBlock: number;
  toBlock: number;
  toBlockHash: string;
  libraryVersion: string;
  committedBy: string;
  committed: EventPlace;
  /** End of the objection window, unix seconds: objections before it, final from it on. */
  windowEnd: number;
  /** Times the admin replaced the commitment with a recount. */
  recounts: number;
  objections: ObjectionView[];
  openObjections: number;
}

/** Each district's commitment from a round's events in chain order; districts without one are absent. */
export function foldCommitments(events: readonly CommitmentEvent[]): Map<number, CommitmentView> {
  const byDistrict = new Map<number, CommitmentView>();
  for (const event of events) {
    const current = byDistrict.get(event.district);
    switch (event.kind) {
      case "committed": {
        const fields = {
          selected: event.proposalIds.map(String),
          selectedCost: event.selectedCost.toString(),
          fromBlock: event.fromBlock,
          toBlock: event.toBlock,
          toBlockHash: event.toBlockHash.toLowerCase(),
          libraryVersion: event.libraryVersion,
          committedBy: event.by.toLowerCase(),
          committed: event.at,
          windowEnd: event.windowEnd,
        };
        if (current && event.recount) Object.assign(current, fields, { recounts: current.recounts + 1 });
        else if (!current)
          byDistrict.set(event.district, { ...fields, recounts: 0, objections: [], openObjections: 0 });
        break;
      }
      case "objection":
        if (!current) break;
        current.objections.push({
          objectionId: event.objectionId.toString(),
          objector: event.objector.toLowerCase(),
          proposalIds: event.proposalIds.map(String),
          reasonHash: event.reasonHash.toLowerCase(),
          lodged: event.at,
          resolution: null,
        });
        current.openObjections++;
        break;
      case "resolved":
        if (!current) break;
        for (const objection of current.objections) {
          if (objection.resolution === null && BigInt(objection.objectionId) <= event.lastObjectionId) {
            objection.resolution = {
              upheld: event.upheld,
              by: event.by.toLowerCase(),
              reasonHash: event.reasonHash.toLowerCase(),
              at: event.at,
            };
          }
        }
        current.openObjections = current.objections.filter((o) => o.resolution === null).length;
        break;
    }
  }
  return byDistrict;
}

/** Whether a commitment is final at `now` (unix seconds): its window over and no objection open. */
export function commitmentIsFinal(commitment: Pick<CommitmentView, "windowEnd" | "openObjections">, now: number) {
  return now >= commitment.windowEnd && commitment.openObjections === 0;
}
