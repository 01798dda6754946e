/**
 * `npm start` as a newcomer runs it (the start script in a child process): the local chain, the
 * seeded demo, the indexer, API and front end on one port. Then what must survive a restart: a
 * relayed ballot cast before a clean stop, or before a power cut (the chain and the system killed
 * with SIGKILL), and a burst of 1,500 transactions just before Ctrl-C. Every restart continues the
 * same chain (same block hashes), resumes the index from its cursor and passes the audit command
 * npm start prints. Bad configuration is one message and exit code 2.
 *
 * The tests of the first describe block run in order on one data folder.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { HDNodeWallet, JsonRpcProvider, Wallet, id } from "ethers";
import { afterAll, describe, expect, test } from "vitest";

import { encodeApproval } from "../../lib/ballots/encoding.js";
import { roundRules } from "../../lib/budget/index.js";
import { deploymentSchema, type Deployment } from "../../lib/contracts/deployments.js";
import { signForwardRequest } from "../../lib/relay/forwardRequest.js";
import type { DemoSeed } from "../../scripts/seed/demo.js";
import { ChainStartError, resolveAnvil } from "../../scripts/start/chain.js";
import {
  BudgetRound__factory,
  BuurtkasForwarder__factory,
  LocalCoin__factory,
  PaperBallotDesk__factory,
  SecretBallots__factory,
} from "../../types/ethers-contracts/index.js";
import { runCli } from "../helpers/cli.js";
import { repoRoot } from "../helpers/pabulib.js";
import { externallyOwnedHolders, roleHolders } from "../helpers/roles.js";

const dataDir = mkdtempSync(path.join(tmpdir(), "buurtkas-start-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  const pidFile = path.join(dataDir, "chain", "anvil.pid");
  if (existsSync(pidFile)) {
    try {
      process.kill(Number(readFileSync(pidFile, "utf8")), "SIGKILL");
    } catch {
      // already gone
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * A port nothing listens on, from below the range the kernel hands out to outgoing connections and
 * to listen(0) (Linux 32768–60999, macOS and Windows 49152–65535). The system binds it later, and
 * every restart binds it again after it stood free for seconds: a port from listen(0) could in the
 * meantime become the local port of one of the many connections the tests running beside this one
 * open, and the start would fail with EADDRINUSE.
 */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the chain's state file was written twice more. Dumps run one after another (every
 * 2 s, or back to back when a dump takes longer), so the second one to finish from now began after
 * what happened before this call: the file then holds it. A fixed wait fell short when a loaded
 * machine made dumps slower than their interval.
 */
async function twoMoreDumps(): Promise<void> {
  const stateFile = path.join(dataDir, "chain", "state.json.gz");
  let seen = statSync(stateFile).mtimeMs;
  let dumps = 0;
  await expect
    .poll(
      () => {
        const written = statSync(stateFile).mtimeMs;
        if (written !== seen) [seen, dumps] = [written, dumps + 1];
        return dumps;
      },
      { timeout: 60_000, interval: 100 },
    )
    .toBeGreaterThanOrEqual(2);
}

/** What every start of the same demo shares. */
const ports = { PORT: "", CHAIN_PORT: "" };
let env: Record<string, string>;
let deployment: Deployment;
let seed: DemoSeed;
let provider: JsonRpcProvider;

function demoFiles() {
  deployment = deploymentSchema.parse(
    JSON.parse(readFileSync(path.join(dataDir, "deployments", "localhost.json"), "utf8")),
  );
  seed = JSON.parse(readFileSync(path.join(dataDir, "demo.json"), "utf8")) as DemoSeed;
}

