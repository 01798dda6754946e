/**
 * BudgetRound: rounds, proposals, supports, reviews, ballots (online and paper, approval and
 * cumulative), results and implementation reports; derived, the ballot that counts for every
 * voter and paper serial, and the tally of every position of every published district ballot.
 */
import { decodeApproval, decodePoints } from "../../../lib/ballots/encoding.js";
import { ImplementationStatusLabels, ruleColumns, rulesFromChain } from "../../../lib/budget/index.js";
import type { TransactionSql } from "../../db/index.js";
import { insertRows } from "./sql.js";
import { defineEvent, eventsOf, type IndexedEvent, type Projection, type Row } from "./types.js";

export const roundCreated = defineEvent({
  contract: "BudgetRound",
  event: "RoundCreated",
  table: "budget_round_created",
  row: (a) => {
    let rules;
    try {
      rules = rulesFromChain(a.raw("rules") as object);
    } catch (error) {
      throw new Error(`BudgetRound.RoundCreated: argument ${(error as Error).message}`, { cause: error });
    }
    // One column per rule (lib/budget names them), so a new rule field needs only its migration.
    return { round_id: a.uint("roundId"), creator: a.address("creator"), ...ruleColumns(rules) };
  },
});

export const roundCancelled = defineEvent({
  contract: "BudgetRound",
  event: "RoundCancelled",
  table: "budget_round_cancelled",
  row: (a) => ({ round_id: a.uint("roundId"), cancelled_by: a.address("by"), reason_hash: a.bytes32("reasonHash") }),
});

export const proposalSubmitted = defineEvent({
  contract: "BudgetRound",
  event: "ProposalSubmitted",
  table: "budget_proposal_submitted",
  row: (a) => ({
    proposal_id: a.uint("proposalId"),
    round_id: a.uint("roundId"),
    district: a.uint("district"),
    proposer: a.address("proposer"),
    cost: a.uint("cost"),
    content_hash: a.bytes32("contentHash"),
  }),
});

export const proposalSupported = defineEvent({
  contract: "BudgetRound",
  event: "ProposalSupported",
  table: "budget_proposal_supported",
  row: (a) => ({
    proposal_id: a.uint("proposalId"),
    supporter: a.address("supporter"),
    support_count: a.uint("supportCount"),
  }),
});

export const proposalReviewed = defineEvent({
  contract: "BudgetRound",
  event: "ProposalReviewed",
  table: "budget_proposal_reviewed",
  row: (a) => ({
    proposal_id: a.uint("proposalId"),
    reviewer: a.address("reviewer"),
    feasible: a.bool("feasible"),
    final_cost: a.uint("finalCost"),
    reason_hash: a.bytes32("reasonHash"),
  }),
});

export const ballotPublished = defineEvent({
  contract: "BudgetRound",
  event: "BallotPublished",
  table: "budget_ballot_published",
  row: (a) => ({
    round_id: a.uint("roundId"),
    district: a.uint("district"),
    proposal_ids: a.uintArray("proposalIds"),
    costs: a.uintArray("costs"),
  }),
});

export const approvalBallotCast = defineEvent({
  contract: "BudgetRound",
  event: "ApprovalBallotCast",
  table: "budget_approval_ballot_cast",
  row: (a) => ({
    round_id: a.uint("roundId"),
    voter: a.address("voter"),
    district: a.uint("district"),
    selection: a.uint("selection"),
    replaced: a.bool("replaced"),
  }),
});

export const cumulativeBallotCast = defineEvent({
  contract: "BudgetRound",
  event: "CumulativeBallotCast",
  table: "budget_cumulative_ballot_cast",
  row: (a) => ({
    round_id: a.uint("roundId"),
    voter: a.address("voter"),
    district: a.uint("district"),
    points: a.uintArray("points"),
    replaced: a.bool("replaced"),
  }),
});

export const paperApprovalBallotRecorded = defineEvent({
  contract: "BudgetRound",
  event: "PaperApprovalBallotRecorded",
  table: "budget_paper_approval_ballot_recorded",
  row: (a) => ({
    round_id: a.uint("roundId"),
    serial_hash: a.bytes32("serialHash"),
    district: a.uint("district"),
    selection: a.uint("selection"),
    clerk: a.address("clerk"),
  }),
});

export const paperCumulativeBallotRecorded = defineEvent({
  contract: "BudgetRound",
  event: "PaperCumulativeBallotRecorded",
  table: "budget_paper_cumulative_ballot_recorded",
  row: (a) => ({
    round_id: a.uint("roundId"),
    serial_hash: a.bytes32("serialHash"),
    district: a.uint("district"),
    points: a.uintArray("points"),
    clerk: a.address("clerk"),
  }),
});

