/**
 * Photos for the store: the type is read from the bytes (JPEG, PNG or WebP; the name and the
 * declared type are not trusted), and every photo is decoded and encoded again with sharp
 * (libvips). Encoding writes no metadata, so EXIF (camera, time, GPS position: where a resident
 * lives), XMP, IPTC and comments are gone; the orientation is applied to the pixels first. The
 * stored bytes are what the hash the chain anchors is of.
 */
import sharp from "sharp";

import { ApiError } from "../api/http.js";

export type PhotoType = "image/jpeg" | "image/png" | "image/webp";

export interface PhotoLimits {
  /** Largest upload in bytes. */
  maxBytes: number;
  /** Largest decoded image in pixels (a small file can decode to gigabytes). */
  maxPixels: number;
  /** Longest side of the stored photo; larger ones are scaled down. */
  maxSide: number;
  /** Longest side of the thumbnail. */
  thumbnailSide: number;
}

export const DEFAULT_PHOTO_LIMITS: PhotoLimits = {
  maxBytes: 5 * 1024 * 1024,
  maxPixels: 40_000_000,
  maxSide: 2048,
  thumbnailSide: 320,
};

export interface EncodedPhoto {
  type: PhotoType;
  bytes: Buffer;
  width: number;
  height: number;
  thumbnail: Buffer;
}

/** The image type of `bytes` by their signature, or undefined. */
export function sniffPhotoType(bytes: Uint8Array): PhotoType | undefined {
  const at = (offset: number, ...expected: number[]) => expected.every((b, i) => bytes[offset + i] === b);
  if (at(0, 0xff, 0xd8, 0xff)) return "image/jpeg";
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return "image/webp";
  return undefined;
}

/** Checks and re-encodes an upload; refusals are 413 (too large) or 415/400 naming `field`. */
export async function encodePhoto(upload: Buffer, limits: PhotoLimits, field = "body.photo"): Promise<EncodedPhoto> {
  if (upload.length > limits.maxBytes) {
    throw new ApiError(
      413,
      "photo_too_large",
      `${field}: ${upload.length} bytes is over the limit of ${limits.maxBytes}`,
      [{ field, message: `at most ${limits.maxBytes} bytes`, value: upload.length }],
    );
  }
  const type = sniffPhotoType(upload);
  if (!type) {
    const start = upload.subarray(0, 8).toString("hex");
    throw new ApiError(
      415,
      "not_a_photo",
      `${field}: not a JPEG, PNG or WebP image (the file starts with ${start || "nothing"})`,
      [{ field, message: "must be a JPEG, PNG or WebP image", value: start }],
    );
  }
  try {
    const source = sharp(upload, { failOn: "error", limitInputPixels: limits.maxPixels }).rotate();
    const resized = source.resize({
      width: limits.maxSide,
      height: limits.maxSide,
      fit: "inside",
      withoutEnlargement: true,
    });
    const encoded =
      type === "image/jpeg"
        ? resized.jpeg({ quality: 85 })
        : type === "image/png"
          ? resized.png({ compressionLevel: 9 })
          : resized.webp({ quality: 85 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    const thumbnail = await thumbnailOf(data, limits.thumbnailSide);
    return { type, bytes: data, width: info.width, height: info.height, thumbnail };
  } catch (error) {
    throw new ApiError(
      400,
      "invalid_photo",
      `${field}: the ${type} image cannot be read (${(error as Error).message})`,
      [{ field, message: "is not a readable image" }],
    );
  }
}

/** A small WebP of a stored photo (not anchored: made again from the stored bytes at will). */
export function thumbnailOf(stored: Buffer, side = DEFAULT_PHOTO_LIMITS.thumbnailSide): Promise<Buffer> {
  return sharp(stored)
    .resize({ width: side, height: side, fit: "inside", withoutEnlargement: true })
    .webp({ quality: 75 })
    .toBuffer();
}