/** Signs `castApprovalBallot` in round 1, district 1 as the browser does and relays it; resolves once mined. */
async function relayBallot(url: string, voter: HDNodeWallet, positions: number[]) {
  const forwarder = BuurtkasForwarder__factory.connect(deployment.contracts.BuurtkasForwarder!.address, provider);
  const data = BudgetRound__factory.createInterface().encodeFunctionData("castApprovalBallot", [
    1n,
    1,
    encodeApproval(positions),
  ]);
  const head = await provider.getBlock("latest");
  const request = await signForwardRequest(voter, {
    forwarder: await forwarder.getAddress(),
    chainId: deployment.chainId,
    to: deployment.contracts.BudgetRound!.address,
    data,
    gas: 300_000n,
    nonce: await forwarder.nonces(voter.address),
    deadline: BigInt(head!.timestamp + 3600),
  });
  const { signature, ...rest } = request;
  const response = await fetch(`${url}/api/relay`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      request: Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v])),
      signature,
    }),
  });
  const accepted = (await response.json()) as { id: string };
  expect(response.status, JSON.stringify(accepted)).toBe(202);
  for (let i = 0; i < 300; i++) {
    const status = await json<{ status: string; txHash: string | null }>(`${url}/api/relay/${accepted.id}`);
    if (status.status !== "pending" && status.status !== "queued") {
      expect(status.status, JSON.stringify(status)).toBe("mined");
      const receipt = (await provider.getTransactionReceipt(status.txHash!))!;
      return { id: accepted.id, blockNumber: receipt.blockNumber, blockHash: receipt.blockHash };
    }
    await sleep(100);
  }
  throw new Error("the relayed ballot was not mined within 30 s");
}

/** The voter's ballot as the chain has it, and the voter's ballots in the index (newest first). */
async function ballotOf(url: string, voter: string) {
  const budget = BudgetRound__factory.connect(deployment.contracts.BudgetRound!.address, provider);
  const [, selection] = await budget.approvalBallotOf(1n, voter);
  const api = await json<{ items: { roundId: string; blockNumber: string; counted: boolean }[] }>(
    `${url}/api/accounts/${voter}/ballots`,
  );
  const inRound = api.items.filter((item) => item.roundId === "1");
  return {
    onChain: selection,
    indexed: inRound.length,
    countedBlock: Number(inRound.find((item) => item.counted)?.blockNumber),
  };
}

/** `npm run audit -- ...` exactly as npm start printed it. */
async function auditAsPrinted(output: string) {
  const line = /npm run audit -- (.+)/.exec(output);
  expect(line, output).not.toBeNull();
  return runCli("scripts/audit/cli.ts", line![1]!.trim().split(/\s+/));
}

/** The index resumed from its cursor: the indexer said so, and never dropped it. */
function expectIndexResumed(output: string, atLeast: number) {
  expect(output).not.toMatch(/index dropped|starting over/);
  const resumed = output
    .split("\n")
    .filter((line) => line.includes('"resuming"'))
    .map((line) => (JSON.parse(line) as { cursor: number }).cursor);
  expect(resumed.length, output).toBeGreaterThan(0);
  expect(resumed[0]).toBeGreaterThanOrEqual(atLeast);
}

