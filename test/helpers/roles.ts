/**
 * Who holds a role on an AccessControl contract now, from its RoleGranted and RoleRevoked events
 * (OpenZeppelin's AccessControl keeps no list of members), each checked with `hasRole`.
 */
import { Contract, type Provider } from "ethers";

const ACCESS_CONTROL_ABI = [
  "event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)",
  "function hasRole(bytes32 role, address account) view returns (bool)",
];

export async function roleHolders(provider: Provider, contract: string, role: string): Promise<string[]> {
  const access = new Contract(contract, ACCESS_CONTROL_ABI, provider);
  const granted = await access.queryFilter(access.filters.RoleGranted!(role), 0, "latest");
  const candidates = [...new Set(granted.map((event) => ("args" in event ? String(event.args[1]) : "")))].filter(
    Boolean,
  );
  const holders: string[] = [];
  for (const account of candidates) if (await access.getFunction("hasRole")(role, account)) holders.push(account);
  return holders;
}

/** Holders of `role` that are accounts without code (people's keys), not contracts. */
export async function externallyOwnedHolders(provider: Provider, contract: string, role: string): Promise<string[]> {
  const holders = await roleHolders(provider, contract, role);
  const people: string[] = [];
  for (const account of holders) if ((await provider.getCode(account)) === "0x") people.push(account);
  return people;
}
