/**
 * The budget routes' SQL: one function per query, each with its typed rows. Ids arrive as
 * `bigint` up to 2^256 - 1 and go to Postgres as decimal text ({@link numeric}), never as int8.
 */
import type { CommitmentEvent } from "../../../lib/budget/index.js";
import type { Sql } from "../../db/index.js";
import { hiddenCondition } from "../../content/moderation.js";
import { documentOf } from "../../content/queries.js";

/**
 * A uint256 as a query parameter. postgres.js sends a `bigint` as int8, which fails for ids from
 * 2^63 on ("out of range for type bigint"); decimal text is typed by the numeric(78,0) column.
 */
export const numeric = (value: bigint): string => value.toString();

/**
 * A row of budget_round_created with the round's state. The rules are one column each (lib/budget's
 * ruleColumns), read back with rulesFromColumns: a new rule field needs no change here.
 */
export interface RoundRow extends Record<string, unknown> {
  round_id: bigint;
  creator: string;
  block_number: bigint;
  tx_hash: string;
  cancelled: boolean;
  finalized: boolean;
  rules_content: { title: string; text: string; districts: { district: number; name: string }[] } | null;
}

const roundColumns = (sql: Sql) => sql`
  c.*,
  exists (select 1 from budget_round_cancelled x where x.round_id = c.round_id) as cancelled,
  exists (select 1 from budget_round_finalized f where f.round_id = c.round_id) as finalized,
  ${documentOf(sql, "c.rules_hash", "rules")} as rules_content
`;

export async function selectRound(sql: Sql, roundId: bigint): Promise<RoundRow | undefined> {
  const [row] = await sql<RoundRow[]>`
    select ${roundColumns(sql)} from budget_round_created c where c.round_id = ${numeric(roundId)}
  `;
  return row;
}

export function selectRounds(sql: Sql, page: { limit: number; offset: number }) {
  return sql<RoundRow[]>`
    select ${roundColumns(sql)} from budget_round_created c
    order by c.round_id desc limit ${page.limit + 1} offset ${page.offset}
  `;
}

export interface ProposalContentRow {
  title: string;
  summary: string;
  body: string;
  images: string[];
}

export interface ProposalRow {
  proposal_id: bigint;
  round_id: bigint;
  district: bigint;
  proposer: string;
  requested_cost: bigint;
  content_hash: string;
  support_count: bigint;
  paper_support_count: number;
  feasible: boolean | null;
  final_cost: bigint | null;
  reason_hash: string | null;
  implementation: string | null;
  position: number | null;
  votes: bigint | null;
  /** Whether the district's finalized result selected it; null before finalization or off the ballot. */
  chosen: boolean | null;
  /** Comments on it that a moderator has not hidden (backend/comments). */
  comment_count: number;
  content: ProposalContentRow | null;
  reason_content: { reason: string } | null;
  progress: {
    status: string;
    noteHash: string;
    note: { note: string; photos: string[] } | null;
    reported: { blockNumber: string; txHash: string };
  }[];
  block_number: bigint;
  tx_hash: string;
}

/** The status filter: the review's verdict, on the ballot, and the stages after the count (as stageOf names them). */
export const PROPOSAL_STATUS_FILTERS = [
  "submitted",
  "feasible",
  "infeasible",
  "onBallot",
  "chosen",
  "notChosen",
  "inProgress",
  "done",
] as const;
export type ProposalStatusFilter = (typeof PROPOSAL_STATUS_FILTERS)[number];

/** The latest implementation status the municipality reported for proposal `p` (null if none). */
function latestImplementation(sql: Sql) {
  return sql`(select i.status from budget_implementation_reported i where i.proposal_id = p.proposal_id
    order by i.block_number desc, i.log_index desc limit 1)`;
}

/** Whether the district's latest finalize chose proposal `p` (null before finalize or off the ballot). */
function chosenByFinalize(sql: Sql) {
  return sql`(select mod(floor(f.selected / power(2::numeric, t.position)), 2) = 1 from budget_district_finalized f
    where f.round_id = p.round_id and f.district = p.district and t.position is not null
    order by f.block_number desc, f.log_index desc limit 1)`;
}

