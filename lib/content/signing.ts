/**
 * EIP-712 messages of the content store. A write is signed by its author's key (the resident's
 * browser key or an official's wallet), so the store knows who wrote what and can hold each author
 * to a quota and to the role the kind needs; a moderation is signed by a moderator's key. The
 * domain names the deployment's ResidentRegistry, so a signature is valid for one system only.
 * `issuedAt` (unix seconds) bounds a replay to a few minutes. Browser-safe.
 */
import type { TypedDataDomain, TypedDataField } from "ethers";

export const CONTENT_DOMAIN_NAME = "Buurtkas content";
export const CONTENT_DOMAIN_VERSION = "1";

export function contentDomain(chainId: number | bigint, registry: string): TypedDataDomain {
  return { name: CONTENT_DOMAIN_NAME, version: CONTENT_DOMAIN_VERSION, chainId, verifyingContract: registry };
}

/** A write: for a document its hash, for a photo the hash of the uploaded bytes (before re-encoding). */
export const contentWriteTypes: Record<string, TypedDataField[]> = {
  ContentWrite: [
    { name: "kind", type: "string" },
    { name: "contentHash", type: "bytes32" },
    { name: "issuedAt", type: "uint64" },
  ],
};

export interface ContentWriteMessage {
  kind: string;
  contentHash: string;
  issuedAt: number;
}

/** A moderator hides an item (or shows it again), with the public reason. */
export const moderationTypes: Record<string, TypedDataField[]> = {
  ContentModeration: [
    { name: "action", type: "string" },
    { name: "contentHash", type: "bytes32" },
    { name: "reason", type: "string" },
    { name: "issuedAt", type: "uint64" },
  ],
};

export type ModerationAction = "hide" | "restore";

export interface ModerationMessage {
  action: ModerationAction;
  contentHash: string;
  reason: string;
  issuedAt: number;
}

/** How far `issuedAt` may lie from the server's clock, in seconds (past, future). */
export const SIGNATURE_MAX_AGE_SECONDS = 600;
export const SIGNATURE_MAX_SKEW_SECONDS = 120;
