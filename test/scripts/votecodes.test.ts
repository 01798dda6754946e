/**
 * The vote-code generation CLI, run as an official runs it: a child process from the repository root.
 */
import { execFile } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { afterAll, describe, expect, test } from "vitest";

import {
  buildCodeTree,
  codeWallet,
  formatCode,
  loadCodeTree,
  normalizeCode,
  proofFor,
  signVoteCode,
} from "../../lib/votecodes/index.js";
import { YEAR, deploySystem } from "../helpers/system.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "buurtkas-votecodes-"));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  /** stderr without npm's own configuration warnings. */
  stderr: string;
}

/**
 * Runs the CLI the way `tsx` does (Node with tsx's loader), skipping npx's start-up, which costs
 * seconds per run on a busy machine. `npm run votecodes` itself is exercised by the first test.
 */
function runCli(args: readonly string[], via: "node" | "npm" = "node"): Promise<Run> {
  const [command, prefix] =
    via === "npm"
      ? ["npm", ["run", "--silent", "votecodes", "--"]]
      : [process.execPath, ["--import", "tsx", "scripts/votecodes/generate.ts"]];
  return new Promise((resolve) => {
    execFile(command, [...prefix, ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      const ownStderr = stderr
        .split("\n")
        .filter((line) => line !== "" && !line.startsWith("npm warn"))
        .join("\n");
      resolve({ code, stdout, stderr: ownStderr });
    });
  });
}

let folders = 0;
function emptyFolder(): string {
  const folder = join(scratch, `out-${++folders}`);
  mkdirSync(folder);
  return folder;
}

function parseCsv(text: string): string[][] {
  expect(text.endsWith("\n")).toBe(true);
  return text
    .slice(0, -1)
    .split("\n")
    .map((line) => line.split(","));
}

describe("votecodes CLI", () => {
  test("writes the letters and the public batch record whose root is the tree of the letters' codes", async () => {
    const out = emptyFolder();
    const run = await runCli(
      ["--district", "3", "--count", "40", "--out", out, "--batch-label", "Centrum 2026"],
      "npm",
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["batch-district-3.json", "codes-district-3.csv"]);

    const [header, ...rows] = parseCsv(readFileSync(join(out, "codes-district-3.csv"), "utf8"));
    expect(header).toEqual(["letter_number", "district", "code"]);
    expect(rows.map((row) => row[0])).toEqual(Array.from({ length: 40 }, (_, index) => String(index + 1)));
    expect(new Set(rows.map((row) => row[1]))).toEqual(new Set(["3"]));
    const codes = rows.map((row) => row[2]!);
    expect(new Set(codes).size).toBe(40);
    for (const code of codes) {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
      expect(formatCode(normalizeCode(code))).toBe(code);
    }
    // The letters are secret: readable by their owner only.
    expect(statSync(join(out, "codes-district-3.csv")).mode & 0o077).toBe(0);

    const recordText = readFileSync(join(out, "batch-district-3.json"), "utf8");
    const record = JSON.parse(recordText);
    const rebuilt = buildCodeTree(codes.map((code) => codeWallet(code).address));
    expect(record.root).toBe(rebuilt.root);
    expect(record).toMatchObject({ district: 3, batchLabel: "Centrum 2026", codeCount: 40 });
    expect(Number.isNaN(Date.parse(record.createdAt))).toBe(false);
    expect(loadCodeTree(record.tree).root).toBe(rebuilt.root);
    for (const code of codes) {
      expect(recordText).not.toContain(code);
      expect(recordText).not.toContain(normalizeCode(code));
    }

    expect(run.stdout).toContain(`Merkle root to publish: ${rebuilt.root}`);
    expect(run.stdout).toContain(`publishCodeBatch(3, ${rebuilt.root}, 40,`);
  });

  test("two runs for one district never share a code (the second into another folder)", async () => {
    const [first, second] = [emptyFolder(), emptyFolder()];
    const runs = await Promise.all([
      runCli(["--district", "7", "--count", "30", "--out", first]),
      runCli(["--district", "7", "--count", "30", "--out", second]),
    ]);
    expect(runs.map((run) => run.code)).toEqual([0, 0]);
    const codesOf = (folder: string) =>
      parseCsv(readFileSync(join(folder, "codes-district-7.csv"), "utf8"))
        .slice(1)
        .map((row) => row[2]);
    expect(new Set([...codesOf(first), ...codesOf(second)]).size).toBe(60);
    const record = JSON.parse(readFileSync(join(first, "batch-district-7.json"), "utf8"));
    expect(record.batchLabel).toBeNull();
    // Without --redeemable-days the moment is left to the official publishing the batch.
    expect(record.redeemableUntil).toBeNull();
    expect(runs[0]!.stdout).toContain(", 30, <redeemableUntil unix time>, <registrationExpiresAt unix time>)");
  });
});

