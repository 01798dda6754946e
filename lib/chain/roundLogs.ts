/**
 * A budget round reconstructed from the chain's logs alone (eth_getLogs + the ABI from the build):
 * rules, proposals, each district's published ballot, every ballot event, and the contract's own
 * result. This is the path independent of our database and API that the audit and the .pb export
 * take; it trusts nothing but the RPC endpoint and the contract address. Logs are read with the
 * shared log reader (./logs.ts) and decoded with the shared event decoder (./events.ts), the same
 * ones the indexer uses.
 */
import { Interface, id, type Provider } from "ethers";

import { BudgetRoundAbi } from "../../generated/abis.js";
import { rulesFromChain, type Rules } from "../budget/index.js";
import { createEventDecoder } from "./events.js";
import { createLogReader, logsOf, type ChainLog } from "./logs.js";

export const budgetRoundInterface = new Interface(BudgetRoundAbi);

/** keccak256("CLERK_ROLE"): the role of the paper desks (and clerks) on BudgetRound. */
const CLERK_ROLE = id("CLERK_ROLE");
const roleGrantedTopic = budgetRoundInterface.getEvent("RoleGranted")!.topicHash;

export interface ChainBallot {
  /** The voter's address, or `paper:<serial hash>` for a paper ballot. */
  key: string;
  paper: boolean;
  district: number;
  /** Approval rounds: the bitmap over positions. */
  selection?: bigint;
  /** Cumulative rounds: packed points words. */
  points?: bigint[];
  transactionHash: string;
  blockNumber: number;
  /** How many ballots this voter cast in total (re-votes replace; only the last counts). */
  versions: number;
}

export interface ChainDistrict {
  id: number;
  budget: bigint;
  /** Proposal id and final cost by ballot position; empty until published. */
  positions: { proposalId: bigint; cost: bigint }[];
  published: boolean;
  /** Current ballots (the latest per voter, and every paper ballot). */
  ballots: ChainBallot[];
  result?: { selected: bigint; selectedCost: bigint; tallies: bigint[]; transactionHash: string };
}

export interface ChainProposal {
  id: bigint;
  district: number;
  proposer: string;
  requestedCost: bigint;
  contentHash: string;
  review?: { feasible: boolean; finalCost: bigint; reasonHash: string };
  /** Its ProposalSupported events, in chain order (online supports and paper ones alike). */
  supports?: ChainSupport[];
}

/** One ProposalSupported event: the supporter is the account, or a vote code's address on paper. */
export interface ChainSupport {
  supporter: string;
  /** The running count the event states. */
  supportCount: number;
  transactionHash: string;
  blockNumber: number;
}

export interface ChainRound {
  roundId: bigint;
  contract: string;
  /** The rules exactly as emitted in RoundCreated (enums as their generated labels). */
  rules: Rules;
  createdIn: { blockNumber: number; transactionHash: string };
  cancelled: boolean;
  finalized: boolean;
  proposals: Map<bigint, ChainProposal>;
  districts: Map<number, ChainDistrict>;
  /** Accounts the contract granted CLERK_ROLE (RoleGranted, any round): the paper desks among them. */
  clerks?: string[];
  /** What was read, so another auditor can reproduce it. */
  coverage: { fromBlock: number; toBlock: number; toBlockHash: string; logs: number };
}

export interface ReadRoundOptions {
  fromBlock?: number;
  toBlock?: number;
  /** Widest eth_getLogs request in blocks (default 50,000); shrunk while the provider refuses. */
  batchBlocks?: number;
}

export class RoundNotFoundError extends Error {
  override name = "RoundNotFoundError";
}

/** Every log of `address` in the range, in chain order, in ranges as wide as the provider accepts. */
export function getLogsChunked(
  provider: Provider,
  address: string,
  fromBlock: number,
  toBlock: number,
  batchBlocks = 50_000,
): Promise<ChainLog[]> {
  return createLogReader(logsOf(provider), { maxBlocks: batchBlocks }).readAll({ address }, fromBlock, toBlock);
}

