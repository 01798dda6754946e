/**
 * Comments and replies on proposals by registered residents (issue 16). A comment is signed by its
 * author with EIP-712 (lib/comments, the content store's domain) and checked with the store's
 * signature verifier; who may write is the store's authorization (a current registered resident);
 * per-account limits hold off floods; any resident may flag a comment once; a moderator
 * (ResidentRegistry MODERATOR_ROLE) hides one with a public note through the store's moderation,
 * so the one public log (GET /api/moderation) lists comments too. A hidden comment keeps its place
 * in the thread with the note instead of the text.
 *
 * The author edits a comment (signed EIP-712 CommentEdit) and deletes it (CommentDelete), as in
 * Decidim. The comment keeps the hash it was posted and moderated under; each edit is a new
 * version and every earlier text is kept (GET /api/comments/{hash}/versions), so an edit cannot
 * quietly rewrite what others replied to. A deletion stops the text being served and leaves the
 * replies in place. Neither can bring back what a moderator hid: nothing the thread does not show
 * is served in the history either.
 */
import { ZeroHash } from "ethers";
import { z } from "zod";

import {
  COMMENT_LIMITS,
  commentBody,
  commentDeleteTypes,
  commentEditTypes,
  commentFlagTypes,
  commentHashOf,
  commentVersionsView,
  commentView,
  commentWriteTypes,
  type CommentVersionsView,
  type CommentView,
} from "../../lib/comments/index.js";
import * as api from "../../lib/api/schemas.js";
import { address, ApiError, hash32, notFound, pageOf, paging, uintString } from "../api/http.js";
import type { RouteTable } from "../api/route.js";
import type { Content } from "../content/index.js";
import { createModeration, WRITERS } from "../content/index.js";
import type { Sql } from "../db/index.js";
import * as q from "./queries.js";

const signature = z.string().regex(/^0x[0-9a-fA-F]{130}$/, "must be a 65-byte 0x signature (EIP-712, by the author)");
const issuedAt = z.number().int("must be unix seconds").nonnegative("must be unix seconds");

export const commentWrite = z.strictObject({
  /** The comment replied to; null for a comment on the proposal. */
  parent: hash32.nullable(),
  body: commentBody,
  author: address,
  issuedAt,
  signature,
});

export const editWrite = z.strictObject({ body: commentBody, author: address, issuedAt, signature });

export const deleteWrite = z.strictObject({ author: address, issuedAt, signature });

export const flagWrite = z.strictObject({ flagger: address, issuedAt, signature });

const moderationWrite = z.strictObject({
  action: z.enum(["hide", "restore"]),
  reason: z.string().min(3, "must be 3 to 500 characters").max(500, "must be 3 to 500 characters"),
  moderator: address,
  issuedAt,
  signature,
});

export interface CommentsDeps {
  sql: Sql;
  content: Pick<Content, "signatures" | "authorization">;
  limits?: Partial<typeof COMMENT_LIMITS>;
}

