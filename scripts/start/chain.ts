/**
 * The local chain of `npm start`: Anvil (npm package @foundry-rs/anvil), whose state survives a
 * restart with the same blocks, hashes, logs, addresses and nonces.
 *
 * Persistence is ours, not Anvil's `--state`: every DUMP_INTERVAL_MS this process asks Anvil for
 * its state (`anvil_dumpState`, gzipped JSON) and writes it atomically (temporary file, fsync,
 * rename, mode 0600), so a kill at any moment leaves the previous complete dump rather than a
 * half-written file. A clean stop first mines what waits in the mempool, then dumps, then stops
 * Anvil. The next start loads the dump (`anvil_loadState`) into a node started without mining and
 * only then turns interval mining on, so no block is made on top of the wrong chain.
 *
 * Anvil runs in its own process group (a terminal's Ctrl-C reaches only this process, which stops
 * the API before the chain) under a small POSIX shell guard: when this process dies without
 * stopping it (SIGKILL, a crash), the guard's stdin closes and it stops Anvil with SIGTERM instead
 * of leaving it holding the port.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, open, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/** A SIGKILL of the whole machine loses at most this much of the chain (plus one dump's duration). */
export const DUMP_INTERVAL_MS = 2_000;

export class ChainStartError extends Error {}

type Rpc = (method: string, params?: unknown[]) => Promise<unknown>;

const PLATFORM_PACKAGES: Record<string, string> = {
  "linux-x64": "@foundry-rs/anvil-linux-amd64",
  "linux-arm64": "@foundry-rs/anvil-linux-arm64",
  "darwin-x64": "@foundry-rs/anvil-darwin-amd64",
  "darwin-arm64": "@foundry-rs/anvil-darwin-arm64",
  "win32-x64": "@foundry-rs/anvil-win32-amd64",
};

/**
 * The Anvil binary inside this platform's optional package of @foundry-rs/anvil. Resolved from the
 * package itself, never downloaded: npm installs the platform's package with the project.
 */
export function resolveAnvil(platform = process.platform, arch = process.arch): string {
  const key = `${platform}-${arch}`;
  const pkg = PLATFORM_PACKAGES[key];
  if (!pkg) {
    throw new ChainStartError(
      `the local chain needs Anvil, and the npm package @foundry-rs/anvil has no build for ${key}. ` +
        "Run against a chain of your own instead: RPC_URL=... npm start (see the README).",
    );
  }
  let dir: string;
  try {
    dir = path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    throw new ChainStartError(
      `the local chain needs Anvil from the npm package ${pkg} (an optional dependency of @foundry-rs/anvil), ` +
        "which is not installed. Install again with `npx -y -p node@22 -- npm install` (optional dependencies " +
        "must not be omitted), or run against a chain of your own with RPC_URL=...",
    );
  }
  const binary = path.join(dir, "bin", platform === "win32" ? "anvil.exe" : "anvil");
  if (!existsSync(binary)) {
    throw new ChainStartError(`the package ${pkg} is installed but has no ${binary}: install it again`);
  }
  return binary;
}

export interface LocalChainOptions {
  port: number;
  /** Where the state lives (`state.json.gz`); undefined: nothing is kept. */
  dir: string | undefined;
  /** Seconds between blocks once the chain runs. */
  blockTime: number;
  /** Genesis timestamp of a new chain (unix seconds); default: now. */
  genesisTimestamp?: number;
  log?: (message: string) => void;
}

export interface LocalChain {
  rpcUrl: string;
  /** True when the chain continued from a saved state. */
  resumed: boolean;
  rpc: Rpc;
  /** Process id of Anvil itself (for tests that simulate a power cut). */
  pid: number;
  /** Moves the chain's clock to the wall clock and starts interval mining (after seeding a new chain). */
  run(): Promise<void>;
  /** Writes the state now (atomically). */
  dump(): Promise<void>;
  /** Mines what waits, dumps, stops Anvil. */
  stop(): Promise<void>;
}

export function stateFileOf(dir: string): string {
  return path.join(dir, "state.json.gz");
}

