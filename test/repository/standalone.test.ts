/**
 * A user clones only this repository: nothing in it may read a folder beside it (such as the
 * shared folder our own machines have next to the clone), and every election it uses is carried
 * in data/pabulib.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { pabulibDir, pabulibFiles, repoRoot } from "../helpers/pabulib.js";

const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: repoRoot, encoding: "utf8" })
  .split("\0")
  .filter((file) => file !== "" && !file.startsWith("data/"));

describe("the repository stands on its own", () => {
  test("no tracked file refers to a folder outside the repository", () => {
    // Built from parts, so that this file does not match itself.
    const outside = new RegExp(["\\.\\./sha" + "red\\b", "sha" + "red/data/pabulib"].join("|"));
    const offenders = tracked.filter((file) => {
      let text: string;
      try {
        text = readFileSync(path.join(repoRoot, file), "utf8");
      } catch {
        return false; // deleted in the work tree
      }
      return outside.test(text);
    });
    expect(offenders).toEqual([]);
  });

  test("data/pabulib holds the real elections, each listed with its source in the README", () => {
    expect(pabulibDir).toBe(path.join(repoRoot, "data/pabulib"));
    const readme = readFileSync(path.join(pabulibDir, "README.md"), "utf8");
    expect(pabulibFiles().length).toBeGreaterThanOrEqual(16);
    for (const file of pabulibFiles()) expect(readme, file).toContain(file);
  });
});
