/** SQL of the content store (migration 0013_content.sql). */
import type { Sql } from "../db/index.js";
import { hiddenCondition } from "./moderation.js";

/**
 * The stored document of `kind` under the hash in `column`, for embedding in another route's
 * answer; null when none is stored or a moderator hid it.
 */
export function documentOf(sql: Sql, column: string, kind: string) {
  return sql`(
    select d.document from content_items d
    where d.hash = ${sql(column)} and d.kind = ${kind} and not ${hiddenCondition(sql, "d.hash")}
  )`;
}

export interface ItemRow {
  hash: string;
  kind: string;
  author: string;
  document: Record<string, unknown> | null;
  media_type: string | null;
  width: number | null;
  height: number | null;
  size_bytes: number;
  created_at: Date;
  anchored: boolean;
  hidden_reason: string | null;
  hidden_by: string | null;
  hidden_at: Date | null;
}

/**
 * Every hash a transaction anchored, from the indexer's event tables. A photo counts as anchored
 * when an anchored document refers to it.
 */
export function anchoredHashes(sql: Sql) {
  return sql`
    select content_hash as hash from budget_proposal_submitted
    union all select reason_hash from budget_proposal_reviewed
    union all select reason_hash from budget_round_cancelled
    union all select rules_hash from budget_round_created
    union all select note_hash from budget_implementation_reported
    union all select content_hash from task_created
    union all select evidence_hash from task_evidence_submitted
    union all select name_hash from coin_merchant_registered
    union all select name_hash from coin_merchant_renamed
  `;
}

const itemColumns = (sql: Sql) => sql`
  c.hash, c.kind, c.author, c.document, c.media_type, c.width, c.height, c.size_bytes, c.created_at,
  (exists (select 1 from anchored a where a.hash = c.hash)
    or exists (select 1 from content_refs r join anchored a on a.hash = r.hash where r.photo = c.hash)) as anchored,
  h.reason as hidden_reason, h.moderator as hidden_by, h.at as hidden_at
`;

/** Each district's name from the newest round whose stored rules document names it. */
export function selectDistrictNames(sql: Sql) {
  return sql<{ district: number; name: string; round_id: bigint }[]>`
    select distinct on ((d ->> 'district')::int) (d ->> 'district')::int as district, d ->> 'name' as name, r.round_id
    from budget_round_created r
    join content_items c on c.hash = r.rules_hash and c.kind = 'rules' and not ${hiddenCondition(sql, "c.hash")}
    cross join lateral jsonb_array_elements(c.document -> 'districts') d
    order by (d ->> 'district')::int, r.round_id desc
  `;
}

export async function selectItem(sql: Sql, hash: string): Promise<ItemRow | undefined> {
  const [row] = await sql<ItemRow[]>`
    with anchored as (${anchoredHashes(sql)})
    select ${itemColumns(sql)}
    from content_items c
    left join lateral (
      select m.action, m.reason, m.moderator, m.at from content_moderation m
      where m.hash = c.hash order by m.id desc limit 1
    ) h on h.action = 'hide'
    where c.hash = ${hash}
  `;
  return row;
}

/** The stored file or its thumbnail, with whether the item is hidden (and why). */
export async function selectFile(
  sql: Sql,
  hash: string,
  which: "bytes" | "thumbnail",
): Promise<{ media_type: string; data: Buffer; hidden_reason: string | null } | undefined> {
  const [row] = await sql<{ media_type: string; data: Buffer; hidden_reason: string | null }[]>`
    select case when ${which} = 'bytes' then c.media_type else 'image/webp' end as media_type,
      case when ${which} = 'bytes' then c.bytes else c.thumbnail end as data,
      (select m.reason from content_moderation m where m.hash = c.hash and m.action = 'hide'
        and m.id = (select max(id) from content_moderation where hash = c.hash)) as hidden_reason
    from content_items c where c.hash = ${hash} and c.bytes is not null
  `;
  return row;
}

/** Which of `hashes` are stored photos. */
export async function storedPhotos(sql: Sql, hashes: readonly string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const rows = await sql<{ hash: string }[]>`
    select hash from content_items where kind = 'photo' and hash = any(${hashes as string[]}::text[])
  `;
  return new Set(rows.map((r) => r.hash));
}

export interface Usage {
  count: number;
  bytes: number;
}

/** What `author` wrote in the last day, documents and photos apart. */
export async function usageSince(sql: Sql, author: string, photos: boolean): Promise<Usage> {
  const [row] = await sql<{ count: number; bytes: number }[]>`
    select count(*)::int as count, coalesce(sum(size_bytes), 0)::int as bytes from content_items
    where author = ${author} and created_at > now() - interval '1 day'
      and ${photos ? sql`kind = 'photo'` : sql`kind <> 'photo'`}
  `;
  return row!;
}

export async function exists(sql: Sql, hash: string): Promise<boolean> {
  const [row] = await sql<
    { found: boolean }[]
  >`select exists (select 1 from content_items where hash = ${hash}) as found`;
  return row!.found;
}

export interface NewDocument {
  hash: string;
  kind: string;
  author: string;
  document: object;
  sizeBytes: number;
  photos: readonly string[];
}

export async function insertDocument(sql: Sql, item: NewDocument): Promise<void> {
  await sql`
    insert into content_items (hash, kind, author, document, size_bytes)
    values (${item.hash}, ${item.kind}, ${item.author}, ${sql.json(item.document as never)}, ${item.sizeBytes})
    on conflict (hash) do nothing
  `;
  for (const photo of new Set(item.photos)) {
    await sql`insert into content_refs (hash, photo) values (${item.hash}, ${photo}) on conflict do nothing`;
  }
}

export interface NewPhoto {
  hash: string;
  author: string;
  mediaType: string;
  bytes: Buffer;
  width: number;
  height: number;
  thumbnail: Buffer;
}

export async function insertPhoto(sql: Sql, photo: NewPhoto): Promise<void> {
  await sql`
    insert into content_items (hash, kind, author, media_type, bytes, width, height, thumbnail, size_bytes)
    values (${photo.hash}, 'photo', ${photo.author}, ${photo.mediaType}, ${photo.bytes}, ${photo.width},
      ${photo.height}, ${photo.thumbnail}, ${photo.bytes.length})
    on conflict (hash) do nothing
  `;
}
