/**
 * The content store's domain: a signed write is checked (signature, role, quota, the kind's
 * schema, referenced photos stored) and kept under the hash of what it is; a read answers the item
 * with its moderation note. One transaction per write, under a lock per author, so a quota cannot
 * be overrun by parallel writes and nothing is half-written.
 */
import { z } from "zod";

import type { ContentItem } from "../../lib/api/schemas.js";
import {
  canonicalJson,
  documentHashOf,
  documentSchemas,
  photoHashOf,
  photosOf,
  type DocumentKind,
} from "../../lib/content/index.js";
import type { Sql } from "../db/index.js";
import { ApiError, notFound, parse } from "../api/http.js";
import { WRITERS, type Authorization } from "./authorization.js";
import { encodePhoto, type PhotoLimits } from "./photos.js";
import * as q from "./queries.js";
import type { SignatureVerifier } from "./signature.js";

export interface Quota {
  count: number;
  bytes: number;
}

/** Per account and rolling day. */
export interface Quotas {
  documents: Quota;
  photos: Quota;
}

export const DEFAULT_QUOTAS: Quotas = {
  documents: { count: 100, bytes: 1024 * 1024 },
  photos: { count: 30, bytes: 60 * 1024 * 1024 },
};

export interface SignedWrite {
  author: string;
  issuedAt: number;
  signature: string;
}

export interface StoreDeps {
  sql: Sql;
  signatures: SignatureVerifier;
  authorization: Authorization;
  quotas: Quotas;
  photoLimits: PhotoLimits;
}

export interface ContentStore {
  putDocument(kind: DocumentKind, document: unknown, signed: SignedWrite): Promise<ContentItem>;
  putPhoto(upload: Buffer, signed: SignedWrite): Promise<ContentItem>;
  get(hash: string): Promise<ContentItem>;
}

export function createContentStore(deps: StoreDeps): ContentStore {
  const { sql } = deps;

  /** Runs `write` in a transaction holding the author's lock, after checking the day's quota. */
  const withinQuota = async (author: string, photos: boolean, size: number, write: (tx: Sql) => Promise<void>) => {
    const quota = photos ? deps.quotas.photos : deps.quotas.documents;
    await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext(${`content:${author}`}))`;
      const used = await q.usageSince(tx as unknown as Sql, author, photos);
      if (used.count + 1 > quota.count || used.bytes + size > quota.bytes) {
        const what = photos ? "photos" : "texts";
        throw new ApiError(
          429,
          "quota_exceeded",
          `${author} wrote ${used.count} ${what} (${used.bytes} bytes) in the last day; the limit is ${quota.count} ${what} and ${quota.bytes} bytes`,
          { author, used, quota },
          { "Retry-After": "3600" },
        );
      }
      await write(tx as unknown as Sql);
    });
  };

  const get = async (hash: string): Promise<ContentItem> => {
    const row = await q.selectItem(sql, hash);
    if (!row) throw notFound(`content ${hash}`);
    return itemView(row);
  };

  return {
    get,

    async putDocument(kind, input, signed) {
      const document = parse(z.object({ document: documentSchemas[kind] }), { document: input }, "body").document;
      const hash = documentHashOf(document);
      deps.signatures.write({ kind, contentHash: hash, issuedAt: signed.issuedAt }, signerOf(signed));
      await deps.authorization.require(signed.author, WRITERS[kind], `write ${kind} content`);
      const photos = photosOf(kind, document);
      const stored = await q.storedPhotos(sql, photos);
      const missing = photos.findIndex((photo) => !stored.has(photo));
      if (missing >= 0) {
        const field = `body.document.${kind === "proposal" || kind === "task" ? "images" : "photos"}.${missing}`;
        throw new ApiError(400, "unknown_photo", `${field}: no photo ${photos[missing]} is stored (upload it first)`, [
          { field, message: "is not a stored photo", value: photos[missing] },
        ]);
      }
      if (!(await q.exists(sql, hash))) {
        const size = Buffer.byteLength(canonicalJson(document));
        await withinQuota(signed.author, false, size, (tx) =>
          q.insertDocument(tx, { hash, kind, author: signed.author, document, sizeBytes: size, photos }),
        );
      }
      return get(hash);
    },

    async putPhoto(upload, signed) {
      deps.signatures.write(
        { kind: "photo", contentHash: photoHashOf(upload), issuedAt: signed.issuedAt },
        signerOf(signed),
      );
      await deps.authorization.require(signed.author, WRITERS.photo, "upload photos");
      const photo = await encodePhoto(upload, deps.photoLimits);
      const hash = photoHashOf(photo.bytes);
      if (!(await q.exists(sql, hash))) {
        await withinQuota(signed.author, true, photo.bytes.length, (tx) =>
          q.insertPhoto(tx, {
            hash,
            author: signed.author,
            mediaType: photo.type,
            bytes: photo.bytes,
            width: photo.width,
            height: photo.height,
            thumbnail: photo.thumbnail,
          }),
        );
      }
      return get(hash);
    },
  };
}

const signerOf = (signed: SignedWrite) => ({
  signer: signed.author,
  issuedAt: signed.issuedAt,
  signature: signed.signature,
});

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

export function itemView(row: q.ItemRow): ContentItem {
  const hidden = row.hidden_reason !== null;
  return {
    hash: row.hash,
    kind: row.kind as ContentItem["kind"],
    author: row.author,
    createdAt: seconds(row.created_at),
    anchored: row.anchored,
    document: hidden ? null : row.document,
    photo:
      hidden || row.media_type === null
        ? null
        : {
            mediaType: row.media_type as "image/jpeg",
            width: row.width!,
            height: row.height!,
            bytes: row.size_bytes,
            url: `/api/content/${row.hash}/file`,
            thumbnailUrl: `/api/content/${row.hash}/thumbnail`,
          },
    hidden: hidden ? { reason: row.hidden_reason!, moderator: row.hidden_by!, at: seconds(row.hidden_at!) } : null,
  };
}
