/**
 * `POST /api/relay` and `GET /api/relay/:id` (backend/api/ROUTES.md), declared through the API's
 * one route table: the same body reader and limit, validation naming each field, the one error
 * middleware (a RelayError is an ApiError), and entries in `/api/openapi.json`. Thin: the
 * handlers call the relayer and return its answer.
 */
import type { Context } from "koa";

import type { RouteTable } from "../api/route.js";
import { RelayError } from "./errors.js";
import type { Relayer } from "./relayer.js";
import {
  anonymousBallotAcceptedSchema,
  anonymousBallotBodySchema,
  relayAcceptedSchema,
  relayBodySchema,
  relayIdParams,
  relayViewSchema,
} from "./schema.js";

export function relayRoutes(routes: RouteTable, relayer: Relayer): void {
  routes.add({
    method: "POST",
    path: "/api/relay",
    tag: "relayer",
    summary:
      "Submit a resident's signed ERC-2771 forward request; the relayer pays the gas (202, then follow GET /api/relay/:id)",
    body: relayBodySchema,
    response: relayAcceptedSchema,
    status: 202,
    handler: ({ body }, ctx) =>
      withRetryAfter(ctx, async () => {
        const { request } = body;
        const accepted = await relayer.relay(
          {
            from: request.from,
            to: request.to,
            value: request.value,
            gas: request.gas,
            deadline: request.deadline,
            data: request.data,
            signature: (body.signature ?? request.signature)!,
          },
          { ip: ctx.ip },
        );
        ctx.set("Location", `/api/relay/${accepted.id}`);
        return accepted;
      }),
  });

  routes.add({
    method: "POST",
    path: "/api/relay/secret-ballot",
    tag: "relayer",
    summary:
      "Submit an anonymous ballot of a secret round, signed by its one-time key; nothing about the request is recorded (202 with the transaction hash)",
    body: anonymousBallotBodySchema,
    response: anonymousBallotAcceptedSchema,
    status: 202,
    // Deliberately without ctx.ip: this route has no per-client limit, so no IP is counted or kept.
    handler: ({ body }, ctx) =>
      withRetryAfter(ctx, () =>
        relayer.relayAnonymousBallot({
          roundId: body.roundId,
          district: body.district,
          selection: body.selection,
          signature: body.signature,
          ...(body.token ? { token: body.token } : {}),
          ...(body.sequence !== undefined ? { sequence: body.sequence } : {}),
        }),
      ),
  });

  routes.add({
    method: "GET",
    path: "/api/relay/:id",
    tag: "relayer",
    summary: "A relayed request's status: pending, mined (with its block) or failed (with the reason)",
    params: relayIdParams,
    response: relayViewSchema,
    handler: async ({ params }) => {
      const found = await relayer.status(params.id.toLowerCase());
      if (!found) throw new RelayError(404, "not_found", `no relayed request ${params.id}`, { id: params.id });
      return found;
    },
  });
}

/** A refusal that may succeed later carries `Retry-After`; the error middleware renders the rest. */
async function withRetryAfter<T>(ctx: Context, handle: () => Promise<T>): Promise<T> {
  try {
    return await handle();
  } catch (error) {
    if (error instanceof RelayError && error.retryAfterSeconds !== undefined)
      ctx.set("Retry-After", String(error.retryAfterSeconds));
    throw error;
  }
}