export async function startLocalChain(options: LocalChainOptions): Promise<LocalChain> {
  const binary = resolveAnvil();
  const stateFile = options.dir ? stateFileOf(options.dir) : undefined;
  if (options.dir) {
    await mkdir(options.dir, { recursive: true, mode: 0o700 });
    await chmod(options.dir, 0o700);
  }
  // Anvil's state holds every block but the genesis block, which it makes anew from its options:
  // the same genesis timestamp gives the same genesis hash, and the hash is checked after loading.
  const genesisFile = options.dir ? path.join(options.dir, "genesis.json") : undefined;
  const genesis =
    genesisFile && existsSync(genesisFile)
      ? (JSON.parse(await readFile(genesisFile, "utf8")) as { timestamp: number; hash: string })
      : undefined;
  const saved = stateFile && genesis && existsSync(stateFile) ? await readFile(stateFile) : undefined;
  const genesisTimestamp = saved !== undefined ? genesis!.timestamp : options.genesisTimestamp;
  const args = [
    "--host",
    "127.0.0.1",
    "--port",
    String(options.port),
    "--chain-id",
    "31337",
    "--silent",
    // blocks are made only once the state is loaded (or the demo is seeded): see run()
    "--no-mining",
    ...(genesisTimestamp !== undefined ? ["--timestamp", String(genesisTimestamp)] : []),
  ];
  const child = spawnGuarded(binary, args);
  let exited = false;
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exit = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      exited = true;
      resolve(code);
    }),
  );
  const rpcUrl = `http://127.0.0.1:${options.port}`;
  let id = 0;
  const rpc: Rpc = async (method, params = []) => {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
    });
    const body = (await response.json()) as { result?: unknown; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result;
  };
  // wait for the RPC
  for (let i = 0; ; i++) {
    if (exited) throw new ChainStartError(`Anvil exited at start-up: ${stderr.trim() || "no message"}`);
    try {
      await rpc("eth_chainId");
      break;
    } catch {
      if (i > 300) throw new ChainStartError(`Anvil did not answer on ${rpcUrl} within 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const block0 = (await rpc("eth_getBlockByNumber", ["0x0", false])) as { hash: string; timestamp: string };
  if (saved !== undefined) {
    if (block0.hash !== genesis!.hash) {
      child.stdin?.end();
      throw new ChainStartError(
        `the saved chain in ${options.dir} began with block ${genesis!.hash}, but Anvil made ${block0.hash} from the ` +
          "same settings (another Anvil version?): start a new demo with npm start -- --reset",
      );
    }
    options.log?.(`loading the chain's state from ${stateFile} ...`);
    await rpc("anvil_loadState", [`0x${saved.toString("hex")}`]);
  } else {
    if (genesisFile) {
      await writeFile(genesisFile, JSON.stringify({ timestamp: Number(block0.timestamp), hash: block0.hash }) + "\n", {
        mode: 0o600,
      });
    }
    // a new chain is deployed and seeded first, a block per transaction
    await rpc("evm_setAutomine", [true]);
  }

  let dumping: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const dumpNow = async () => {
    if (!stateFile) return;
    const hex = (await rpc("anvil_dumpState")) as string;
    const temporary = `${stateFile}.tmp`;
    const handle = await open(temporary, "w", 0o600);
    try {
      await handle.writeFile(Buffer.from(hex.slice(2), "hex"));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, stateFile);
  };
  // One dump at a time: the periodic timer and a stop never write at once.
  const dump = () => (dumping = (dumping ?? Promise.resolve()).then(dumpNow, dumpNow));

  const startMining = async () => {
    await rpc("evm_setIntervalMining", [options.blockTime]);
    if (stateFile) {
      timer = setInterval(() => {
        if (!stopped) void dump().catch((error: unknown) => options.log?.(`chain state not saved: ${String(error)}`));
      }, DUMP_INTERVAL_MS);
    }
  };

  return {
    rpcUrl,
    resumed: saved !== undefined,
    rpc,
    pid: Number(await childPid(child, stateFile)),
    async run() {
      // A new chain was seeded with its clock wound back (its history happened "yesterday"), and a
      // loaded one starts with the clock of its genesis options: from now on its blocks follow
      // the wall clock, as a real chain's do.
      const latest = (await rpc("eth_getBlockByNumber", ["latest", false])) as { timestamp: string };
      const now = Math.floor(Date.now() / 1000);
      await rpc("evm_setNextBlockTimestamp", [Math.max(now, Number(latest.timestamp) + 1)]);
      await rpc("evm_mine");
      await startMining();
      await dump();
    },
    dump,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      if (!exited) {
        try {
          // transactions accepted but not yet in a block are not part of a dump: mine them first
          for (let i = 0; i < 100; i++) {
            const status = (await rpc("txpool_status")) as { pending: string; queued: string };
            if (Number(status.pending) === 0) break;
            await rpc("evm_mine");
          }
          await dump();
        } finally {
          // the guard sees its stdin close and stops Anvil with SIGTERM
          child.stdin?.end();
          if (process.platform === "win32") child.kill("SIGTERM");
        }
      }
      const timeout = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exit;
      clearTimeout(timeout);
    },
  };
}

/**
 * Anvil in its own process group; on POSIX under `sh`, which stops it when this process's end of
 * the guard's stdin closes (this process died) and passes SIGTERM on. The pid file names Anvil.
 */
function spawnGuarded(binary: string, args: string[]): ChildProcess {
  if (process.platform === "win32") {
    return spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
  }
  const script = [
    "umask 077",
    // fd 4 is this process's stdin: background jobs of a non-interactive shell read /dev/null
    "exec 4<&0",
    '"$0" "$@" 3>&- 4<&- &',
    "pid=$!",
    'echo "$pid" >&3',
    "exec 3>&-",
    "trap 'kill -TERM \"$pid\" 2>/dev/null' TERM INT",
    '( while read -r _ <&4; do :; done; kill -TERM "$pid" 2>/dev/null ) &',
    "exec 4<&-",
    'wait "$pid"; status=$?',
    // a trapped TERM interrupts the first wait; wait again for Anvil to finish
    'wait "$pid" 2>/dev/null; exit $status',
  ].join("\n");
  return spawn("sh", ["-c", script, binary, ...args], {
    detached: true,
    stdio: ["pipe", "ignore", "pipe", "pipe"],
  });
}

async function childPid(child: ChildProcess, stateFile: string | undefined): Promise<number> {
  const pidPipe = child.stdio[3];
  let pid: number;
  if (!pidPipe || !("on" in pidPipe)) pid = child.pid!;
  else {
    pid = await new Promise<number>((resolve) => {
      let text = "";
      pidPipe.on("data", (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes("\n")) resolve(Number(text.trim()));
      });
      pidPipe.on("end", () => resolve(Number(text.trim()) || child.pid!));
    });
  }
  if (stateFile) {
    const pidFile = path.join(path.dirname(stateFile), "anvil.pid");
    await rm(pidFile, { force: true });
    const handle = await open(pidFile, "w", 0o600);
    await handle.writeFile(`${pid}\n`);
    await handle.close();
  }
  return pid;
}
