/**
 * The system routes: /healthz (database, chain, and whether both are the deployment's chain),
 * /metrics (Prometheus text), /api/deployment, and the live feed /api/events (Server-Sent
 * Events, capped per client and in total so idle streams cannot take the process down).
 */
import { PassThrough } from "node:stream";

import type { Provider } from "ethers";
import type { z } from "zod";

import * as api from "../../lib/api/schemas.js";
import type { Deployment } from "../../lib/contracts/deployments.js";
import type { Sql } from "../db/index.js";
import { indexedHead, type IndexedHead } from "./chain.js";
import { ApiError } from "./http.js";
import type { ConnectionCap } from "./limits.js";
import type { LiveEvent, LiveFeed } from "./live.js";
import type { Metrics } from "./metrics.js";
import type { RouteTable } from "./route.js";

export interface SystemDeps {
  sql: Sql;
  provider: Provider;
  deployment: Deployment;
  metrics: Metrics;
  live: LiveFeed;
  liveCap: ConnectionCap;
  publicRpcUrl: string | undefined;
  explorerUrl: string | undefined;
}

const HEALTH_TIMEOUT_MS = 3000;

/** The chain behind the RPC: its head, id and genesis hash (undefined: it did not answer in time). */
async function readRpcChain(provider: Provider) {
  try {
    const [headBlock, network, genesis] = await withTimeout(
      Promise.all([provider.getBlockNumber(), provider.getNetwork(), provider.getBlock(0)]),
      HEALTH_TIMEOUT_MS,
    );
    return { headBlock, chainId: Number(network.chainId), genesisHash: genesis?.hash?.toLowerCase() ?? null };
  } catch {
    return undefined;
  }
}

/** Why the RPC, the index and the deployments file do not describe one chain, or null when they do. */
export function chainMismatch(
  deployment: Deployment,
  rpc: { chainId: number; genesisHash: string | null },
  index: Pick<IndexedHead, "chainId" | "genesisHash"> | undefined,
): string | null {
  const deployed = { chainId: deployment.chainId, genesisHash: deployment.genesisHash.toLowerCase() };
  if (rpc.chainId !== deployed.chainId) {
    return `the RPC serves chain ${rpc.chainId}, the deployment is on chain ${deployed.chainId}`;
  }
  if (rpc.genesisHash !== deployed.genesisHash) {
    return `the RPC's genesis block is ${rpc.genesisHash}, the deployment's ${deployed.genesisHash}`;
  }
  if (index && index.chainId !== rpc.chainId) {
    return `the database was indexed from chain ${index.chainId}, the RPC serves chain ${rpc.chainId}`;
  }
  if (index && index.genesisHash !== rpc.genesisHash) {
    return `the database was indexed from a chain with genesis ${index.genesisHash}, the RPC's is ${rpc.genesisHash}`;
  }
  return null;
}

export function systemRoutes(routes: RouteTable, deps: SystemDeps): void {
  const { sql, deployment, metrics, live, liveCap } = deps;

  routes.add({
    method: "GET",
    path: "/healthz",
    tag: "system",
    summary:
      "Database and chain reachable and the same chain as the index and the deployment; how far the index is behind",
    errors: [503],
    response: api.healthAnswer,
    handler: async (_input, ctx) => {
      let head: IndexedHead | undefined;
      try {
        head = await indexedHead(sql);
      } catch (error) {
        throw new ApiError(503, "database_unavailable", `the database did not answer: ${(error as Error).message}`);
      }
      const rpc = await readRpcChain(deps.provider);
      const problem = rpc ? chainMismatch(deployment, rpc, head) : "the chain did not answer";
      const indexedBlock = head && head.number >= 0n ? Number(head.number) : null;
      const ok = problem === null;
      ctx.set("Cache-Control", "no-store");
      if (!ok) ctx.state.status = 503;
      const answer: z.input<typeof api.healthAnswer> = {
        ok,
        chainId: deployment.chainId,
        network: deployment.network,
        indexedBlock,
        indexedBlockHash: head?.hash ?? null,
        headBlock: rpc?.headBlock ?? null,
        behind: rpc && indexedBlock !== null ? Math.max(0, rpc.headBlock - indexedBlock) : null,
        chain: !rpc ? "unreachable" : problem ? "other_chain" : "reachable",
        problem,
      };
      return answer;
    },
  });

  routes.addRaw({
    method: "GET",
    path: "/metrics",
    tag: "system",
    summary: "Prometheus metrics: requests and latency per route, indexed block, open live-update streams",
    produces: { mediaType: "text/plain; version=0.0.4", description: "Prometheus text exposition" },
    handler: async (_input, ctx) => {
      const head = await indexedHead(sql).catch(() => undefined);
      ctx.type = "text/plain; version=0.0.4";
      ctx.body = metrics.render([
        {
          name: "buurtkas_indexed_block",
          help: "Last block the index holds.",
          value: head ? Number(head.number) : null,
        },
        { name: "buurtkas_sse_clients", help: "Open live-update streams.", value: liveCap.open },
      ]);
    },
  });

  routes.add({
    method: "GET",
    path: "/api/deployment",
    tag: "system",
    summary: "The deployments file (chain id, contract addresses and blocks) and where browsers read the chain",
    response: api.deploymentAnswer,
    handler: async () => ({
      ...deployment,
      ...(deps.publicRpcUrl ? { rpcUrl: deps.publicRpcUrl } : {}),
      ...(deps.explorerUrl ? { explorerUrl: deps.explorerUrl } : {}),
    }),
  });

  routes.addRaw({
    method: "GET",
    path: "/api/events",
    tag: "system",
    summary:
      "Live updates as Server-Sent Events (block, reorg, ballot, task, transfer, merchant; data as in the schemas); a client may hold only a few streams open",
    errors: [429, 503],
    produces: {
      mediaType: "text/event-stream",
      description: "`event: <name>` and `data: <JSON>` per update, a comment every 15 s",
      schema: api.liveEvent,
    },
    handler: (_input, ctx) => {
      const release = liveCap.acquire(ctx.ip);
      const stream = new PassThrough();
      ctx.req.socket.setTimeout(0);
      ctx.req.socket.setNoDelay(true);
      ctx.req.socket.setKeepAlive(true);
      ctx.set({
        "Content-Type": "text/event-stream",
        "Cache-Control": "no-cache, no-transform",
        Connection: "keep-alive",
        "X-Accel-Buffering": "no",
      });
      ctx.status = 200;
      ctx.body = stream;
      stream.write(`retry: 2000\n: connected\n\n`);
      const send = (event: LiveEvent) => stream.write(`event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`);
      let ended = false;
      const unsubscribe = live.subscribe(send);
      // First where the index stands (see LiveFeed.current): the client re-reads when that is newer
      // than what it showed, so nothing committed before this stream listened is missed.
      void live.ready().then(() => {
        const now = live.current();
        if (now && !ended) send(now);
      });
      const heartbeat = setInterval(() => stream.write(`: ping\n\n`), 15_000);
      const end = () => {
        ended = true;
        clearInterval(heartbeat);
        unsubscribe();
        release();
        stream.end();
      };
      ctx.req.on("close", end);
      stream.on("error", end);
    },
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error as Error)),
    );
  });
}
