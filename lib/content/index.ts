/**
 * Proposal (and task, rules) content and the hash that anchors it on chain: keccak256 of the
 * canonical JSON `{"body","images","summary","title"}` (keys sorted, no spaces, UTF-8; a missing
 * `images` is the empty list). The one definition the API, the audit, the front end and the demo
 * seed share. Browser-safe.
 */
import { keccak256, toUtf8Bytes } from "ethers";

export interface ProposalContent {
  title: string;
  summary: string;
  body: string;
  images?: readonly string[];
}

export function canonicalContent(content: ProposalContent): string {
  return JSON.stringify({
    body: content.body,
    images: content.images ?? [],
    summary: content.summary,
    title: content.title,
  });
}

export function contentHashOf(content: ProposalContent): string {
  return keccak256(toUtf8Bytes(canonicalContent(content)));
}
