/**
 * The deployments file: where each contract of one Buurtkas installation lives on one chain.
 * Written by the deploy script (`deployments/<network>.json`), read by the backend, the front end
 * (served by the backend) and the scripts. The shape is validated on every read.
 */
import { readFile, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";

import { z } from "zod";

import { contractNames, type ContractName } from "../../generated/abis.js";

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte hex address");
const hash = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "must be a 0x-prefixed 32-byte hex hash");

export const deployedContractSchema = z.object({
  address,
  /** Block of the deployment transaction: where the indexer and the audit start reading logs. */
  blockNumber: z.number().int().nonnegative(),
  transactionHash: hash,
});

export const deploymentSchema = z.object({
  network: z.string().min(1),
  chainId: z.number().int().positive(),
  /** Hash of the chain's block 0, so a reset local chain is noticed. */
  genesisHash: hash,
  deployedAt: z.string().datetime(),
  contracts: z.record(z.enum(contractNames), deployedContractSchema),
});

export type DeployedContract = z.infer<typeof deployedContractSchema>;
export type Deployment = z.infer<typeof deploymentSchema>;
export type { ContractName };

export const deploymentsDir = path.resolve(import.meta.dirname, "../../deployments");

export function deploymentPath(network: string, dir = deploymentsDir): string {
  if (!/^[a-zA-Z0-9_-]+$/.test(network))
    throw new Error(`network name "${network}" may only hold letters, digits, - and _`);
  return path.join(dir, `${network}.json`);
}

export async function readDeployment(network: string, dir = deploymentsDir): Promise<Deployment> {
  const file = deploymentPath(network, dir);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new Error(
      `no deployment for network "${network}": ${file} does not exist (run npm run deploy -- --network ${network})`,
    );
  }
  const parsed = deploymentSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: field ${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}

export async function writeDeployment(deployment: Deployment, dir = deploymentsDir): Promise<string> {
  const valid = deploymentSchema.parse(deployment);
  const file = deploymentPath(valid.network, dir);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(valid, null, 2) + "\n");
  return file;
}