describe("npm start keeps the demo's chain across restarts", () => {
  let first: Started;
  let ballot: Awaited<ReturnType<typeof relayBallot>>;
  let shortRound: { id: bigint; supportStart: number };

  test("a new demo: API with the demo rounds and tasks, the front end, private demo files", async () => {
    ports.PORT = String(await freePort());
    ports.CHAIN_PORT = String(await freePort());
    // info: the indexer says where it resumes
    env = { DATA_DIR: dataDir, ...ports, CHAIN_BLOCK_TIME: "1", LOG_LEVEL: "info" };
    first = await start(env);
    demoFiles();
    provider = new JsonRpcProvider(`http://127.0.0.1:${ports.CHAIN_PORT}`, deployment.chainId, {
      staticNetwork: true,
      cacheTimeout: -1,
    });
    const rounds = await json<{ items: { roundId: string; phase: string }[] }>(`${first.url}/api/rounds`);
    expect(Object.fromEntries(rounds.items.map((r) => [r.roundId, r.phase]))).toEqual({
      "1": "voting",
      "2": "proposals",
      "3": "finalized",
      "4": "voting",
    });
    // Round 3 decides Assen 2024 by the Method of Equal Shares, as Assen did: committed and final
    // with the official winners (the seed step refuses any other outcome), shown in the results.
    const equalShares = await json<{
      tallyRule: string;
      finalized: boolean;
      districts: {
        district: number;
        contract: { selected: string[] } | null;
        commitment: { selected: string[]; openObjections: number } | null;
      }[];
    }>(`${first.url}/api/rounds/3/results`);
    expect(equalShares).toMatchObject({ tallyRule: "equal-shares-add1", finalized: true });
    const assen = equalShares.districts.find((d) => d.district === 1)!;
    expect(assen.commitment!.selected.length).toBeGreaterThan(0);
    expect(assen.commitment!.openObjections).toBe(0);
    expect(assen.contract!.selected).toEqual(assen.commitment!.selected);
    const tasks = await json<{ items: { taskId: string; status: string }[] }>(`${first.url}/api/tasks`);
    expect(tasks.items.length).toBeGreaterThan(5);
    const results = await json<{ districts: { district: number; voters: number }[] }>(
      `${first.url}/api/rounds/1/results`,
    );
    // every real Assen 2024 ballot is in district 1
    expect(results.districts.find((d) => d.district === 1)!.voters).toBe(84);
    const page = await fetch(`${first.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    // The demo's official records paper ballots only as a clerk of the desk, which uses the
    // household's code up: no person's key holds BudgetRound's CLERK_ROLE.
    const clerkRole = id("CLERK_ROLE");
    const budgetRound = deployment.contracts.BudgetRound!.address;
    expect(await externallyOwnedHolders(provider, budgetRound, clerkRole)).toEqual([]);
    expect((await roleHolders(provider, budgetRound, clerkRole)).map((a) => a.toLowerCase())).toEqual([
      deployment.contracts.PaperBallotDesk!.address.toLowerCase(),
    ]);
    const official = seed.roles.official.address;
    const desk = PaperBallotDesk__factory.connect(deployment.contracts.PaperBallotDesk!.address, provider);
    expect(await desk.hasRole(await desk.CLERK_ROLE(), official)).toBe(true);
    // Round 1's paper ballot in Noord came through the desk with a letter's code, now used.
    const paper = await desk.queryFilter(desk.filters.PaperBallotWithCodeRecorded(1n, 2));
    expect(paper.map((e) => e.args.clerk)).toEqual([official]);
    const noord = seed.letters.find((l) => l.district === 2)!;
    expect(noord.used).toHaveLength(2);
    // In round 1's support phase the same household handed in a paper support form at the desk.
    const supportForms = await desk.queryFilter(desk.filters.PaperSupportWithCodeRecorded(undefined, 2));
    expect(supportForms.map((e) => e.args.clerk)).toEqual([official]);
    expect(noord.supported).toEqual([noord.used[1]]);
    const supported = await json<{ supportCount: number; paperSupportCount: number }>(
      `${first.url}/api/proposals/${supportForms[0]!.args.proposalId}`,
    );
    expect(supported).toMatchObject({ supportCount: 4, paperSupportCount: 1 });
    const health = await json<{ ok: boolean }>(`${first.url}/healthz`);
    expect(health.ok).toBe(true);
    expect(first.output()).toMatch(/a resident[\s\S]*recovery phrase/);

    // the letters' batch record comes from the API, and all 25 printed codes are unused
    const record = await json<{ codeCount: number; district: number }>(
      `${first.url}/api/codebatches/${seed.voteCodes.batchId}`,
    );
    expect(record).toMatchObject({ codeCount: 25, district: 1 });
    expect(seed.voteCodes.codes).toHaveLength(25);
    expect(seed.voteCodes.used).toEqual([]);
    expect((await fetch(`${first.url}/api/codebatches/99`)).status).toBe(404);

    // Round 4 has secret ballots: tokens requested, issued by the issuer and all redeemed by
    // one-time keys, counted in the results; its district-3 letters are unused, one printed as the
    // letter-only vote address.
    expect(seed.secretRound).toMatchObject({ roundId: "4", district: 3, ballots: { 2: 3, 3: 2 } });
    const secretBallots = SecretBallots__factory.connect(deployment.contracts.SecretBallots!.address, provider);
    for (const [district, count] of [
      [2, 3n],
      [3, 2n],
    ] as const) {
      const counts = await secretBallots.countsOf(4n, district);
      expect([counts.requested, counts.issued, counts.ballots], `district ${district}`).toEqual([count, count, count]);
    }
    const secretResults = await json<{ districts: { district: number; voters: number }[] }>(
      `${first.url}/api/rounds/4/results`,
    );
    expect(secretResults.districts.map((d) => [d.district, d.voters])).toEqual([
      [2, 3],
      [3, 2],
    ]);
    const secretLetters = seed.letters.find((l) => l.batchId === seed.secretRound!.batchId)!;
    expect(secretLetters).toMatchObject({ district: 3, used: [] });
    expect(
      await json<{ codeCount: number; district: number }>(`${first.url}/api/codebatches/${secretLetters.batchId}`),
    ).toMatchObject({ codeCount: 10, district: 3 });
    expect(first.output()).toContain(
      `/#/stem?batch=${secretLetters.batchId}&code=${encodeURIComponent(secretLetters.codes[0]!)}&round=${seed.secretRound!.roundId}`,
    );
    // secrets are for the owner only
    for (const file of ["demo.json", "chain/state.json.gz", `letters/batch-${seed.voteCodes.batchId}.csv`]) {
      expect(statSync(path.join(dataDir, file)).mode & 0o077, file).toBe(0);
    }
    // blocks come at a steady pace without any transaction
    const before = await provider.getBlockNumber();
    await sleep(2_500);
    expect(await provider.getBlockNumber()).toBeGreaterThan(before);
    // The first start deploys and seeds the whole demo (four rounds, three of real ballots): 195 s
    // of its 240 s at a load average of 18 on two cores, so it gets twice that.
  }, 480_000);

  test("a relayed ballot, then a clean stop, then a start after a phase began: same chain, index resumed, audit passes", async () => {
    const resident = HDNodeWallet.fromPhrase(seed.roles.resident.phrase).connect(provider);
    ballot = await relayBallot(first.url, resident, [0, 1]);
    // A short round whose support phase starts while the system is stopped.
    const official = new Wallet(HDNodeWallet.fromPhrase(seed.roles.official.phrase).privateKey, provider);
    const budget = BudgetRound__factory.connect(deployment.contracts.BudgetRound!.address, official);
    const now = (await provider.getBlock("latest"))!.timestamp;
    const supportStart = now + 12;
    await (
      await budget.createRound(
        roundRules({
          districts: [{ district: 1, budget: 1000n }],
          schedule: {
            proposalsStart: now + 3,
            supportStart,
            reviewStart: supportStart + 3600,
            votingStart: supportStart + 7200,
            votingEnd: supportStart + 10_800,
          },
          supportThreshold: 1,
          minProjects: 1,
          rulesHash: `0x${"ab".repeat(32)}`,
        }),
      )
    ).wait();
    shortRound = { id: await budget.roundCount(), supportStart };
    const phaseBefore = await json<{ phase: string }>(`${first.url}/api/rounds/${shortRound.id}`);
    expect(["scheduled", "proposals"]).toContain(phaseBefore.phase);
    await stop(first);
    expect(
      await fetch(`${first.url}/healthz`).then(
        () => "open",
        () => "closed",
      ),
    ).toBe("closed");

    // the phase clock moves on while nothing runs
    while (Date.now() / 1000 < shortRound.supportStart + 1) await sleep(500);
    const second = await start(env);
    expect(second.output()).toContain("continuing the chain");
    expect((await provider.getBlock(ballot.blockNumber))!.hash).toBe(ballot.blockHash);
    expect(await ballotOf(second.url, resident.address)).toEqual({
      onChain: encodeApproval([0, 1]),
      indexed: 1,
      countedBlock: ballot.blockNumber,
    });
    const relayed = await json<{ status: string }>(`${second.url}/api/relay/${ballot.id}`);
    expect(relayed.status).toBe("mined");
    expectIndexResumed(second.output(), ballot.blockNumber);
    const phaseAfter = await json<{ phase: string }>(`${second.url}/api/rounds/${shortRound.id}`);
    expect(phaseAfter.phase).toBe("support");
    const results = await json<{ districts: { district: number; voters: number }[] }>(
      `${second.url}/api/rounds/1/results`,
    );
    expect(results.districts.find((d) => d.district === 1)!.voters).toBe(85);
    const audit = await auditAsPrinted(second.output());
    expect(audit.code, audit.stdout + audit.stderr).toBe(0);
    expect(audit.stdout).toContain("MATCH");
    first = second;
  }, 240_000); // a stop, a wait for the phase, a start and the audit: over a minute on a loaded machine

  test("SIGKILL of the system and its chain (a power cut): the next start continues the saved chain", async () => {
    // the relayer's nonces are still valid: the resident changes the vote
    const resident = HDNodeWallet.fromPhrase(seed.roles.resident.phrase).connect(provider);
    ballot = await relayBallot(first.url, resident, [2, 3]);
    await twoMoreDumps();
    const anvilPid = Number(readFileSync(path.join(dataDir, "chain", "anvil.pid"), "utf8"));
    first.child.kill("SIGKILL");
    process.kill(anvilPid, "SIGKILL");
    await first.exited;
    for (let i = 0; i < 50 && (await isAlive(anvilPid)); i++) await sleep(100);

    const third = await start(env);
    expect((await provider.getBlock(ballot.blockNumber))!.hash).toBe(ballot.blockHash);
    expect(await ballotOf(third.url, resident.address)).toEqual({
      onChain: encodeApproval([2, 3]),
      indexed: 2,
      countedBlock: ballot.blockNumber,
    });
    expectIndexResumed(third.output(), ballot.blockNumber);
    // the relayer sends again after the kill
    const again = await relayBallot(third.url, resident, [0, 2]);
    expect(again.blockNumber).toBeGreaterThan(ballot.blockNumber);
    const audit = await auditAsPrinted(third.output());
    expect(audit.code, audit.stdout + audit.stderr).toBe(0);
    first = third;
  }, 240_000);

  test("1,500 transactions in a burst, then Ctrl-C, then start: every one is on the chain and in the index", async () => {
    const official = new Wallet(HDNodeWallet.fromPhrase(seed.roles.official.phrase).privateKey, provider);
    const coin = LocalCoin__factory.connect(deployment.contracts.LocalCoin!.address, official);
    const recipient = Wallet.createRandom().address;
    const nonce = await provider.getTransactionCount(official.address, "pending");
    const feeData = await provider.getFeeData();
    const transfer = coin.interface.encodeFunctionData("transfer", [recipient, 1n]);
    const raw = await Promise.all(
      Array.from({ length: 1_500 }, (_, i) =>
        official.signTransaction({
          to: deployment.contracts.LocalCoin!.address,
          data: transfer,
          nonce: nonce + i,
          gasLimit: 80_000n,
          maxFeePerGas: feeData.maxFeePerGas! * 2n,
          maxPriorityFeePerGas: feeData.maxPriorityFeePerGas!,
          chainId: deployment.chainId,
          type: 2,
        }),
      ),
    );
    for (let i = 0; i < raw.length; i += 100) {
      const batch = raw.slice(i, i + 100).map((tx, j) => ({
        jsonrpc: "2.0",
        id: i + j,
        method: "eth_sendRawTransaction",
        params: [tx],
      }));
      const response = await fetch(`http://127.0.0.1:${ports.CHAIN_PORT}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(batch),
      });
      const answers = (await response.json()) as { error?: unknown }[];
      expect(answers.filter((a) => a.error)).toEqual([]);
    }
    await stop(first);

    const fourth = await start(env);
    expect(await provider.getTransactionCount(official.address, "latest")).toBe(nonce + 1_500);
    expect(await coin.balanceOf(recipient)).toBe(1_500n);
    // The index may still be reading the burst's blocks (the start waits only for its head).
    await expect
      .poll(
        async () => {
          const account = await json<{ coinBalance?: string; balance?: string }>(
            `${fourth.url}/api/accounts/${recipient}`,
          );
          return account.coinBalance ?? account.balance;
        },
        { timeout: 90_000, interval: 200 },
      )
      .toBe("1500");
    const ledger = await json<{ items: unknown[]; nextCursor: string | null }>(
      `${fourth.url}/api/accounts/${recipient}/ledger?limit=200`,
    );
    let entries = ledger.items.length;
    let cursor = ledger.nextCursor;
    while (cursor) {
      const page = await json<typeof ledger>(
        `${fourth.url}/api/accounts/${recipient}/ledger?limit=200&cursor=${cursor}`,
      );
      entries += page.items.length;
      cursor = page.nextCursor;
    }
    expect(entries).toBe(1_500);
    expectIndexResumed(fourth.output(), ballot.blockNumber);
    await stop(fourth);
  }, 240_000);
});

async function isAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("the local chain needs Anvil from npm", () => {
  test("a platform without an Anvil build, or a missing platform package, is one message naming the package", () => {
    expect(() => resolveAnvil("sunos", "x64")).toThrow(ChainStartError);
    expect(() => resolveAnvil("sunos", "x64")).toThrow(/@foundry-rs\/anvil has no build for sunos-x64.*RPC_URL/);
    const otherPlatform: NodeJS.Platform = process.platform === "darwin" ? "linux" : "darwin";
    const pkg = `@foundry-rs/anvil-${otherPlatform}-arm64`;
    expect(() => resolveAnvil(otherPlatform, "arm64")).toThrow(
      new RegExp(`${pkg.replace("/", "\\/")}.*not installed.*npm install`),
    );
    expect(existsSync(resolveAnvil())).toBe(true);
  });
});

describe("npm start refuses bad configuration with one message and exit code 2", () => {
  test.each([
    ["PORT", { PORT: "eighty" }, /PORT="eighty"/],
    ["CONFIRMATIONS", { CONFIRMATIONS: "-3" }, /CONFIRMATIONS="-3"/],
    ["CHAIN_BLOCK_TIME", { CHAIN_BLOCK_TIME: "0" }, /CHAIN_BLOCK_TIME="0"/],
    ["RPC_URL malformed", { RPC_URL: "localhost:8545" }, /RPC_URL="localhost:8545"/],
    ["RPC_URL unreachable", { RPC_URL: "http://127.0.0.1:9", NETWORK: "nowhere" }, /NETWORK=nowhere|unreachable/],
    [
      "DATABASE_URL unreachable",
      { DATABASE_URL: "postgres://buurtkas@127.0.0.1:9/buurtkas" },
      /DATABASE_URL=.* is unreachable/,
    ],
    ["RELAYER_PRIVATE_KEY", { RELAYER_PRIVATE_KEY: "0x1234" }, /RELAYER_PRIVATE_KEY/],
    ["an unknown flag", { ARGS: "--prot 80" }, /--prot/],
  ])("%s", async (_name, vars, message) => {
    const { ARGS, ...rest } = vars as Record<string, string>;
    const run = await runCli("scripts/start/index.ts", ARGS ? ARGS.split(" ") : [], {
      ...process.env,
      DATA_DIR: path.join(dataDir, "bad"),
      ...rest,
    });
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
