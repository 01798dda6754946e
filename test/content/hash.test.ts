/** The content hash (lib/content): canonical JSON, the proposal hash kept from before, the kinds' schemas. */
import { keccak256, toUtf8Bytes } from "ethers";
import { describe, expect, test } from "vitest";

import {
  canonicalJson,
  contentHashOf,
  documentHashOf,
  documentMatches,
  normalizeDocument,
  photosOf,
} from "../../lib/content/index.js";

describe("canonical JSON", () => {
  test("sorts keys at every level, leaves out undefined members, keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: "é" }, u: undefined })).toBe('{"a":{"c":"é","d":[3,1]},"b":1}');
  });

  test("refuses numbers JSON cannot carry", () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/NaN/);
  });
});

describe("document hashes", () => {
  test("a proposal without theme or location hashes as it did before those fields existed", () => {
    const content = { title: "Bankjes", summary: "Vier", body: "Lang", images: [] };
    const before = keccak256(toUtf8Bytes('{"body":"Lang","images":[],"summary":"Vier","title":"Bankjes"}'));
    expect(contentHashOf(content)).toBe(before);
    expect(documentHashOf(normalizeDocument("proposal", { title: "Bankjes", summary: "Vier", body: "Lang" }))).toBe(
      before,
    );
  });

  test("normalising trims and fills in the empty photo list, so browser and API hash the same bytes", () => {
    const document = normalizeDocument("evidence", { text: "  Geveegd  " });
    expect(document).toEqual({ text: "Geveegd", photos: [] });
    expect(documentMatches(document, documentHashOf({ photos: [], text: "Geveegd" }))).toBe(true);
    expect(documentMatches({ ...document, text: "Niet geveegd" }, documentHashOf(document))).toBe(false);
    expect(documentMatches(null, documentHashOf(document))).toBe(false);
  });

  test("each kind refuses what it does not describe", () => {
    expect(() => normalizeDocument("review", { reason: "" })).toThrow();
    expect(() => normalizeDocument("merchant", { name: "Bakkerij", kvk: "123" } as never)).toThrow();
    expect(() =>
      normalizeDocument("rules", { title: "Buurtbudget", text: "", districts: [{ district: 0, name: "x" }] }),
    ).toThrow();
    expect(() =>
      normalizeDocument("proposal", { title: "abc", summary: "s", body: "", location: { lat: 0, lon: 181 } }),
    ).toThrow();
  });

  test("the photos a document refers to", () => {
    const photo = "0x" + "ab".repeat(32);
    expect(
      photosOf("proposal", normalizeDocument("proposal", { title: "abc", summary: "s", body: "", images: [photo] })),
    ).toEqual([photo]);
    expect(photosOf("implementation", normalizeDocument("implementation", { note: "Klaar", photos: [photo] }))).toEqual(
      [photo],
    );
    expect(photosOf("review", { reason: "x" })).toEqual([]);
  });
});
