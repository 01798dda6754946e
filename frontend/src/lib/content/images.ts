/**
 * Where a proposal's photo is served. A proposal's content lists its photos by hash; the content
 * store serves the stripped file and a small WebP of it under the hash (GET
 * /api/content/{hash}/file and /thumbnail), so the browser can check any photo against the hash
 * the chain anchors. A value that is already a URL (older content) is used as it is.
 */
export function imageUrl(image: string, size: "file" | "thumbnail" = "file"): string {
  if (/^0x[0-9a-fA-F]{64}$/.test(image)) return `api/content/${image.toLowerCase()}/${size}`;
  return /^(https?:|data:image\/)/.test(image) ? image : "";
}
