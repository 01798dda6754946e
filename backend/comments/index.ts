/**
 * Comments and replies on proposals by registered residents (issue 16). A comment is signed by its
 * author with EIP-712 (lib/comments, the content store's domain) and checked with the store's
 * signature verifier; who may write is the store's authorization (a current registered resident);
 * per-account limits hold off floods; any resident may flag a comment once; a moderator
 * (ResidentRegistry MODERATOR_ROLE) hides one with a public note through the store's moderation,
 * so the one public log (GET /api/moderation) lists comments too. A hidden comment keeps its place
 * in the thread with the note instead of the text.
 */
import { ZeroHash } from "ethers";
import { z } from "zod";

import {
  COMMENT_LIMITS,
  commentBody,
  commentFlagTypes,
  commentHashOf,
  commentView,
  commentWriteTypes,
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
      const usage = await q.authorUsage(sql, author);
      const since = usage.latest ? (Date.now() - usage.latest.getTime()) / 1000 : Infinity;
      if (usage.count >= limits.perDay || since < limits.minIntervalSeconds) {
        const retry = usage.count >= limits.perDay ? 3600 : Math.ceil(limits.minIntervalSeconds - since);
        throw new ApiError(
          429,
          usage.count >= limits.perDay ? "quota_exceeded" : "rate_limited",
          usage.count >= limits.perDay
            ? `${author} wrote ${usage.count} comments in the last day; the limit is ${limits.perDay}`
            : `${author} commented ${Math.floor(since)} s ago; wait ${limits.minIntervalSeconds} s between comments`,
          { used: usage.count, limit: limits.perDay, retryAfterSeconds: retry },
          { "Retry-After": String(retry) },
        );
      }
      const hash = commentHashOf({
        proposalId: params.proposalId.toString(),
        parent: body.parent,
        body: body.body,
        author,
        issuedAt: body.issuedAt,
      });
      await q.insertComment(sql, {
        hash,
        proposalId: params.proposalId,
        parent: body.parent,
        author,
        body: body.body,
        issuedAt: body.issuedAt,
      });
      return view((await q.selectOne(sql, hash))!);
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

function view(row: q.CommentRow): CommentView {
  const hidden = row.hidden_reason !== null;
  return {
    hash: row.hash,
    proposalId: row.proposal_id.toString(),
    parent: row.parent,
    author: row.author,
    body: hidden ? null : row.body,
    hidden: hidden
      ? { reason: row.hidden_reason!, moderator: row.hidden_by!, at: Math.floor(row.hidden_at!.getTime() / 1000) }
      : null,
    flags: row.flags,
    createdAt: Math.floor(row.created_at.getTime() / 1000),
  };
}
