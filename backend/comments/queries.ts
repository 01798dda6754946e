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
  edited_at: Date | null;
  versions: number;
  deleted_at: Date | null;
}

/** A comment's current state: its flag count, the latest moderation if it hides it, its latest edit and its deletion. */
function commentState(sql: Sql) {
  return sql`
    select c.hash, c.proposal_id, c.parent, c.author, coalesce(e.body, c.body) as body, c.created_at,
      (select count(*)::int from proposal_comment_flags f where f.comment = c.hash) as flags,
      m.reason as hidden_reason, m.moderator as hidden_by, m.at as hidden_at,
      e.edited_at, coalesce(e.version, 0) + 1 as versions, d.deleted_at
    from proposal_comments c
    left join lateral (
      select action, reason, moderator, at from content_moderation m
      where m.hash = c.hash order by m.id desc limit 1
    ) m on m.action = 'hide'
    left join lateral (
      select body, version, edited_at from proposal_comment_edits e
      where e.comment = c.hash order by e.version desc limit 1
    ) e on true
    left join proposal_comment_deletions d on d.comment = c.hash
  `;
}

/** Comments of a proposal, oldest first. */
export function selectComments(sql: Sql, proposalId: bigint, page: { limit: number; offset: number }) {
  return sql<CommentRow[]>`
    ${commentState(sql)}
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

/**
 * For the per-account limits: the author's comments and edits in the last day, and the time of
 * their latest comment (edits do not count there: a typo is fixed right after posting).
 */
export async function authorUsage(sql: Sql, author: string): Promise<{ count: number; latest: Date | null }> {
  const [row] = await sql<{ count: number; latest: Date | null }[]>`
    select
      (select count(*)::int from proposal_comments where author = ${author} and created_at > now() - interval '1 day')
      + (select count(*)::int from proposal_comment_edits e join proposal_comments c on c.hash = e.comment
          where c.author = ${author} and e.edited_at > now() - interval '1 day') as count,
      (select max(created_at) from proposal_comments where author = ${author}) as latest
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
    ${commentState(sql)}
    where c.hash = ${hash}
  `;
  return row;
}

/** Like {@link selectOne}, holding the comment's row lock until the transaction ends (edits one at a time). */
export async function lockOne(tx: Sql, hash: string): Promise<CommentRow | undefined> {
  const [locked] = await tx<{ hash: string }[]>`select hash from proposal_comments where hash = ${hash} for update`;
  return locked ? selectOne(tx, hash) : undefined;
}

export interface EditRow {
  version: number;
  body: string;
  issued_at: bigint;
  signature: string;
  edited_at: Date;
}

export function selectEdits(sql: Sql, hash: string) {
  return sql<EditRow[]>`
    select version, body, issued_at, signature, edited_at from proposal_comment_edits
    where comment = ${hash} order by version
  `;
}

/** The original text as posted, with its signed time. */
export async function selectOriginal(
  sql: Sql,
  hash: string,
): Promise<{ body: string; issued_at: bigint; created_at: Date } | undefined> {
  const [row] = await sql<{ body: string; issued_at: bigint; created_at: Date }[]>`
    select body, issued_at, created_at from proposal_comments where hash = ${hash}
  `;
  return row;
}

/** The latest signed time of the comment's text (its last edit's, or the original's). */
export async function latestIssuedAt(sql: Sql, hash: string): Promise<number> {
  const [row] = await sql<{ issued_at: bigint }[]>`
    select coalesce(
      (select max(issued_at) from proposal_comment_edits where comment = ${hash}),
      (select issued_at from proposal_comments where hash = ${hash})
    ) as issued_at
  `;
  return Number(row!.issued_at);
}

export async function insertEdit(
  sql: Sql,
  edit: { comment: string; version: number; body: string; issuedAt: number; signature: string },
): Promise<void> {
  await sql`
    insert into proposal_comment_edits (comment, version, body, issued_at, signature)
    values (${edit.comment}, ${edit.version}, ${edit.body}, ${edit.issuedAt}, ${edit.signature})
  `;
}

export async function insertDeletion(
  sql: Sql,
  deletion: { comment: string; issuedAt: number; signature: string },
): Promise<void> {
  await sql`
    insert into proposal_comment_deletions (comment, issued_at, signature)
    values (${deletion.comment}, ${deletion.issuedAt}, ${deletion.signature})
  `;
}
