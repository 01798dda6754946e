/**
 * `npm run votecodes -- --district N --count N --out DIR [--redeemable-days N] [--batch-label TEXT]`
 *
 * Writes DIR/codes-district-N.csv (letter_number, district, code: the secret letters to print,
 * readable by the owner only) and DIR/batch-district-N.json (the public record: root, code count and
 * the Merkle tree over the code addresses), then prints the root and the publishCodeBatch call.
 * With --redeemable-days the codes can be redeemed until that many days after generation: the
 * record holds that moment (unix seconds) and the printed call carries it.
 * Every input is checked before anything is written; bad input prints one message naming the flag
 * and exits 2 with nothing written. Both files are written under temporary names and renamed at the end.
 */
import { accessSync, constants, existsSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

import { lettersFileName, recordFileName } from "./files.js";

const MAX_DISTRICT = 2 ** 32 - 1;
/** A print run beyond this is a typo; bigger municipalities issue several batches. */
const MAX_COUNT = 1_000_000;
const MAX_LABEL_LENGTH = 200;
/** Ten years: letters that stay valid longer than a registration would be a typo. */
const MAX_REDEEMABLE_DAYS = 3_650;
const USAGE = "usage: npm run votecodes -- --district N --count N --out DIR [--redeemable-days N] [--batch-label TEXT]";

class UsageError extends Error {
  override name = "UsageError";
}

interface Options {
  district: number;
  count: number;
  out: string;
  label: string | null;
  redeemableDays: number | null;
}

function parseOptions(args: string[]): Options | "help" {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      district: { type: "string" },
      count: { type: "string" },
      out: { type: "string" },
      "redeemable-days": { type: "string" },
      "batch-label": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help";
  const district = positiveInteger("--district", values.district, MAX_DISTRICT);
  const count = positiveInteger("--count", values.count, MAX_COUNT);
  const out = outputDirectory(values.out, district);
  const days = values["redeemable-days"];
  const redeemableDays = days === undefined ? null : positiveInteger("--redeemable-days", days, MAX_REDEEMABLE_DAYS);
  return { district, count, out, label: batchLabel(values["batch-label"]), redeemableDays };
}

function positiveInteger(flag: string, value: string | undefined, max: number): number {
  if (value === undefined) throw new UsageError(`${flag} is required (${USAGE})`);
  if (!/^[0-9]+$/.test(value) || Number(value) < 1) {
    throw new UsageError(`${flag} must be a positive whole number, got "${value}"`);
  }
  if (Number(value) > max) throw new UsageError(`${flag} must be at most ${max}, got "${value}"`);
  return Number(value);
}

function outputDirectory(value: string | undefined, district: number): string {
  if (value === undefined || value === "") throw new UsageError(`--out is required: the folder to write to (${USAGE})`);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(value).isDirectory();
  } catch {
    throw new UsageError(`--out "${value}" does not exist; create the folder first`);
  }
  if (!isDirectory) throw new UsageError(`--out "${value}" is not a folder`);
  try {
    accessSync(value, constants.W_OK);
  } catch {
    throw new UsageError(`--out "${value}" is not writable`);
  }
  for (const name of [lettersFileName(district), recordFileName(district)]) {
    const path = join(value, name);
    if (existsSync(path)) throw new UsageError(`--out "${value}" already holds ${name}; refusing to overwrite it`);
  }
  return value;
}

function batchLabel(value: string | undefined): string | null {
  if (value === undefined) return null;
  const label = value.trim();
  if (label === "") throw new UsageError(`--batch-label must not be empty`);
  if (label.length > MAX_LABEL_LENGTH) {
    throw new UsageError(`--batch-label must be at most ${MAX_LABEL_LENGTH} characters, got ${label.length}`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(label)) throw new UsageError(`--batch-label must not contain control characters`);
  return label;
}

/** Writes every file under a temporary name first, then renames them all: no half-written batch is left behind. */
function writeAll(files: readonly { path: string; text: string; mode: number }[]): void {
  const temporary = files.map((file) => ({ ...file, temp: `${file.path}.${process.pid}.tmp` }));
  const renamed: string[] = [];
  try {
    for (const file of temporary) writeFileSync(file.temp, file.text, { mode: file.mode, flag: "wx" });
    for (const file of temporary) {
      renameSync(file.temp, file.path);
      renamed.push(file.path);
    }
  } catch (error) {
    for (const path of renamed) rmSync(path, { force: true });
    throw error;
  } finally {
    for (const file of temporary) rmSync(file.temp, { force: true });
  }
}

async function main(args: string[]): Promise<void> {
  const options = parseOptions(args);
  if (options === "help") {
    console.log(USAGE);
    return;
  }
  // Loaded only once the input is known good: ethers and the Merkle tree take a while to load,
  // and a mistyped flag should be answered at once.
  const { batchRecord, createCodeBatch, lettersCsv } = await import("./batch.js");
  const batch = createCodeBatch(options.district, options.count, options.label, options.redeemableDays);
  const letters = join(options.out, lettersFileName(options.district));
  const record = join(options.out, recordFileName(options.district));
  writeAll([
    // The codes are secrets until the letters are delivered: owner-only.
    { path: letters, text: lettersCsv(batch), mode: 0o600 },
    { path: record, text: JSON.stringify(batchRecord(batch), null, 2) + "\n", mode: 0o644 },
  ]);

  const root = batch.tree.root;
  console.log(
    `${options.count} vote codes for district ${options.district}${options.label ? ` (${options.label})` : ""}`,
  );
  console.log(`  letters (secret: print, then destroy): ${letters}`);
  console.log(`  batch record (public):                 ${record}`);
  console.log(`Merkle root to publish: ${root}`);
  const until = batch.redeemableUntil;
  if (until !== null) {
    console.log(`Redeemable until: ${new Date(until * 1000).toISOString()} (unix ${until})`);
  }
  console.log(`Publish it from an account with CODE_ISSUER_ROLE on the ResidentRegistry:`);
  console.log(
    `  publishCodeBatch(${options.district}, ${root}, ${options.count}, ${until ?? "<redeemableUntil unix time>"}, <registrationExpiresAt unix time>)`,
  );
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  const usage =
    error instanceof UsageError ||
    (error instanceof Error && (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS"));
  if (!usage) throw error;
  // parseArgs explains some mistakes over several lines; one line reads better in a terminal and a log.
  console.error(`votecodes: ${(error as Error).message.replace(/\s*\n\s*/g, " ")}`);
  process.exitCode = 2;
}
