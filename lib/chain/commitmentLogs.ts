/**
 * A round's ResultCommitments events read from the chain's logs alone (the audit's path, like
 * ./roundLogs.ts for the BudgetRound events), as lib/budget's CommitmentEvent list.
 */
import type { Provider } from "ethers";

import { ResultCommitmentsAbi } from "../../generated/abis.js";
import { foldCommitments, type CommitmentEvent, type CommitmentView } from "../budget/index.js";
import { createEventDecoder } from "./events.js";
import { getLogsChunked } from "./roundLogs.js";

interface Args {
  roundId: bigint;
  district: bigint;
  by: string;
  objector: string;
  proposalIds: readonly bigint[];
  selectedCost: bigint;
  count: { fromBlock: bigint; toBlock: bigint; toBlockHash: string; libraryVersion: string };
  windowEnd: bigint;
  recount: boolean;
  objectionId: bigint;
  reasonHash: string;
  upheld: boolean;
  lastObjectionId: bigint;
}

export async function readCommitmentEvents(
  provider: Provider,
  address: string,
  roundId: bigint,
  range: { fromBlock: number; toBlock: number; batchBlocks?: number },
): Promise<CommitmentEvent[]> {
  const logs = await getLogsChunked(provider, address, range.fromBlock, range.toBlock, range.batchBlocks);
  const decoder = createEventDecoder([{ name: "ResultCommitments", address, abi: ResultCommitmentsAbi }]);
  const events: CommitmentEvent[] = [];
  for (const log of logs) {
    const parsed = decoder.decode(log);
    if (!parsed) continue;
    const a = parsed.args as unknown as Args;
    if (a.roundId !== roundId) continue;
    const at = { blockNumber: log.blockNumber, txHash: log.transactionHash };
    const district = Number(a.district);
    if (parsed.event === "ResultCommitted") {
      events.push({
        kind: "committed",
        district,
        by: a.by,
        proposalIds: [...a.proposalIds],
        selectedCost: a.selectedCost,
        fromBlock: Number(a.count.fromBlock),
        toBlock: Number(a.count.toBlock),
        toBlockHash: a.count.toBlockHash,
        libraryVersion: a.count.libraryVersion,
        windowEnd: Number(a.windowEnd),
        recount: a.recount,
        at,
      });
    } else if (parsed.event === "ObjectionLodged") {
      events.push({
        kind: "objection",
        objectionId: a.objectionId,
        district,
        objector: a.objector,
        proposalIds: [...a.proposalIds],
        reasonHash: a.reasonHash,
        at,
      });
    } else if (parsed.event === "ObjectionsResolved") {
      events.push({
        kind: "resolved",
        district,
        by: a.by,
        upheld: a.upheld,
        lastObjectionId: a.lastObjectionId,
        reasonHash: a.reasonHash,
        at,
      });
    }
  }
  return events;
}

/** Each district's commitment as the chain's logs say. */
export async function readCommitmentsFromChain(
  provider: Provider,
  address: string,
  roundId: bigint,
  range: { fromBlock: number; toBlock: number; batchBlocks?: number },
): Promise<Map<number, CommitmentView>> {
  return foldCommitments(await readCommitmentEvents(provider, address, roundId, range));
}
