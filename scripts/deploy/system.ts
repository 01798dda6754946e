/**
 * Deploys the Buurtkas contract system through its Ignition module on a network connection and
 * describes the result as a deployments file (lib/contracts/deployments.ts).
 */
import type { NetworkConnection } from "hardhat/types/network";

import BuurtkasModule from "../../ignition/modules/Buurtkas.js";
import type { ContractName, Deployment, DeployedContract } from "../../lib/contracts/deployments.js";

type Connection = NetworkConnection;

const moduleKeys: Record<string, ContractName> = {
  forwarder: "BuurtkasForwarder",
  coin: "LocalCoin",
  registry: "ResidentRegistry",
  taskBoard: "TaskBoard",
  budgetRound: "BudgetRound",
  resultCommitments: "ResultCommitments",
  secretBallots: "SecretBallots",
  paperDesk: "PaperBallotDesk",
};

/**
 * `deploymentId` names Ignition's journal folder (ignition/deployments/<id>): a second run with the
 * same id resumes or reuses that deployment, and `hardhat ignition verify <id>` verifies it.
 */
export async function deploySystem(
  connection: Connection,
  networkName: string,
  admin?: string,
  deploymentId?: string,
): Promise<Deployment> {
  const { ethers } = connection;
  const [deployer] = await ethers.getSigners();
  const adminAddress = admin ?? deployer!.address;
  const deployed: Record<string, { getAddress(): Promise<string> }> = await connection.ignition.deploy(BuurtkasModule, {
    parameters: { Buurtkas: { admin: adminAddress } },
    ...(deploymentId ? { deploymentId } : {}),
  });

  const contracts = {} as Record<ContractName, DeployedContract>;
  for (const [key, name] of Object.entries(moduleKeys)) {
    const contract = deployed[key]!;
    const address = await contract.getAddress();
    const receipt = await findCreation(connection, address);
    contracts[name] = { address, blockNumber: receipt.blockNumber, transactionHash: receipt.hash };
  }
  const network = await ethers.provider.getNetwork();
  const genesis = await ethers.provider.getBlock(0);
  return {
    network: networkName,
    chainId: Number(network.chainId),
    genesisHash: genesis!.hash!,
    deployedAt: new Date().toISOString(),
    contracts,
  };
}

/** The creation transaction of `address`: the first block where code exists there (binary search). */
async function findCreation(connection: Connection, address: string): Promise<{ blockNumber: number; hash: string }> {
  const provider = connection.ethers.provider;
  let low = 0;
  let high = await provider.getBlockNumber();
  if ((await provider.getCode(address, high)) === "0x") throw new Error(`no contract code at ${address}`);
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if ((await provider.getCode(address, mid)) === "0x") low = mid + 1;
    else high = mid;
  }
  const block = await provider.getBlock(low, true);
  for (const tx of block!.prefetchedTransactions) {
    const receipt = await provider.getTransactionReceipt(tx.hash);
    if (receipt?.contractAddress?.toLowerCase() === address.toLowerCase()) return { blockNumber: low, hash: tx.hash };
  }
  // Created by a factory inside another transaction: the block is what the indexer needs.
  return { blockNumber: low, hash: block!.transactions[0]! };
}
