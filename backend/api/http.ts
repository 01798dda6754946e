/**
 * The API's one error shape, `{ error: { code, message, details } }`, and request validation with
 * zod that names every bad field (`query.limit`, `params.roundId`, `body.title`).
 */
import type { Context, Next } from "koa";
import { z } from "zod";

import type { Page } from "../../lib/api/schemas.js";
import type { Logger } from "../logger/index.js";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
    /** Headers the refusal carries, e.g. `Retry-After` of a 429 or 503. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, "not_found", `${what} not found`);

export interface FieldIssue {
  field: string;
  message: string;
  value?: unknown;
}

/** Parses `value` with `schema`; a failure is a 400 naming each field under `where`. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, where: "params" | "query" | "body"): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details: FieldIssue[] = result.error.issues.map((issue) => {
    // An unknown key is named itself (`query.sort`), not its parent object.
    const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0] ?? ""] : issue.path;
    const field = [where, ...path.map(String)].join(".");
    let given: unknown = value;
    for (const key of issue.path)
      given =
        given && typeof given === "object" ? (given as Record<PropertyKey, unknown>)[key as PropertyKey] : undefined;
    const message = issue.code === "unrecognized_keys" ? "is not a known parameter" : issue.message;
    return { field, message, ...(given !== undefined ? { value: given } : {}) };
  });
  const first = details[0]!;
  throw new ApiError(
    400,
    "invalid_request",
    `${first.field}: ${first.message}${first.value !== undefined ? ` (got ${JSON.stringify(first.value)})` : ""}`,
    details,
  );
}

export function sendError(ctx: Context, error: ApiError): void {
  ctx.status = error.status;
  for (const [name, value] of Object.entries(error.headers)) ctx.set(name, value);
  ctx.type = "application/json";
  ctx.body = { error: { code: error.code, message: error.message, details: error.details } };
}

/** Turns every thrown error into the one shape; unknown errors are 500 and logged, never leaked. */
export function errorHandler(logger: Logger) {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) sendError(ctx, notFound(`${ctx.method} ${ctx.path}`));
      // The router's 405 (a path declared for another method) in the one shape too.
      if (ctx.status === 405 && !ctx.body) {
        const allow = ctx.response.get("Allow");
        sendError(ctx, new ApiError(405, "method_not_allowed", `${ctx.method} ${ctx.path} is not allowed (${allow})`));
        ctx.set("Allow", allow);
      }
    } catch (error) {
      if (error instanceof ApiError) return sendError(ctx, error);
      const status = (error as { status?: number; expose?: boolean }).status;
      if (typeof status === "number" && status >= 400 && status < 500) {
        return sendError(ctx, new ApiError(status, "bad_request", (error as Error).message));
      }
      logger.error("request failed", {
        method: ctx.method,
        path: ctx.path,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      sendError(ctx, new ApiError(500, "internal", "internal error"));
    }
  };
}

/** Largest JSON body a route reads unless it declares its own limit. */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * Deepest nesting of arrays and objects a JSON body may have. No route needs more than a few
 * levels; refusing deep bodies before parsing keeps every recursive step after it (validation,
 * error rendering) far from the stack limit.
 */
export const MAX_BODY_DEPTH = 32;

/**
 * Reads a JSON request body (at most `limitBytes`); bad JSON or nesting deeper than
 * {@link MAX_BODY_DEPTH} is a 400, a larger body a 413, another media type a 415.
 */
export async function readJsonBody(ctx: Context, limitBytes = MAX_BODY_BYTES): Promise<unknown> {
  const type = ctx.request.type;
  if (type !== "application/json") {
    throw new ApiError(
      415,
      "unsupported_media_type",
      `the body must be application/json (got ${JSON.stringify(type || "none")})`,
    );
  }
  const tooLarge = () =>
    new ApiError(413, "payload_too_large", `the body is larger than ${limitBytes} bytes`, { limit: limitBytes });
  if (Number(ctx.get("Content-Length") || 0) > limitBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw tooLarge();
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  const depth = jsonDepth(text);
  if (depth > MAX_BODY_DEPTH) {
    throw new ApiError(400, "invalid_json", `the body nests deeper than ${MAX_BODY_DEPTH} levels`, [
      { field: "body", message: `nests deeper than ${MAX_BODY_DEPTH} levels`, value: depth },
    ]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiError(400, "invalid_json", `the body is not valid JSON: ${(error as Error).message}`, [
      { field: "body", message: "not valid JSON" },
    ]);
  }
}

/** Deepest bracket nesting of JSON text (brackets inside strings do not count); linear, no recursion. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

// ---------------------------------------------------------------- shared schemas

const UINT256_MAX = 2n ** 256n - 1n;

export const uintString = (what: string) =>
  z
    .string()
    .regex(/^\d{1,78}$/, `${what} must be a whole number`)
    .transform((v) => BigInt(v))
    .refine((n) => n <= UINT256_MAX, `${what} must be at most 2**256 - 1`);

export const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x address of 40 hex digits")
  .transform((v) => v.toLowerCase());

export const hash32 = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, "must be a 0x hash of 64 hex digits")
  .transform((v) => v.toLowerCase());

export const district = z
  .string()
  .regex(/^\d{1,10}$/, "must be a district number")
  .transform(Number)
  .refine((n) => n > 0 && n <= 0xffffffff, "must be a district number from 1 to 4294967295");

/** Paging: `limit` 1..200 (default 50) and an opaque `cursor` (an offset here). */
export const paging = {
  limit: z
    .string()
    .regex(/^\d+$/, "must be a whole number from 1 to 200")
    .transform(Number)
    .refine((n) => n >= 1 && n <= 200, "must be a whole number from 1 to 200")
    .optional(),
  cursor: z
    .string()
    .regex(/^o[0-9]{1,9}$/, "must be a cursor returned as nextCursor")
    .optional(),
};

export function pageOf(query: { limit?: number | undefined; cursor?: string | undefined }) {
  const limit = query.limit ?? 50;
  const offset = query.cursor ? Number(query.cursor.slice(1)) : 0;
  return {
    limit,
    offset,
    /** Rows fetched with `limit + 1` → the page and the next cursor. */
    finish<T>(rows: T[]): Page<T> {
      const more = rows.length > limit;
      return { items: more ? rows.slice(0, limit) : rows, nextCursor: more ? `o${offset + limit}` : null };
    },
  };
}
