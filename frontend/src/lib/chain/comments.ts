/**
 * Comments from the browser: signed with the account's key in the content store's EIP-712 domain
 * (lib/comments), so the API knows who wrote, flagged or hid what; the relayer is not involved.
 */
import { ZeroHash } from "ethers";

import {
  commentDeleteTypes,
  commentEditTypes,
  commentFlagTypes,
  commentWriteTypes,
  type CommentView,
} from "../../../../lib/comments/index.js";
import { contentDomain, moderationTypes, type ModerationAction } from "../../../../lib/content/index.js";
import { account } from "../account/account.svelte.js";
import { system } from "./system.svelte.js";

const seconds = () => Math.floor(Date.now() / 1000);
const domain = () => contentDomain(system().chainId, system().address("ResidentRegistry"));

export async function postComment(proposalId: string, body: string, parent: string | null): Promise<CommentView> {
  const issuedAt = seconds();
  const text = body.trim();
  const signature = await account.signer.signTypedData(domain(), commentWriteTypes, {
    proposalId,
    parent: parent ?? ZeroHash,
    body: text,
    issuedAt,
  });
  const author = (await account.signer.getAddress()).toLowerCase();
  return system().api.postComment(proposalId, { parent, body: text, author, issuedAt, signature });
}

/** The author replaces the text of their comment (the earlier text stays on record). */
export async function editComment(hash: string, body: string): Promise<CommentView> {
  const issuedAt = seconds();
  const text = body.trim();
  const signature = await account.signer.signTypedData(domain(), commentEditTypes, {
    commentHash: hash,
    body: text,
    issuedAt,
  });
  const author = (await account.signer.getAddress()).toLowerCase();
  return system().api.editComment(hash, { body: text, author, issuedAt, signature });
}

export async function deleteComment(hash: string): Promise<CommentView> {
  const issuedAt = seconds();
  const signature = await account.signer.signTypedData(domain(), commentDeleteTypes, { commentHash: hash, issuedAt });
  const author = (await account.signer.getAddress()).toLowerCase();
  return system().api.deleteComment(hash, { author, issuedAt, signature });
}

export async function flagComment(hash: string): Promise<CommentView> {
  const issuedAt = seconds();
  const signature = await account.signer.signTypedData(domain(), commentFlagTypes, { commentHash: hash, issuedAt });
  const flagger = (await account.signer.getAddress()).toLowerCase();
  return system().api.flagComment(hash, { flagger, issuedAt, signature });
}

export async function moderateComment(hash: string, action: ModerationAction, reason: string): Promise<CommentView> {
  const issuedAt = seconds();
  const text = reason.trim();
  const signature = await account.signer.signTypedData(domain(), moderationTypes, {
    action,
    contentHash: hash,
    reason: text,
    issuedAt,
  });
  const moderator = (await account.signer.getAddress()).toLowerCase();
  return system().api.moderateComment(hash, { action, reason: text, moderator, issuedAt, signature });
}
