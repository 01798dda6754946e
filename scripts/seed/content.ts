/**
 * The demo's texts and photos for the content store: every hash the demo anchors on chain is the
 * hash of a document (lib/content) or of a photo recorded here, and `npm start` writes them into
 * the store, so nothing the demo shows is a bare fingerprint.
 *
 * The photos are drawn here (SVG scenes rendered by sharp, then put through the store's own
 * re-encoding, so their hash is of the bytes the store serves). They are this repository's work,
 * under its licence (EUPL-1.2); no outside image is used.
 */
import sharp from "sharp";

import { DEFAULT_PHOTO_LIMITS, encodePhoto } from "../../backend/content/photos.js";
import {
  documentHashOf,
  normalizeDocument,
  photoHashOf,
  type DocumentInput,
  type DocumentKind,
} from "../../lib/content/index.js";

export interface DemoPhoto {
  hash: string;
  author: string;
  mediaType: "image/jpeg" | "image/png" | "image/webp";
  width: number;
  height: number;
  /** The stored file, base64 (demo.json carries it to later starts). */
  base64: string;
}

export interface DemoDocument {
  contentHash: string;
  content: object;
  kind?: DocumentKind;
  author?: string;
}

export interface ContentSink {
  contents: DemoDocument[];
  photos: DemoPhoto[];
}

/** Records a document written by `author`; answers the hash to anchor. */
export function demoDocument<K extends DocumentKind>(
  sink: ContentSink,
  kind: K,
  input: DocumentInput<K>,
  author: string,
): string {
  const document = normalizeDocument(kind, input);
  const hash = documentHashOf(document);
  if (!sink.contents.some((known) => known.contentHash === hash)) {
    sink.contents.push({ contentHash: hash, content: document, kind, author: author.toLowerCase() });
  }
  return hash;
}

/** The scenes the demo's photos show. */
export const SCENES = {
  benches: sceneSvg("#9fd3f5", "#5aa84f", bench(120) + bench(420) + tree(300) + tree(640)),
  square: sceneSvg("#c7e3f7", "#b9b2a6", cobbles() + tree(80) + tree(700)),
  squareNorth: sceneSvg("#c7e3f7", "#b9b2a6", cobbles(0, 400) + weeds(400, 800) + tree(80)),
  playground: sceneSvg("#a8d8f0", "#6cbf5b", swing(180) + slide(480) + bench(640)),
} as const;
export type Scene = keyof typeof SCENES;

/** Draws `scene` and stores it as `author`'s photo; answers its hash. */
export async function demoPhoto(sink: ContentSink, scene: Scene, author: string): Promise<string> {
  const drawn = await sharp(Buffer.from(SCENES[scene])).jpeg({ quality: 90 }).toBuffer();
  const photo = await encodePhoto(drawn, DEFAULT_PHOTO_LIMITS);
  const hash = photoHashOf(photo.bytes);
  if (!sink.photos.some((known) => known.hash === hash)) {
    sink.photos.push({
      hash,
      author: author.toLowerCase(),
      mediaType: photo.type,
      width: photo.width,
      height: photo.height,
      base64: photo.bytes.toString("base64"),
    });
  }
  return hash;
}

// ---------------------------------------------------------------- drawing

function sceneSvg(sky: string, ground: string, things: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600" viewBox="0 0 800 600">
    <rect width="800" height="600" fill="${sky}"/>
    <circle cx="680" cy="90" r="50" fill="#ffd75e"/>
    <rect y="380" width="800" height="220" fill="${ground}"/>
    ${things}
  </svg>`;
}

function bench(x: number): string {
  return `<g fill="#8a5a2b">
    <rect x="${x}" y="420" width="160" height="14" rx="3"/>
    <rect x="${x}" y="392" width="160" height="12" rx="3"/>
    <rect x="${x + 12}" y="434" width="10" height="36" fill="#444"/>
    <rect x="${x + 138}" y="434" width="10" height="36" fill="#444"/>
  </g>`;
}

function tree(x: number): string {
  return `<rect x="${x - 8}" y="270" width="16" height="120" fill="#6b4423"/>
    <circle cx="${x}" cy="250" r="55" fill="#2f7d32"/>`;
}

function cobbles(from = 0, to = 800): string {
  const stones: string[] = [];
  for (let y = 390; y < 600; y += 28) {
    for (let x = from + ((y / 28) % 2) * 18; x < to; x += 36) {
      stones.push(`<rect x="${x}" y="${y}" width="32" height="24" rx="4" fill="#a39c90"/>`);
    }
  }
  return stones.join("");
}

function weeds(from: number, to: number): string {
  const tufts: string[] = [];
  for (let x = from + 10; x < to; x += 45) {
    for (let y = 400; y < 600; y += 50) {
      tufts.push(`<path d="M${x} ${y + 20} l6 -22 l4 22 l6 -18 l3 18 z" fill="#3f8f3a"/>`);
    }
  }
  return cobbles(from, to) + tufts.join("");
}

function swing(x: number): string {
  return `<g stroke="#555" stroke-width="8" fill="none">
    <path d="M${x} 470 L${x + 60} 300 L${x + 120} 470"/>
    <path d="M${x + 160} 470 L${x + 220} 300 L${x + 280} 470"/>
    <path d="M${x + 60} 300 L${x + 220} 300"/>
    <path d="M${x + 110} 300 L${x + 110} 420 M${x + 170} 300 L${x + 170} 420" stroke-width="3"/>
  </g>
  <rect x="${x + 100}" y="420" width="80" height="10" fill="#d33"/>`;
}

function slide(x: number): string {
  return `<rect x="${x}" y="300" width="12" height="170" fill="#555"/>
    <rect x="${x + 50}" y="300" width="12" height="170" fill="#555"/>
    <path d="M${x + 56} 300 L${x + 170} 460 L${x + 150} 470 L${x + 40} 310 z" fill="#f2a000"/>`;
}
