/**
 * The shape of a deployments file (`deployments/<network>.json`), browser-safe: the backend
 * validates every read with it and the API's schemas (lib/api/schemas.ts) serve it.
 */
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
export { contractNames, type ContractName };
