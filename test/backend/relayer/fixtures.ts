/** A deployment on made-up addresses and forward requests built without a chain, for the relayer's unit tests. */
import { Wallet, getAddress } from "ethers";

import type { ContractName } from "../../../generated/abis.js";
import type { Deployment } from "../../../lib/contracts/deployments.js";
import type { ForwardRequestData } from "../../../lib/relay/forwardRequest.js";

const NAMES: ContractName[] = [
  "BudgetRound",
  "BuurtkasForwarder",
  "LocalCoin",
  "ResidentRegistry",
  "TaskBoard",
  "SecretBallots",
  "PaperBallotDesk",
  "ResultCommitments",
];

export const deployment: Deployment = {
  network: "unit",
  chainId: 31337,
  genesisHash: "0x" + "00".repeat(32),
  deployedAt: new Date(0).toISOString(),
  contracts: Object.fromEntries(
    NAMES.map((name, i) => [
      name,
      { address: getAddress("0x" + String(i + 1).repeat(40)), blockNumber: 1, transactionHash: "0x" + "ab".repeat(32) },
    ]),
  ) as Deployment["contracts"],
};

export const addressOf = (name: ContractName) => deployment.contracts[name].address.toLowerCase();

export function request(to: string, data: string, overrides: Partial<ForwardRequestData> = {}): ForwardRequestData {
  return {
    from: Wallet.createRandom().address.toLowerCase(),
    to,
    value: 0n,
    gas: 300_000n,
    deadline: 2_000_000_000n,
    data,
    signature: "0x" + "00".repeat(65),
    ...overrides,
  };
}
