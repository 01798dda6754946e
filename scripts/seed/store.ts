/** Writes the demo's texts and photos (scripts/seed/content.ts) into the content store. */
import { ZeroAddress } from "ethers";

import { insertDocument, insertPhoto, thumbnailOf } from "../../backend/content/index.js";
import type { Sql } from "../../backend/db/index.js";
import { canonicalJson, documentHashOf, photoHashOf, photosOf } from "../../lib/content/index.js";
import type { DemoSeed } from "./demo.js";

export async function storeDemoContent(sql: Sql, seed: Pick<DemoSeed, "contents"> & Partial<Pick<DemoSeed, "photos">>) {
  for (const photo of seed.photos ?? []) {
    const bytes = Buffer.from(photo.base64, "base64");
    if (photoHashOf(bytes) !== photo.hash) throw new Error(`demo photo ${photo.hash} does not hash to itself`);
    await insertPhoto(sql, {
      hash: photo.hash,
      author: photo.author,
      mediaType: photo.mediaType,
      bytes,
      width: photo.width,
      height: photo.height,
      thumbnail: await thumbnailOf(bytes),
    });
  }
  for (const { contentHash, content, kind = "proposal", author = ZeroAddress } of seed.contents) {
    if (documentHashOf(content) !== contentHash) throw new Error(`demo text ${contentHash} does not hash to itself`);
    await insertDocument(sql, {
      hash: contentHash,
      kind,
      author: author.toLowerCase(),
      document: content,
      sizeBytes: Buffer.byteLength(canonicalJson(content)),
      photos: photosOf(kind, content),
    });
  }
}
