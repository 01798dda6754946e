/** Rows of the budget queries → the answers lib/api/schemas.ts describes. */
import type { z } from "zod";

import type * as api from "../../../lib/api/schemas.js";
import { decodeApproval, decodePoints } from "../../../lib/ballots/encoding.js";
import { phaseOf, rulesFromColumns, rulesJson } from "../../../lib/budget/index.js";
import type { BallotRow, ProposalRow, RoundRow, TallyRow } from "./queries.js";

type Round = z.input<typeof api.round>;
type Proposal = z.input<typeof api.proposal>;
type Ballot = z.input<typeof api.ballot>;

export function roundView(row: RoundRow, now: bigint): Round {
  const rules = rulesFromColumns(row);
  return {
    roundId: row.round_id.toString(),
    phase: phaseOf(rules.schedule, now, row),
    rules: rulesJson(rules),
    creator: row.creator,
    createdAt: { blockNumber: row.block_number.toString(), txHash: row.tx_hash },
    cancelled: row.cancelled,
    rulesContent: row.rules_content,
  };
}

export function proposalView(row: ProposalRow): Proposal {
  return {
    proposalId: row.proposal_id.toString(),
    roundId: row.round_id.toString(),
    district: Number(row.district),
    proposer: row.proposer,
    requestedCost: row.requested_cost.toString(),
    finalCost: row.final_cost?.toString() ?? null,
    supportCount: Number(row.support_count),
    paperSupportCount: row.paper_support_count,
    status: row.feasible === null ? "submitted" : row.feasible ? "feasible" : "infeasible",
    stage: stageOf(row),
    commentCount: row.comment_count,
    implementation: (row.implementation ?? "none") as Proposal["implementation"],
    contentHash: row.content_hash,
    reasonHash: row.reason_hash,
    position: row.position,
    votes: (row.votes ?? 0n).toString(),
    content: row.content,
    reasonContent: row.reason_content,
    progress: row.progress as Proposal["progress"],
    submitted: { blockNumber: row.block_number.toString(), txHash: row.tx_hash },
  };
}

/** Where a proposal is in its life cycle, the latest step first (lib/api/schemas.ts `proposalStage`). */
export function stageOf(
  row: Pick<ProposalRow, "feasible" | "position" | "chosen" | "implementation">,
): Proposal["stage"] {
  if (row.implementation === "done") return "done";
  if (row.implementation === "in-progress") return "inProgress";
  if (row.chosen === true || row.implementation === "planned") return "chosen";
  if (row.chosen === false) return "notChosen";
  if (row.position !== null) return "onBallot";
  if (row.feasible === false) return "infeasible";
  if (row.feasible === true) return "feasible";
  return "submitted";
}

/** The published ballot of each district: slot i holds the proposal at position i. */
export type Slots = Map<number, { proposalId: bigint; cost: bigint; votes: bigint }[]>;

export function slotsOf(rows: readonly TallyRow[]): Slots {
  const map: Slots = new Map();
  for (const row of rows) {
    const list = map.get(Number(row.district)) ?? [];
    list[row.position] = { proposalId: row.proposal_id, cost: row.cost, votes: row.votes };
    map.set(Number(row.district), list);
  }
  return map;
}

/** A ballot's entries as (position, points); an approval ballot gives each chosen position 1 point. */
function ballotEntries(row: { selection: bigint | null; points: bigint[] | null }): [number, number][] {
  if (row.selection !== null) return decodeApproval(row.selection).map((position) => [position, 1]);
  return [...decodePoints(row.points ?? [])];
}

/** The proposal id at a ballot position ("position N" if the ballot has no such position). */
export const idAt = (slots: readonly { proposalId: bigint }[], position: number): string =>
  slots[position]?.proposalId.toString() ?? `position ${position}`;

export function ballotView(row: BallotRow, slots: Slots): Ballot {
  const own = slots.get(Number(row.district)) ?? [];
  const entries = ballotEntries(row);
  return {
    roundId: row.round_id.toString(),
    district: Number(row.district),
    voter: row.paper ? null : row.ballot_key,
    paperSerial: row.paper ? row.ballot_key : null,
    kind: row.kind,
    paper: row.paper,
    proposalIds: entries.map(([position]) => idAt(own, position)),
    points: row.kind === "cumulative" ? entries.map(([, points]) => points) : null,
    replaced: !row.current,
    counted: row.current,
    txHash: row.tx_hash,
    blockNumber: row.block_number.toString(),
    logIndex: row.log_index,
  };
}
