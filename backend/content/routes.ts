/**
 * The content store's routes (backend/api/ROUTES.md "Content"): signed writes of documents and
 * photos, reads by hash (the document, the photo's file and thumbnail), moderation and its log.
 */
import { z } from "zod";

import * as api from "../../lib/api/schemas.js";
import { DOCUMENT_KINDS } from "../../lib/content/index.js";
import { address, ApiError, hash32, notFound, pageOf, paging } from "../api/http.js";
import type { RouteTable } from "../api/route.js";
import type { Moderation } from "./moderation.js";
import * as q from "./queries.js";
import type { ContentStore } from "./store.js";
import type { Sql } from "../db/index.js";

const signature = z.string().regex(/^0x[0-9a-fA-F]{130}$/, "must be a 65-byte 0x signature (EIP-712, by the author)");
const issuedAt = z.number().int("must be unix seconds").nonnegative("must be unix seconds");
const signed = { author: address, issuedAt, signature };

export const documentWrite = z.strictObject({
  kind: z.enum(DOCUMENT_KINDS),
  /** Checked against the kind's schema (lib/content/kinds.ts); the hash is of what it normalises to. */
  document: z.unknown(),
  ...signed,
});

export const photoWrite = z.strictObject({
  /** The file, base64; its keccak256 is what the author signs (kind "photo"). */
  photo: z.base64("must be the file in base64"),
  ...signed,
});

export const moderationWrite = z.strictObject({
  action: z.enum(["hide", "restore"]),
  reason: z.string().min(3, "must be 3 to 500 characters").max(500, "must be 3 to 500 characters"),
  moderator: address,
  issuedAt,
  signature,
});

/** Room for a photo of the limit in base64 (4/3) and the envelope. */
const photoBodyLimit = (maxBytes: number) => Math.ceil((maxBytes * 4) / 3) + 4096;

export function contentRoutes(
  routes: RouteTable,
  deps: { sql: Sql; store: ContentStore; moderation: Moderation; maxPhotoBytes: number },
): void {
  const { store, moderation, sql } = deps;
  const byHash = { contentHash: hash32 };

  routes.add({
    method: "POST",
    path: "/api/content",
    tag: "content",
    summary:
      "Stores a document (proposal, review reason, rules text, note, task, evidence, shop listing) signed by its author; answers it under its hash, to anchor on chain",
    body: documentWrite,
    status: 201,
    errors: [401, 403, 413, 415, 429],
    response: api.contentItem,
    handler: async ({ body }) => store.putDocument(body.kind, body.document, body),
  });

  routes.add({
    method: "POST",
    path: "/api/content/photos",
    tag: "content",
    summary:
      "Uploads a JPEG, PNG or WebP photo signed by its author; stores it re-encoded without metadata (EXIF, GPS), with a thumbnail; the hash is of the stored file",
    body: photoWrite,
    bodyLimitBytes: photoBodyLimit(deps.maxPhotoBytes),
    status: 201,
    errors: [401, 403, 413, 415, 429],
    response: api.contentItem,
    handler: async ({ body }) => store.putPhoto(Buffer.from(body.photo, "base64"), body),
  });

  routes.add({
    method: "GET",
    path: "/api/content/:contentHash",
    tag: "content",
    summary: "One stored item by its hash (a hidden one with the moderator's note instead of its content)",
    params: byHash,
    response: api.contentItem,
    handler: async ({ params }) => store.get(params.contentHash),
  });

  for (const which of ["file", "thumbnail"] as const) {
    routes.addRaw({
      method: "GET",
      path: `/api/content/:contentHash/${which}`,
      tag: "content",
      summary: which === "file" ? "A photo's stored file (its keccak256 is the hash)" : "A photo's thumbnail (WebP)",
      params: byHash,
      errors: [410],
      produces: { mediaType: "image/*", description: which === "file" ? "the photo" : "the thumbnail" },
      handler: async ({ params }, ctx) => {
        const file = await q.selectFile(sql, params.contentHash, which === "file" ? "bytes" : "thumbnail");
        if (!file) throw notFound(`photo ${params.contentHash}`);
        if (file.hidden_reason !== null) {
          throw new ApiError(
            410,
            "hidden",
            `photo ${params.contentHash} was hidden by a moderator: ${file.hidden_reason}`,
          );
        }
        ctx.set("Cache-Control", "public, max-age=31536000, immutable");
        ctx.type = file.media_type;
        ctx.body = file.data;
      },
    });
  }

  routes.add({
    method: "POST",
    path: "/api/content/:contentHash/moderation",
    tag: "content",
    summary: "A moderator (ResidentRegistry MODERATOR_ROLE) hides an item with a public reason, or shows it again",
    params: byHash,
    body: moderationWrite,
    status: 201,
    errors: [401, 403, 409],
    response: api.moderationEntry,
    handler: async ({ params, body }) =>
      moderationView(await moderation.moderate({ hash: params.contentHash, ...body })),
  });

  routes.add({
    method: "GET",
    path: "/api/districts",
    tag: "content",
    summary: 'District names, from the rounds\' stored rules documents (a district no round names is "Wijk N")',
    response: api.districtNames,
    handler: async () => ({
      items: (await q.selectDistrictNames(sql)).map((row) => ({
        district: row.district,
        name: row.name,
        roundId: row.round_id.toString(),
      })),
    }),
  });

  routes.add({
    method: "GET",
    path: "/api/moderation",
    tag: "content",
    summary: "Every moderation action, newest first (what was hidden, by whom, why)",
    query: paging,
    response: api.page(api.moderationEntry),
    handler: async ({ query }) => {
      const page = pageOf(query);
      const { items, nextCursor } = page.finish(await moderation.list({ limit: page.limit + 1, offset: page.offset }));
      return { items: items.map(moderationView), nextCursor };
    },
  });
}

function moderationView(row: Awaited<ReturnType<Moderation["list"]>>[number]): api.ModerationEntry {
  return {
    id: row.id.toString(),
    hash: row.hash,
    kind: row.kind as api.ModerationEntry["kind"],
    action: row.action,
    reason: row.reason,
    moderator: row.moderator,
    at: Math.floor(row.at.getTime() / 1000),
  };
}
