/** SQL of the comments subsystem: one function per query. */
import type { Sql } from "../db/index.js";

export interface CommentRow {
  hash: string;
  proposal_id: bigint;
  parent: string | null;
  author: string;
  body: string;
  created_at: Date;
  flags: number;
  hidden_reason: string | null;
  hidden_by: string | null;
  hidden_at: Date | null;
}

/** Comments of a proposal, oldest first, each with its flag count and the latest moderation if it hides it. */
export function selectComments(sql: Sql, proposalId: bigint, page: { limit: number; offset: number }) {
  return sql<CommentRow[]>`
    select c.hash, c.proposal_id, c.parent, c.author, c.body, c.created_at,
      (select count(*)::int from proposal_comment_flags f where f.comment = c.hash) as flags,
      m.reason as hidden_reason, m.moderator as hidden_by, m.at as hidden_at
    from proposal_comments c
    left join lateral (
      select action, reason, moderator, at from content_moderation m
      where m.hash = c.hash order by m.id desc limit 1
    ) m on m.action = 'hide'
    where c.proposal_id = ${proposalId.toString()}
    order by c.created_at, c.hash
    limit ${page.limit + 1} offset ${page.offset}
  `;
}

export async function selectComment(
  sql: Sql,
  hash: string,
): Promise<{ proposal_id: bigint; parent: string | null } | undefined> {
  const [row] = await sql<{ proposal_id: bigint; parent: string | null }[]>`
    select proposal_id, parent from proposal_comments where hash = ${hash}
  `;
  return row;
}

export async function proposalExists(sql: Sql, proposalId: bigint): Promise<boolean> {
  const [row] = await sql<{ found: boolean }[]>`
    select exists (select 1 from budget_proposal_submitted where proposal_id = ${proposalId.toString()}) as found
  `;
  return row!.found;
}

/** The author's comments in the last day and the time of the latest, for the per-account limits. */
export async function authorUsage(sql: Sql, author: string): Promise<{ count: number; latest: Date | null }> {
  const [row] = await sql<{ count: number; latest: Date | null }[]>`
    select count(*)::int as count, max(created_at) as latest from proposal_comments
    where author = ${author} and created_at > now() - interval '1 day'
  `;
  return row!;
}

export async function insertComment(
  sql: Sql,
  comment: { hash: string; proposalId: bigint; parent: string | null; author: string; body: string; issuedAt: number },
): Promise<void> {
  await sql`
    insert into proposal_comments (hash, proposal_id, parent, author, body, issued_at)
    values (${comment.hash}, ${comment.proposalId.toString()}, ${comment.parent}, ${comment.author}, ${comment.body},
      ${comment.issuedAt})
    on conflict (hash) do nothing
  `;
}

export async function insertFlag(sql: Sql, comment: string, flagger: string): Promise<void> {
  await sql`
    insert into proposal_comment_flags (comment, flagger) values (${comment}, ${flagger}) on conflict do nothing
  `;
}

export async function selectOne(sql: Sql, hash: string): Promise<CommentRow | undefined> {
  const [row] = await sql<CommentRow[]>`
    select c.hash, c.proposal_id, c.parent, c.author, c.body, c.created_at,
      (select count(*)::int from proposal_comment_flags f where f.comment = c.hash) as flags,
      m.reason as hidden_reason, m.moderator as hidden_by, m.at as hidden_at
    from proposal_comments c
    left join lateral (
      select action, reason, moderator, at from content_moderation m
      where m.hash = c.hash order by m.id desc limit 1
    ) m on m.action = 'hide'
    where c.hash = ${hash}
  `;
  return row;
}
