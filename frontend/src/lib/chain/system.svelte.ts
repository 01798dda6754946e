/**
 * The installation this app talks to, read at start-up from GET /api/deployment so one build works
 * against any chain: the API, a JSON-RPC provider for reading the chain directly (receipts, audit)
 * and read-only contract handles built from the generated ABIs.
 */
import { Contract, JsonRpcProvider } from "ethers";

import {
  BudgetRoundAbi,
  BuurtkasForwarderAbi,
  LocalCoinAbi,
  ResidentRegistryAbi,
  TaskBoardAbi,
} from "../../../../generated/abis.js";
import { ApiClient } from "../api/client.js";
import type { Deployment } from "../api/types.js";

export type ContractKey = keyof Deployment["contracts"];

export const abis = {
  BudgetRound: BudgetRoundAbi,
  BuurtkasForwarder: BuurtkasForwarderAbi,
  LocalCoin: LocalCoinAbi,
  ResidentRegistry: ResidentRegistryAbi,
  TaskBoard: TaskBoardAbi,
} as const;

export class System {
  readonly provider: JsonRpcProvider;
  readonly contracts: Record<ContractKey, Contract>;
  readonly rpcUrl: string;

  constructor(
    readonly api: ApiClient,
    readonly deployment: Deployment,
    base: string,
  ) {
    this.rpcUrl = deployment.rpcUrl ?? `${base}/rpc`;
    this.provider = new JsonRpcProvider(this.rpcUrl, deployment.chainId, { staticNetwork: true, pollingInterval: 500 });
    this.contracts = Object.fromEntries(
      (Object.keys(abis) as ContractKey[]).map((key) => [
        key,
        new Contract(deployment.contracts[key].address, abis[key], this.provider),
      ]),
    ) as Record<ContractKey, Contract>;
  }

  get chainId(): number {
    return this.deployment.chainId;
  }

  address(key: ContractKey): string {
    return this.deployment.contracts[key].address;
  }

  /** A link to a transaction on the configured explorer, or null when there is none. */
  txUrl(hash: string): string | null {
    return this.deployment.explorerUrl ? `${this.deployment.explorerUrl.replace(/\/$/, "")}/tx/${hash}` : null;
  }
}

/** The API base: the folder the app is served from (the backend serves it next to /api). */
export function appBase(): string {
  return new URL(".", location.href).href.replace(/\/$/, "");
}

let current: System | null = null;

export async function loadSystem(): Promise<System> {
  const base = appBase();
  const api = new ApiClient(base);
  current = new System(api, await api.deployment(), base);
  return current;
}

/** The loaded system; pages render only after `loadSystem` resolved. */
export function system(): System {
  if (!current) throw new Error("the deployment is not loaded yet");
  return current;
}

/** Live updates from the API's event stream: pages re-read when `version` changes. */
class Live {
  block = $state(0);
  connected = $state(false);
  /** Bumped on every ballot, task and transfer event. */
  version = $state(0);

  start(api: ApiClient): void {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource(api.eventsUrl());
    source.onopen = () => (this.connected = true);
    source.onerror = () => (this.connected = false);
    source.addEventListener("block", (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as { number: number | string };
      this.block = Number(data.number);
    });
    for (const name of ["ballot", "task", "transfer", "reorg"]) {
      source.addEventListener(name, () => this.version++);
    }
  }
}

export const live = new Live();
