/** What the API reads from the chain itself: contract views (audit, accounts) and the chain clock. */
import type { Provider } from "ethers";

import { connectContract, type Contracts } from "../../generated/contracts.js";
import type { Deployment } from "../../lib/contracts/deployments.js";
import type { Sql } from "../db/index.js";

/** The contracts the API reads, typed from the build. */
export interface ChainViews {
  provider: Provider;
  budgetRound: Contracts["BudgetRound"];
  taskBoard: Contracts["TaskBoard"];
  registry: Contracts["ResidentRegistry"];
  coin: Contracts["LocalCoin"];
}

export function chainViews(provider: Provider, deployment: Deployment): ChainViews {
  const at = (name: keyof Deployment["contracts"]) => {
    const contract = deployment.contracts[name];
    if (!contract) throw new Error(`the deployment has no ${name}`);
    return contract.address;
  };
  return {
    provider,
    budgetRound: connectContract("BudgetRound", at("BudgetRound"), provider),
    taskBoard: connectContract("TaskBoard", at("TaskBoard"), provider),
    registry: connectContract("ResidentRegistry", at("ResidentRegistry"), provider),
    coin: connectContract("LocalCoin", at("LocalCoin"), provider),
  };
}

export interface IndexedHead {
  number: bigint;
  hash: string | null;
  /** The chain the index was read from. */
  chainId: number;
  genesisHash: string;
  /** Unix seconds of the newest indexed block (0 when nothing is indexed yet). */
  time: bigint;
}

/** Where the index stands: the cursor and the newest block time the index knows. */
export async function indexedHead(sql: Sql): Promise<IndexedHead | undefined> {
  const [row] = await sql<
    { block_number: bigint; block_hash: string | null; chain_id: bigint; genesis_hash: string; time: bigint | null }[]
  >`
    select c.block_number, c.block_hash, c.chain_id, c.genesis_hash,
      (select extract(epoch from max(b.timestamp))::bigint from blocks b) as time
    from indexer_cursor c
  `;
  if (!row) return undefined;
  return {
    number: row.block_number,
    hash: row.block_hash,
    chainId: Number(row.chain_id),
    genesisHash: row.genesis_hash.toLowerCase(),
    time: row.time ?? 0n,
  };
}

/** The time phases are judged by: the newest indexed block, or the wall clock when that is later. */
export async function chainTime(sql: Sql): Promise<bigint> {
  const head = await indexedHead(sql);
  const wall = BigInt(Math.floor(Date.now() / 1000));
  return head && head.time > wall ? head.time : wall;
}