export async function readRoundFromChain(
  provider: Provider,
  address: string,
  roundId: bigint,
  options: ReadRoundOptions = {},
): Promise<ChainRound> {
  const toBlock = options.toBlock ?? (await provider.getBlockNumber());
  const toBlockHash = (await provider.getBlock(toBlock))!.hash!;
  const fromBlock = options.fromBlock ?? 0;
  const logs = await getLogsChunked(provider, address, fromBlock, toBlock, options.batchBlocks);

  let round: ChainRound | undefined;
  const latestOnline = new Map<string, ChainBallot>();
  const paper: ChainBallot[] = [];

  const decoder = createEventDecoder([{ name: "BudgetRound", address, abi: BudgetRoundAbi }]);
  const clerks = new Set<string>();
  for (const log of logs) {
    const parsed = decoder.decode(log);
    if (!parsed) continue;
    // Each event carries the fields of its own ABI entry; only those of the event switched on are read.
    const args = parsed.args as Partial<EventArgs> as EventArgs;
    const name = parsed.event;
    const at = { transactionHash: log.transactionHash, blockNumber: log.blockNumber };
    if (name === "RoleGranted" && args.role === CLERK_ROLE) {
      clerks.add(args.account.toLowerCase());
      continue;
    }
    if (name === "RoundCreated") {
      if (args.roundId !== roundId) continue;
      round = newRound(roundId, address, args.rules, at, { fromBlock, toBlock, toBlockHash, logs: logs.length });
      continue;
    }
    if (!round) continue;
    switch (name) {
      case "RoundCancelled":
        if (args.roundId === roundId) round.cancelled = true;
        break;
      case "ProposalSubmitted":
        if (args.roundId === roundId) {
          round.proposals.set(args.proposalId, {
            id: args.proposalId,
            district: Number(args.district),
            proposer: args.proposer,
            requestedCost: args.cost,
            contentHash: args.contentHash,
          });
        }
        break;
      case "ProposalSupported": {
        const proposal = round.proposals.get(args.proposalId);
        if (proposal) {
          (proposal.supports ??= []).push({
            supporter: args.supporter.toLowerCase(),
            supportCount: Number(args.supportCount),
            ...at,
          });
        }
        break;
      }
      case "ProposalReviewed": {
        const proposal = round.proposals.get(args.proposalId);
        if (proposal) {
          proposal.review = { feasible: args.feasible, finalCost: args.finalCost, reasonHash: args.reasonHash };
        }
        break;
      }
      case "BallotPublished":
        if (args.roundId === roundId) {
          const district = round.districts.get(Number(args.district))!;
          district.published = true;
          district.positions = (args.proposalIds as bigint[]).map((proposalId, i) => ({
            proposalId,
            cost: (args.costs as bigint[])[i]!,
          }));
        }
        break;
      case "ApprovalBallotCast":
      case "CumulativeBallotCast": {
        if (args.roundId !== roundId) break;
        const key = (args.voter as string).toLowerCase();
        const versions = (latestOnline.get(key)?.versions ?? 0) + 1;
        latestOnline.set(key, {
          key,
          paper: false,
          district: Number(args.district),
          ...(name === "ApprovalBallotCast"
            ? { selection: args.selection as bigint }
            : { points: [...(args.points as bigint[])] }),
          ...at,
          versions,
        });
        break;
      }
      case "PaperApprovalBallotRecorded":
      case "PaperCumulativeBallotRecorded":
        if (args.roundId !== roundId) break;
        paper.push({
          key: `paper:${args.serialHash}`,
          paper: true,
          district: Number(args.district),
          ...(name === "PaperApprovalBallotRecorded"
            ? { selection: args.selection as bigint }
            : { points: [...(args.points as bigint[])] }),
          ...at,
          versions: 1,
        });
        break;
      case "DistrictFinalized":
        if (args.roundId === roundId) {
          round.districts.get(Number(args.district))!.result = {
            selected: args.selected,
            selectedCost: args.selectedCost,
            tallies: [...(args.tallies as bigint[])],
            transactionHash: log.transactionHash,
          };
        }
        break;
      case "RoundFinalized":
        if (args.roundId === roundId) round.finalized = true;
        break;
    }
  }
  if (!round) {
    throw new RoundNotFoundError(`round ${roundId} was not created by ${address} in blocks ${fromBlock}..${toBlock}`);
  }
  // A desk granted CLERK_ROLE before `fromBlock` still records paper supports after it: read the
  // role's grants of the blocks before the range too (one topic-filtered query), so that an audit
  // from a later block tells paper supports apart as well as one from the deployment.
  if (fromBlock > 0) {
    const grants = await createLogReader(logsOf(provider), { maxBlocks: options.batchBlocks ?? 50_000 }).readAll(
      { address, topics: [roleGrantedTopic, CLERK_ROLE] },
      0,
      fromBlock - 1,
    );
    for (const log of grants) {
      const parsed = decoder.decode(log);
      if (parsed?.event === "RoleGranted")
        clerks.add((parsed.args as unknown as { account: string }).account.toLowerCase());
    }
  }
  round.clerks = [...clerks];
  for (const ballot of [...latestOnline.values(), ...paper]) {
    round.districts.get(ballot.district)?.ballots.push(ballot);
  }
  return round;
}

/** The BudgetRound events' arguments this reader uses, as the ABI types them. */
interface EventArgs {
  roundId: bigint;
  role: string;
  account: string;
  supporter: string;
  supportCount: bigint;
  /** The RoundCreated struct as ethers decodes it (read by rulesFromChain). */
  rules: object;
  proposalId: bigint;
  district: bigint;
  proposer: string;
  cost: bigint;
  contentHash: string;
  feasible: boolean;
  finalCost: bigint;
  reasonHash: string;
  proposalIds: readonly bigint[];
  costs: readonly bigint[];
  voter: string;
  selection: bigint;
  points: readonly bigint[];
  serialHash: string;
  selected: bigint;
  selectedCost: bigint;
  tallies: readonly bigint[];
}

function newRound(
  roundId: bigint,
  contract: string,
  emitted: object,
  createdIn: ChainRound["createdIn"],
  coverage: ChainRound["coverage"],
): ChainRound {
  const rules = rulesFromChain(emitted);
  const { districts, budgets } = rules;
  return {
    roundId,
    contract,
    rules,
    createdIn,
    cancelled: false,
    finalized: false,
    proposals: new Map(),
    districts: new Map(
      districts.map((id, i) => [id, { id, budget: budgets[i]!, positions: [], published: false, ballots: [] }]),
    ),
    coverage,
  };
}