/**
 * Dutch writes compounds as one word ("waterspeelplaats"), which no stemmer splits: a search of
 * one word of four letters or more also finds it inside a longer word of the title or summary.
 */
function insideCompounds(sql: Sql, search: string) {
  const word = search.trim();
  if (!/^\p{L}{4,}$/u.test(word)) return sql``;
  // Letters only, so the word holds no LIKE wildcard to escape.
  return sql`or (coalesce(pc.document->>'title', '') || ' ' || coalesce(pc.document->>'summary', '')) ilike ${`%${word}%`}`;
}

/** newest: last submitted first; support: most supporters first; cost: cheapest first. */
export type ProposalSort = "newest" | "support" | "cost";

/**
 * The searchable text of a proposal's content: title, summary and body, parsed with PostgreSQL's
 * Dutch text-search configuration (stemming "speeltuinen" to "speeltuin", dropping "de", "het").
 * PGlite ships the same Snowball dictionaries, so both engines answer alike.
 */
function searchVector(sql: Sql) {
  return sql`to_tsvector('dutch', coalesce(pc.document->>'title', '') || ' ' || coalesce(pc.document->>'summary', '') || ' ' || coalesce(pc.document->>'body', ''))`;
}

export function selectProposals(
  sql: Sql,
  where: {
    roundId?: bigint;
    proposalId?: bigint;
    district?: number | undefined;
    status?: ProposalStatusFilter | undefined;
    /** Words to find (web-search syntax: words, "a phrase", -without, or). */
    search?: string | undefined;
    /** The content's theme, exactly as the proposer chose it from the municipality's list. */
    theme?: string | undefined;
    sort?: ProposalSort | undefined;
  },
  page?: { limit: number; offset: number },
) {
  const query = where.search ? sql`websearch_to_tsquery('dutch', ${where.search})` : null;
  const order =
    where.sort === "newest"
      ? sql`p.proposal_id desc`
      : where.sort === "support"
        ? sql`support_count desc, p.proposal_id`
        : where.sort === "cost"
          ? sql`coalesce(r.final_cost, p.cost), p.proposal_id`
          : query
            ? sql`ts_rank(${searchVector(sql)}, ${query}) desc, p.proposal_id`
            : sql`p.proposal_id`;
  return sql<ProposalRow[]>`
    select p.proposal_id, p.round_id, p.district, p.proposer, p.cost as requested_cost, p.content_hash,
      p.block_number, p.tx_hash,
      coalesce((select max(s.support_count) from budget_proposal_supported s where s.proposal_id = p.proposal_id), 0)
        as support_count,
      (select count(*)::int from paper_support_recorded ps where ps.proposal_id = p.proposal_id)
        as paper_support_count,
      r.feasible, r.final_cost, r.reason_hash,
      ${latestImplementation(sql)} as implementation,
      t.position, t.votes,
      ${chosenByFinalize(sql)} as chosen,
      (select count(*)::int from proposal_comments c where c.proposal_id = p.proposal_id
        and not ${hiddenCondition(sql, "c.hash")}
        and not exists (select 1 from proposal_comment_deletions d where d.comment = c.hash)) as comment_count,
      pc.document as content,
      ${documentOf(sql, "r.reason_hash", "review")} as reason_content,
      coalesce((
        select json_agg(json_build_object(
          'status', i.status, 'noteHash', i.note_hash, 'note', ${documentOf(sql, "i.note_hash", "implementation")},
          'reported', json_build_object('blockNumber', i.block_number::text, 'txHash', i.tx_hash)
        ) order by i.block_number, i.log_index)
        from budget_implementation_reported i where i.proposal_id = p.proposal_id
      ), '[]'::json) as progress
    from budget_proposal_submitted p
    left join lateral (
      select feasible, final_cost, reason_hash from budget_proposal_reviewed r
      where r.proposal_id = p.proposal_id order by r.block_number desc, r.log_index desc limit 1
    ) r on true
    left join budget_tallies t on t.round_id = p.round_id and t.district = p.district and t.proposal_id = p.proposal_id
    left join content_items pc on pc.hash = p.content_hash and pc.kind = 'proposal'
      and not ${hiddenCondition(sql, "pc.hash")}
    where true
      ${where.roundId !== undefined ? sql`and p.round_id = ${numeric(where.roundId)}` : sql``}
      ${where.proposalId !== undefined ? sql`and p.proposal_id = ${numeric(where.proposalId)}` : sql``}
      ${where.district !== undefined ? sql`and p.district = ${where.district}` : sql``}
      ${
        where.status === "submitted"
          ? sql`and r.feasible is null`
          : where.status === "feasible"
            ? sql`and r.feasible`
            : where.status === "infeasible"
              ? sql`and r.feasible = false`
              : where.status === "onBallot"
                ? sql`and t.position is not null`
                : where.status === "chosen"
                  ? sql`and (${chosenByFinalize(sql)} or ${latestImplementation(sql)} = 'planned')
                      and ${latestImplementation(sql)} is distinct from 'in-progress'
                      and ${latestImplementation(sql)} is distinct from 'done'`
                  : where.status === "notChosen"
                    ? sql`and ${chosenByFinalize(sql)} = false and ${latestImplementation(sql)} is null`
                    : where.status === "inProgress"
                      ? sql`and ${latestImplementation(sql)} = 'in-progress'`
                      : where.status === "done"
                        ? sql`and ${latestImplementation(sql)} = 'done'`
                        : sql``
      }
      ${query ? sql`and (${searchVector(sql)} @@ ${query} ${insideCompounds(sql, where.search!)})` : sql``}
      ${where.theme !== undefined ? sql`and pc.document->>'theme' = ${where.theme}` : sql``}
    order by ${order}
    ${page ? sql`limit ${page.limit + 1} offset ${page.offset}` : sql``}
  `;
}

