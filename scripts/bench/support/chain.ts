/**
 * The benchmarks' chain: an in-process Hardhat (EDR) node served over HTTP JSON-RPC, with the
 * Buurtkas system deployed and a workload of cheap events (coin transfers and approval ballots,
 * many transactions per block from many funded accounts). Runs as a child process of a benchmark
 * (`startBenchChain`), so the node and the indexer or API measured do not share an event loop.
 *
 * The workload is sent through the in-process provider (no HTTP) with automine off: every block's
 * transactions are sent concurrently, each from a different impersonated account, then one
 * `evm_mine` seals them. The same address also speaks JSON-RPC over WebSocket with
 * `eth_subscribe("newHeads")`, as Anvil and hosted nodes do, announcing each block it mines.
 */
import { fork, type ChildProcess } from "node:child_process";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { Wallet, id } from "ethers";
import { WebSocketServer, type WebSocket } from "ws";

import { roundRules, scheduleFrom } from "../../../lib/budget/index.js";
import type { Deployment } from "../../../lib/contracts/deployments.js";
import {
  BudgetRound__factory,
  LocalCoin__factory,
  ResidentRegistry__factory,
  TaskBoard__factory,
} from "../../../types/ethers-contracts/index.js";

/** What the parent asks the chain process to do. */
export type ChainCommand =
  | { type: "generate"; blocks: number; txsPerBlock: number }
  | { type: "realtime"; blocks: number; intervalMs: number; txsPerBlock: number }
  | { type: "exit" };

/** What the chain process reports. */
export type ChainReport =
  | { type: "ready"; rpcUrl: string; deployment: Deployment; accounts: string[]; roundId: string }
  | { type: "generated"; blocks: number; transactions: number; logs: number; head: number; seconds: number }
  | { type: "mined"; number: number; at: number; transactions: number }
  | { type: "realtimeDone"; head: number }
  | { type: "error"; message: string };

export interface BenchChain {
  rpcUrl: string;
  deployment: Deployment;
  /** The funded, registered accounts the workload uses (lowercase). */
  accounts: string[];
  /** The approval round in its voting phase. */
  roundId: string;
  /** Mines `blocks` blocks of workload as fast as the node allows. */
  generate(blocks: number, txsPerBlock: number): Promise<Extract<ChainReport, { type: "generated" }>>;
  /** Mines a block every `intervalMs`; `onMined` hears each block's number and wall-clock time. */
  realtime(
    blocks: number,
    intervalMs: number,
    txsPerBlock: number,
    onMined: (number: number, at: number) => void,
  ): Promise<void>;
  stop(): Promise<void>;
}

/** Forks this file as the chain process and waits until the system is deployed and seeded. */
export async function startBenchChain(accountCount = 256): Promise<BenchChain> {
  const child = fork(import.meta.filename, ["--chain-process", String(accountCount)], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ready = await nextReport(child, "ready");
  return {
    rpcUrl: ready.rpcUrl,
    deployment: ready.deployment,
    accounts: ready.accounts,
    roundId: ready.roundId,
    async generate(blocks, txsPerBlock) {
      child.send({ type: "generate", blocks, txsPerBlock } satisfies ChainCommand);
      return nextReport(child, "generated");
    },
    async realtime(blocks, intervalMs, txsPerBlock, onMined) {
      const listener = (report: ChainReport) => {
        if (report.type === "mined") onMined(report.number, report.at);
      };
      child.on("message", listener);
      child.send({ type: "realtime", blocks, intervalMs, txsPerBlock } satisfies ChainCommand);
      try {
        await nextReport(child, "realtimeDone");
      } finally {
        child.off("message", listener);
      }
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.send({ type: "exit" } satisfies ChainCommand);
      await exited;
    },
  };
}

function nextReport<T extends ChainReport["type"]>(
  child: ChildProcess,
  type: T,
): Promise<Extract<ChainReport, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (report: ChainReport) => {
      if (report.type === type) {
        cleanup();
        resolve(report as Extract<ChainReport, { type: T }>);
      } else if (report.type === "error") {
        cleanup();
        reject(new Error(`bench chain: ${report.message}`));
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`bench chain exited (code ${code}) before reporting ${type}`));
    };
    const cleanup = () => {
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
  });
}

