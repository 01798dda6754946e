/**
 * A JSON-RPC endpoint on 127.0.0.1 in front of an EIP-1193 provider (the in-process Hardhat chain)
 * that misbehaves like a public RPC node: a seeded share of HTTP requests fail (HTTP 500, a
 * JSON-RPC error, or a dropped connection), and eth_getLogs over more than N blocks is refused.
 * A test can also act between a call's answer and its reply (`beforeReply`): to reorg the chain
 * after the logs of a range were read and before its headers are, for example.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { seededRandom } from "./chain.js";

export interface Upstream {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

export interface RpcProxyOptions {
  upstream: Upstream;
  /** Share of HTTP requests that fail (0..1). */
  failureRate?: number;
  seed?: number;
  /** eth_getLogs ranges wider than this many blocks are refused. */
  maxLogBlockRange?: number;
  /** Runs after a call was answered by the upstream and before the answer is sent. */
  beforeReply?: (call: { method: string; params: unknown[] }, result: unknown) => Promise<void> | void;
}

export interface RpcProxyStats {
  requests: number;
  failures: number;
  refusedRanges: number;
}

export interface RpcProxy {
  url: string;
  stats: RpcProxyStats;
  close(): Promise<void>;
}

interface JsonRpcRequest {
  jsonrpc: "2.0";
  id: number | string | null;
  method: string;
  params?: unknown[];
}

export async function startRpcProxy(options: RpcProxyOptions): Promise<RpcProxy> {
  const random = seededRandom(options.seed ?? 1);
  const failureRate = options.failureRate ?? 0;
  const stats: RpcProxyStats = { requests: 0, failures: 0, refusedRanges: 0 };

  async function answer(request: JsonRpcRequest): Promise<object> {
    const base = { jsonrpc: "2.0", id: request.id };
    const range = logRange(request);
    if (range !== undefined && options.maxLogBlockRange !== undefined && range > options.maxLogBlockRange) {
      stats.refusedRanges++;
      return {
        ...base,
        error: { code: -32005, message: `query exceeds max block range ${options.maxLogBlockRange}` },
      };
    }
    try {
      const result = await options.upstream.request({ method: request.method, params: request.params });
      await options.beforeReply?.({ method: request.method, params: request.params ?? [] }, result);
      return { ...base, result };
    } catch (error) {
      const { code, message, data } = error as { code?: number; message?: string; data?: unknown };
      return {
        ...base,
        error: { code: typeof code === "number" ? code : -32603, message: message ?? String(error), data },
      };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    stats.requests++;
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as JsonRpcRequest | JsonRpcRequest[];
    if (random() < failureRate) {
      stats.failures++;
      const kind = random();
      if (kind < 1 / 3) {
        res.writeHead(500, { "content-type": "text/plain" }).end("injected failure");
      } else if (kind < 2 / 3) {
        const error = (r: JsonRpcRequest) => ({
          jsonrpc: "2.0",
          id: r.id,
          error: { code: -32603, message: "injected internal error" },
        });
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(Array.isArray(body) ? body.map(error) : error(body)));
      } else {
        req.socket.destroy();
      }
      return;
    }
    const reply = Array.isArray(body) ? await Promise.all(body.map(answer)) : await answer(body);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(reply));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Blocks an eth_getLogs request spans, when both ends are numbers. */
function logRange(request: JsonRpcRequest): number | undefined {
  if (request.method !== "eth_getLogs") return undefined;
  const filter = request.params?.[0] as { fromBlock?: string; toBlock?: string } | undefined;
  if (!filter?.fromBlock?.startsWith("0x") || !filter.toBlock?.startsWith("0x")) return undefined;
  return Number(BigInt(filter.toBlock) - BigInt(filter.fromBlock)) + 1;
}
