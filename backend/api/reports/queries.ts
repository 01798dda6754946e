/** The reports' SQL: turnout per district and over time, funded projects and their status history. */
import type { Sql } from "../../db/index.js";
import { numeric } from "../budget/queries.js";

export interface TurnoutRow {
  district: string;
  online: string;
  paper: string;
}

/** Households that voted, per district: online voters and paper ballots that count. */
export function selectTurnout(sql: Sql, roundId: bigint) {
  return sql<TurnoutRow[]>`
    select district::text,
      count(*) filter (where not paper)::text as online,
      count(*) filter (where paper)::text as paper
    from budget_current_ballots where round_id = ${numeric(roundId)}
    group by district
  `;
}

export interface RegisteredRow {
  district: string;
  registered: string;
}

/**
 * Accounts registered per district as the registry stood at `at` (unix seconds), from the indexed
 * registration history rather than today's state, so a registration or revocation after that
 * moment does not change the figure: per account the latest `ResidentRegistered` up to `at`, its
 * expiry as a later `ResidentExpiryChanged` up to `at` set it, counted when no `ResidentRevoked`
 * up to `at` followed it and that expiry lies after `at` (as ResidentRegistry judges a
 * registration current).
 */
export function selectRegistered(sql: Sql, at: number) {
  const until = sql`to_timestamp(${at})`;
  return sql<RegisteredRow[]>`
    select g.district::text, count(*)::text as registered
    from (
      select distinct on (account) account, district, expires_at, block_number, log_index
      from registry_resident_registered
      where block_time <= ${until}
      order by account, block_number desc, log_index desc
    ) g
    left join lateral (
      select expires_at from registry_resident_expiry_changed e
      where e.account = g.account and e.block_time <= ${until}
        and (e.block_number, e.log_index) > (g.block_number, g.log_index)
      order by block_number desc, log_index desc
      limit 1
    ) x on true
    where coalesce(x.expires_at, g.expires_at) > ${at}
      and not exists (
        select 1 from registry_resident_revoked k
        where k.account = g.account and k.block_time <= ${until}
          and (k.block_number, k.log_index) > (g.block_number, g.log_index)
      )
    group by g.district
  `;
}

export interface DailyRow {
  district: string;
  day: string;
  online: string;
  paper: string;
}

/** First ballots per day (Amsterdam time): a re-vote does not count twice, a voter counts on the day of the first ballot. */
export function selectDaily(sql: Sql, roundId: bigint) {
  const round = numeric(roundId);
  return sql<DailyRow[]>`
    with firsts as (
      select district, false as paper, min(block_time) as at from budget_approval_ballot_cast
        where round_id = ${round} group by district, voter
      union all
      select district, false, min(block_time) from budget_cumulative_ballot_cast
        where round_id = ${round} group by district, voter
      union all
      select district, true, min(block_time) from budget_paper_approval_ballot_recorded
        where round_id = ${round} group by district, serial_hash
      union all
      select district, true, min(block_time) from budget_paper_cumulative_ballot_recorded
        where round_id = ${round} group by district, serial_hash
    )
    select district::text, to_char((at at time zone 'Europe/Amsterdam')::date, 'YYYY-MM-DD') as day,
      count(*) filter (where not paper)::text as online,
      count(*) filter (where paper)::text as paper
    from firsts group by 1, 2 order by 2, 1
  `;
}

export interface FinalizedRow {
  district: string;
  selected: string;
  proposal_ids: string[] | null;
  costs: string[] | null;
}

/** Each finalized district's selection bitmap with its published ballot. */
export function selectFinalized(sql: Sql, roundId: bigint) {
  const round = numeric(roundId);
  return sql<FinalizedRow[]>`
    select f.district::text, f.selected::text, b.proposal_ids::text[] as proposal_ids, b.costs::text[] as costs
    from budget_district_finalized f
    left join lateral (
      select proposal_ids, costs from budget_ballot_published p
      where p.round_id = f.round_id and p.district = f.district
      order by block_number desc, log_index desc limit 1
    ) b on true
    where f.round_id = ${round}
    order by f.district
  `;
}

export interface ReportRow {
  proposal_id: string;
  status: string;
  note_hash: string;
  reported_by: string;
  block_time: Date;
  tx_hash: string;
  /** The stored progress note (content kind `implementation`) whose hash is on chain. */
  note: string | null;
}

/** Status reports of these proposals, oldest first, with the stored note whose hash is on chain. */
export function selectReports(sql: Sql, proposalIds: readonly string[]) {
  if (proposalIds.length === 0) return Promise.resolve([] as ReportRow[]);
  return sql<ReportRow[]>`
    select r.proposal_id::text, r.status, r.note_hash, r.reported_by, r.block_time, r.tx_hash,
      c.document->>'note' as note
    from budget_implementation_reported r
    left join content_items c on c.hash = r.note_hash and c.kind = 'implementation'
    where r.proposal_id::text in ${sql(proposalIds as string[])}
    order by r.block_number, r.log_index
  `;
}

export interface TitleRow {
  proposal_id: string;
  title: string | null;
}

export function selectTitles(sql: Sql, proposalIds: readonly string[]) {
  if (proposalIds.length === 0) return Promise.resolve([] as TitleRow[]);
  return sql<TitleRow[]>`
    select s.proposal_id::text, c.document->>'title' as title
    from budget_proposal_submitted s left join content_items c on c.hash = s.content_hash and c.kind = 'proposal'
    where s.proposal_id::text in ${sql(proposalIds as string[])}
  `;
}
