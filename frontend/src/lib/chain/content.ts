/** Proposal content and its on-chain fingerprint (ROUTES.md: keccak256 of the canonical JSON). */
import { keccak256, toUtf8Bytes } from "ethers";

import { contentHashOf as contentHash } from "../../../../lib/content/index.js";
import type { ProposalContent } from "../../../../lib/api/schemas.js";

export { contentHash };

/** Whether `content` is what `hash` (from the chain) commits to. */
export function contentMatches(content: ProposalContent | null, hash: string): boolean {
  return content !== null && contentHash(content).toLowerCase() === hash.toLowerCase();
}

/** A free text (evidence, reasons, notes) as the bytes32 the contracts store. */
export function textHash(text: string): string {
  return keccak256(toUtf8Bytes(text));
}
