/**
 * Content the chain anchors by hash and the hash itself. A document (a proposal, a review reason,
 * a round's rules text, ... see kinds.ts) is hashed as keccak256 of its canonical JSON: keys sorted
 * at every level, no spaces, UTF-8, after its kind's schema normalised it (a missing `images` is
 * the empty list). A photo is hashed as keccak256 of the stored file's bytes. The one definition
 * the API, the audit, the front end and the demo seed share. Browser-safe.
 *
 * A proposal's canonical JSON is `{"body","images","summary","title"}` (plus `location` and
 * `theme` when given), so hashes anchored before those fields existed stay valid.
 */
import { keccak256, toUtf8Bytes } from "ethers";

import { documentSchemas, type DocumentInput, type DocumentKind, type DocumentOf } from "./kinds.js";

export * from "./kinds.js";
export * from "./signing.js";

export interface ProposalContent {
  title: string;
  summary: string;
  body: string;
  images?: readonly string[];
  theme?: string;
  location?: { lat: number; lon: number };
}

/** JSON with keys sorted at every level and no spaces; `undefined` members are left out. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new Error("canonical JSON has no NaN or Infinity");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function canonicalContent(content: ProposalContent): string {
  return canonicalJson({ ...content, images: content.images ?? [] });
}

/** The hash of a proposal's (or task's) content as submitted on chain. */
export function contentHashOf(content: ProposalContent): string {
  return keccak256(toUtf8Bytes(canonicalContent(content)));
}

/** keccak256 of a document's canonical JSON, as it is (normalise it with {@link normalizeDocument} first). */
export function documentHashOf(document: object): string {
  return keccak256(toUtf8Bytes(canonicalJson(document)));
}

/** keccak256 of a photo's bytes. */
export function photoHashOf(bytes: Uint8Array): string {
  return keccak256(bytes);
}

/** The document as its kind's schema normalises it; throws the schema's ZodError when invalid. */
export function normalizeDocument<K extends DocumentKind>(kind: K, document: DocumentInput<K>): DocumentOf<K> {
  return documentSchemas[kind].parse(document) as DocumentOf<K>;
}

/** Whether `document` (as served) is what `hash` (from the chain) commits to. */
export function documentMatches(document: object | null | undefined, hash: string): boolean {
  return document != null && documentHashOf(document) === hash.toLowerCase();
}
