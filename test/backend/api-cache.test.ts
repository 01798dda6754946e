/** The tagged cache alone: valid while the tag stands, one computation for requests arriving together. */
import { expect, test } from "vitest";

import { createTaggedCache } from "../../backend/api/cache.js";

test("a value is computed once per tag, again when the tag changes, and a failure is not kept", async () => {
  let tag = "block 1";
  let tagReads = 0;
  const cache = createTaggedCache(async () => (tagReads++, tag));
  let computed = 0;
  const compute = async () => ++computed;

  // Requests arriving together share one tag read and one computation.
  expect(await Promise.all([cache.get("r", "s", compute), cache.get("r", "s", compute)])).toEqual([1, 1]);
  expect([computed, tagReads]).toEqual([1, 1]);
  expect(await cache.get("r", "s", compute)).toBe(1);
  tag = "block 2";
  expect(await cache.get("r", "s", compute)).toBe(2);

  tag = "block 3";
  await expect(cache.get("r", "s", () => Promise.reject(new Error("database gone")))).rejects.toThrow("database gone");
  expect(await cache.get("r", "s", compute)).toBe(3); // the next request tries again
});

test("at most maxEntries values are kept", async () => {
  const cache = createTaggedCache(async () => "t", 3);
  for (const key of ["a", "b", "c", "d"]) await cache.get(key, "s", async () => key);
  expect(cache.size).toBeLessThanOrEqual(3);
});