// ------------------------------------------------------------------ the chain process

interface Eip1193 {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

// Typed interfaces (typechain): function names and arguments are checked against the build.
const coinAbi = LocalCoin__factory.createInterface();
const registryAbi = ResidentRegistry__factory.createInterface();
const budgetAbi = BudgetRound__factory.createInterface();
const taskAbi = TaskBoard__factory.createInterface();
/** Tasks posted at set-up (each claimed by a few residents), so task lists have content. */
const TASKS = 30;
const hex = (n: number | bigint) => `0x${n.toString(16)}`;
/** District budgets and proposal costs: every single project and some pairs fit a ballot. */
const BUDGET = 1_000;
const COSTS = [400, 300, 250, 200, 350, 150, 500, 450];

async function chainProcess(accountCount: number): Promise<void> {
  const { network } = await import("hardhat");
  const { deploySystem } = await import("../../deploy/system.js");
  const connection = await network.connect();
  const provider = connection.provider as unknown as Eip1193;
  const deployment = await deploySystem(connection, "bench");
  const [deployer] = await connection.ethers.getSigners();
  const admin = deployer!.address.toLowerCase();
  const coin = deployment.contracts.LocalCoin.address.toLowerCase();
  const registry = deployment.contracts.ResidentRegistry.address.toLowerCase();
  const budget = deployment.contracts.BudgetRound.address.toLowerCase();
  const taskBoard = deployment.contracts.TaskBoard.address.toLowerCase();

  const send = (from: string, to: string, data: string) =>
    provider.request({ method: "eth_sendTransaction", params: [{ from, to, data, gas: hex(400_000) }] });
  /** Sends a transaction and checks it did not revert (automine on). */
  const call = async (from: string, to: string, data: string) => {
    const hash = await send(from, to, data);
    const receipt = (await provider.request({ method: "eth_getTransactionReceipt", params: [hash] })) as {
      status: string;
    };
    if (receipt.status !== "0x1") throw new Error(`set-up transaction reverted: ${data.slice(0, 10)} to ${to}`);
  };
  const latestTime = async () =>
    Number(
      ((await provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as { timestamp: string })
        .timestamp,
    );
  const mineAt = (time: number) => provider.request({ method: "evm_mine", params: [time] });

  // ---- roles, accounts (impersonated, funded with ETH and coins, registered in district 1 or 2)
  for (const [target, abi, role] of [
    [coin, coinAbi, "MINTER_ROLE"],
    [registry, registryAbi, "REGISTRAR_ROLE"],
    [budget, budgetAbi, "ROUND_MANAGER_ROLE"],
    [budget, budgetAbi, "REVIEWER_ROLE"],
    [taskBoard, taskAbi, "TASK_POSTER_ROLE"],
  ] as const) {
    await call(admin, target, abi.encodeFunctionData("grantRole", [id(role), admin]));
  }
  const accounts = Array.from({ length: accountCount }, () => Wallet.createRandom().address.toLowerCase());
  const districtOf = (index: number) => 1 + (index % 2);
  const farFuture = (await latestTime()) + 20 * 365 * 86_400;
  for (const account of accounts) {
    await provider.request({ method: "hardhat_impersonateAccount", params: [account] });
    await provider.request({ method: "hardhat_setBalance", params: [account, hex(10n ** 22n)] });
  }
  await provider.request({ method: "evm_setAutomine", params: [false] });
  // 100 accounts (200 transactions) per block keeps every block under the block gas limit.
  for (let first = 0; first < accounts.length; first += 100) {
    await Promise.all(
      accounts
        .slice(first, first + 100)
        .flatMap((account, i) => [
          send(admin, coin, coinAbi.encodeFunctionData("mint", [account, 1_000_000_000n])),
          send(
            admin,
            registry,
            registryAbi.encodeFunctionData("register", [account, districtOf(first + i), farFuture]),
          ),
        ]),
    );
    await provider.request({ method: "evm_mine", params: [] });
  }
  await provider.request({ method: "evm_setAutomine", params: [true] });

  // ---- an approval round in its voting phase, voting open for years
  const start = (await latestTime()) + 10;
  const rules = roundRules({
    districts: [
      { district: 1, budget: BUDGET },
      { district: 2, budget: BUDGET },
    ],
    schedule: scheduleFrom(start, 1_000, 20 * 365 * 86_400),
    rulesHash: id("bench rules"),
  });
  await call(admin, budget, budgetAbi.encodeFunctionData("createRound", [rules]));
  const roundId = 1n;
  await mineAt(start);
  let proposalId = 0n;
  for (const district of [1, 2]) {
    for (const [i, cost] of COSTS.entries()) {
      const proposer = accounts[district - 1]!;
      await call(
        proposer,
        budget,
        budgetAbi.encodeFunctionData("submitProposal", [roundId, district, cost, id(`bench ${district} ${i}`)]),
      );
    }
  }
  await mineAt(start + 2_000);
  for (const cost of [...COSTS, ...COSTS]) {
    proposalId++;
    await call(admin, budget, budgetAbi.encodeFunctionData("review", [proposalId, true, cost, id("feasible")]));
  }
  for (const district of [1, 2])
    await call(admin, budget, budgetAbi.encodeFunctionData("publishBallot", [roundId, district]));
  await mineAt(start + 3_000);

  // ---- tasks: posted by the admin, verified by the first account, claimed by the next three
  await call(admin, coin, coinAbi.encodeFunctionData("mint", [admin, 1_000_000_000n]));
  await call(admin, coin, coinAbi.encodeFunctionData("approve", [taskBoard, 1_000_000_000n]));
  const deadline = (await latestTime()) + 365 * 86_400;
  for (let task = 1; task <= TASKS; task++) {
    const district = districtOf(task);
    const params = {
      reward: 100 + task,
      slots: 5,
      district,
      deadline,
      claimWindow: 30 * 86_400,
      verifier: accounts[0]!,
      contentHash: id(`bench task ${task}`),
    };
    await call(admin, taskBoard, taskAbi.encodeFunctionData("createTask", [params]));
    for (let k = 0; k < 3; k++) {
      const claimant = accounts[(2 * (task * 3 + k) + district - 1) % accounts.length]!;
      if (claimant !== accounts[0]) await call(claimant, taskBoard, taskAbi.encodeFunctionData("claim", [task]));
    }
  }

  // Ballot positions follow proposal ids; selections whose cost fits the budget.
  const selections: bigint[] = [];
  for (let a = 0; a < COSTS.length; a++) {
    selections.push(1n << BigInt(a));
    for (let b = a + 1; b < COSTS.length; b++)
      if (COSTS[a]! + COSTS[b]! <= BUDGET) selections.push((1n << BigInt(a)) | (1n << BigInt(b)));
  }

  let next = 0;
  /** One block's transactions, each from a different account: 3 in 11 are ballots, the rest transfers. */
  const sendBlock = async (count: number) => {
    const sends: Promise<unknown>[] = [];
    for (let k = 0; k < count; k++) {
      const index = next++ % accounts.length;
      const from = accounts[index]!;
      if (k % 11 < 3) {
        const selection = selections[(next * 7919) % selections.length]!;
        sends.push(
          send(
            from,
            budget,
            budgetAbi.encodeFunctionData("castApprovalBallot", [roundId, districtOf(index), selection]),
          ),
        );
      } else {
        const to = accounts[(index + 1 + ((next * 31) % (accounts.length - 1))) % accounts.length]!;
        sends.push(send(from, coin, coinAbi.encodeFunctionData("transfer", [to, 1 + (next % 100)])));
      }
    }
    await Promise.all(sends);
  };
  const mine = async () => {
    await provider.request({ method: "evm_mine", params: [] });
    return Number(await provider.request({ method: "eth_blockNumber", params: [] }));
  };

  const { server, announce } = await serve(provider);
  const rpcUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const report = (message: ChainReport) => process.send!(message);
  report({ type: "ready", rpcUrl, deployment, accounts, roundId: roundId.toString() });

  process.on("message", (command: ChainCommand) => {
    void (async () => {
      try {
        if (command.type === "exit") {
          server.close();
          process.exit(0);
        }
        await provider.request({ method: "evm_setAutomine", params: [false] });
        if (command.type === "generate") {
          const started = performance.now();
          for (let b = 0; b < command.blocks; b++) {
            await sendBlock(command.txsPerBlock);
            await mine();
          }
          const seconds = (performance.now() - started) / 1000;
          const head = Number(await provider.request({ method: "eth_blockNumber", params: [] }));
          report({
            type: "generated",
            blocks: command.blocks,
            transactions: command.blocks * command.txsPerBlock,
            logs: await countLogs(provider, deployment, head),
            head,
            seconds,
          });
        } else {
          for (let b = 0; b < command.blocks; b++) {
            const due = performance.now() + command.intervalMs;
            await sendBlock(command.txsPerBlock);
            const number = await mine();
            const at = Date.now();
            await announce(number);
            report({ type: "mined", number, at, transactions: command.txsPerBlock });
            const wait = due - performance.now();
            if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          }
          report({ type: "realtimeDone", head: Number(await provider.request({ method: "eth_blockNumber" })) });
        }
      } catch (error) {
        report({ type: "error", message: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
}

/** Logs of the events the indexer reads, from block 0 to `head`, counted in chunks. */
async function countLogs(provider: Eip1193, deployment: Deployment, head: number): Promise<number> {
  const { createDecoder, indexedContracts } = await import("../../../backend/indexer/decode.js");
  const decoder = createDecoder(
    Object.fromEntries(indexedContracts.map((name) => [name, deployment.contracts[name].address])) as Parameters<
      typeof createDecoder
    >[0],
  );
  let count = 0;
  for (let from = 0; from <= head; from += 1000) {
    const logs = (await provider.request({
      method: "eth_getLogs",
      params: [
        {
          address: decoder.addresses,
          topics: [decoder.topics],
          fromBlock: hex(from),
          toBlock: hex(Math.min(head, from + 999)),
        },
      ],
    })) as unknown[];
    count += logs.length;
  }
  return count;
}

/**
 * A JSON-RPC endpoint (single and batch requests over HTTP, and WebSocket with newHeads
 * subscriptions on the same address) in front of an EIP-1193 provider. `announce` pushes a mined
 * block to the subscribers.
 */
async function serve(provider: Eip1193): Promise<{ server: Server; announce(number: number): Promise<void> }> {
  type Request = { id: unknown; method: string; params?: unknown[] };
  const answer = async (request: Request) => {
    try {
      return { jsonrpc: "2.0", id: request.id, result: await provider.request(request) };
    } catch (error) {
      const { code, message, data } = error as { code?: number; message?: string; data?: unknown };
      return {
        jsonrpc: "2.0",
        id: request.id,
        error: { code: code ?? -32603, message: message ?? String(error), data },
      };
    }
  };
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Request | Request[];
        const result = Array.isArray(body) ? await Promise.all(body.map(answer)) : await answer(body);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(result));
      })();
    });
  });
  server.keepAliveTimeout = 60_000;
  const subscribers = new Map<WebSocket, string>();
  let subscriptions = 0;
  const sockets = new WebSocketServer({ server });
  sockets.on("connection", (socket) => {
    socket.on("close", () => subscribers.delete(socket));
    socket.on("message", (raw) => {
      void (async () => {
        const request = JSON.parse(String(raw)) as Request;
        if (request.method === "eth_subscribe" && request.params?.[0] === "newHeads") {
          const subscription = hex(++subscriptions);
          subscribers.set(socket, subscription);
          socket.send(JSON.stringify({ jsonrpc: "2.0", id: request.id, result: subscription }));
        } else if (request.method === "eth_subscribe") {
          socket.send(
            JSON.stringify({ jsonrpc: "2.0", id: request.id, error: { code: -32602, message: "newHeads only" } }),
          );
        } else {
          socket.send(JSON.stringify(await answer(request)));
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    server,
    async announce(number) {
      if (subscribers.size === 0) return;
      const header = await provider.request({ method: "eth_getBlockByNumber", params: [hex(number), false] });
      for (const [socket, subscription] of subscribers) {
        socket.send(
          JSON.stringify({ jsonrpc: "2.0", method: "eth_subscription", params: { subscription, result: header } }),
        );
      }
    },
  };
}

if (process.argv[2] === "--chain-process") {
  chainProcess(Number(process.argv[3])).catch((error: unknown) => {
    process.send?.({
      type: "error",
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    } satisfies ChainReport);
    process.exit(1);
  });
}
