/**
 * The Buurtkas HTTP API (Koa 3): the indexed chain as JSON (backend/api/ROUTES.md), live updates
 * over Server-Sent Events, the relayer's routes, an OpenAPI document, health and Prometheus
 * metrics, and optionally the built front end and a read-only JSON-RPC gateway on the same port.
 * Stateless: any number of API processes can serve one database side by side.
 */
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { PassThrough } from "node:stream";

import Router from "@koa/router";
import type { Provider } from "ethers";
import Koa, { type Context, type Next } from "koa";

import type { Deployment } from "../../lib/contracts/deployments.js";
import type { Sql } from "../db/index.js";
import { commitsOf, type CommitSource } from "../indexer/commits.js";
import { silentLogger, type Logger } from "../logger/index.js";
import { chainViews, indexedHead } from "./chain.js";
import { ApiError, errorHandler, readJsonBody, sendError } from "./http.js";
import { LiveFeed, type LiveEvent } from "./live.js";
import { Metrics } from "./metrics.js";
import { RouteTable, openApiDocument } from "./route.js";
import { codeBatchRoutes } from "./routes/codebatches.js";
import { ledgerRoutes } from "./routes/ledger.js";
import { roundRoutes } from "./routes/rounds.js";

export { ApiError } from "./http.js";
export { contentSchema, type ProposalContent } from "./routes/rounds.js";
export { canonicalContent, contentHashOf } from "../../lib/content/index.js";

export interface ApiOptions {
  /** The database (or just its client). */
  db?: { sql: Sql; kind?: "embedded" | "postgres" };
  sql?: Sql;
  deployment: Deployment;
  /** An ethers provider for contract views (audit, accounts) and the health check. */
  provider: Provider;
  logger?: Logger;
  /**
   * Other subsystems' routes (the relayer's), declared through the API's route table so they get
   * its validation, error shape and OpenAPI entry: `mount: [(routes) => routes.add({...})]`.
   */
  mount?: readonly ((routes: RouteTable) => void)[];
  /** A built front end to serve (index.html for every other GET that accepts HTML). */
  staticDir?: string;
  /** Upstream JSON-RPC for the read-only gateway at POST /rpc (the browser's audit page uses it). */
  rpcUrl?: string;
  /** What /api/deployment tells browsers about where to read the chain (default: this API's /rpc). */
  publicRpcUrl?: string;
  /** Block explorer base URL for transaction links. */
  explorerUrl?: string;
  /** Origins allowed by CORS (default: any). */
  corsOrigins?: readonly string[];
  /** Poll interval of the live feed in ms (default 200) when it hears of no commits. */
  liveIntervalMs?: number;
  /** How the live feed hears of the indexer's commits (default: by the database's kind, see commits.ts). */
  commits?: CommitSource;
  /** Shared metrics (so the relayer can count into them). */
  metrics?: Metrics;
  /** Folder of vote-code batch records (`batch-N.json`) served at /api/codebatches/:batchId. */
  codeBatchDir?: string;
}

export type ApiApp = Koa & { close(): void; metrics: Metrics; routesDoc: unknown };

/** JSON-RPC methods the gateway forwards: reads only. */
const RPC_READ_METHODS = new Set([
  "eth_chainId",
  "net_version",
  "eth_blockNumber",
  "eth_call",
  "eth_getLogs",
  "eth_getBlockByNumber",
  "eth_getBlockByHash",
  "eth_getTransactionByHash",
  "eth_getTransactionReceipt",
  "eth_getBalance",
  "eth_getCode",
  "eth_getTransactionCount",
  "eth_estimateGas",
  "eth_gasPrice",
  "eth_feeHistory",
  "eth_maxPriorityFeePerGas",
]);

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
};

