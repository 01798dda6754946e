/**
 * Moderation: an account holding ResidentRegistry's MODERATOR_ROLE hides an item (or shows it
 * again) with a public reason. The hash stays on chain; the store stops serving the text or photo
 * and serves the moderator's note in its place. Every action is kept in `content_moderation` and
 * listed at GET /api/moderation, so hiding is itself public. Reusable by any subsystem whose items
 * live in the store or are keyed by a hash (comments): {@link createModeration}.
 */
import type { ModerationAction } from "../../lib/content/index.js";
import type { Sql } from "../db/index.js";
import { ApiError, notFound } from "../api/http.js";
import { MODERATOR, type Authorization } from "./authorization.js";
import type { SignatureVerifier } from "./signature.js";

export interface ModerationRow {
  id: bigint;
  hash: string;
  kind: string;
  action: ModerationAction;
  reason: string;
  moderator: string;
  at: Date;
}

export interface ModerationRequest {
  hash: string;
  action: ModerationAction;
  reason: string;
  moderator: string;
  issuedAt: number;
  signature: string;
}

export interface ModerationDeps {
  sql: Sql;
  signatures: SignatureVerifier;
  authorization: Authorization;
  /**
   * The kind of the item `hash` names, or undefined when there is none (default: an item of the
   * content store). Another subsystem passes its own lookup to moderate its items.
   */
  kindOf?: (hash: string) => Promise<string | undefined>;
}

export interface Moderation {
  /** Checks the signature and the role, then records the action; answers the log entry. */
  moderate(request: ModerationRequest): Promise<ModerationRow>;
  /** The note of a hidden item, or undefined when it is shown. */
  hiddenNote(hash: string): Promise<{ reason: string; moderator: string; at: Date } | undefined>;
  list(page: { limit: number; offset: number }): Promise<ModerationRow[]>;
}

export function createModeration(deps: ModerationDeps): Moderation {
  const { sql } = deps;
  const kindOf =
    deps.kindOf ??
    (async (hash: string) => {
      const [row] = await sql<{ kind: string }[]>`select kind from content_items where hash = ${hash}`;
      return row?.kind;
    });

  const hiddenNote: Moderation["hiddenNote"] = async (hash) => {
    const [row] = await sql<ModerationRow[]>`
      select action, reason, moderator, at from content_moderation where hash = ${hash} order by id desc limit 1
    `;
    return row?.action === "hide" ? { reason: row.reason, moderator: row.moderator, at: row.at } : undefined;
  };

  return {
    hiddenNote,
    async moderate(request) {
      deps.signatures.moderation(
        { action: request.action, contentHash: request.hash, reason: request.reason, issuedAt: request.issuedAt },
        { signer: request.moderator, issuedAt: request.issuedAt, signature: request.signature },
      );
      await deps.authorization.require(request.moderator, [MODERATOR], `${request.action} content`);
      const kind = await kindOf(request.hash);
      if (!kind) throw notFound(`content ${request.hash}`);
      const current = await hiddenNote(request.hash);
      const hiding = request.action === "hide";
      if (hiding === (current !== undefined)) {
        throw new ApiError(
          409,
          hiding ? "already_hidden" : "not_hidden",
          `content ${request.hash} is ${current ? "already hidden" : "not hidden"}`,
        );
      }
      const [row] = await sql<ModerationRow[]>`
        insert into content_moderation (hash, kind, action, reason, moderator)
        values (${request.hash}, ${kind}, ${request.action}, ${request.reason}, ${request.moderator})
        returning id, hash, kind, action, reason, moderator, at
      `;
      return row!;
    },

    list({ limit, offset }) {
      return sql<ModerationRow[]>`
        select id, hash, kind, action, reason, moderator, at from content_moderation
        order by id desc limit ${limit} offset ${offset}
      `;
    },
  };
}

/** SQL condition: the item `hash` (a column reference) is hidden now. */
export function hiddenCondition(sql: Sql, hashColumn: string) {
  return sql`exists (
    select 1 from content_moderation m where m.hash = ${sql(hashColumn)} and m.action = 'hide'
      and m.id = (select max(m2.id) from content_moderation m2 where m2.hash = ${sql(hashColumn)})
  )`;
}
