/**
 * The API's answers, one zod schema per route (backend/api/ROUTES.md). The one description of the
 * wire format: the backend declares each route's answer with it (the API tests parse every answer
 * with it and /api/openapi.json carries it as the response schema), the front end's client parses
 * every answer with it and takes its types from it, and the audit reads the API through it.
 *
 * One representation per field: uint256 values (ids, amounts, votes, block numbers) are decimal
 * strings, small counters and unix times are JSON numbers, addresses and hashes lowercase hex.
 * Browser-safe: zod and the deployments file's schema only.
 */
import { z } from "zod";

import {
  BallotSecrecyLabels,
  BallotTypeLabels,
  ClaimStatusLabels,
  ImplementationStatusLabels,
  PhaseLabels,
  TallyRuleLabels,
  TieBreakLabels,
} from "../budget/enums.js";
import type { RulesJson } from "../budget/rules.js";
import { CONTENT_KINDS } from "../content/kinds.js";
import { contractNames, deploymentSchema } from "../contracts/schema.js";
import { RULES, type Rule } from "../tally/types.js";

// ---------------------------------------------------------------- fields

/** A uint256 as a decimal string (JSON numbers lose precision above 2^53). */
export const uint = z.string().regex(/^(0|[1-9]\d{0,77})$/, "must be a decimal whole number");
/** A signed amount (a ledger movement) as a decimal string. */
export const int = z.string().regex(/^-?(0|[1-9]\d{0,77})$/, "must be a decimal integer");
export const address = z.string().regex(/^0x[0-9a-f]{40}$/, "must be a lowercase 0x address");
export const hash = z.string().regex(/^0x[0-9a-f]{64}$/, "must be a lowercase 0x hash");
/** A small counter, a position, a district number or unix seconds: a JSON number. */
const count = z.number().int().nonnegative();
const districtNumber = z.number().int().positive();

export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    /** Pass as `cursor` for the next page; null on the last page. */
    nextCursor: z.string().nullable(),
  });
export type Page<T> = { items: T[]; nextCursor: string | null };

/** Every error answer: `{ error: { code, message, details } }`. */
export const errorAnswer = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

// ---------------------------------------------------------------- system

export const healthAnswer = z.object({
  /** The database answers, the chain answers, and both are the chain of the deployment. */
  ok: z.boolean(),
  chainId: z.number().int(),
  network: z.string(),
  indexedBlock: count.nullable(),
  indexedBlockHash: hash.nullable(),
  headBlock: count.nullable(),
  behind: count.nullable(),
  /**
   * reachable; unreachable; or other_chain: the RPC, the index or the deployments file name
   * different chains (chain id or genesis hash), so the index must not be served.
   */
  chain: z.enum(["reachable", "unreachable", "other_chain"]),
  /** What is wrong when ok is false. */
  problem: z.string().nullable(),
});

/** The deployments file (lib/contracts/schema.ts) and where the browser reads the chain. */
export const deploymentAnswer = deploymentSchema.extend({
  /** Where the browser reads the chain (the API's own `/rpc` unless configured); absent: nowhere. */
  rpcUrl: z.string().optional(),
  /** Block explorer base for transaction links (`{explorer}/tx/{hash}`). */
  explorerUrl: z.string().optional(),
});

// ---------------------------------------------------------------- budget

// Enum values are the labels generated from the contracts (lib/budget), one spelling everywhere.
export const phase = z.enum(PhaseLabels);
export const ballotType = z.enum(BallotTypeLabels);

export const rules = z.object({
  districts: z.array(z.object({ district: districtNumber, budget: uint })),
  schedule: z.object({
    proposalsStart: count,
    supportStart: count,
    reviewStart: count,
    votingStart: count,
    votingEnd: count,
  }),
  supportThreshold: count,
  ballotType,
  minProjects: count,
  maxProjects: count,
  minBudgetShareBps: count,
  maxBudgetShareBps: count,
  totalPoints: count,
  maxPointsPerProject: count,
  /** Proposals one account may submit in the round (0: no limit). */
  maxProposalsPerProposer: count,
  tallyRule: z.enum(TallyRuleLabels),
  tieBreak: z.enum(TieBreakLabels),
  /** Seconds to object to a committed result (equal-shares-add1; 0 for greedy, counted on chain). */
  objectionWindow: count,
  rulesHash: hash,
  /** Public ballots from residents' accounts, or secret ones from one-time addresses with tokens. */
  secrecy: z.enum(BallotSecrecyLabels),
});

