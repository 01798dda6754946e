import { readFile } from "node:fs/promises";

import { parsePabulib, type PbElection } from "../../lib/pabulib/index.js";
import { UsageError } from "./usage.js";

export async function loadElection(file: string): Promise<PbElection> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new UsageError(`cannot read file ${file}`);
  }
  return parsePabulib(text);
}
