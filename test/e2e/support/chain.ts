/**
 * The chain of the end-to-end stack: Hardhat's in-process network with the whole system deployed
 * through the production Ignition module (scripts/deploy), served over JSON-RPC HTTP for the
 * browser, the API and the relayer, with the test's own handles on the contracts.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { Contract } from "ethers";
import { network } from "hardhat";

import {
  BudgetRoundAbi,
  BuurtkasForwarderAbi,
  LocalCoinAbi,
  ResidentRegistryAbi,
  TaskBoardAbi,
} from "../../../generated/abis.js";
import type { Deployment } from "../../../lib/contracts/deployments.js";
import { deploySystem } from "../../../scripts/deploy/system.js";

type Eip1193 = { request(args: { method: string; params?: unknown[] }): Promise<unknown> };

export async function startChain() {
  const connection = await network.connect();
  const { ethers, networkHelpers } = connection;
  const deployment: Deployment = await deploySystem(connection, "e2e");
  const [admin, official, relayer, ...others] = await ethers.getSigners();
  const at = (name: keyof Deployment["contracts"], abi: unknown) =>
    new Contract(deployment.contracts[name].address, abi as never, admin);
  const contracts = {
    forwarder: at("BuurtkasForwarder", BuurtkasForwarderAbi),
    coin: at("LocalCoin", LocalCoinAbi),
    registry: at("ResidentRegistry", ResidentRegistryAbi),
    taskBoard: at("TaskBoard", TaskBoardAbi),
    budgetRound: at("BudgetRound", BudgetRoundAbi),
  };
  const role = async (contract: Contract, name: string) => (await contract.getFunction(name)()) as string;
  const grant = async (contract: Contract, roleName: string, to: string) =>
    (await contract.getFunction("grantRole")(await role(contract, roleName), to)).wait();
  await grant(contracts.coin, "MINTER_ROLE", admin!.address);
  await grant(contracts.coin, "MERCHANT_MANAGER_ROLE", admin!.address);
  await grant(contracts.registry, "REGISTRAR_ROLE", admin!.address);
  await grant(contracts.registry, "CODE_ISSUER_ROLE", admin!.address);
  await grant(contracts.taskBoard, "TASK_POSTER_ROLE", official!.address);
  await grant(contracts.budgetRound, "ROUND_MANAGER_ROLE", official!.address);
  await grant(contracts.budgetRound, "REVIEWER_ROLE", official!.address);

  const provider = connection.provider as unknown as Eip1193;
  const server = await serveRpc(provider);
  const rpcUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    connection,
    ethers,
    networkHelpers,
    provider,
    deployment,
    contracts,
    admin: admin!,
    official: official!,
    relayer: relayer!,
    others,
    rpcUrl,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type Chain = Awaited<ReturnType<typeof startChain>>;

/** A JSON-RPC endpoint (single and batch requests) in front of the in-process provider. */
export async function serveRpc(provider: Eip1193): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method === "OPTIONS") {
      res.writeHead(204, corsHeaders).end();
      return;
    }
    void handleRpc(provider, req).then((body) => {
      res.writeHead(200, { "content-type": "application/json", ...corsHeaders }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

const corsHeaders = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "content-type",
  "access-control-allow-methods": "POST, OPTIONS",
};

export async function handleRpc(provider: Eip1193, req: IncomingMessage): Promise<string> {
  type Request = { id: unknown; method: string; params?: unknown[] };
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
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
  try {
    const parsed = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Request | Request[];
    return JSON.stringify(Array.isArray(parsed) ? await Promise.all(parsed.map(answer)) : await answer(parsed));
  } catch {
    return JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "parse error" } });
  }
}
