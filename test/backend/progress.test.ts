/** Progress reports: rates over the interval, one report on catching up, none per block after. */
import { expect, test } from "vitest";

import { ProgressMeter } from "../../backend/indexer/progress.js";

test("reports blocks/s, events/s and blocks behind every interval, and once on catching up", () => {
  let now = 0;
  const meter = new ProgressMeter(5_000, () => now);
  now = 1_000;
  expect(meter.record(2_000, 300, 2_000, 10_000, false)).toBeUndefined();
  now = 5_000;
  expect(meter.record(2_000, 100, 4_000, 10_000, false)).toEqual({
    cursor: 4_000,
    head: 10_000,
    blocksBehind: 6_000,
    blocksPerSecond: 800,
    eventsPerSecond: 80,
  });
  now = 6_000;
  expect(meter.record(6_000, 1_000, 10_000, 10_000, true)).toMatchObject({ blocksBehind: 0, blocksPerSecond: 6_000 });
  // Following the head block by block: no report per block, only at the interval.
  now = 7_000;
  expect(meter.record(1, 2, 10_001, 10_001, true)).toBeUndefined();
  now = 11_000;
  expect(meter.record(1, 2, 10_002, 10_002, true)).toMatchObject({ cursor: 10_002, eventsPerSecond: 1 });
});
