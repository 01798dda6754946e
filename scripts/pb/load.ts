import { readFile } from "node:fs/promises";

import { PabulibError, parsePabulib, type PbElection } from "../../lib/pabulib/index.js";
import { UsageError } from "./usage.js";

/** Reads and parses a `.pb` file; errors name the file (and the line, for a malformed file). */
export async function loadElection(file: string): Promise<PbElection> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new UsageError(`cannot read file ${file}${code === "ENOENT" ? ": no such file" : code ? ` (${code})` : ""}`);
  }
  try {
    return parsePabulib(text);
  } catch (error) {
    if (error instanceof PabulibError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
}