export const districtFinalized = defineEvent({
  contract: "BudgetRound",
  event: "DistrictFinalized",
  table: "budget_district_finalized",
  row: (a) => ({
    round_id: a.uint("roundId"),
    district: a.uint("district"),
    selected: a.uint("selected"),
    selected_cost: a.uint("selectedCost"),
    tallies: a.uintArray("tallies"),
  }),
});

export const roundFinalized = defineEvent({
  contract: "BudgetRound",
  event: "RoundFinalized",
  table: "budget_round_finalized",
  row: (a) => ({ round_id: a.uint("roundId") }),
});

export const implementationReported = defineEvent({
  contract: "BudgetRound",
  event: "ImplementationReported",
  table: "budget_implementation_reported",
  row: (a) => ({
    proposal_id: a.uint("proposalId"),
    status: a.enumLabel("status", ImplementationStatusLabels),
    note_hash: a.bytes32("noteHash"),
    reported_by: a.address("by"),
  }),
});

const events = [
  roundCreated,
  roundCancelled,
  proposalSubmitted,
  proposalSupported,
  proposalReviewed,
  ballotPublished,
  approvalBallotCast,
  cumulativeBallotCast,
  paperApprovalBallotRecorded,
  paperCumulativeBallotRecorded,
  districtFinalized,
  roundFinalized,
  implementationReported,
];

/** A ballot event reduced to what counting needs. */
interface Ballot {
  event: IndexedEvent<{ round_id: bigint; district: bigint }>;
  roundId: bigint;
  district: bigint;
  /** The voter's address (online) or the serial hash (paper). */
  key: string;
  /** Points per position: 1 for every approved position. */
  positions: Map<number, bigint>;
}

function ballotsOf(events: readonly IndexedEvent[]): Ballot[] {
  const ballot = (
    event: IndexedEvent<{ round_id: bigint; district: bigint }>,
    key: string,
    positions: Map<number, bigint>,
  ): Ballot => ({ event, roundId: event.row.round_id, district: event.row.district, key, positions });
  return [
    ...eventsOf(events, approvalBallotCast).map((e) => ballot(e, e.row.voter, approvalPositions(e.row.selection))),
    ...eventsOf(events, cumulativeBallotCast).map((e) => ballot(e, e.row.voter, cumulativePositions(e.row.points))),
    ...eventsOf(events, paperApprovalBallotRecorded).map((e) =>
      ballot(e, e.row.serial_hash, approvalPositions(e.row.selection)),
    ),
    ...eventsOf(events, paperCumulativeBallotRecorded).map((e) =>
      ballot(e, e.row.serial_hash, cumulativePositions(e.row.points)),
    ),
  ];
}

/** Points per position: 1 for every approved position of an approval ballot. */
function approvalPositions(selection: bigint): Map<number, bigint> {
  return new Map(decodeApproval(selection).map((position) => [position, 1n]));
}

function cumulativePositions(words: readonly bigint[]): Map<number, bigint> {
  return new Map([...decodePoints(words)].map(([position, points]) => [position, BigInt(points)]));
}

interface DistrictKey {
  roundId: string;
  district: string;
}
interface BallotKey {
  roundId: string;
  key: string;
}

export const budgetProjection: Projection = {
  name: "budget",
  events,
  blockTables: [...events.map((e) => e.table), "budget_ballot_positions"],
  stateTables: ["budget_current_ballots", "budget_tallies"],

  async apply(tx, newEvents) {
    const ballots = ballotsOf(newEvents);
    const published = eventsOf(newEvents, ballotPublished);
    if (ballots.length === 0 && published.length === 0) return;
    const positionRows: Row[] = ballots.flatMap((ballot) =>
      [...ballot.positions].map(([position, points]) => ({
        block_hash: ballot.event.meta.block_hash,
        log_index: ballot.event.meta.log_index,
        block_number: ballot.event.meta.block_number,
        round_id: ballot.roundId,
        district: ballot.district,
        position,
        points,
      })),
    );
    await insertRows(tx, "budget_ballot_positions", positionRows);
    await refreshBallots(
      tx,
      ballots.map((b) => ({ roundId: b.roundId.toString(), key: b.key })),
    );
    await refreshTallies(tx, [
      ...ballots.map((b) => ({ roundId: b.roundId.toString(), district: b.district.toString() })),
      ...published.map((p) => ({ roundId: p.row.round_id.toString(), district: p.row.district.toString() })),
    ]);
  },

  async prepareRollback(tx, blockNumber) {
    const ballotKeys = await tx<{ round_id: bigint; ballot_key: string; district: bigint }[]>`
      select round_id, voter as ballot_key, district from budget_approval_ballot_cast where block_number > ${blockNumber}
      union
      select round_id, voter, district from budget_cumulative_ballot_cast where block_number > ${blockNumber}
      union
      select round_id, serial_hash, district from budget_paper_approval_ballot_recorded where block_number > ${blockNumber}
      union
      select round_id, serial_hash, district from budget_paper_cumulative_ballot_recorded where block_number > ${blockNumber}
    `;
    const publishedAbove = await tx<{ round_id: bigint; district: bigint }[]>`
      select round_id, district from budget_ballot_published where block_number > ${blockNumber}
    `;
    const ballots = ballotKeys.map((r) => ({ roundId: r.round_id.toString(), key: r.ballot_key }));
    const districts = [...ballotKeys, ...publishedAbove].map((r) => ({
      roundId: r.round_id.toString(),
      district: r.district.toString(),
    }));
    return async (tx) => {
      await refreshBallots(tx, ballots);
      await refreshTallies(tx, districts);
    };
  },
};

