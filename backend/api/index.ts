/**
 * The Buurtkas HTTP API (Koa 3): the indexed chain as JSON (backend/api/ROUTES.md), live updates
 * over Server-Sent Events, the relayer's routes, an OpenAPI document, health and Prometheus
 * metrics, and optionally the built front end and a read-only JSON-RPC gateway on the same port.
 * Stateless: any number of API processes can serve one database side by side.
 */
import path from "node:path";

import cors from "@koa/cors";
import Router from "@koa/router";
import type { Provider } from "ethers";
import Koa, { type Context, type Next } from "koa";

import type { Deployment } from "../../lib/contracts/deployments.js";
import type { Sql } from "../db/index.js";
import { commitsOf, type CommitSource } from "../indexer/commits.js";
import { commentRoutes, type CommentsDeps } from "../comments/index.js";
import { createContent, type Content, type ContentOptions } from "../content/index.js";
import { silentLogger, type Logger } from "../logger/index.js";
import { budgetRoutes } from "./budget/routes.js";
import { chainViews } from "./chain.js";
import { ApiError, errorHandler, sendError } from "./http.js";
import { ledgerRoutes } from "./ledger/routes.js";
import { createConnectionCap, type ConnectionCapOptions } from "./limits.js";
import { LiveFeed } from "./live.js";
import { Metrics } from "./metrics.js";
import { RouteTable, openApiDocument } from "./route.js";
import { reportRoutes } from "./reports/routes.js";
import { roleRoutes } from "./roles/routes.js";
import { codeBatchRoutes } from "./routes/codebatches.js";
import { DEFAULT_RPC_GATEWAY, rpcRoutes, type RpcGatewayOptions } from "./rpc.js";
import { serveStatic } from "./static.js";
import { systemRoutes } from "./system.js";

export { ApiError } from "./http.js";
export { RouteTable } from "./route.js";
export { contentSchema, type ProposalContent } from "./budget/routes.js";
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
  /** Bounds of the gateway (default DEFAULT_RPC_GATEWAY). */
  rpcGateway?: Partial<RpcGatewayOptions>;
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
  /** Open live-update streams per client and in total (default 8 and 1,000). */
  liveConnections?: Partial<ConnectionCapOptions>;
  /**
   * Behind a load balancer: take the client's address for per-client limits from the last
   * X-Forwarded-For entry (the one the nearest proxy wrote). Default false: without a proxy in
   * front a client could claim any address, so the socket's address counts.
   */
  trustProxy?: boolean;
  /** Check every JSON answer against its response schema (the tests do; see RouteTable). */
  checkResponses?: boolean;
  /** Shared metrics (so the relayer can count into them). */
  metrics?: Metrics;
  /** Folder of vote-code batch records (`batch-N.json`) served at /api/codebatches/:batchId. */
  codeBatchDir?: string;
  /** The content store's quotas, photo limits and pruning (backend/content). */
  content?: ContentOptions;
  /** Per-account limits of comments and edits (default COMMENT_LIMITS in lib/comments). */
  commentLimits?: CommentsDeps["limits"];
}

export type ApiApp = Koa & {
  close(): void;
  metrics: Metrics;
  routesDoc: unknown;
  routes: RouteTable;
  /** The content store, for subsystems that take signed content or moderate (comments). */
  content: Content;
};

export const DEFAULT_LIVE_CONNECTIONS: ConnectionCapOptions = { perClient: 8, total: 1000, retryAfterSeconds: 10 };

