/**
 * `npm start`: the whole system on one machine with embedded defaults. Starts a local Hardhat
 * chain on 127.0.0.1:8545, deploys the contracts through Ignition, writes
 * deployments/localhost.json and prints what runs where. Ctrl-C stops everything.
 */
import { rm } from "node:fs/promises";
import path from "node:path";

import { network } from "hardhat";

import { writeDeployment } from "../../lib/contracts/deployments.js";
import { deploySystem } from "../deploy/system.js";

const RPC_HOST = "127.0.0.1";
const RPC_PORT = Number(process.env.RPC_PORT ?? 8545);

function step(message: string): void {
  console.log(`[buurtkas] ${message}`);
}

async function main(): Promise<void> {
  step(`starting local chain on http://${RPC_HOST}:${RPC_PORT} ...`);
  const server = await network.createServer("default", RPC_HOST, RPC_PORT);
  const { address, port } = await server.listen();
  const rpcUrl = `http://${address}:${port}`;

  step("deploying contracts (Hardhat Ignition) ...");
  // The local chain starts empty every time, so Ignition's journal of an earlier local run is stale.
  await rm(path.resolve(import.meta.dirname, "../../ignition/deployments/chain-31337"), {
    recursive: true,
    force: true,
  });
  const connection = await network.connect({ network: "localhost", override: { url: rpcUrl } });
  const deployment = await deploySystem(connection, "localhost");
  const file = await writeDeployment(deployment);

  step(`deployment written to ${file}`);
  for (const [name, contract] of Object.entries(deployment.contracts)) {
    console.log(`    ${name.padEnd(20)} ${contract.address}  (block ${contract.blockNumber})`);
  }
  console.log(`\n  Chain RPC   ${rpcUrl}  (chain id ${deployment.chainId})`);
  console.log("  Stop with Ctrl-C.\n");

  const stop = async (): Promise<void> => {
    step("stopping ...");
    await server.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await server.afterClosed();
}

main().catch((error: unknown) => {
  console.error(`[buurtkas] start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
