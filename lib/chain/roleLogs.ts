/**
 * Who holds which role, from the chain's logs alone. The contracts use OpenZeppelin's plain
 * AccessControl, which keeps no list of a role's members (only `hasRole` for a known account), so
 * the holders are the fold of every `RoleGranted` and `RoleRevoked` the contracts emitted since
 * they were deployed, in chain order. AccessControl emits each event only when the membership
 * changes, so replaying them in order gives exactly the current members.
 */
import { Interface, type Provider } from "ethers";

import { BudgetRoundAbi } from "../../generated/abis.js";
import { createLogReader, logsOf, type ChainLog } from "./logs.js";

// Every contract of the system inherits AccessControl, so one ABI's copy of its events decodes all.
const accessControl = new Interface(BudgetRoundAbi);
const GRANTED = accessControl.getEvent("RoleGranted")!;
const REVOKED = accessControl.getEvent("RoleRevoked")!;

/** Holders (lowercase addresses, in the order they were granted) by role id (bytes32), by contract address (lowercase). */
export type RoleHolders = Map<string, Map<string, string[]>>;

/** The current holders after `logs` (any order: they are sorted by block and log index first). */
export function foldRoleLogs(logs: readonly ChainLog[]): RoleHolders {
  const ordered = [...logs].sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
  const members = new Map<string, Map<string, Set<string>>>();
  for (const log of ordered) {
    const topic = log.topics[0];
    if (topic !== GRANTED.topicHash && topic !== REVOKED.topicHash) continue;
    const parsed = accessControl.parseLog({ topics: [...log.topics], data: log.data });
    if (!parsed) continue;
    const contract = log.address.toLowerCase();
    const role = (parsed.args.role as string).toLowerCase();
    const account = (parsed.args.account as string).toLowerCase();
    let roles = members.get(contract);
    if (!roles) members.set(contract, (roles = new Map()));
    let holders = roles.get(role);
    if (!holders) roles.set(role, (holders = new Set()));
    if (topic === GRANTED.topicHash) holders.add(account);
    else holders.delete(account);
  }
  const holders: RoleHolders = new Map();
  for (const [contract, roles] of members) {
    holders.set(contract, new Map([...roles].map(([role, set]) => [role, [...set]])));
  }
  return holders;
}

/** Reads the role events of `addresses` in `fromBlock..toBlock` and folds them. */
export async function readRoleHolders(
  provider: Provider,
  addresses: readonly string[],
  range: { fromBlock: number; toBlock: number; batchBlocks?: number },
): Promise<RoleHolders> {
  const reader = createLogReader(logsOf(provider), { maxBlocks: range.batchBlocks ?? 50_000 });
  const logs = await reader.readAll(
    { address: addresses.map((a) => a.toLowerCase()), topics: [[GRANTED.topicHash, REVOKED.topicHash]] },
    range.fromBlock,
    range.toBlock,
  );
  return foldRoleLogs(logs);
}

/** The holders of `role` (bytes32) on `contract`, none when it was never granted. */
export function holdersOf(holders: RoleHolders, contract: string, role: string): readonly string[] {
  return holders.get(contract.toLowerCase())?.get(role.toLowerCase()) ?? [];
}