export function commentRoutes(routes: RouteTable, deps: CommentsDeps): void {
  const { sql, content } = deps;
  const limits = { ...COMMENT_LIMITS, ...deps.limits };
  const moderation = createModeration({
    sql,
    signatures: content.signatures,
    authorization: content.authorization,
    kindOf: async (hash) => ((await q.selectComment(sql, hash)) ? "comment" : undefined),
  });
  /**
   * Runs `write` in one transaction holding the author's lock, after the per-account limits, so
   * two requests at once cannot both slip under them. Comments and edits share the day's count;
   * the pause between writes holds for new comments only, so a typo can be fixed at once.
   */
  const withinLimits = (author: string, what: "comment" | "edit", write: (tx: Sql) => Promise<void>) =>
    sql.begin(async (begun) => {
      const tx = begun as unknown as Sql;
      await tx`select pg_advisory_xact_lock(hashtext(${`comments:${author}`}))`;
      const usage = await q.authorUsage(tx, author);
      const since = usage.latest && what === "comment" ? (Date.now() - usage.latest.getTime()) / 1000 : Infinity;
      if (usage.count >= limits.perDay || since < limits.minIntervalSeconds) {
        const retry = usage.count >= limits.perDay ? 3600 : Math.ceil(limits.minIntervalSeconds - since);
        throw new ApiError(
          429,
          usage.count >= limits.perDay ? "quota_exceeded" : "rate_limited",
          usage.count >= limits.perDay
            ? `${author} wrote ${usage.count} comments and edits in the last day; the limit is ${limits.perDay}`
            : `${author} commented ${Math.floor(since)} s ago; wait ${limits.minIntervalSeconds} s between comments`,
          { used: usage.count, limit: limits.perDay, retryAfterSeconds: retry },
          { "Retry-After": String(retry) },
        );
      }
      await write(tx);
    });

  /** The comment, when `author` wrote it: 404 when there is none, 403 `not_author` when someone else did. */
  const ownComment = async (hash: string, author: string, what: string) => {
    const row = await q.selectOne(sql, hash);
    if (!row) throw notFound(`comment ${hash}`);
    if (row.author !== author) {
      throw new ApiError(
        403,
        "not_author",
        `${author} may not ${what} comment ${hash}: only its author ${row.author} may`,
        [{ field: "body.author", message: "is not the comment's author", value: author }],
      );
    }
    return row;
  };

  const proposalId = { proposalId: uintString("proposalId") };
  const byHash = { commentHash: hash32 };

  routes.add({
    method: "GET",
    path: "/api/proposals/:proposalId/comments",
    tag: "comments",
    summary:
      "Comments and replies on a proposal, oldest first; a hidden one carries the moderator's public note instead of its text",
    params: proposalId,
    query: paging,
    response: api.page(commentView),
    handler: async ({ params, query }) => {
      const page = pageOf(query);
      const { items, nextCursor } = page.finish(await q.selectComments(sql, params.proposalId, page));
      return { items: items.map(view), nextCursor };
    },
  });

  routes.add({
    method: "POST",
    path: "/api/proposals/:proposalId/comments",
    tag: "comments",
    summary: "A registered resident comments on a proposal or replies to a comment, signed (EIP-712 CommentWrite)",
    params: proposalId,
    body: commentWrite,
    status: 201,
    errors: [401, 403, 404, 429],
    response: commentView,
    handler: async ({ params, body }) => {
      const author = body.author.toLowerCase();
      if (!(await q.proposalExists(sql, params.proposalId))) throw notFound(`proposal ${params.proposalId}`);
      content.signatures.typed(
        commentWriteTypes,
        { proposalId: params.proposalId, parent: body.parent ?? ZeroHash, body: body.body, issuedAt: body.issuedAt },
        { signer: author, issuedAt: body.issuedAt, signature: body.signature },
      );
      await content.authorization.require(author, WRITERS.comment, "comment on proposals");
      if (body.parent) {
        const parent = await q.selectComment(sql, body.parent);
        if (!parent || parent.proposal_id !== params.proposalId) {
          throw new ApiError(
            400,
            "invalid_request",
            `body.parent: no comment ${body.parent} on proposal ${params.proposalId}`,
            [{ field: "body.parent", message: "is not a comment on this proposal", value: body.parent }],
          );
        }
        if (parent.parent !== null) {
          throw new ApiError(
            400,
            "invalid_request",
            "body.parent: a reply can only answer a comment, not another reply",
            [{ field: "body.parent", message: "is a reply (threads are one level deep)", value: body.parent }],
          );
        }
      }
      const hash = commentHashOf({
        proposalId: params.proposalId.toString(),
        parent: body.parent,
        body: body.body,
        author,
        issuedAt: body.issuedAt,
      });
      await withinLimits(author, "comment", (tx) =>
        q.insertComment(tx, {
          hash,
          proposalId: params.proposalId,
          parent: body.parent,
          author,
          body: body.body,
          issuedAt: body.issuedAt,
        }),
      );
      return view((await q.selectOne(sql, hash))!);
    },
  });

  routes.add({
    method: "POST",
    path: "/api/comments/:commentHash/edits",
    tag: "comments",
    summary:
      "The author replaces a comment's text (signed EIP-712 CommentEdit); the comment keeps its hash, the earlier texts stay at .../versions",
    params: byHash,
    body: editWrite,
    status: 201,
    errors: [401, 403, 404, 409, 429],
    response: commentView,
    handler: async ({ params, body }) => {
      const author = body.author.toLowerCase();
      const hash = params.commentHash;
      content.signatures.typed(
        commentEditTypes,
        { commentHash: hash, body: body.body, issuedAt: body.issuedAt },
        { signer: author, issuedAt: body.issuedAt, signature: body.signature },
      );
      await ownComment(hash, author, "edit");
      await content.authorization.require(author, WRITERS.comment, "edit comments");
      await withinLimits(author, "edit", async (tx) => {
        const current = (await q.lockOne(tx, hash))!;
        if (current.deleted_at) {
          throw new ApiError(409, "comment_deleted", `comment ${hash} was deleted by its author; it cannot be edited`);
        }
        if (current.hidden_reason !== null) {
          throw new ApiError(
            409,
            "comment_hidden",
            `comment ${hash} is hidden by a moderator ("${current.hidden_reason}"); an edit cannot show it again`,
          );
        }
        const latest = await q.latestIssuedAt(tx, hash);
        // An edit signed before the current text cannot bring an earlier text back (a replayed
        // edit); one signed in the same second as it (a typo fixed at once) is a later one.
        if (body.issuedAt < latest) {
          throw new ApiError(
            409,
            "edit_outdated",
            `body.issuedAt: ${body.issuedAt} is earlier than the current text's ${latest}; sign the edit again`,
            [{ field: "body.issuedAt", message: "is earlier than the current text", value: body.issuedAt }],
          );
        }
        if (body.body === current.body) {
          throw new ApiError(400, "invalid_request", "body.body: is the comment's current text; nothing to edit", [
            { field: "body.body", message: "is the current text", value: body.body },
          ]);
        }
        await q.insertEdit(tx, {
          comment: hash,
          version: current.versions,
          body: body.body,
          issuedAt: body.issuedAt,
          signature: body.signature,
        });
      });
      return view((await q.selectOne(sql, hash))!);
    },
  });

  routes.add({
    method: "POST",
    path: "/api/comments/:commentHash/deletion",
    tag: "comments",
    summary:
      "The author deletes a comment (signed EIP-712 CommentDelete): its text is no longer served, its replies stay in place",
    params: byHash,
    body: deleteWrite,
    status: 201,
    errors: [401, 403, 404, 409],
    response: commentView,
    handler: async ({ params, body }) => {
      const author = body.author.toLowerCase();
      const hash = params.commentHash;
      content.signatures.typed(
        commentDeleteTypes,
        { commentHash: hash, issuedAt: body.issuedAt },
        { signer: author, issuedAt: body.issuedAt, signature: body.signature },
      );
      // Only the author's key: no current registration and no quota needed, so someone whose
      // registration ended can still take their own words down (at most once per comment).
      await ownComment(hash, author, "delete");
      await sql.begin(async (begun) => {
        const tx = begun as unknown as Sql;
        const current = (await q.lockOne(tx, hash))!;
        if (current.deleted_at) {
          throw new ApiError(409, "comment_deleted", `comment ${hash} was already deleted by its author`);
        }
        await q.insertDeletion(tx, { comment: hash, issuedAt: body.issuedAt, signature: body.signature });
      });
      return view((await q.selectOne(sql, hash))!);
    },
  });

  routes.add({
    method: "GET",
    path: "/api/comments/:commentHash/versions",
    tag: "comments",
    summary:
      "Every text a comment has had, oldest first, each edit with the author's signature; withheld while a moderator hides it or after its author deleted it",
    params: byHash,
    errors: [404],
    response: commentVersionsView,
    handler: async ({ params }) => {
      const row = await q.selectOne(sql, params.commentHash);
      if (!row) throw notFound(`comment ${params.commentHash}`);
      const [original, edits] = await Promise.all([
        q.selectOriginal(sql, params.commentHash),
        q.selectEdits(sql, params.commentHash),
      ]);
      const withheld: CommentVersionsView["withheld"] =
        row.hidden_reason !== null ? "hidden" : row.deleted_at ? "deleted" : null;
      const text = (body: string) => (withheld ? null : body);
      return {
        hash: row.hash,
        withheld,
        items: [
          {
            version: 0,
            body: text(original!.body),
            at: seconds(original!.created_at),
            signature: null,
            issuedAt: Number(original!.issued_at),
          },
          ...edits.map((edit) => ({
            version: edit.version,
            body: text(edit.body),
            at: seconds(edit.edited_at),
            signature: edit.signature,
            issuedAt: Number(edit.issued_at),
          })),
        ],
      };
    },
  });

  routes.add({
    method: "POST",
    path: "/api/comments/:commentHash/flags",
    tag: "comments",
    summary: "A registered resident flags a comment for the moderators (once per resident; signed EIP-712 CommentFlag)",
    params: byHash,
    body: flagWrite,
    status: 201,
    errors: [401, 403, 404],
    response: commentView,
    handler: async ({ params, body }) => {
      const flagger = body.flagger.toLowerCase();
      if (!(await q.selectComment(sql, params.commentHash))) throw notFound(`comment ${params.commentHash}`);
      content.signatures.typed(
        commentFlagTypes,
        { commentHash: params.commentHash, issuedAt: body.issuedAt },
        { signer: flagger, issuedAt: body.issuedAt, signature: body.signature },
      );
      await content.authorization.require(flagger, WRITERS.comment, "flag comments");
      await q.insertFlag(sql, params.commentHash, flagger);
      return view((await q.selectOne(sql, params.commentHash))!);
    },
  });

  routes.add({
    method: "POST",
    path: "/api/comments/:commentHash/moderation",
    tag: "comments",
    summary:
      "A moderator (ResidentRegistry MODERATOR_ROLE) hides a comment with a public note, or shows it again; listed at GET /api/moderation",
    params: byHash,
    body: moderationWrite,
    status: 201,
    errors: [401, 403, 404, 409],
    response: commentView,
    handler: async ({ params, body }) => {
      await moderation.moderate({ hash: params.commentHash, ...body, moderator: body.moderator.toLowerCase() });
      return view((await q.selectOne(sql, params.commentHash))!);
    },
  });
}

const seconds = (at: Date) => Math.floor(at.getTime() / 1000);

function view(row: q.CommentRow): CommentView {
  const hidden = row.hidden_reason !== null;
  return {
    hash: row.hash,
    proposalId: row.proposal_id.toString(),
    parent: row.parent,
    author: row.author,
    body: hidden || row.deleted_at ? null : row.body,
    editedAt: row.edited_at ? seconds(row.edited_at) : null,
    versions: row.versions,
    deletedAt: row.deleted_at ? seconds(row.deleted_at) : null,
    hidden: hidden ? { reason: row.hidden_reason!, moderator: row.hidden_by!, at: seconds(row.hidden_at!) } : null,
    flags: row.flags,
    createdAt: seconds(row.created_at),
  };
}
