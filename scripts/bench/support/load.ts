/**
 * An HTTP load generator that runs as its own process (`runLoad` forks this file), so the API
 * process measured does not also pay for making the requests. It keeps `connections` keep-alive
 * connections busy, each sending its next GET as soon as the last answer is read, for `seconds`
 * (after a warm-up), cycling through `paths`; every request's latency is recorded.
 */
import { fork } from "node:child_process";
import { Agent, request } from "node:http";

export interface LoadOptions {
  baseUrl: string;
  /** Request paths, used in turn (e.g. one per account). */
  paths: string[];
  connections: number;
  seconds: number;
  warmupSeconds: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Answers that were not 2xx, by status ("error" for a failed request). */
  failures: Record<string, number>;
  bytesPerResponse: number;
}

/** Runs one load in a child process and returns what it measured. */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(import.meta.filename, ["--load-process"], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let result: LoadResult | undefined;
    child.once("message", (message: LoadResult | { error: string }) => {
      if ("error" in message) reject(new Error(`load generator: ${message.error}`));
      else result = message;
    });
    child.once("exit", (code) => {
      if (result) resolve(result);
      else reject(new Error(`load generator exited with code ${code} before reporting`));
    });
    child.send(options);
  });
}

async function load(options: LoadOptions): Promise<LoadResult> {
  const base = new URL(options.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  let next = 0;
  const get = (path: string) =>
    new Promise<{ status: number; bytes: number }>((resolve, reject) => {
      const req = request(
        { host: base.hostname, port: base.port, path, agent, headers: { accept: "application/json" } },
        (res) => {
          let bytes = 0;
          res.on("data", (chunk: Buffer) => (bytes += chunk.length));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes }));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end();
    });

  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let bytes = 0;
  let recording = false;
  let stopAt = 0;
  const worker = async () => {
    while (performance.now() < stopAt) {
      const path = options.paths[next++ % options.paths.length]!;
      const started = performance.now();
      let status: string;
      try {
        const answer = await get(path);
        status = String(answer.status);
        if (recording) bytes += answer.bytes;
      } catch {
        status = "error";
      }
      if (!recording) continue;
      latencies.push(performance.now() - started);
      if (!status.startsWith("2")) failures[status] = (failures[status] ?? 0) + 1;
    }
  };

  stopAt = performance.now() + options.warmupSeconds * 1000;
  await Promise.all(Array.from({ length: options.connections }, worker));
  recording = true;
  const started = performance.now();
  stopAt = started + options.seconds * 1000;
  await Promise.all(Array.from({ length: options.connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();

  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.max(0, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN;
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    requests: latencies.length,
    seconds: Math.round(seconds * 100) / 100,
    requestsPerSecond: Math.round(latencies.length / seconds),
    p50Ms: round(at(50)),
    p99Ms: round(at(99)),
    maxMs: round(latencies[latencies.length - 1] ?? NaN),
    failures,
    bytesPerResponse: latencies.length ? Math.round(bytes / latencies.length) : 0,
  };
}

if (process.argv[2] === "--load-process") {
  process.once("message", (options: LoadOptions) => {
    load(options)
      .then((result) => process.send!(result, () => process.exit(0)))
      .catch((error: unknown) => {
        process.send!({ error: error instanceof Error ? error.message : String(error) }, () => process.exit(1));
      });
  });
}
