/**
 * Runs a repository script as `tsx SCRIPT ...` does (Node with tsx's loader) in a child process,
 * without npx's start-up, which costs seconds per run on a busy machine.
 */
import { spawn } from "node:child_process";

import { repoRoot } from "./pabulib.js";

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { cwd: repoRoot, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** stderr without npm's own warnings about the machine's npm configuration. */
export const errorLines = (run: CliRun): string[] =>
  run.stderr.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("npm warn"));
