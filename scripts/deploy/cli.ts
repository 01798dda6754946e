/**
 * `npm run deploy -- --network NAME [--admin 0x..] [--deployments-dir DIR] [--verify]`: deploys the
 * contract system through Hardhat Ignition to a real chain (networks in hardhat.config.ts read
 * RPC_URL and DEPLOYER_PRIVATE_KEY) and writes deployments/NAME.json for the backend, the front
 * end and the audit. --verify then verifies every contract (Sourcify, Blockscout, and Etherscan
 * with ETHERSCAN_API_KEY) through `hardhat ignition verify`.
 *
 * Bad input (unknown network, missing or malformed variable, unreachable RPC): one message and
 * exit code 2, before anything is sent.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";

import { JsonRpcProvider, Wallet, getAddress, isAddress } from "ethers";

import { redact } from "../../backend/config/index.js";
import { deploymentsDir, writeDeployment } from "../../lib/contracts/deployments.js";
import { deploySystem } from "./system.js";

class UsageError extends Error {}

const ROOT = path.resolve(import.meta.dirname, "../..");

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: {
        network: { type: "string" },
        admin: { type: "string" },
        "deployments-dir": { type: "string" },
        "deployment-id": { type: "string" },
        verify: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(`deploy: ${(error as Error).message}`);
  }
  const { default: hre, network } = await import("hardhat");
  const networks = Object.keys(hre.config.networks).filter((name) => name !== "default");
  const name = values.network;
  if (!name) throw new UsageError(`deploy: --network NAME is required (one of ${networks.join(", ")})`);
  if (!networks.includes(name))
    throw new UsageError(`deploy: --network "${name}" is not configured (one of ${networks.join(", ")})`);
  if (values.admin !== undefined && !isAddress(values.admin)) {
    throw new UsageError(`deploy: --admin "${values.admin}" must be a 0x address of 40 hex digits`);
  }

  if (name !== "localhost") {
    const url = process.env.RPC_URL?.trim();
    if (!url) throw new UsageError(`deploy: RPC_URL is not set (the JSON-RPC endpoint of ${name})`);
    try {
      if (!["http:", "https:"].includes(new URL(url).protocol)) throw new Error();
    } catch {
      throw new UsageError(`deploy: RPC_URL="${redact(url)}" must be an http:// or https:// URL`);
    }
    const rpcUrl = url;
    const key = process.env.DEPLOYER_PRIVATE_KEY?.trim() ?? "";
    if (!/^0x[0-9a-fA-F]{64}$/.test(key)) {
      throw new UsageError(
        `deploy: DEPLOYER_PRIVATE_KEY ${key ? "is malformed" : "is not set"}: it must be 0x and 64 hex digits`,
      );
    }
    const deployer = new Wallet(key);
    const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true });
    try {
      const [chainId, balance] = await Promise.race([
        Promise.all([provider.send("eth_chainId", []).then(Number), provider.getBalance(deployer.address)]),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no answer within 15 s")), 15_000)),
      ]);
      const expected = (hre.config.networks[name] as { chainId?: number }).chainId;
      if (expected !== undefined && expected !== chainId) {
        throw new UsageError(`deploy: RPC_URL serves chain ${chainId}, but network ${name} is chain ${expected}`);
      }
      if (balance === 0n)
        throw new UsageError(
          `deploy: the deployer ${deployer.address} holds no native coin on chain ${chainId} to pay for gas`,
        );
      console.log(`deploying to ${name} (chain ${chainId}) from ${deployer.address}`);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`deploy: RPC_URL="${redact(rpcUrl)}" is unreachable: ${(error as Error).message}`);
    } finally {
      provider.destroy();
    }
  }

  const deploymentId = values["deployment-id"] ?? `buurtkas-${name}`;
  const connection = await network.connect({ network: name });
  const deployment = await deploySystem(
    connection,
    name,
    values.admin ? getAddress(values.admin) : undefined,
    deploymentId,
  );
  const file = await writeDeployment(
    deployment,
    values["deployments-dir"] ? path.resolve(values["deployments-dir"]) : deploymentsDir,
  );
  console.log(`deployment written to ${file}`);
  for (const [contract, info] of Object.entries(deployment.contracts)) {
    console.log(`  ${contract.padEnd(20)} ${info.address}  (block ${info.blockNumber})`);
  }
  const verifyCommand = `npx hardhat ignition verify ${deploymentId} --network ${name}`;
  if (values.verify) {
    console.log(`verifying: ${verifyCommand}`);
    const result = spawnSync("npx", ["hardhat", "ignition", "verify", deploymentId, "--network", name], {
      cwd: ROOT,
      stdio: "inherit",
    });
    if (result.status !== 0)
      throw new Error(`verification failed (exit ${result.status}); retry with: ${verifyCommand}`);
  } else {
    console.log(`verify the sources with: ${verifyCommand}  (or run deploy with --verify)`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(error instanceof UsageError ? message : `deploy failed: ${message}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
