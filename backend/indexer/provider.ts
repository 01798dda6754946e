/** The ethers provider the indexer reads the chain with, set up for an indexer's needs. */
import { JsonRpcProvider, WebSocketProvider, type Provider } from "ethers";

export function createChainProvider(rpcUrl: string): Provider {
  // The indexer compares block hashes right after a reorg and retries failed calls itself:
  // ethers' 250 ms result cache would hand back stale blocks and the same cached failure.
  const options = { cacheTimeout: -1, staticNetwork: true } as const;
  return /^wss?:/.test(rpcUrl)
    ? new WebSocketProvider(rpcUrl, undefined, options)
    : new JsonRpcProvider(rpcUrl, undefined, options);
}
