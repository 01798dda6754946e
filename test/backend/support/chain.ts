/**
 * The chain side of the backend tests: a deployed system described as a deployments file, the
 * indexer's providers, and a seeded pseudo-random generator for reproducible workloads.
 */
import { JsonRpcProvider, Network } from "ethers";

import type { ContractName, Deployment, DeployedContract } from "../../../lib/contracts/deployments.js";
import type { System } from "../../helpers/system.js";

type Addressable = { getAddress(): Promise<string> };

/** The deployments file for a system deployed with test/helpers/system.ts (or other contracts on its chain). */
export async function deploymentOf(
  system: System,
  contracts: Record<ContractName, Addressable> = {
    BuurtkasForwarder: system.forwarder,
    LocalCoin: system.coin,
    ResidentRegistry: system.registry,
    TaskBoard: system.taskBoard,
    BudgetRound: system.budgetRound,
    ResultCommitments: system.resultCommitments,
    SecretBallots: system.secretBallots,
    PaperBallotDesk: system.paperDesk,
  },
): Promise<Deployment> {
  const provider = system.ethers.provider;
  const described = {} as Record<ContractName, DeployedContract>;
  for (const [name, contract] of Object.entries(contracts) as [ContractName, Addressable][]) {
    const address = await contract.getAddress();
    const blockNumber = await creationBlock(system, address);
    const block = await provider.getBlock(blockNumber, true);
    described[name] = { address, blockNumber, transactionHash: block!.transactions[0]! };
  }
  const network = await provider.getNetwork();
  return {
    network: "test",
    chainId: Number(network.chainId),
    genesisHash: (await provider.getBlock(0))!.hash!,
    deployedAt: new Date(0).toISOString(),
    contracts: described,
  };
}

/** The first block with code at `address` (binary search; Hardhat mines one transaction per block). */
async function creationBlock(system: System, address: string): Promise<number> {
  const provider = system.ethers.provider;
  let low = 0;
  let high = await provider.getBlockNumber();
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if ((await provider.getCode(address, mid)) === "0x") low = mid + 1;
    else high = mid;
  }
  return low;
}

/** An ethers JSON-RPC provider for `url` that neither caches results nor probes the network. */
export function jsonRpcProvider(url: string, chainId: number): JsonRpcProvider {
  return new JsonRpcProvider(url, chainId, { staticNetwork: Network.from(chainId), cacheTimeout: -1 });
}

/** mulberry32: a tiny seeded PRNG, so "random" failures and workloads repeat exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mines `count` empty blocks. */
export async function mine(system: System, count: number): Promise<void> {
  await system.networkHelpers.mine(count);
}