describe.concurrent(
  "votecodes CLI refuses bad input with exit code 2, one message naming the flag, and writes nothing",
  () => {
    const cases: { name: string; args: (out: string) => string[]; message: RegExp }[] = [
      { name: "district missing", args: (out) => ["--count", "5", "--out", out], message: /--district is required/ },
      {
        name: "district 0",
        args: (out) => ["--district", "0", "--count", "5", "--out", out],
        message: /--district .*"0"/,
      },
      {
        name: "district negative",
        args: (out) => ["--district=-3", "--count", "5", "--out", out],
        message: /--district .*"-3"/,
      },
      {
        name: "district not a whole number",
        args: (out) => ["--district", "2.5", "--count", "5", "--out", out],
        message: /--district .*"2\.5"/,
      },
      {
        name: "district beyond uint32",
        args: (out) => ["--district", "4294967296", "--count", "5", "--out", out],
        message: /--district must be at most 4294967295, got "4294967296"/,
      },
      { name: "count missing", args: (out) => ["--district", "3", "--out", out], message: /--count is required/ },
      { name: "count 0", args: (out) => ["--district", "3", "--count", "0", "--out", out], message: /--count .*"0"/ },
      {
        name: "count not a number",
        args: (out) => ["--district", "3", "--count", "ten", "--out", out],
        message: /--count .*"ten"/,
      },
      {
        name: "count too large",
        args: (out) => ["--district", "3", "--count", "1000001", "--out", out],
        message: /--count must be at most 1000000, got "1000001"/,
      },
      { name: "out missing", args: () => ["--district", "3", "--count", "5"], message: /--out is required/ },
      {
        name: "an unknown flag",
        args: (out) => ["--district", "3", "--count", "5", "--out", out, "--distrct", "4"],
        message: /--distrct/,
      },
      {
        name: "redeemable days 0",
        args: (out) => ["--district", "3", "--count", "5", "--out", out, "--redeemable-days", "0"],
        message: /--redeemable-days must be a positive whole number, got "0"/,
      },
      {
        name: "redeemable days not a whole number",
        args: (out) => ["--district", "3", "--count", "5", "--out", out, "--redeemable-days", "30d"],
        message: /--redeemable-days must be a positive whole number, got "30d"/,
      },
      {
        name: "redeemable days over ten years",
        args: (out) => ["--district", "3", "--count", "5", "--out", out, "--redeemable-days", "3651"],
        message: /--redeemable-days must be at most 3650, got "3651"/,
      },
      {
        name: "redeemable days without a value",
        args: (out) => ["--district", "3", "--count", "5", "--out", out, "--redeemable-days"],
        message: /--redeemable-days/,
      },
      {
        name: "an empty batch label",
        args: (out) => ["--district", "3", "--count", "5", "--out", out, "--batch-label", " "],
        message: /--batch-label must not be empty/,
      },
    ];

    for (const { name, args, message } of cases) {
      test(name, async () => {
        const out = emptyFolder();
        const run = await runCli(args(out));
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(message);
        expect(run.stderr.split("\n")).toHaveLength(1);
        expect(run.stdout).toBe("");
        expect(readdirSync(out)).toEqual([]);
      });
    }

    test("an output folder that does not exist", async () => {
      const out = join(scratch, "never-created");
      const run = await runCli(["--district", "3", "--count", "5", "--out", out]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`votecodes: --out "${out}" does not exist; create the folder first`);
      expect(existsSync(out)).toBe(false);
    });

    test("an output path that is a file", async () => {
      const folder = emptyFolder();
      const out = join(folder, "not-a-folder");
      writeFileSync(out, "keep");
      const run = await runCli(["--district", "3", "--count", "5", "--out", out]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`votecodes: --out "${out}" is not a folder`);
      expect(readdirSync(folder)).toEqual(["not-a-folder"]);
    });

    for (const existing of ["codes-district-3.csv", "batch-district-3.json"]) {
      test(`a folder that already holds ${existing}`, async () => {
        const out = emptyFolder();
        writeFileSync(join(out, existing), "earlier batch");
        const run = await runCli(["--district", "3", "--count", "5", "--out", out]);
        expect(run.code).toBe(2);
        expect(run.stderr).toBe(`votecodes: --out "${out}" already holds ${existing}; refusing to overwrite it`);
        expect(readdirSync(out)).toEqual([existing]);
        expect(readFileSync(join(out, existing), "utf8")).toBe("earlier batch");
      });
    }
  },
);

describe("votecodes CLI --redeemable-days", () => {
  test("records the moment the codes stop working and a code from the letters registers a resident on chain", async () => {
    const out = emptyFolder();
    // The chain starts while the CLI runs: both take seconds.
    const [run, { registry, ethers, residents }] = await Promise.all([
      runCli(["--district", "5", "--count", "3", "--out", out, "--redeemable-days", "30"]),
      deploySystem(),
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const record = JSON.parse(readFileSync(join(out, "batch-district-5.json"), "utf8"));
    const redeemableUntil = Math.floor(Date.parse(record.createdAt) / 1000) + 30 * 24 * 60 * 60;
    expect(record.redeemableUntil).toBe(redeemableUntil);
    expect(run.stdout).toContain(`unix ${redeemableUntil}`);
    expect(run.stdout).toContain(`publishCodeBatch(5, ${record.root}, 3, ${redeemableUntil}, <registrationExpiresAt`);

    // The official publishes the printed call; a resident types the code from letter 2.
    const resident = residents[0]!;
    await registry.publishCodeBatch(5, record.root, record.codeCount, redeemableUntil, redeemableUntil + YEAR);
    const batchId = await registry.codeBatchCount();
    const code = parseCsv(readFileSync(join(out, "codes-district-5.csv"), "utf8"))[2]![2]!;
    const tree = loadCodeTree(record.tree);
    const signature = await signVoteCode(code.toLowerCase(), {
      registry: await registry.getAddress(),
      chainId: (await ethers.provider.getNetwork()).chainId,
      account: resident.address,
      district: 5,
      batchId,
    });
    await registry.connect(resident).redeemVoteCode(batchId, signature, proofFor(tree, codeWallet(code).address));
    expect(await registry.isResident(resident.address, 5)).toBe(true);
    expect(await registry.isVoteCodeUsed(codeWallet(code).address)).toBe(true);
  });
});