/** lib/budget owns a round's rules (derived from the contract's ABI): this schema must be that shape. */
type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const rulesAreLibBudgets: SameShape<z.infer<typeof rules>, RulesJson> = true;
void rulesAreLibBudgets;

/** Where something happened on chain. */
const createdIn = z.object({ blockNumber: uint, txHash: hash });

/** A round's name, rules in words and district names (the `rules` document whose hash is rulesHash). */
export const rulesContent = z.object({
  title: z.string(),
  text: z.string(),
  districts: z.array(z.object({ district: districtNumber, name: z.string() })),
});

export const round = z.object({
  roundId: uint,
  phase,
  rules,
  creator: address,
  createdAt: createdIn,
  cancelled: z.boolean(),
  /** The stored rules document (lib/content) whose hash is rules.rulesHash; null when none is stored. */
  rulesContent: rulesContent.nullable(),
});

/** A proposal's text; its keccak256 over the canonical JSON (lib/content) is anchored on chain. */
export const proposalContent = z.object({
  title: z.string(),
  summary: z.string(),
  body: z.string(),
  /** Hashes of photos in the content store (GET /api/content/{hash}/file). */
  images: z.array(z.string()),
  theme: z.string().optional(),
  location: z.object({ lat: z.number(), lon: z.number() }).optional(),
});

/**
 * A proposal's step in its life cycle: submitted (gathering support), feasible (reviewed, ballot
 * not yet published), infeasible (with the review's reason), onBallot, then after finalization
 * chosen or notChosen, and for a chosen one inProgress and done as the municipality reports them.
 */
export const proposalStage = z.enum([
  "submitted",
  "feasible",
  "infeasible",
  "onBallot",
  "chosen",
  "notChosen",
  "inProgress",
  "done",
]);

export const proposal = z.object({
  proposalId: uint,
  roundId: uint,
  district: districtNumber,
  proposer: address,
  requestedCost: uint,
  /** The reviewer's cost; null before the review. */
  finalCost: uint.nullable(),
  supportCount: count,
  /** Of `supportCount`, the supports recorded on paper forms at a clerk's desk. */
  paperSupportCount: count,
  status: z.enum(["submitted", "feasible", "infeasible"]),
  stage: proposalStage,
  /** Comments on it that are shown (one hidden by a moderator or deleted by its author is not counted). */
  commentCount: count,
  implementation: z.enum(ImplementationStatusLabels),
  contentHash: hash,
  reasonHash: hash.nullable(),
  /** Position on the district's published ballot; null when not on it. */
  position: count.nullable(),
  /** Votes so far ("0" when not on the ballot). */
  votes: uint,
  /** The stored text whose hash is contentHash; null when no such text was stored. */
  content: proposalContent.nullable(),
  /** The reviewer's reason (the `review` document whose hash is reasonHash); null when none is stored. */
  reasonContent: z.object({ reason: z.string() }).nullable(),
  /** Every implementation report of a funded project, oldest first, with its note when stored. */
  progress: z.array(
    z.object({
      status: z.enum(ImplementationStatusLabels),
      noteHash: hash,
      note: z.object({ note: z.string(), photos: z.array(hash) }).nullable(),
      reported: createdIn,
    }),
  ),
  submitted: createdIn,
});

// ---------------------------------------------------------------- content store

export const contentKind = z.enum(CONTENT_KINDS);

/** Why a moderator hid an item (the text or photo is no longer served; the hash stays on chain). */
export const moderationNote = z.object({
  reason: z.string(),
  moderator: address,
  /** Unix seconds. */
  at: count,
});