export interface BallotRow {
  round_id: bigint;
  kind: "approval" | "cumulative";
  paper: boolean;
  ballot_key: string;
  district: bigint;
  selection: bigint | null;
  points: bigint[] | null;
  block_hash: string;
  log_index: number;
  block_number: bigint;
  tx_hash: string;
  current: boolean;
}

/** Every ballot event (online and paper, current and replaced), newest first. */
export function selectBallots(
  sql: Sql,
  where: { roundId?: bigint; district?: number | undefined; voter?: string | undefined },
  page: { limit: number; offset: number },
) {
  return sql<BallotRow[]>`
    with events as (
      select round_id, 'approval' as kind, false as paper, voter as ballot_key, district, selection,
        null::numeric[] as points, block_hash, log_index, block_number, tx_hash
      from budget_approval_ballot_cast
      union all
      select round_id, 'cumulative', false, voter, district, null, points, block_hash, log_index, block_number, tx_hash
      from budget_cumulative_ballot_cast
      union all
      select round_id, 'approval', true, serial_hash, district, selection, null, block_hash, log_index, block_number, tx_hash
      from budget_paper_approval_ballot_recorded
      union all
      select round_id, 'cumulative', true, serial_hash, district, null, points, block_hash, log_index, block_number, tx_hash
      from budget_paper_cumulative_ballot_recorded
    )
    select e.*, exists (
      select 1 from budget_current_ballots c
      where c.round_id = e.round_id and c.ballot_key = e.ballot_key
        and c.block_hash = e.block_hash and c.log_index = e.log_index
    ) as current
    from events e
    where true
      ${where.roundId !== undefined ? sql`and e.round_id = ${numeric(where.roundId)}` : sql``}
      ${where.district !== undefined ? sql`and e.district = ${where.district}` : sql``}
      ${where.voter !== undefined ? sql`and e.ballot_key = ${where.voter} and not e.paper` : sql``}
    order by e.block_number desc, e.log_index desc
    limit ${page.limit + 1} offset ${page.offset}
  `;
}

export interface TallyRow {
  district: bigint;
  position: number;
  proposal_id: bigint;
  cost: bigint;
  votes: bigint;
}

/** The published ballot of every district of a round, position by position, with its tallies. */
export function selectTallies(sql: Sql, roundId: bigint) {
  return sql<TallyRow[]>`
    select district, position, proposal_id, cost, votes from budget_tallies where round_id = ${numeric(roundId)}
    order by district, position
  `;
}

export interface CurrentBallotRow {
  district: bigint;
  selection: bigint | null;
  points: bigint[] | null;
}

