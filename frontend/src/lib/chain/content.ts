/**
 * The content store from the browser (backend/content, ROUTES.md "Content"). The trust boundary is
 * here: the browser normalises and hashes a document itself and signs that hash with the account's
 * key, and refuses a store that answers another hash, so what it anchors on chain is what the
 * author wrote; what it reads it hashes again and shows only when it is what the chain anchored.
 */
import { keccak256, toUtf8Bytes } from "ethers";

import type { ContentItem } from "../../../../lib/api/schemas.js";
import {
  contentDomain,
  contentHashOf as contentHash,
  contentWriteTypes,
  documentHashOf,
  moderationTypes,
  normalizeDocument,
  photoHashOf,
  type DocumentInput,
  type DocumentKind,
  type DocumentOf,
  type ModerationAction,
} from "../../../../lib/content/index.js";
import type { ProposalContent } from "../../../../lib/api/schemas.js";
import { account } from "../account/account.svelte.js";
import { system } from "./system.svelte.js";

export { contentHash };

/** Whether `content` is what `hash` (from the chain) commits to. */
export function contentMatches(content: ProposalContent | null, hash: string): boolean {
  return content !== null && contentHash(content).toLowerCase() === hash.toLowerCase();
}

/** A free text as keccak256 of its bytes (older anchors; new texts go through {@link putDocument}). */
export function textHash(text: string): string {
  return keccak256(toUtf8Bytes(text));
}

/** The store answered something other than what was asked for: never shown, never anchored. */
export class ContentMismatchError extends Error {
  override name = "ContentMismatchError";
}

const seconds = () => Math.floor(Date.now() / 1000);

function domain() {
  const s = system();
  return contentDomain(s.chainId, s.address("ResidentRegistry"));
}

/**
 * Normalises, hashes, signs (with the signed-in account) and stores a document; answers the hash
 * to anchor on chain. Throws the schema's error for a bad document and the API's for a refusal.
 */
export async function putDocument<K extends DocumentKind>(
  kind: K,
  input: DocumentInput<K>,
): Promise<{ hash: string; document: DocumentOf<K> }> {
  const document = normalizeDocument(kind, input);
  const hash = documentHashOf(document);
  const issuedAt = seconds();
  const signature = await account.signer.signTypedData(domain(), contentWriteTypes, {
    kind,
    contentHash: hash,
    issuedAt,
  });
  const author = (await account.signer.getAddress()).toLowerCase();
  const item = await system().api.putContent({ kind, document, author, issuedAt, signature });
  if (item.hash !== hash) throw new ContentMismatchError(`the store answered ${item.hash} for ${hash}`);
  return { hash, document };
}

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Uploads a photo signed by the account; the store re-encodes it (EXIF and GPS removed), so the
 * hash to anchor is of the stored file, which is downloaded and hashed here before it is used.
 */
export async function uploadPhoto(file: Blob): Promise<ContentItem> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const issuedAt = seconds();
  const signature = await account.signer.signTypedData(domain(), contentWriteTypes, {
    kind: "photo",
    contentHash: photoHashOf(bytes),
    issuedAt,
  });
  const author = (await account.signer.getAddress()).toLowerCase();
  const item = await system().api.putPhoto({ photo: base64(bytes), author, issuedAt, signature });
  const stored = await fetch(system().api.photoUrl(item.hash));
  if (!stored.ok || photoHashOf(new Uint8Array(await stored.arrayBuffer())) !== item.hash) {
    throw new ContentMismatchError(`the stored photo is not ${item.hash}`);
  }
  return item;
}

/** What the store has for a hash the chain anchors, checked. */
export type Read<T> =
  | { state: "shown"; document: T; item: ContentItem }
  | { state: "hidden"; reason: string; item: ContentItem }
  /** Not stored (never written, or pruned). */
  | { state: "missing" }
  /** Served, but not what the hash commits to. */
  | { state: "mismatch"; item: ContentItem };

const reads = new Map<string, Promise<Read<unknown>>>();

/** The document anchored as `hash`, if the store has it and it hashes to `hash`. Cached per hash. */
export function readDocument<K extends DocumentKind>(hash: string, kind?: K): Promise<Read<DocumentOf<K>>> {
  const key = hash.toLowerCase();
  let found = reads.get(key);
  if (!found) {
    found = system()
      .api.content(key)
      .then((item): Read<unknown> => {
        if (item.hidden) return { state: "hidden", reason: item.hidden.reason, item };
        if (!item.document || (kind && item.kind !== kind) || documentHashOf(item.document) !== key) {
          return { state: "mismatch", item };
        }
        return { state: "shown", document: item.document, item };
      })
      .catch((error: { status?: number }) => {
        reads.delete(key);
        if (error.status === 404) return { state: "missing" } as const;
        throw error;
      });
    reads.set(key, found);
  }
  return found as Promise<Read<DocumentOf<K>>>;
}

/** Forgets a cached read (after a moderation). */
export function forgetRead(hash: string): void {
  reads.delete(hash.toLowerCase());
}

/** A photo's file as an object URL, after checking its bytes hash to `hash`; null when it does not. */
export async function verifiedPhotoUrl(hash: string): Promise<string | null> {
  const response = await fetch(system().api.photoUrl(hash));
  if (!response.ok) return null;
  const blob = await response.blob();
  if (photoHashOf(new Uint8Array(await blob.arrayBuffer())) !== hash.toLowerCase()) return null;
  return URL.createObjectURL(blob);
}

/** A moderator hides an item (or shows it again) with a public reason, signed by the account. */
export async function moderate(hash: string, action: ModerationAction, text: string) {
  const reason = text.trim();
  const issuedAt = seconds();
  const contentHash = hash.toLowerCase();
  const signature = await account.signer.signTypedData(domain(), moderationTypes, {
    action,
    contentHash,
    reason,
    issuedAt,
  });
  const moderator = (await account.signer.getAddress()).toLowerCase();
  const entry = await system().api.moderate(contentHash, { action, reason, moderator, issuedAt, signature });
  forgetRead(contentHash);
  return entry;
}