export const photoInfo = z.object({
  mediaType: z.enum(["image/jpeg", "image/png", "image/webp"]),
  width: count,
  height: count,
  /** Size of the stored file, whose keccak256 is the hash. */
  bytes: count,
  /** The stored file (GET /api/content/{hash}/file). */
  url: z.string(),
  /** A small WebP of it (GET /api/content/{hash}/thumbnail). */
  thumbnailUrl: z.string(),
});

/**
 * One stored item. `document` is the normalised document whose canonical JSON hashes to `hash`
 * (lib/content), `photo` describes a photo whose bytes hash to it; both are null when hidden.
 */
export const contentItem = z.object({
  hash,
  kind: contentKind,
  /** Who signed the write. */
  author: address,
  /** Unix seconds of the write. */
  createdAt: count,
  /** Whether a transaction anchored the hash (or an anchored document refers to the photo); unanchored items are pruned after a day. */
  anchored: z.boolean(),
  document: z.record(z.string(), z.unknown()).nullable(),
  photo: photoInfo.nullable(),
  hidden: moderationNote.nullable(),
});

/** District names from the rounds' rules documents (the newest round naming a district wins). */
export const districtNames = z.object({
  items: z.array(z.object({ district: districtNumber, name: z.string(), roundId: uint })),
});

export const moderationEntry = z.object({
  id: uint,
  hash,
  kind: contentKind,
  action: z.enum(["hide", "restore"]),
  reason: z.string(),
  moderator: address,
  at: count,
});

export const ballot = z.object({
  roundId: uint,
  district: districtNumber,
  /** The voter of an online ballot; null for a paper ballot. */
  voter: address.nullable(),
  /** The hashed serial of a paper ballot; null for an online one. */
  paperSerial: hash.nullable(),
  kind: ballotType,
  paper: z.boolean(),
  proposalIds: z.array(z.string()),
  /** Points per entry of proposalIds (cumulative ballots); null for approval ballots. */
  points: z.array(count).nullable(),
  /** A later ballot of the same voter replaced this one. */
  replaced: z.boolean(),
  /** This is the voter's ballot that counts. */
  counted: z.boolean(),
  txHash: hash,
  blockNumber: uint,
  logIndex: count,
});

const explanationLine = z.object({
  proposalId: z.string(),
  cost: uint,
  votes: uint,
  selected: z.boolean(),
  step: count.nullable(),
  /** Method of Equal Shares: the largest payment per supporter, to two decimals. */
  rho: z.string().nullable(),
  reason: z.enum(["selected", "no-votes", "exceeds-remaining-budget", "category-cap", "not-affordable-by-supporters"]),
  text: z.object({ nl: z.string(), en: z.string() }),
});

export const ruleOutcome = z.object({
  rule: z.enum(RULES as readonly [Rule, ...Rule[]]),
  selected: z.array(z.string()),
  cost: uint,
  explanation: z.array(explanationLine),
});

/** Where an event happened on chain. */
const eventPlace = z.object({ blockNumber: count, txHash: hash });

/** An objection to a committed result (ResultCommitments.ObjectionLodged) and its resolution. */
export const objection = z.object({
  objectionId: uint,
  objector: address,
  /** The outcome the objector computed, ascending ids. */
  proposalIds: z.array(z.string()),
  reasonHash: hash,
  lodged: eventPlace,
  /** null while open; upheld: the commitment stands, otherwise a recount replaced it. */
  resolution: z.object({ upheld: z.boolean(), by: address, reasonHash: hash, at: eventPlace }).nullable(),
});

/** A district's committed result (rounds counted off chain: equal-shares-add1). */
export const commitment = z.object({
  /** Selected proposal ids, ascending: the first commitment or the admin's latest recount. */
  selected: z.array(z.string()),
  selectedCost: uint,
  /** The blocks whose ballot logs were counted, and the hash of the last one. */
  fromBlock: count,
  toBlock: count,
  toBlockHash: hash,
  /** The tally library version that computed it (lib/tally TALLY_LIBRARY_VERSION). */
  libraryVersion: z.string(),
  committedBy: address,
  committed: eventPlace,
  /** Unix seconds: objections before it; final from it on when no objection is open. */
  windowEnd: count,
  recounts: count,
  objections: z.array(objection),
  openObjections: count,
});

