/**
 * The deployments file: where each contract of one Buurtkas installation lives on one chain.
 * Written by the deploy script (`deployments/<network>.json`), read by the backend, the front end
 * (served by the backend) and the scripts. The shape is validated on every read.
 */
import { readFile, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";

import { deploymentSchema, type Deployment } from "./schema.js";

export {
  deployedContractSchema,
  deploymentSchema,
  type ContractName,
  type DeployedContract,
  type Deployment,
} from "./schema.js";

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
