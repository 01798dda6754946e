import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

import { expect, test } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

// Gas is deterministic for a given build, so the benchmark's acceptance limits are checked here;
// its timings, if any, never are.
test("every operation of the gas benchmark stays within its acceptance limit", async () => {
  const { stdout } = await promisify(execFile)("npx", ["tsx", "scripts/bench/gas.ts", "--json"], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: { stdout?: string; stderr?: string }) => {
    throw new Error(`benchmark failed: ${error.stderr ?? error}\n${error.stdout ?? ""}`);
  });
  const report = JSON.parse(stdout.trim().split("\n").at(-1)!) as {
    results: { operation: string; gas: number; limit?: number }[];
  };
  const limited = report.results.filter((r) => r.limit !== undefined);
  expect(limited.map((r) => r.operation)).toEqual(
    expect.arrayContaining([
      "claim",
      "approve (resident's first reward ever)",
      "claim + submit + approve",
      "approval, 5 projects, first vote",
      "approval, 5 projects, re-vote",
      "approval, each additional project (20 vs 5) / 15",
      "anonymous approval, 5 projects, first vote (relayer submits)",
    ]),
  );
  for (const r of limited) expect(r.gas, r.operation).toBeLessThanOrEqual(r.limit!);
  const governor = report.results.find((r) => r.operation === "OpenZeppelin Governor castVote, later voter")!;
  expect(governor.gas).toBeGreaterThan(50_000);
});
