/**
 * Pruning: content no transaction anchored within a day is deleted, so the store holds what the
 * chain refers to and not what anyone might upload. A photo stays while a document that refers to
 * it is anchored or still within its own day. Safe to run from several API processes at once.
 */
import type { Sql } from "../db/index.js";
import { anchoredHashes } from "./queries.js";

export const PRUNE_AFTER_SECONDS = 24 * 60 * 60;

/** Deletes what is older than `afterSeconds` and unanchored; answers how many items went. */
export async function pruneUnanchored(sql: Sql, afterSeconds = PRUNE_AFTER_SECONDS): Promise<number> {
  const cutoff = sql`now() - make_interval(secs => ${afterSeconds})`;
  const deleted = await sql<{ hash: string }[]>`
    with anchored as (${anchoredHashes(sql)})
    delete from content_items c
    where c.created_at < ${cutoff}
      and not exists (select 1 from anchored a where a.hash = c.hash)
      and not exists (
        select 1 from content_refs r join content_items d on d.hash = r.hash
        where r.photo = c.hash
          and (d.created_at >= ${cutoff} or exists (select 1 from anchored a where a.hash = d.hash))
      )
    returning c.hash
  `;
  return deleted.length;
}
