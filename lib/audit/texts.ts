/**
 * The served texts of a round against the hashes the chain anchors: the rules document (rulesHash),
 * each proposal's text (contentHash) and the reviewer's reason (reasonHash), fetched from the API's
 * content store (GET /api/content/{hash}) and hashed again here (lib/content), with every photo
 * they refer to (GET /api/content/{hash}/file, keccak256 of the bytes). A text whose hash is not
 * the anchored one is a mismatch naming it; one not stored, or hidden by a moderator (the hash
 * stays on chain, the moderation is public), is counted, not a mismatch. Browser-safe.
 */
import { keccak256, ZeroHash } from "ethers";

import * as api from "../api/schemas.js";
import type { ChainRound } from "../chain/roundLogs.js";
import { documentHashOf, photosOf, DOCUMENT_KINDS, type DocumentKind } from "../content/index.js";
import type { Fetch } from "./api.js";

/** One text the chain anchors for the round. */
export interface AnchoredText {
  /** What it is: "rules", "text" (a proposal's), "reason" (the review's). */
  what: "rules" | "text" | "reason";
  hash: string;
  district: number | null;
  proposalId: string | null;
}

export interface TextsReport {
  /** Texts (and photos) served and hashed again. */
  checked: number;
  /** Anchored texts the store does not have. */
  missing: number;
  /** Texts a moderator hid. */
  hidden: number;
  mismatches: {
    district: number | null;
    proposalId: string | null;
    field: string;
    recount: string | null;
    found: string | null;
  }[];
}

const auditedItem = api.contentItem.pick({ hash: true, kind: true, document: true, hidden: true });

/** Every text hash the round's logs anchor. */
export function anchoredTexts(round: ChainRound): AnchoredText[] {
  const texts: AnchoredText[] = [{ what: "rules", hash: round.rules.rulesHash, district: null, proposalId: null }];
  for (const proposal of round.proposals.values()) {
    const at = { district: proposal.district, proposalId: proposal.id.toString() };
    texts.push({ what: "text", hash: proposal.contentHash, ...at });
    if (proposal.review && proposal.review.reasonHash !== ZeroHash) {
      texts.push({ what: "reason", hash: proposal.review.reasonHash, ...at });
    }
  }
  return texts.map((t) => ({ ...t, hash: t.hash.toLowerCase() }));
}

export async function checkTexts(
  baseUrl: string,
  texts: readonly AnchoredText[],
  fetchFn: Fetch,
): Promise<TextsReport> {
  const base = baseUrl.replace(/\/+$/, "");
  const report: TextsReport = { checked: 0, missing: 0, hidden: 0, mismatches: [] };
  const photos = new Map<string, AnchoredText>();
  for (const text of texts) {
    const where = { district: text.district, proposalId: text.proposalId };
    const response = await fetchFn(`${base}/api/content/${text.hash}`);
    if (response.status === 404) {
      report.missing++;
      continue;
    }
    const parsed = response.ok ? auditedItem.safeParse(await response.json().catch(() => null)) : null;
    if (!parsed?.success) {
      report.mismatches.push({ ...where, field: text.what, recount: text.hash, found: `HTTP ${response.status}` });
      continue;
    }
    const item = parsed.data;
    if (item.hidden) {
      report.hidden++;
      continue;
    }
    report.checked++;
    const found = item.document === null ? "no document" : documentHashOf(item.document);
    if (item.hash !== text.hash || found !== text.hash) {
      report.mismatches.push({ ...where, field: text.what, recount: text.hash, found });
      continue;
    }
    if ((DOCUMENT_KINDS as string[]).includes(item.kind)) {
      // Only photos of the store (proposals once named images by URL; those are not anchored bytes).
      for (const photo of photosOf(item.kind as DocumentKind, item.document!)) {
        if (/^0x[0-9a-f]{64}$/.test(photo)) photos.set(photo, text);
      }
    }
  }
  for (const [photo, text] of photos) {
    const where = { district: text.district, proposalId: text.proposalId };
    const response = await fetchFn(`${base}/api/content/${photo}/file`);
    if (response.status === 404) {
      report.missing++;
    } else if (response.status === 410) {
      report.hidden++;
    } else {
      report.checked++;
      const found = response.ok ? keccak256(new Uint8Array(await response.arrayBuffer())) : `HTTP ${response.status}`;
      if (found !== photo) report.mismatches.push({ ...where, field: `${text.what} photo`, recount: photo, found });
    }
  }
  return report;
}