export const districtResults = z.object({
  district: districtNumber,
  budget: uint,
  /** Ballots that count (online and paper). */
  voters: count,
  /** The contract's selection once the district is finalized, else null. */
  contract: z.object({ selected: z.array(z.string()), selectedCost: uint }).nullable(),
  greedy: ruleOutcome,
  /** Method of Equal Shares with Add1; null for cumulative rounds. */
  mes: ruleOutcome.nullable(),
  /** The committed result of a round counted off chain; null for greedy rounds and before the commitment. */
  commitment: commitment.nullable(),
  tallies: z.array(z.object({ proposalId: z.string(), cost: uint, votes: uint })),
});

export const results = z.object({
  roundId: uint,
  finalized: z.boolean(),
  ballotType,
  /** The round's binding rule: greedy (computed by the contract) or equal-shares-add1 (committed). */
  tallyRule: z.enum(TallyRuleLabels),
  /** Seconds to object after a commitment (0 for greedy). */
  objectionWindow: count,
  districts: z.array(districtResults),
});

/** One difference an audit found (lib/audit and GET /api/rounds/:id/audit). */
export const mismatch = z.object({
  /** Where the value that differs from the recount came from (api: the index the API serves). */
  source: z.enum(["contract", "contract-event", "commitment", "api"]),
  district: z.number().int().nullable(),
  proposalId: z.string().nullable(),
  /** What differs: votes, selected, selectedCost, budget, paperBallots, ballotLength, content, ... */
  field: z.string(),
  /** The value the recount gives (null: the recount has no such thing). */
  recount: z.string().nullable(),
  /** The value `source` gives (null: it has no such thing). */
  found: z.string().nullable(),
});

const auditSide = z.object({ tallies: z.array(uint), selected: z.array(z.string()).nullable() });

export const apiAudit = z.object({
  roundId: uint,
  /** The indexed block every side was read at. */
  block: z.object({ number: uint, hash: hash.nullable() }).nullable(),
  match: z.boolean(),
  districts: z.array(
    z.object({
      district: districtNumber,
      database: auditSide,
      contract: auditSide,
      /** The tally library's recount of the indexed ballots. */
      library: auditSide,
      mismatches: z.array(mismatch),
    }),
  ),
});

// ---------------------------------------------------------------- tasks and coins

export const taskStatus = z.enum(["open", "full", "expired", "cancelled"]);

export const task = z.object({
  taskId: uint,
  creator: address,
  verifier: address,
  district: districtNumber,
  reward: uint,
  slots: count,
  /** Slots claimed or completed. */
  filled: count,
  active: count,
  completed: count,
  open: count,
  escrow: uint,
  deadline: count,
  claimWindow: count,
  contentHash: hash,
  status: taskStatus,
  createdBlock: uint,
});

/** A claim's status (never "none": a task lists only claims that were made). */
export const claimStatus = z.enum(ClaimStatusLabels).exclude(["none"]);

export const taskClaim = z.object({
  claimant: address,
  status: claimStatus,
  evidenceHash: hash.nullable(),
  claimedAt: count,
  expiresAt: count,
  /** The verifier's reason, for a rejected claim. */
  reason: z.string().nullable(),
  /** The stored evidence (the `evidence` document whose hash is evidenceHash); null when none is stored. */
  evidence: z.object({ text: z.string(), photos: z.array(hash) }).nullable(),
});

export const taskDetail = task.extend({ claims: z.array(taskClaim) });

export const account = z.object({
  address,
  /** Districts the account may vote in now. */
  residentDistricts: z.array(z.object({ district: districtNumber, expiresAt: count })),
  registration: z
    .object({ district: districtNumber, expiresAt: count, revoked: z.boolean(), active: z.boolean() })
    .nullable(),
  balance: uint,
  earnedThisYear: uint,
  year: count,
  yearlyCap: uint,
  isMerchant: z.boolean(),
});