export function createApp(options: ApiOptions): ApiApp {
  const sql = options.sql ?? options.db?.sql;
  if (!sql) throw new Error("createApp needs db or sql");
  const logger = options.logger ?? silentLogger;
  const metrics = options.metrics ?? new Metrics();
  const chain = chainViews(options.provider, options.deployment);
  const commits = options.commits ?? (options.db ? commitsOf({ ...options.db, sql }) : undefined);
  const live = new LiveFeed(sql, logger, options.liveIntervalMs, commits);
  const app = new Koa() as ApiApp;
  app.proxy = true;
  const router = new Router();
  const routes = new RouteTable(router);

  // ------------------------------------------------------------ middleware, outermost first
  app.use(async (ctx: Context, next: Next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const seconds = (performance.now() - started) / 1000;
      const route =
        (ctx as Context & { _matchedRoute?: string })._matchedRoute ??
        (ctx.path.startsWith("/api") ? "unmatched" : "static");
      metrics.observeRequest(ctx.method, String(route), ctx.status, seconds);
      if (ctx.path !== "/api/events") {
        logger.info("request", {
          method: ctx.method,
          path: ctx.path,
          status: ctx.status,
          ms: Math.round(seconds * 10_000) / 10,
        });
      }
    }
  });
  app.use(securityHeaders(options.publicRpcUrl));
  app.use(cors(options.corsOrigins));
  app.use(errorHandler(logger));

  // ------------------------------------------------------------ system
  routes.add({
    method: "GET",
    path: "/healthz",
    tag: "system",
    summary: "Database and chain reachable; how far the index is behind the chain",
    handler: async (_input, ctx) => {
      let head;
      try {
        head = await indexedHead(sql);
      } catch (error) {
        throw new ApiError(503, "database_unavailable", `the database did not answer: ${(error as Error).message}`);
      }
      const headBlock = await withTimeout(options.provider.getBlockNumber(), 3000).catch(() => null);
      const indexedBlock = head ? Number(head.number) : null;
      const ok = headBlock !== null;
      ctx.set("Cache-Control", "no-store");
      if (!ok) ctx.state.status = 503;
      return {
        ok,
        chainId: options.deployment.chainId,
        network: options.deployment.network,
        indexedBlock,
        indexedBlockHash: head?.hash ?? null,
        headBlock,
        behind: headBlock !== null && indexedBlock !== null ? Math.max(0, headBlock - indexedBlock) : null,
        chain: ok ? "reachable" : "unreachable",
      };
    },
  });

  router.get("/metrics", async (ctx) => {
    const head = await indexedHead(sql).catch(() => undefined);
    const indexed = head ? Number(head.number) : null;
    ctx.type = "text/plain; version=0.0.4";
    ctx.body = metrics.render([
      { name: "buurtkas_indexed_block", help: "Last block the index holds.", value: indexed },
      { name: "buurtkas_sse_clients", help: "Open live-update streams.", value: live.listeners },
    ]);
  });

  routes.add({
    method: "GET",
    path: "/api/deployment",
    tag: "system",
    summary: "The deployments file (chain id, contract addresses and blocks) and where browsers read the chain",
    handler: async () => ({
      ...options.deployment,
      rpcUrl: options.publicRpcUrl ?? (options.rpcUrl ? "/rpc" : undefined),
      ...(options.explorerUrl ? { explorerUrl: options.explorerUrl } : {}),
    }),
  });

  roundRoutes(routes, sql, chain);
  ledgerRoutes(routes, sql, chain, options.deployment.contracts.TaskBoard!.address);
  codeBatchRoutes(routes, options.codeBatchDir);
  for (const mount of options.mount ?? []) mount(routes);

  // Live updates.
  router.get("/api/events", (ctx) => {
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
    const unsubscribe = live.subscribe(send);
    const heartbeat = setInterval(() => stream.write(`: ping\n\n`), 15_000);
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
      stream.end();
    };
    ctx.req.on("close", end);
    stream.on("error", end);
  });

  const document = openApiDocument(routes.docs, { title: "Buurtkas API", version: "1" });
  router.get("/api/openapi.json", (ctx) => {
    ctx.body = document;
  });

  // The read-only JSON-RPC gateway.
  if (options.rpcUrl) {
    const upstream = options.rpcUrl;
    router.post("/rpc", async (ctx) => {
      const body = await readJsonBody(ctx);
      const calls = Array.isArray(body) ? body : [body];
      if (calls.length === 0 || calls.length > 100)
        throw new ApiError(400, "invalid_request", "a JSON-RPC batch holds 1 to 100 calls", [
          { field: "body", message: "1 to 100 calls" },
        ]);
      for (const [i, call] of calls.entries()) {
        const method = (call as { method?: unknown } | null)?.method;
        if (typeof method !== "string" || !RPC_READ_METHODS.has(method)) {
          throw new ApiError(
            403,
            "method_not_allowed",
            `JSON-RPC method ${JSON.stringify(method)} is not served here (reads only)`,
            [
              {
                field: Array.isArray(body) ? `body.${i}.method` : "body.method",
                message: "not a read method",
                value: method,
              },
            ],
          );
        }
      }
      let response: Response;
      try {
        response = await fetch(upstream, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
      } catch (error) {
        throw new ApiError(502, "chain_unavailable", `the chain did not answer: ${(error as Error).message}`);
      }
      ctx.status = response.status;
      ctx.type = "application/json";
      ctx.body = await response.text();
    });
  }

  app.use(router.routes());
  app.use(router.allowedMethods());

  if (options.staticDir) app.use(serveStatic(path.resolve(options.staticDir)));

  // Errors Koa sees after a response started (a client leaving an event stream) are not failures.
  app.silent = true;
  app.on("error", (error: Error & { code?: string }) => {
    if (error.code === "ERR_STREAM_PREMATURE_CLOSE" || error.code === "ECONNRESET" || error.code === "EPIPE") return;
    logger.warn("response failed", { error: error.message });
  });
  app.close = () => live.stop();
  app.metrics = metrics;
  app.routesDoc = document;
  return app;
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

function securityHeaders(publicRpcUrl: string | undefined) {
  let rpcOrigin = "";
  try {
    if (publicRpcUrl && /^https?:/.test(publicRpcUrl)) rpcOrigin = ` ${new URL(publicRpcUrl).origin}`;
  } catch {
    rpcOrigin = "";
  }
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    `connect-src 'self'${rpcOrigin}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
  return async (ctx: Context, next: Next) => {
    await next();
    ctx.set("X-Content-Type-Options", "nosniff");
    ctx.set("X-Frame-Options", "DENY");
    ctx.set("Referrer-Policy", "no-referrer");
    ctx.set("Cross-Origin-Opener-Policy", "same-origin");
    ctx.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (ctx.response.is("html")) ctx.set("Content-Security-Policy", csp);
  };
}

function cors(origins: readonly string[] | undefined) {
  return async (ctx: Context, next: Next) => {
    const origin = ctx.get("Origin");
    if (origin && (!origins || origins.includes(origin))) {
      ctx.set("Access-Control-Allow-Origin", origins ? origin : "*");
      if (origins) ctx.vary("Origin");
      ctx.set("Access-Control-Expose-Headers", "Content-Type");
      if (ctx.method === "OPTIONS") {
        ctx.set("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        ctx.set("Access-Control-Allow-Headers", ctx.get("Access-Control-Request-Headers") || "Content-Type");
        ctx.set("Access-Control-Max-Age", "600");
        ctx.status = 204;
        return;
      }
    } else if (origin && ctx.method === "OPTIONS") {
      return sendError(ctx, new ApiError(403, "origin_not_allowed", `origin ${origin} is not allowed`));
    }
    await next();
  };
}

function serveStatic(root: string) {
  return async (ctx: Context, next: Next) => {
    // Reached only when no route answered (the router passes unmatched requests on).
    if ((ctx.method !== "GET" && ctx.method !== "HEAD") || ctx.path.startsWith("/api/") || ctx.path === "/rpc")
      return next();
    let relative: string;
    try {
      relative = decodeURIComponent(ctx.path);
    } catch {
      return;
    }
    const file = path.join(root, path.normalize(relative));
    if (!file.startsWith(root)) return;
    const found = await stat(file).catch(() => undefined);
    if (found?.isFile()) {
      ctx.status = 200;
      ctx.type = MIME[path.extname(file)] ?? "application/octet-stream";
      ctx.set("Cache-Control", relative.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
      ctx.body = await readFile(file);
      return;
    }
    if (!path.extname(relative) && ctx.accepts("html")) {
      const index = await readFile(path.join(root, "index.html")).catch(() => undefined);
      if (!index) return;
      ctx.status = 200;
      ctx.type = "text/html; charset=utf-8";
      ctx.set("Cache-Control", "no-cache");
      ctx.body = index;
    }
  };
}
