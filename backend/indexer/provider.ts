/** The ethers provider the indexer reads the chain with, set up for an indexer's needs. */
import {
  JsonRpcProvider,
  WebSocketProvider,
  type JsonRpcApiProviderOptions,
  type JsonRpcPayload,
  type JsonRpcResult,
  type Provider,
} from "ethers";

import { rawLogs, type ChainLog, type ChainLogSource, type LogFilter } from "./reader.js";

export function createChainProvider(rpcUrl: string): Provider {
  // The indexer compares block hashes right after a reorg and retries failed calls itself:
  // ethers' 250 ms result cache would hand back stale blocks and the same cached failure.
  // Requests made together go out as one JSON-RPC batch without waiting for more (stall 0).
  const options = { cacheTimeout: -1, staticNetwork: true, batchStallTime: 0 } as const;
  return /^wss?:/.test(rpcUrl)
    ? new WebSocketProvider(rpcUrl, undefined, options)
    : new FetchJsonRpcProvider(rpcUrl, options);
}

const REQUEST_TIMEOUT_MS = 300_000;

/**
 * ethers' JsonRpcProvider over Node's fetch. ethers' own HTTP client joins a response's chunks by
 * copying the whole body for every chunk and decodes UTF-8 in JavaScript: a catch-up range of
 * tens of thousands of logs (tens of megabytes) then spends seconds there. fetch reads and parses
 * it natively; everything else (batching, error mapping) stays ethers'.
 */
class FetchJsonRpcProvider extends JsonRpcProvider implements ChainLogSource {
  readonly #url: string;
  readonly #headers: Record<string, string>;

  constructor(rpcUrl: string, options: JsonRpcApiProviderOptions) {
    super(rpcUrl, undefined, options);
    // fetch refuses URLs with credentials: send them as a basic Authorization header instead.
    const url = new URL(rpcUrl);
    this.#headers = { "content-type": "application/json" };
    if (url.username || url.password) {
      const user = decodeURIComponent(url.username);
      const password = decodeURIComponent(url.password);
      this.#headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
      url.username = "";
      url.password = "";
    }
    this.#url = url.toString();
  }

  /** The node's logs as plain objects (see reader.ts). */
  getChainLogs(filter: LogFilter): Promise<ChainLog[]> {
    return rawLogs((method, params) => this.send(method, params), filter);
  }

  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    const response = await fetch(this.#url, {
      method: "POST",
      headers: this.#headers,
      body: JSON.stringify(payload),
      // As ethers' own client: a node that never answers fails the call (and the indexer retries).
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok) {
      const text = await response.text().catch(() => "");
      throw new Error(
        `JSON-RPC request failed with HTTP ${response.status} ${response.statusText}: ${text.slice(0, 500)}`,
      );
    }
    const body = (await response.json()) as JsonRpcResult | JsonRpcResult[];
    return Array.isArray(body) ? body : [body];
  }
}