export const ledgerKind = z.enum(["mint", "transfer", "reward", "redeem", "escrow", "refund"]);

export const ledgerEntry = z.object({
  txHash: hash,
  blockNumber: uint,
  logIndex: count,
  time: count,
  /** The other side; null for a mint or a redemption. */
  counterparty: address.nullable(),
  /** Signed: negative when coins left the account. */
  amount: int,
  balanceAfter: uint,
  kind: ledgerKind,
});

export const merchant = z.object({
  address,
  /**
   * Hash of the shop's current public listing (the `merchant` document: name and street address):
   * its latest `MerchantRenamed` since it registered, else the registration's.
   */
  nameHash: hash,
  /** The stored listing whose hash is nameHash; null when none is stored (show the address then). */
  listing: z.object({ name: z.string(), address: z.string() }).nullable(),
  redeemedTotal: uint,
  registeredBlock: uint,
});

export const redemption = z.object({
  redemptionId: uint,
  merchant: address,
  amount: uint,
  paymentReference: z.string(),
  txHash: hash,
  blockNumber: uint,
  time: count,
});

// ---------------------------------------------------------------- registry

/**
 * GET /api/codebatches/:batchId: the public record of a vote-code batch (scripts/votecodes): the
 * Merkle tree over the code addresses a browser builds a code's proof from, never the codes. The
 * file is served as it was written: the tree is what a browser needs, other fields are kept.
 */
export const codeBatch = z.looseObject({
  district: districtNumber,
  /** What scripts/votecodes and the officials' page write besides the tree. */
  root: hash.optional(),
  codeCount: count.optional(),
  /** An OpenZeppelin StandardMerkleTree dump over ["address"] leaves. */
  tree: z.object({
    format: z.literal("standard-v1"),
    leafEncoding: z.array(z.string()),
    tree: z.array(z.string()),
    values: z.array(z.object({ value: z.tuple([z.string()]), treeIndex: count })),
  }),
  redeemableUntil: count.nullable().optional(),
});

/** POST /api/codebatches: the record was stored (it is served once the chain has a batch with its root). */
export const codeBatchStored = z.object({ root: hash, codeCount: z.number().int() });

/** GET /api/codebatches: a batch the chain published, with what became of it. */
export const codeBatchListItem = z.object({
  batchId: uint,
  district: districtNumber,
  root: hash,
  codeCount: z.number().int(),
  redeemableUntil: z.number().int(),
  registrationExpiresAt: z.number().int(),
  withdrawn: z.boolean(),
  /** Codes of the batch redeemed so far. */
  redeemed: z.number().int(),
  /** Whether the API serves the batch's record (a browser can prove its codes). */
  recordPublished: z.boolean(),
  txHash: hash,
});
export const codeBatchList = z.object({ items: z.array(codeBatchListItem) });

// ---------------------------------------------------------------- roles (AccessControl)

/** The grant that made an account a role's holder: who sent it, where and when. */
const roleGrant = z.object({
  /** The account that granted the role (the deployer for a constructor's grant). */
  grantedBy: address,
  blockNumber: uint,
  txHash: hash,
  /** Unix time of the block. */
  time: count,
});

export const roleHolder = roleGrant.extend({ account: address });

export const roleHolders = z.object({
  /** The role's bytes32 id. */
  role: hash,
  /** The contract's constant of that value (`REVIEWER_ROLE`, `DEFAULT_ADMIN_ROLE`); null when the ABI declares none. */
  name: z.string().nullable(),
  /** The role whose holders grant and revoke this one (`getRoleAdmin`): DEFAULT_ADMIN_ROLE unless changed. */
  adminRole: hash,
  /** Holders now, in the order they were (last) granted the role. */
  holders: z.array(roleHolder),
});

/** The index's block (GET /healthz `indexedBlock`) the answer is as of; null before anything is indexed. */
const asOfBlock = count.nullable();