export function createApp(options: ApiOptions): ApiApp {
  const sql = options.sql ?? options.db?.sql;
  if (!sql) throw new Error("createApp needs db or sql");
  const logger = options.logger ?? silentLogger;
  const metrics = options.metrics ?? new Metrics();
  const chain = chainViews(options.provider, options.deployment);
  const commits = options.commits ?? (options.db ? commitsOf({ ...options.db, sql }) : undefined);
  const live = new LiveFeed(sql, logger, options.liveIntervalMs, commits);
  const liveCap = createConnectionCap({ ...DEFAULT_LIVE_CONNECTIONS, ...options.liveConnections });
  const app = new Koa() as ApiApp;
  app.proxy = options.trustProxy ?? false;
  app.maxIpsCount = 1;
  const router = new Router();
  const routes = new RouteTable(router, { checkResponses: options.checkResponses ?? false });

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
  app.use(corsFor(options.corsOrigins));
  app.use(errorHandler(logger));

  // ------------------------------------------------------------ routes
  systemRoutes(routes, {
    sql,
    provider: options.provider,
    deployment: options.deployment,
    metrics,
    live,
    liveCap,
    publicRpcUrl: options.publicRpcUrl ?? (options.rpcUrl ? "/rpc" : undefined),
    explorerUrl: options.explorerUrl,
  });
  const content = createContent({
    ...options.content,
    sql,
    chain,
    chainId: options.deployment.chainId,
    registry: options.deployment.contracts.ResidentRegistry.address,
    logger,
  });
  content.mount(routes);
  commentRoutes(routes, { sql, content, limits: options.commentLimits });
  budgetRoutes(routes, sql, chain);
  ledgerRoutes(routes, sql, options.deployment.contracts.TaskBoard!.address);
  codeBatchRoutes(routes, options.codeBatchDir, sql);
  reportRoutes(routes, sql);
  roleRoutes(routes, sql, options.deployment);
  if (options.rpcUrl) {
    rpcRoutes(routes, options.rpcUrl, options.deployment, { ...DEFAULT_RPC_GATEWAY, ...options.rpcGateway });
  }
  for (const mount of options.mount ?? []) mount(routes);

  // The document lists itself too, so it is built once every route (this one included) is declared.
  const documented: { value?: unknown } = {};
  routes.addRaw({
    method: "GET",
    path: "/api/openapi.json",
    tag: "system",
    summary: "This document: every route with its parameters, body and response schemas",
    produces: { mediaType: "application/json", description: "OpenAPI 3.1" },
    handler: (_input, ctx) => {
      ctx.body = documented.value;
    },
  });
  const document = openApiDocument(routes.docs, { title: "Buurtkas API", version: "1" });
  documented.value = document;

  app.use(router.routes());
  app.use(router.allowedMethods());

  if (options.staticDir) app.use(serveStatic(path.resolve(options.staticDir)));

  // Errors Koa sees after a response started (a client leaving an event stream) are not failures.
  app.silent = true;
  app.on("error", (error: Error & { code?: string }) => {
    if (error.code === "ERR_STREAM_PREMATURE_CLOSE" || error.code === "ECONNRESET" || error.code === "EPIPE") return;
    logger.warn("response failed", { error: error.message });
  });
  app.close = () => {
    live.stop();
    content.stop();
  };
  app.metrics = metrics;
  app.routesDoc = document;
  app.routes = routes;
  app.content = content;
  return app;
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
    // blob: for photos the browser has checked against their hash (lib/chain/content.ts verifiedPhotoUrl).
    "img-src 'self' data: blob: https:",
    `connect-src 'self'${rpcOrigin}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
  // Set before the response is produced: the static files are streamed by `send`, which writes
  // the headers itself. The policy is harmless on JSON and needed on every HTML page.
  return async (ctx: Context, next: Next) => {
    ctx.set("X-Content-Type-Options", "nosniff");
    ctx.set("X-Frame-Options", "DENY");
    ctx.set("Referrer-Policy", "no-referrer");
    ctx.set("Cross-Origin-Opener-Policy", "same-origin");
    ctx.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    ctx.set("Content-Security-Policy", csp);
    await next();
  };
}

/**
 * CORS through @koa/cors: any origin (`*`) unless a list is given, then only those (echoed, with
 * Vary: Origin). A preflight from an origin not on the list is refused in the API's error shape.
 */
function corsFor(origins: readonly string[] | undefined) {
  const allowed = cors({
    origin: (ctx) => (origins ? (origins.includes(ctx.get("Origin")) ? ctx.get("Origin") : "") : "*"),
    allowMethods: ["GET", "POST", "OPTIONS"],
    exposeHeaders: ["Content-Type", "Location", "Retry-After"],
    maxAge: 600,
  });
  return async (ctx: Context, next: Next) => {
    const origin = ctx.get("Origin");
    if (origin && origins && !origins.includes(origin) && ctx.method === "OPTIONS") {
      return sendError(ctx, new ApiError(403, "origin_not_allowed", `origin ${origin} is not allowed`));
    }
    return allowed(ctx, next);
  };
}