/** The ballot that counts of every voter and paper serial of a round. */
export function selectCurrentBallots(sql: Sql, roundId: bigint) {
  return sql<CurrentBallotRow[]>`
    select district, selection, points from budget_current_ballots where round_id = ${numeric(roundId)}
  `;
}

/** A round's ResultCommitments events in chain order, as lib/budget folds them. */
export async function selectCommitmentEvents(sql: Sql, roundId: bigint): Promise<CommitmentEvent[]> {
  const id = numeric(roundId);
  const [committed, lodged, resolved] = await Promise.all([
    sql<CommittedRow[]>`select * from result_committed where round_id = ${id}`,
    sql<LodgedRow[]>`select * from result_objection_lodged where round_id = ${id}`,
    sql<ResolvedRow[]>`select * from result_objections_resolved where round_id = ${id}`,
  ]);
  const at = (r: EventRow) => ({ blockNumber: Number(r.block_number), txHash: r.tx_hash });
  const events: (CommitmentEvent & { order: [number, number] })[] = [
    ...committed.map((r) => ({
      kind: "committed" as const,
      district: Number(r.district),
      by: r.committed_by,
      proposalIds: r.proposal_ids.map(BigInt),
      selectedCost: BigInt(r.selected_cost),
      fromBlock: Number(r.from_block),
      toBlock: Number(r.to_block),
      toBlockHash: r.to_block_hash,
      libraryVersion: r.library_version,
      windowEnd: Number(r.window_end),
      recount: r.recount,
      at: at(r),
      order: [Number(r.block_number), r.log_index] as [number, number],
    })),
    ...lodged.map((r) => ({
      kind: "objection" as const,
      objectionId: BigInt(r.objection_id),
      district: Number(r.district),
      objector: r.objector,
      proposalIds: r.proposal_ids.map(BigInt),
      reasonHash: r.reason_hash,
      at: at(r),
      order: [Number(r.block_number), r.log_index] as [number, number],
    })),
    ...resolved.map((r) => ({
      kind: "resolved" as const,
      district: Number(r.district),
      by: r.resolved_by,
      upheld: r.upheld,
      lastObjectionId: BigInt(r.last_objection_id),
      reasonHash: r.reason_hash,
      at: at(r),
      order: [Number(r.block_number), r.log_index] as [number, number],
    })),
  ];
  return events.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]);
}

interface EventRow {
  block_number: bigint | string;
  log_index: number;
  tx_hash: string;
}
interface CommittedRow extends EventRow {
  district: bigint | string;
  committed_by: string;
  proposal_ids: (bigint | string)[];
  selected_cost: bigint | string;
  from_block: bigint | string;
  to_block: bigint | string;
  to_block_hash: string;
  library_version: string;
  window_end: bigint | string;
  recount: boolean;
}
interface LodgedRow extends EventRow {
  objection_id: bigint | string;
  district: bigint | string;
  objector: string;
  proposal_ids: (bigint | string)[];
  reason_hash: string;
}
interface ResolvedRow extends EventRow {
  district: bigint | string;
  resolved_by: string;
  upheld: boolean;
  last_objection_id: bigint | string;
  reason_hash: string;
}

export interface FinalizedDistrictRow {
  district: bigint;
  selected: bigint;
  selected_cost: bigint;
  tallies: bigint[];
}

export function selectFinalizedDistricts(sql: Sql, roundId: bigint) {
  return sql<FinalizedDistrictRow[]>`
    select district, selected, selected_cost, tallies from budget_district_finalized where round_id = ${numeric(roundId)}
  `;
}

/**
 * What a round's results depend on: the indexed head, and the round's tallies and current
 * ballots (a row changed behind the indexer's back changes it too).
 */
export async function selectResultsTag(sql: Sql, roundId: bigint): Promise<string> {
  const id = numeric(roundId);
  const [state] = await sql<{ tag: string }[]>`
    select concat_ws(':',
      (select block_number from indexer_cursor), (select block_hash from indexer_cursor),
      (select coalesce(sum(votes), 0) from budget_tallies where round_id = ${id}),
      (select count(*) from budget_current_ballots where round_id = ${id}),
      (select max(block_number) from budget_current_ballots where round_id = ${id})
    ) as tag
  `;
  return state?.tag ?? "";
}