/** GET /api/roles: every contract with roles, each role it declares or that was granted, with its holders now. */
export const rolesAnswer = z.object({
  indexedBlock: asOfBlock,
  contracts: z.array(
    z.object({
      contract: z.enum(contractNames),
      address,
      roles: z.array(roleHolders),
    }),
  ),
});

/** GET /api/roles/:address: the roles an account holds now, on every contract. */
export const accountRoles = z.object({
  account: address,
  indexedBlock: asOfBlock,
  roles: z.array(
    roleGrant.extend({
      contract: z.enum(contractNames),
      contractAddress: address,
      role: hash,
      name: z.string().nullable(),
    }),
  ),
});

/**
 * GET /api/roles/history: one role change (newest first in its page): a role granted to or revoked
 * from an account, or a role given another admin role.
 */
export const roleChange = z.object({
  kind: z.enum(["granted", "revoked", "admin-changed"]),
  contract: z.enum(contractNames),
  contractAddress: address,
  /** The role's bytes32 id. */
  role: hash,
  /** The contract's constant of that value; null when the ABI declares none. */
  name: z.string().nullable(),
  /** The account given the role or losing it; null for an admin change. */
  account: address.nullable(),
  /** Who sent it (the holder itself for renounceRole, the deployer in a constructor); null for an admin change. */
  by: address.nullable(),
  /** An admin change: the role that administered it before and the one that does now (with their names); else null. */
  previousAdminRole: hash.nullable(),
  previousAdminName: z.string().nullable(),
  newAdminRole: hash.nullable(),
  newAdminName: z.string().nullable(),
  blockNumber: uint,
  logIndex: count,
  txHash: hash,
  /** Unix time of the block. */
  time: count,
});
export const roleHistory = page(roleChange);

// ---------------------------------------------------------------- reports (turnout, accountability)

/** GET /api/rounds/:roundId/turnout: who voted per district, online and on paper, and by day. */
export const turnout = z.object({
  roundId: uint,
  /**
   * Unix time the registrations are counted at: the end of voting, or now (chain time) while it
   * runs. Counted from the registry's indexed history, so a closed round's figure stays the same
   * when residents register or are revoked afterwards.
   */
  registeredAt: z.number().int(),
  districts: z.array(
    z.object({
      district: districtNumber,
      /** Accounts registered in the district at registeredAt (not revoked, not expired then). */
      registered: z.number().int(),
      votedOnline: z.number().int(),
      votedPaper: z.number().int(),
      /** (online + paper) / (registered + paper): paper voters used their code on paper, so never registered. */
      percent: z.string(),
    }),
  ),
  /** New voters per day (Amsterdam time) and district, with the running total. */
  days: z.array(
    z.object({
      day: z.string(),
      district: districtNumber,
      online: z.number().int(),
      paper: z.number().int(),
      cumulative: z.number().int(),
    }),
  ),
});

/** GET /api/rounds/:roundId/accountability: funded projects with their reported status history. */
export const accountability = z.object({
  roundId: uint,
  projects: z.array(
    z.object({
      proposalId: uint,
      district: districtNumber,
      title: z.string().nullable(),
      cost: uint,
      status: z.enum(ImplementationStatusLabels),
      history: z.array(
        z.object({
          status: z.enum(ImplementationStatusLabels),
          at: z.string(),
          by: address,
          txHash: hash,
          noteHash: hash,
          /** The stored note whose hash is on chain; null when none was stored. */
          note: z.string().nullable(),
        }),
      ),
    }),
  ),
});
export type Turnout = z.infer<typeof turnout>;
export type Accountability = z.infer<typeof accountability>;

// ---------------------------------------------------------------- relayer

export const relayStatus = z.enum(["pending", "mined", "failed"]);

/** A relayed request's id (a UUID, for GET /api/relay/:id). */
export const relayId = z.uuid();

/** POST /api/relay: the request was accepted and sent. */
export const relayAccepted = z.object({ id: relayId, txHash: hash, status: relayStatus });

