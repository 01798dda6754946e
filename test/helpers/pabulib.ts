import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "../..");
/** The repository carries its own copy of every election it uses (data/pabulib/README.md). */
export const pabulibDir = path.resolve(repoRoot, "data/pabulib");

export function pabulibFiles(): string[] {
  return readdirSync(pabulibDir)
    .filter((f) => f.endsWith(".pb"))
    .sort();
}

export function readPabulib(name: string): string {
  return readFileSync(path.join(pabulibDir, name), "utf8");
}

/** A small deterministic PRNG (mulberry32) so property tests are reproducible. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
