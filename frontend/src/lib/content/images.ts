/**
 * Where a proposal's photo is served. A proposal's content lists its photos by hash; the content
 * store serves the stripped file and a small WebP of it under the hash (the API client's
 * photoUrl). A value that is not a photo hash (never valid in stored content) gives no URL.
 */
import { system } from "../chain/system.svelte.js";

export function imageUrl(image: string, size: "file" | "thumbnail" = "file"): string {
  return /^0x[0-9a-fA-F]{64}$/.test(image) ? system().api.photoUrl(image.toLowerCase(), size) : "";
}