/** POST /api/relay/secret-ballot: only the transaction; the relayer keeps no record to look up. */
export const anonymousBallotAccepted = z.object({ txHash: hash });

/** GET /api/relay/:id. */
export const relayView = z.object({
  id: relayId,
  txHash: hash.nullable(),
  status: relayStatus,
  /** Set once mined, or failed on chain (a reverted transaction cost gas and has a block). */
  blockNumber: uint.optional(),
  error: z.string().optional(),
  from: address,
  to: address,
  contract: z.string(),
  function: z.string(),
  /** The forward request's nonce. */
  nonce: uint,
  /** When the relayer accepted it (unix seconds). */
  createdAt: count,
});

// ---------------------------------------------------------------- live updates (GET /api/events)

const blockRef = z.object({ number: count, hash: hash.nullable() });

/** The `data` of each Server-Sent Event, by its `event` name. */
export const liveEvents = {
  block: blockRef,
  reorg: z.object({ from: blockRef, to: blockRef }),
  ballot: z.object({ roundId: uint, district: districtNumber, voter: address.nullable(), txHash: hash }),
  task: z.object({ taskId: uint }),
  transfer: z.object({ from: address, to: address, value: uint, txHash: hash }),
  /** A shop registered, renamed (a new listing) or removed: its name may have changed. */
  merchant: z.object({ merchant: address, change: z.enum(["registered", "renamed", "removed"]), txHash: hash }),
} as const;
/** One event of the stream: its name and its data. */
export const liveEvent = z.discriminatedUnion("event", [
  z.object({ event: z.literal("block"), data: liveEvents.block }),
  z.object({ event: z.literal("reorg"), data: liveEvents.reorg }),
  z.object({ event: z.literal("ballot"), data: liveEvents.ballot }),
  z.object({ event: z.literal("task"), data: liveEvents.task }),
  z.object({ event: z.literal("transfer"), data: liveEvents.transfer }),
  z.object({ event: z.literal("merchant"), data: liveEvents.merchant }),
]);
export type LiveEventName = keyof typeof liveEvents;
export type LiveEventData<E extends LiveEventName> = z.infer<(typeof liveEvents)[E]>;

// ---------------------------------------------------------------- types

export type Health = z.infer<typeof healthAnswer>;
export type DeploymentAnswer = z.infer<typeof deploymentAnswer>;
export type Phase = z.infer<typeof phase>;
export type Rules = z.infer<typeof rules>;
export type Round = z.infer<typeof round>;
export type ProposalContent = z.infer<typeof proposalContent>;
export type Proposal = z.infer<typeof proposal>;
export type ContentItem = z.infer<typeof contentItem>;
export type ModerationEntry = z.infer<typeof moderationEntry>;
export type PhotoInfo = z.infer<typeof photoInfo>;
export type ProposalStage = z.infer<typeof proposalStage>;
export type Ballot = z.infer<typeof ballot>;
export type RuleOutcome = z.infer<typeof ruleOutcome>;
export type DistrictResults = z.infer<typeof districtResults>;
export type Results = z.infer<typeof results>;
export type Mismatch = z.infer<typeof mismatch>;
export type ApiAudit = z.infer<typeof apiAudit>;
export type Task = z.infer<typeof task>;
export type TaskClaim = z.infer<typeof taskClaim>;
export type TaskDetail = z.infer<typeof taskDetail>;
export type Account = z.infer<typeof account>;
export type RoleHolder = z.infer<typeof roleHolder>;
export type RolesAnswer = z.infer<typeof rolesAnswer>;
export type AccountRoles = z.infer<typeof accountRoles>;
export type RoleChange = z.infer<typeof roleChange>;
export type LedgerEntry = z.infer<typeof ledgerEntry>;
export type Merchant = z.infer<typeof merchant>;
export type Redemption = z.infer<typeof redemption>;
export type CodeBatch = z.infer<typeof codeBatch>;
export type CodeBatchListItem = z.infer<typeof codeBatchListItem>;
export type RelayAccepted = z.infer<typeof relayAccepted>;
export type RelayView = z.infer<typeof relayView>;
