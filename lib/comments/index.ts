/**
 * Residents' comments on proposals: the EIP-712 messages a comment and a flag are signed with
 * (the content store's domain, lib/content/signing.ts), the hash a comment is known by, and the
 * shapes the API answers. Browser-safe (ethers and zod only). A comment is not anchored on chain:
 * the signature says who wrote it, and moderation is public (GET /api/moderation).
 */
import { ZeroHash, keccak256, toUtf8Bytes, type TypedDataField } from "ethers";
import { z } from "zod";

import { canonicalJson } from "../content/index.js";

/** A comment on a proposal, or a reply to one (`parent` is the comment's hash; zero for none). */
export const commentWriteTypes: Record<string, TypedDataField[]> = {
  CommentWrite: [
    { name: "proposalId", type: "uint256" },
    { name: "parent", type: "bytes32" },
    { name: "body", type: "string" },
    { name: "issuedAt", type: "uint64" },
  ],
};

/** The author replaces a comment's text; the comment keeps its hash and earlier texts stay on record. */
export const commentEditTypes: Record<string, TypedDataField[]> = {
  CommentEdit: [
    { name: "commentHash", type: "bytes32" },
    { name: "body", type: "string" },
    { name: "issuedAt", type: "uint64" },
  ],
};

/** The author deletes a comment: its text is no longer served, replies stay in place. */
export const commentDeleteTypes: Record<string, TypedDataField[]> = {
  CommentDelete: [
    { name: "commentHash", type: "bytes32" },
    { name: "issuedAt", type: "uint64" },
  ],
};

/** A resident flags a comment for the moderators. */
export const commentFlagTypes: Record<string, TypedDataField[]> = {
  CommentFlag: [
    { name: "commentHash", type: "bytes32" },
    { name: "issuedAt", type: "uint64" },
  ],
};

export const COMMENT_MAX_LENGTH = 2000;

/** Per account: comments and edits in any 24 hours, and at most one new comment every this many seconds. */
export const COMMENT_LIMITS = { perDay: 20, minIntervalSeconds: 10 };

export const commentBody = z
  .string()
  .trim()
  .min(1, `must be 1 to ${COMMENT_MAX_LENGTH} characters`)
  .max(COMMENT_MAX_LENGTH, `must be 1 to ${COMMENT_MAX_LENGTH} characters`);

export interface CommentFields {
  proposalId: string;
  parent: string | null;
  body: string;
  author: string;
  issuedAt: number;
}

/** The hash a comment is known by (and moderated under): keccak256 of its canonical JSON. */
export function commentHashOf(comment: CommentFields): string {
  return keccak256(
    toUtf8Bytes(
      canonicalJson({
        proposalId: comment.proposalId,
        parent: comment.parent ?? ZeroHash,
        body: comment.body,
        author: comment.author.toLowerCase(),
        issuedAt: comment.issuedAt,
      }),
    ),
  );
}

const hash = z.string().regex(/^0x[0-9a-f]{64}$/);
const address = z.string().regex(/^0x[0-9a-f]{40}$/);

export const commentView = z.object({
  hash,
  proposalId: z.string(),
  /** The comment this one replies to; null for a comment on the proposal itself. */
  parent: hash.nullable(),
  author: address,
  /** The current text; null while a moderator hides it or after its author deleted it. */
  body: z.string().nullable(),
  /** Unix seconds of the author's latest edit; null when never edited. */
  editedAt: z.number().int().nullable(),
  /** How many texts it has had (1 + edits); the earlier ones at GET /api/comments/{hash}/versions. */
  versions: z.number().int().positive(),
  /** Unix seconds when its author deleted it; null while it stands. */
  deletedAt: z.number().int().nullable(),
  /** Why a moderator hid it (public); null when shown. */
  hidden: z.object({ reason: z.string(), moderator: address, at: z.number().int() }).nullable(),
  /** How many residents flagged it. */
  flags: z.number().int().nonnegative(),
  /** Unix seconds. */
  createdAt: z.number().int(),
});

export type CommentView = z.infer<typeof commentView>;

export const commentVersionsView = z.object({
  hash,
  /**
   * Why no text is served: a moderator hides the comment, or its author deleted it (the texts are
   * kept, but not shown where the thread does not show them); null when every text is served.
   */
  withheld: z.enum(["hidden", "deleted"]).nullable(),
  /** Oldest first: version 0 is the text as posted, each later one an edit signed by the author. */
  items: z.array(
    z.object({
      version: z.number().int().nonnegative(),
      body: z.string().nullable(),
      /** Unix seconds it was written (posted or edited). */
      at: z.number().int(),
      /** The author's EIP-712 CommentEdit signature of this text; null for the original (its hash is its proof). */
      signature: z.string().nullable(),
      /** The signed time (unix seconds) of the CommentEdit or CommentWrite. */
      issuedAt: z.number().int(),
    }),
  ),
});

export type CommentVersionsView = z.infer<typeof commentVersionsView>;