function unique<T extends object>(keys: readonly T[]): T[] {
  return [...new Map(keys.map((k) => [JSON.stringify(k), k])).values()];
}

/** The ballot that counts for a voter or serial is its latest ballot event. */
async function refreshBallots(tx: TransactionSql, keys: readonly BallotKey[]): Promise<void> {
  const list = unique(keys);
  if (list.length === 0) return;
  const rounds = tx.array(list.map((k) => k.roundId));
  const ballotKeys = tx.array(list.map((k) => k.key));
  await tx`
    delete from budget_current_ballots
    where (round_id, ballot_key) in (select * from unnest(${rounds}::numeric[], ${ballotKeys}::text[]))
  `;
  await tx`
    insert into budget_current_ballots
      (round_id, ballot_key, paper, kind, district, selection, points, block_hash, log_index, block_number, block_time)
    select distinct on (round_id, ballot_key)
      round_id, ballot_key, paper, kind, district, selection, points, block_hash, log_index, block_number, block_time
    from (
      select round_id, voter as ballot_key, false as paper, 'approval' as kind, district, selection,
             null::numeric(78,0)[] as points, block_hash, log_index, block_number, block_time
        from budget_approval_ballot_cast
      union all
      select round_id, voter, false, 'cumulative', district, null, points, block_hash, log_index, block_number, block_time
        from budget_cumulative_ballot_cast
      union all
      select round_id, serial_hash, true, 'approval', district, selection, null, block_hash, log_index, block_number, block_time
        from budget_paper_approval_ballot_recorded
      union all
      select round_id, serial_hash, true, 'cumulative', district, null, points, block_hash, log_index, block_number, block_time
        from budget_paper_cumulative_ballot_recorded
    ) ballot
    where (round_id, ballot_key) in (select * from unnest(${rounds}::numeric[], ${ballotKeys}::text[]))
    order by round_id, ballot_key, block_number desc, log_index desc
  `;
}

/** Every position of a published district ballot, with the points the current ballots give it. */
async function refreshTallies(tx: TransactionSql, keys: readonly DistrictKey[]): Promise<void> {
  const list = unique(keys);
  if (list.length === 0) return;
  const rounds = tx.array(list.map((k) => k.roundId));
  const districts = tx.array(list.map((k) => k.district));
  await tx`
    delete from budget_tallies
    where (round_id, district) in (select * from unnest(${rounds}::numeric[], ${districts}::bigint[]))
  `;
  await tx`
    with touched as (
      select * from unnest(${rounds}::numeric[], ${districts}::bigint[]) as t(round_id, district)
    ),
    votes as (
      select b.round_id, b.district, p.position, sum(p.points) as votes
      from budget_current_ballots b
      join budget_ballot_positions p on p.block_hash = b.block_hash and p.log_index = b.log_index
      where (b.round_id, b.district) in (select round_id, district from touched)
      group by b.round_id, b.district, p.position
    )
    insert into budget_tallies (round_id, district, position, proposal_id, cost, votes)
    select bp.round_id, bp.district, (slot.ordinal - 1)::integer, slot.proposal_id, slot.cost, coalesce(v.votes, 0)
    from budget_ballot_published bp
    cross join lateral unnest(bp.proposal_ids, bp.costs) with ordinality as slot(proposal_id, cost, ordinal)
    left join votes v
      on v.round_id = bp.round_id and v.district = bp.district and v.position = slot.ordinal - 1
    where (bp.round_id, bp.district) in (select round_id, district from touched)
  `;
}
