/**
 * `POST /api/relay` and `GET /api/relay/:id` (backend/api/ROUTES.md). Thin: parse with zod, call
 * the relayer, render its refusals as `{ error: { code, message, details } }`. The router renders
 * its own operational errors so it works in any Koa app; anything else is thrown to the app's
 * error middleware.
 */
import { Router, type RouterContext } from "@koa/router";
import type { z } from "zod";

import { RelayError, invalidRequest, type FieldIssue } from "./errors.js";
import type { Relayer } from "./relayer.js";
import { relayBodySchema, relayIdSchema } from "./schema.js";

/** Largest request body read (a forward request is a few hundred bytes; data is capped at 32 KiB). */
const BODY_LIMIT_BYTES = 100_000;

export function createRelayRouter(relayer: Relayer): Router {
  const router = new Router();

  router.post("/api/relay", async (ctx) => {
    await answer(ctx, async () => {
      const body = parse(relayBodySchema, await readJsonBody(ctx), "body");
      const { request } = body;
      const accepted = await relayer.relay({
        from: request.from,
        to: request.to,
        value: request.value,
        gas: request.gas,
        deadline: request.deadline,
        data: request.data,
        signature: (body.signature ?? request.signature)!,
      });
      ctx.status = 202;
      ctx.set("Location", `/api/relay/${accepted.id}`);
      ctx.body = accepted;
    });
  });

  router.get("/api/relay/:id", async (ctx) => {
    await answer(ctx, async () => {
      const { id } = parse(relayIdSchema, ctx.params, "params");
      const found = await relayer.status(id.toLowerCase());
      if (!found) throw new RelayError(404, "not_found", `no relayed request ${id}`, { id });
      ctx.body = found;
    });
  });

  return router;
}

async function answer(ctx: RouterContext, handle: () => Promise<void>): Promise<void> {
  try {
    await handle();
  } catch (error) {
    if (!(error instanceof RelayError)) throw error;
    ctx.status = error.status;
    if (error.retryAfterSeconds !== undefined) ctx.set("Retry-After", String(error.retryAfterSeconds));
    ctx.body = error.toBody();
  }
}

function parse<S extends z.ZodType>(schema: S, input: unknown, root: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((issue) => ({
    field: [root, ...issue.path.map(String)].join("."),
    message: issue.message,
    value: valueAt(input, issue.path),
  }));
  throw invalidRequest(issues);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** The parsed JSON body: taken from a body parser upstream if there is one, else read here. */
async function readJsonBody(ctx: RouterContext): Promise<unknown> {
  const parsed = (ctx.request as { body?: unknown }).body;
  if (parsed !== undefined) return parsed;
  const declared = Number(ctx.get("Content-Length") || 0);
  if (declared > BODY_LIMIT_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT_BYTES) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") throw invalidRequest([{ field: "body", message: "is required (a JSON object)" }]);
  try {
    return JSON.parse(text);
  } catch {
    throw invalidRequest([{ field: "body", message: "is not valid JSON" }]);
  }
}

function tooLarge(): RelayError {
  return new RelayError(413, "payload_too_large", `the body may be at most ${BODY_LIMIT_BYTES} bytes`, {
    limit: BODY_LIMIT_BYTES,
  });
}
