/**
 * Which chain and which deployment the index belongs to. The index is only valid for the chain it
 * was read from; a restarted local chain or a redeployed system must start over, not be served.
 */
import { keccak256, toUtf8Bytes } from "ethers";

import type { Deployment } from "../../lib/contracts/deployments.js";

export interface ChainIdentity {
  chainId: number;
  genesisHash: string;
  /**
   * keccak256 over every deployed contract's name, address, deployment block with its hash, and
   * code hash: a redeployment, a restarted chain that reuses the addresses, or an upgrade of the
   * code all change it.
   */
  fingerprint: string;
}

/** The deployments file does not describe the chain behind the RPC URL. */
export class DeploymentMismatchError extends Error {
  override readonly name = "DeploymentMismatchError";
}

export interface IdentityReader {
  chainId(): Promise<number>;
  blockHash(number: number): Promise<string | undefined>;
  code(address: string): Promise<string>;
}

export async function readChainIdentity(deployment: Deployment, chain: IdentityReader): Promise<ChainIdentity> {
  const chainId = await chain.chainId();
  if (chainId !== deployment.chainId) {
    throw new DeploymentMismatchError(
      `the deployments file "${deployment.network}" is for chain ${deployment.chainId}, but the RPC serves chain ${chainId}`,
    );
  }
  const genesisHash = await chain.blockHash(0);
  if (genesisHash?.toLowerCase() !== deployment.genesisHash.toLowerCase()) {
    throw new DeploymentMismatchError(
      `the deployments file "${deployment.network}" is for a chain with genesis ${deployment.genesisHash}, but the RPC's ` +
        `genesis is ${genesisHash}: the chain was reset, deploy again`,
    );
  }
  const contracts: string[][] = [];
  for (const [name, contract] of Object.entries(deployment.contracts).sort(([a], [b]) => a.localeCompare(b))) {
    const code = await chain.code(contract.address);
    if (code === "0x") {
      throw new DeploymentMismatchError(
        `no contract code at ${contract.address} (${name}) on chain ${chainId}: the deployments file ` +
          `"${deployment.network}" does not match this chain (was it reset? deploy again)`,
      );
    }
    const blockHash = await chain.blockHash(contract.blockNumber);
    if (!blockHash) {
      throw new DeploymentMismatchError(
        `${name} was deployed in block ${contract.blockNumber}, which chain ${chainId} does not have yet`,
      );
    }
    contracts.push([
      name,
      contract.address.toLowerCase(),
      String(contract.blockNumber),
      blockHash.toLowerCase(),
      keccak256(code),
    ]);
  }
  const fingerprint = keccak256(
    toUtf8Bytes(JSON.stringify({ chainId, genesisHash: genesisHash.toLowerCase(), contracts })),
  );
  return { chainId, genesisHash: genesisHash.toLowerCase(), fingerprint };
}
