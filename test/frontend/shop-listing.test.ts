/** A shop's listing as the merchants' desk checks it before registering or renaming (frontend/src/pages/officials/shopListing.ts). */
import { describe, expect, test } from "vitest";

import { merchantDocument } from "../../lib/content/kinds.js";
import { listingDocument, listingProblems } from "../../frontend/src/pages/officials/shopListing.js";

const FIELDS = { name: "mc-rename-name", street: "mc-rename-street" };

describe("shop listing", () => {
  test("a name of 2 to 120 characters and a street of at most 200 pass, trimmed as the store keeps them", () => {
    const input = { name: "  Bakkerij Brinkje & Dochter ", street: " Brink 12, Assen " };
    expect(listingProblems(input, FIELDS)).toEqual([]);
    expect(listingDocument(input)).toEqual({ name: "Bakkerij Brinkje & Dochter", address: "Brink 12, Assen" });
    expect(merchantDocument.parse(listingDocument(input))).toEqual(listingDocument(input));
  });

  test("a too short or too long name and a too long street are named with their field and value", () => {
    const long = "x".repeat(201);
    expect(listingProblems({ name: " B ", street: long }, FIELDS)).toEqual([
      { field: "mc-rename-name", label: { key: "shopName" }, value: " B ", problem: "length", limit: "2–120" },
      { field: "mc-rename-street", label: { key: "shopStreet" }, value: long, problem: "length", limit: "0–200" },
    ]);
    expect(listingProblems({ name: "y".repeat(121), street: "" }, FIELDS).map((p) => p.field)).toEqual([
      "mc-rename-name",
    ]);
    expect(listingProblems({ name: "", street: "" }, FIELDS).map((p) => p.value)).toEqual([""]);
  });
});
