/**
 * Signed writes to the content store (backend/content) from a test: what the browser's
 * lib/chain/content.ts sends, built with an ethers signer.
 */
import type { Signer } from "ethers";

import {
  contentDomain,
  contentWriteTypes,
  documentHashOf,
  moderationTypes,
  normalizeDocument,
  photoHashOf,
  type DocumentKind,
  type ModerationAction,
} from "../../lib/content/index.js";
import type { Deployment } from "../../lib/contracts/deployments.js";

const now = () => Math.floor(Date.now() / 1000);

const domainOf = (deployment: Deployment) =>
  contentDomain(deployment.chainId, deployment.contracts.ResidentRegistry.address);

/** The body of POST /api/content for `document`, signed by `signer`; and the hash it stores under. */
export async function signedDocument(
  signer: Signer,
  deployment: Deployment,
  kind: DocumentKind,
  input: unknown,
  issuedAt = now(),
): Promise<{ hash: string; body: Record<string, unknown> }> {
  const document = normalizeDocument(kind, input as never);
  const hash = documentHashOf(document);
  const signature = await signer.signTypedData(domainOf(deployment), contentWriteTypes, {
    kind,
    contentHash: hash,
    issuedAt,
  });
  return { hash, body: { kind, document, author: (await signer.getAddress()).toLowerCase(), issuedAt, signature } };
}

/** The body of POST /api/content/photos for `bytes`, signed by `signer`. */
export async function signedPhoto(signer: Signer, deployment: Deployment, bytes: Uint8Array, issuedAt = now()) {
  const signature = await signer.signTypedData(domainOf(deployment), contentWriteTypes, {
    kind: "photo",
    contentHash: photoHashOf(bytes),
    issuedAt,
  });
  return {
    photo: Buffer.from(bytes).toString("base64"),
    author: (await signer.getAddress()).toLowerCase(),
    issuedAt,
    signature,
  };
}

/** The body of POST /api/content/{hash}/moderation, signed by `signer`. */
export async function signedModeration(
  signer: Signer,
  deployment: Deployment,
  hash: string,
  action: ModerationAction,
  reason: string,
  issuedAt = now(),
) {
  const signature = await signer.signTypedData(domainOf(deployment), moderationTypes, {
    action,
    contentHash: hash,
    reason,
    issuedAt,
  });
  return { action, reason, moderator: (await signer.getAddress()).toLowerCase(), issuedAt, signature };
}

/**
 * A JPEG with an EXIF block holding a GPS position (52°22'N 4°53'E), built by hand: an APP1
 * segment after the SOI marker of `jpeg`, with IFD0 pointing to a GPS IFD.
 */
export function withGpsExif(jpeg: Buffer): Buffer {
  const entries: Buffer[] = [];
  const data: Buffer[] = [];
  // TIFF header (big endian) + IFD0 at 8 with one entry (GPSInfo pointer) + next-IFD 0.
  const tiff = Buffer.alloc(8);
  tiff.write("MM", 0, "latin1");
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  const ifd0 = Buffer.alloc(2 + 12 + 4);
  ifd0.writeUInt16BE(1, 0);
  ifd0.writeUInt16BE(0x8825, 2); // GPSInfo
  ifd0.writeUInt16BE(4, 4); // LONG
  ifd0.writeUInt32BE(1, 6);
  const gpsOffset = 8 + ifd0.length;
  ifd0.writeUInt32BE(gpsOffset, 10);
  // GPS IFD: LatitudeRef "N", Latitude 3 rationals, LongitudeRef "E", Longitude 3 rationals.
  const count = 4;
  const gpsSize = 2 + count * 12 + 4;
  const rationalsAt = gpsOffset + gpsSize;
  const gps = Buffer.alloc(gpsSize);
  gps.writeUInt16BE(count, 0);
  const entry = (i: number, tag: number, type: number, n: number, value: (b: Buffer, at: number) => void) => {
    const at = 2 + i * 12;
    gps.writeUInt16BE(tag, at);
    gps.writeUInt16BE(type, at + 2);
    gps.writeUInt32BE(n, at + 4);
    value(gps, at + 8);
  };
  const rationals = (values: number[]) => {
    const b = Buffer.alloc(values.length * 8);
    values.forEach((v, i) => {
      b.writeUInt32BE(v, i * 8);
      b.writeUInt32BE(1, i * 8 + 4);
    });
    return b;
  };
  const lat = rationals([52, 22, 12]);
  const lon = rationals([4, 53, 42]);
  entry(0, 1, 2, 2, (b, at) => b.write("N\0", at, "latin1"));
  entry(1, 2, 5, 3, (b, at) => b.writeUInt32BE(rationalsAt, at));
  entry(2, 3, 2, 2, (b, at) => b.write("E\0", at, "latin1"));
  entry(3, 4, 5, 3, (b, at) => b.writeUInt32BE(rationalsAt + lat.length, at));
  entries.push(tiff, ifd0, gps);
  data.push(lat, lon);
  const exif = Buffer.concat([Buffer.from("Exif\0\0", "latin1"), ...entries, ...data]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(exif.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), app1, exif, jpeg.subarray(2)]);
}
