/** Proposal content and its on-chain fingerprint (ROUTES.md: keccak256 of the canonical JSON). */
import { keccak256, toUtf8Bytes } from "ethers";

import type { ProposalContent } from "../api/types.js";

/** `{"body","images","summary","title"}`: keys sorted, no spaces, UTF-8. */
export function canonicalContent(content: ProposalContent): string {
  return JSON.stringify({
    body: content.body,
    images: content.images ?? [],
    summary: content.summary,
    title: content.title,
  });
}

export function contentHash(content: ProposalContent): string {
  return keccak256(toUtf8Bytes(canonicalContent(content)));
}

/** Whether `content` is what `hash` (from the chain) commits to. */
export function contentMatches(content: ProposalContent | null, hash: string): boolean {
  return content !== null && contentHash(content).toLowerCase() === hash.toLowerCase();
}

/** A free text (evidence, reasons, notes) as the bytes32 the contracts store. */
export function textHash(text: string): string {
  return keccak256(toUtf8Bytes(text));
}
