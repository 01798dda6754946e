/**
 * The installation this app talks to, read at start-up from GET /api/deployment so one build works
 * against any chain: the API, a JSON-RPC provider for reading the chain directly (receipts, audit)
 * and read-only contract handles built from the generated ABIs.
 */
import { JsonRpcProvider } from "ethers";

import { abis } from "../../../../generated/abis.js";
import { connectContract, type Contracts } from "../../../../generated/contracts.js";
import { ApiClient } from "../api/client.js";
import type { DeploymentAnswer as Deployment } from "../../../../lib/api/schemas.js";

export type ContractKey = keyof Deployment["contracts"] & keyof Contracts;

export { abis };

/** Read-only typed handles on the installation's contracts. */
export type SystemContracts = { [K in ContractKey]: Contracts[K] };

export class System {
  readonly provider: JsonRpcProvider;
  readonly contracts: SystemContracts;
  readonly rpcUrl: string;

  constructor(
    readonly api: ApiClient,
    readonly deployment: Deployment,
    rpcUrl: string,
  ) {
    this.rpcUrl = rpcUrl;
    this.provider = new JsonRpcProvider(this.rpcUrl, deployment.chainId, {
      staticNetwork: true,
      pollingInterval: 500,
      // The API's /rpc gateway takes batches of at most 10 calls (backend/api/rpc.ts).
      batchMaxCount: 10,
      // A receipt or a recount right after a transaction must see it: no shared 250 ms answer cache.
      cacheTimeout: -1,
    });
    const at = (key: ContractKey) => deployment.contracts[key].address;
    this.contracts = {
      BudgetRound: connectContract("BudgetRound", at("BudgetRound"), this.provider),
      BuurtkasForwarder: connectContract("BuurtkasForwarder", at("BuurtkasForwarder"), this.provider),
      LocalCoin: connectContract("LocalCoin", at("LocalCoin"), this.provider),
      PaperBallotDesk: connectContract("PaperBallotDesk", at("PaperBallotDesk"), this.provider),
      ResidentRegistry: connectContract("ResidentRegistry", at("ResidentRegistry"), this.provider),
      ResultCommitments: connectContract("ResultCommitments", at("ResultCommitments"), this.provider),
      TaskBoard: connectContract("TaskBoard", at("TaskBoard"), this.provider),
      SecretBallots: connectContract("SecretBallots", at("SecretBallots"), this.provider),
    };
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
  const deployment = await api.deployment();
  current = new System(api, deployment, await findRpc(deployment, base));
  return current;
}

/**
 * The JSON-RPC endpoint to read the chain from: the one the deployment names, else the API's own
 * `/rpc` proxy, else (a local Hardhat chain) the default local node; the first that serves the
 * deployment's chain id wins.
 */
async function findRpc(deployment: Deployment, base: string): Promise<string> {
  const candidates = [
    deployment.rpcUrl,
    `${base}/rpc`,
    deployment.chainId === 31337 ? "http://127.0.0.1:8545" : undefined,
  ];
  for (const candidate of candidates) {
    if (!candidate) continue;
    // The API may name its own gateway relatively ("/rpc"); the provider needs an absolute URL.
    const url = new URL(candidate, location.href).href;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      const answer = (await response.json()) as { result?: string };
      if (answer.result && Number(answer.result) === deployment.chainId) return url;
    } catch {
      // not this one
    }
  }
  throw new Error(
    `no JSON-RPC endpoint for chain ${deployment.chainId} (the deployment names none and ${base}/rpc does not answer)`,
  );
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
  /**
   * Bumped when the index moved: on ballot, task and transfer events, and on new blocks (a new
   * proposal, review or registration has no event of its own), at most every 500 ms.
   */
  version = $state(0);
  /**
   * Bumped when a shop was registered, renamed or removed (and on a reorg, which may undo one):
   * what names shops (lib/names, the pay form, the shops desk) reads the list of shops again.
   */
  shops = $state(0);
  #pending: ReturnType<typeof setTimeout> | null = null;

  #bump(): void {
    if (this.#pending) return;
    this.#pending = setTimeout(() => {
      this.#pending = null;
      this.version++;
    }, 500);
  }

  start(api: ApiClient): void {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource(api.eventsUrl());
    source.onopen = () => (this.connected = true);
    source.onerror = () => (this.connected = false);
    source.addEventListener("block", (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as { number: number | string };
      const number = Number(data.number);
      if (number !== this.block) {
        this.block = number;
        this.#bump();
      }
    });
    for (const name of ["ballot", "task", "transfer", "reorg"]) {
      source.addEventListener(name, () => this.#bump());
    }
    for (const name of ["merchant", "reorg"]) {
      source.addEventListener(name, () => this.shops++);
    }
  }
}

export const live = new Live();

/** Now by the chain's clock (never earlier than this computer's): deadlines and schedules use it. */
export async function chainNow(): Promise<number> {
  const latest = await system().provider.getBlock("latest");
  return Math.max(Math.floor(Date.now() / 1000), latest?.timestamp ?? 0);
}
