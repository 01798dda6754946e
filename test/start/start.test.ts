/**
 * `npm start` as a newcomer runs it (the start script in a child process): the local chain, the
 * seeded demo, the indexer, API and front end on one port; Ctrl-C stops everything; a second start
 * on the same data folder shows the same data; bad configuration is one message and exit code 2.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, describe, expect, test } from "vitest";

import { runCli } from "../helpers/cli.js";
import { repoRoot } from "../helpers/pabulib.js";

const dataDir = mkdtempSync(path.join(tmpdir(), "buurtkas-start-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function start(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start/index.ts"], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
  });
  children.push(child);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /Buurtkas is running: +(\S+)/.exec(output);
      if (match) {
        clearInterval(timer);
        resolve(match[1]!);
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`npm start exited with ${code}:\n${output}`));
    });
  });
  return { child, url, output: () => output, exited };
}

async function json<T>(url: string): Promise<T> {
  const response = await fetch(url);
  expect(response.status, url).toBe(200);
  return (await response.json()) as T;
}

async function stop(started: Started): Promise<void> {
  started.child.kill("SIGINT");
  expect(await started.exited, started.output()).toBe(0);
  expect(started.output()).toContain("[buurtkas] stopped");
}

describe("npm start", () => {
  test("serves the API with the demo round and tasks and the front end; Ctrl-C stops it; a second start shows the same data", async () => {
    const env = { DATA_DIR: dataDir, PORT: String(await freePort()), CHAIN_PORT: String(await freePort()) };
    const first = await start(env);
    const rounds = await json<{ items: { roundId: string; phase: string }[] }>(`${first.url}/api/rounds`);
    expect(rounds.items.map((r) => r.phase)).toContain("voting");
    const tasks = await json<{ items: { taskId: string; status: string }[] }>(`${first.url}/api/tasks`);
    expect(tasks.items.length).toBeGreaterThan(5);
    const results = await json<{ districts: { district: number; voters: number }[] }>(
      `${first.url}/api/rounds/1/results`,
    );
    expect(results.districts[0]!.voters).toBeGreaterThan(10);
    const page = await fetch(`${first.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const health = await json<{ ok: boolean; behind: number }>(`${first.url}/healthz`);
    expect(health.ok).toBe(true);
    expect(first.output()).toMatch(/a resident[\s\S]*recovery phrase/);
    await stop(first);
    // every port is free again
    const closed = await fetch(`${first.url}/healthz`).then(
      () => false,
      () => true,
    );
    expect(closed).toBe(true);

    const second = await start(env);
    expect(second.output()).toContain("replaying");
    const again = await json<typeof results>(`${second.url}/api/rounds/1/results`);
    expect(again.districts.map((d) => d.voters)).toEqual(results.districts.map((d) => d.voters));
    const tasksAgain = await json<typeof tasks>(`${second.url}/api/tasks`);
    expect(tasksAgain.items).toEqual(tasks.items);
    await stop(second);
  });
});

describe("npm start refuses bad configuration with one message and exit code 2", () => {
  test.each([
    ["PORT", { PORT: "eighty" }, /PORT="eighty"/],
    ["CONFIRMATIONS", { CONFIRMATIONS: "-3" }, /CONFIRMATIONS="-3"/],
    ["RPC_URL malformed", { RPC_URL: "localhost:8545" }, /RPC_URL="localhost:8545"/],
    ["RPC_URL unreachable", { RPC_URL: "http://127.0.0.1:9", NETWORK: "nowhere" }, /NETWORK=nowhere|unreachable/],
    [
      "DATABASE_URL unreachable",
      { DATABASE_URL: "postgres://buurtkas@127.0.0.1:9/buurtkas" },
      /DATABASE_URL=.* is unreachable/,
    ],
    ["RELAYER_PRIVATE_KEY", { RELAYER_PRIVATE_KEY: "0x1234" }, /RELAYER_PRIVATE_KEY/],
    ["an unknown flag", { ARGS: "--prot 80" }, /--prot/],
  ])("%s", async (_name, env, message) => {
    const { ARGS, ...vars } = env as Record<string, string>;
    const run = await runCli("scripts/start/index.ts", ARGS ? ARGS.split(" ") : [], {
      ...process.env,
      DATA_DIR: path.join(dataDir, "bad"),
      ...vars,
    });
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
