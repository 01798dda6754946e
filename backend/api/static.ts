/**
 * The built front end, served with `send` (the file server behind Express's serve-static): ETag
 * and Last-Modified with conditional GETs (304), byte ranges (206), HEAD, dotfiles hidden and no
 * path outside the folder. Paths without a file extension that accept HTML get index.html, so the
 * app's own routes (/stemmen/1) load the app. Reached only when no route answered.
 */
import path from "node:path";

import type { Context, Next } from "koa";
import send from "send";

import { ApiError } from "./http.js";

/** Hashed build output may be cached for a year; everything else is revalidated every time. */
const IMMUTABLE_PREFIX = "/assets/";

export function serveStatic(root: string) {
  const folder = path.resolve(root);
  return async (ctx: Context, next: Next) => {
    if ((ctx.method !== "GET" && ctx.method !== "HEAD") || ctx.path.startsWith("/api/") || ctx.path === "/rpc") {
      return next();
    }
    if (await sendFile(ctx, folder, ctx.path)) return;
    let decoded: string;
    try {
      decoded = decodeURIComponent(ctx.path);
    } catch {
      return next();
    }
    if (!path.extname(decoded) && ctx.accepts("html")) await sendFile(ctx, folder, "/index.html");
  };
}

/** Sends `pathname` (URL-encoded, below `root`); false when there is no such file. */
function sendFile(ctx: Context, root: string, pathname: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    // send judges freshness (304) only for a 2xx status; Koa starts every response at 404.
    const before = ctx.res.statusCode;
    ctx.res.statusCode = 200;
    const immutable = pathname.startsWith(IMMUTABLE_PREFIX);
    const stream = send(ctx.req, pathname, {
      root,
      index: false,
      dotfiles: "ignore",
      etag: true,
      lastModified: true,
      immutable,
      maxAge: immutable ? "1y" : 0,
    });
    stream.on("headers", (res: typeof ctx.res) => {
      if (!immutable) res.setHeader("Cache-Control", "no-cache");
    });
    stream.on("directory", () => {
      ctx.res.statusCode = before;
      resolve(false);
    });
    stream.on("error", (error: Error & { status?: number; headers?: Record<string, string> }) => {
      ctx.res.statusCode = before;
      const status = error.status ?? 500;
      if (status === 404 || status === 403) return resolve(false);
      if (status === 412 || status === 416) {
        return reject(
          new ApiError(
            status,
            status === 416 ? "range_not_satisfiable" : "precondition_failed",
            error.message,
            null,
            error.headers ?? {},
          ),
        );
      }
      reject(error);
    });
    // send writes the response itself (also a 304 or a HEAD): Koa must not write it again.
    stream.on("stream", () => {
      ctx.respond = false;
    });
    ctx.res.once("finish", () => resolve(true));
    ctx.res.once("close", () => resolve(true));
    stream.pipe(ctx.res);
  });
}
