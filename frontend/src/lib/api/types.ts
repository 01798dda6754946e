/** Shapes of the API's answers (backend/api/ROUTES.md). Amounts, ids and votes are decimal strings. */

import type { ImplementationStatusLabel, Phase, RulesJson } from "../../../../lib/budget/index.js";

export type { Phase };

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Deployment {
  network: string;
  chainId: number;
  contracts: Record<
    "BudgetRound" | "BuurtkasForwarder" | "LocalCoin" | "ResidentRegistry" | "TaskBoard",
    { address: string; blockNumber: number; transactionHash: string }
  >;
  /** Where the browser reads the chain; defaults to the API's own `/rpc`. */
  rpcUrl?: string;
  /** Block explorer base for transaction links (`{explorer}/tx/{hash}`). */
  explorerUrl?: string;
}

/** A round's rules as the API answers them (lib/budget owns the shape). */
export type Rules = RulesJson;

export interface Round {
  roundId: string;
  phase: Phase;
  rules: Rules;
  createdAt: { blockNumber: string | number; txHash: string };
  cancelled: boolean;
}

export interface ProposalContent {
  title: string;
  summary: string;
  body: string;
  images: string[];
}

export interface Proposal {
  proposalId: string;
  roundId: string;
  district: number;
  proposer: string;
  requestedCost: string;
  finalCost: string | null;
  supportCount: number | string;
  status: string;
  implementation: ImplementationStatusLabel;
  contentHash: string;
  reasonHash: string | null;
  position: number | null;
  votes: string;
  content: ProposalContent | null;
}

export interface Ballot {
  roundId: string;
  district: number;
  voter: string | null;
  kind: "approval" | "cumulative";
  paper: boolean;
  proposalIds: string[];
  points: number[] | null;
  replaced: boolean;
  txHash: string;
  blockNumber: string;
  counted?: boolean;
}

export interface DistrictResults {
  district: number;
  budget: string;
  voters: number | string;
  contract: { selected: string[]; selectedCost: string } | null;
  greedy: { selected: string[]; cost: string; explanation: unknown[] };
  mes: { selected: string[]; cost: string; explanation: unknown[] } | null;
  tallies: { proposalId: string; votes: string }[];
}

export interface Results {
  roundId: string;
  finalized: boolean;
  districts: DistrictResults[];
}

export interface AuditAnswer {
  match: boolean;
  districts: {
    district: number;
    mismatches: { proposalId: string; field: string; database: unknown; contract: unknown; library: unknown }[];
  }[];
}

export interface TaskClaim {
  claimant: string;
  status: string;
  evidenceHash: string | null;
  claimedAt: number;
  reason?: string | null;
}

export interface Task {
  taskId: string;
  creator: string;
  verifier: string;
  district: number;
  reward: string;
  slots: number;
  filled: number;
  open: number;
  deadline: number;
  claimWindow: number;
  contentHash: string;
  status: "open" | "full" | "expired" | "cancelled";
  claims?: TaskClaim[];
}

export interface AccountInfo {
  address: string;
  residentDistricts: { district: number; expiresAt: number }[];
  balance: string;
  earnedThisYear: string;
  yearlyCap: string;
  isMerchant: boolean;
}

export interface LedgerEntry {
  txHash: string;
  blockNumber: string;
  logIndex: number;
  time: number;
  counterparty: string | null;
  amount: string;
  balanceAfter: string;
  kind: "mint" | "transfer" | "reward" | "redeem" | "escrow" | "refund";
}

export interface Merchant {
  address: string;
  name?: string | null;
  redeemedTotal: string;
}

export interface Redemption {
  merchant: string;
  amount: string;
  paymentReference: string;
  txHash: string;
  blockNumber: string;
  time: number;
}

export interface RelayAnswer {
  id: string;
  txHash: string | null;
  status: "pending" | "mined" | "failed";
  blockNumber?: string | number;
  error?: { code: string; message: string; details?: unknown } | string;
}
