/**
 * A route is declared once (method, path, zod schemas for its input and its answer, handler); the
 * same declaration registers the Koa handler with validation and writes the route, with its
 * response schema, into the OpenAPI document. Every route of the process goes through one
 * {@link RouteTable}: the API's own, the live feed, `/rpc`, `/metrics` and the relayer's.
 *
 * Declaring a route (this API is kept stable for the other subsystems that mount routes here):
 *
 * ```ts
 * routes.add({
 *   method: "POST", path: "/api/things/:id", tag: "things", summary: "What it does",
 *   params: { id: uintString("id") },   // zod schemas per path parameter (400 names params.id)
 *   query: { limit: ... },              // per query parameter; unknown parameters are refused
 *   body: z.object({ ... }),            // a JSON body (415 another type, 413 too large, 400 bad JSON)
 *   bodyLimitBytes: 100_000,            // optional, default MAX_BODY_BYTES
 *   response: thingSchema,              // the answer's schema (lib/api/schemas.ts)
 *   status: 202,                        // success status (default 200)
 *   errors: [409, 429],                 // further error statuses the route answers, for OpenAPI
 *   handler: async ({ params, query, body }, ctx) => thing,   // typed by `response`
 * });
 * ```
 *
 * Refuse with `throw new ApiError(status, code, message, details, headers)` (backend/api/http.ts):
 * the error middleware renders `{ error: { code, message, details } }` with those headers. A route
 * whose answer is not JSON (an event stream, Prometheus text) uses {@link RouteTable.addRaw} and
 * writes `ctx.body` itself.
 */
import { isDeepStrictEqual } from "node:util";

import type Router from "@koa/router";
import type { Context } from "koa";
import { z } from "zod";

import { errorAnswer } from "../../lib/api/schemas.js";
import { ApiError, parse, readJsonBody } from "./http.js";

type Shape = Record<string, z.ZodType>;
type Method = "GET" | "POST";

interface Declared<P extends Shape, Q extends Shape> {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  /** Error statuses besides 400 and 404 the route may answer (documented in OpenAPI). */
  errors?: readonly number[];
}

type Input<P extends Shape, Q extends Shape, B extends z.ZodType | undefined> = {
  params: z.output<z.ZodObject<P>>;
  query: z.output<z.ZodObject<Q>>;
  body: B extends z.ZodType ? z.output<B> : undefined;
};

export interface RouteSpec<
  P extends Shape,
  Q extends Shape,
  B extends z.ZodType | undefined,
  R extends z.ZodType,
> extends Declared<P, Q> {
  body?: B;
  /** Largest body read, in bytes (default MAX_BODY_BYTES). */
  bodyLimitBytes?: number;
  /**
   * The answer's schema (lib/api/schemas.ts); the handler's result must be what it describes.
   * Every route declares one: with `checkResponses` a route without it is refused when declared.
   * (Optional in the type only so that declarations written before it keep compiling.)
   */
  response?: R;
  /** HTTP status of a success (default 200). */
  status?: number;
  handler: (input: Input<P, Q, B>, ctx: Context) => Promise<z.input<R>>;
}

export interface RawRouteSpec<P extends Shape, Q extends Shape> extends Declared<P, Q> {
  /** What a success answers: its media type, a description and, where it has one, its schema. */
  produces: { mediaType: string; description: string; schema?: z.ZodType };
  /** Sets `ctx.status` and `ctx.body` itself. */
  handler: (input: Input<P, Q, undefined>, ctx: Context) => Promise<void> | void;
}

export interface RouteDoc {
  method: string;
  path: string;
  summary: string;
  tag: string;
  params?: Shape;
  query?: Shape;
  body?: z.ZodType;
  status: number;
  errors: readonly number[];
  produces: { mediaType: string; description: string; schema?: z.ZodType };
}

export interface RouteTableOptions {
  /**
   * Parse every JSON answer with its response schema and refuse (500 `response_mismatch`) one that
   * does not match or carries a field the schema does not declare. On in the tests, so every answer
   * any test receives has been checked.
   */
  checkResponses?: boolean;
}

export class RouteTable {
  readonly docs: RouteDoc[] = [];
  constructor(
    private readonly router: Router,
    private readonly options: RouteTableOptions = {},
  ) {}

  add<
    P extends Shape = Shape,
    Q extends Shape = Shape,
    B extends z.ZodType | undefined = undefined,
    R extends z.ZodType = z.ZodType,
  >(spec: RouteSpec<P, Q, B, R>): void {
    const status = spec.status ?? 200;
    if (this.options.checkResponses && !spec.response) {
      throw new Error(`${spec.method} ${spec.path} declares no response schema`);
    }
    this.#document(
      spec,
      status,
      { mediaType: "application/json", description: "success", ...(spec.response ? { schema: spec.response } : {}) },
      spec.body,
    );
    const readInput = inputReader<P, Q>(spec);
    const check =
      this.options.checkResponses && spec.response ? responseChecker(spec.method, spec.path, spec.response) : undefined;
    this.#register(spec.method, spec.path, async (ctx) => {
      const { params, query } = readInput(ctx);
      const body = (
        spec.body ? parse(spec.body, await readJsonBody(ctx, spec.bodyLimitBytes), "body") : undefined
      ) as Input<P, Q, B>["body"];
      const result = await spec.handler({ params, query, body }, ctx);
      check?.(result);
      ctx.body = result;
      // A handler may answer with another status (e.g. /healthz: 503) through ctx.state.status.
      ctx.status = (ctx.state as { status?: number }).status ?? status;
    });
  }

  addRaw<P extends Shape = Shape, Q extends Shape = Shape>(spec: RawRouteSpec<P, Q>): void {
    this.#document(spec, 200, spec.produces, undefined);
    const readInput = inputReader<P, Q>(spec);
    this.#register(spec.method, spec.path, async (ctx) => {
      const { params, query } = readInput(ctx);
      await spec.handler({ params, query, body: undefined as Input<P, Q, undefined>["body"] }, ctx);
    });
  }

  #document<P extends Shape, Q extends Shape>(
    spec: Declared<P, Q>,
    status: number,
    produces: RouteDoc["produces"],
    body: z.ZodType | undefined,
  ): void {
    this.docs.push({
      method: spec.method,
      path: spec.path,
      summary: spec.summary,
      tag: spec.tag,
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(body ? { body } : {}),
      status,
      errors: spec.errors ?? [],
      produces,
    });
  }

  #register(method: Method, path: string, handle: (ctx: Context) => Promise<void>): void {
    if (method === "GET") this.router.get(path, handle);
    else this.router.post(path, handle);
  }
}

function inputReader<P extends Shape, Q extends Shape>(spec: Declared<P, Q>) {
  const params = z.object(spec.params ?? ({} as P));
  // Unknown query parameters are refused by name, so a misspelt filter never silently matches all.
  const query = z.strictObject(spec.query ?? ({} as Q));
  return (ctx: Context) => ({
    params: parse(params, ctx.params ?? {}, "params") as z.output<z.ZodObject<P>>,
    // A repeated query parameter arrives as an array, which the schemas (strings) refuse by name.
    query: parse(query, { ...ctx.query }, "query") as z.output<z.ZodObject<Q>>,
  });
}

/** The answer as JSON must parse with `schema` to itself: no undeclared field, nothing transformed. */
function responseChecker(method: string, path: string, schema: z.ZodType) {
  return (result: unknown) => {
    const json: unknown = JSON.parse(JSON.stringify(result) ?? "null");
    const parsed = schema.safeParse(json);
    const where = `${method} ${path}`;
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ApiError(
        500,
        "response_mismatch",
        `${where} answered ${issue.path.join(".") || "(root)"}: ${issue.message}`,
        parsed.error.issues,
      );
    }
    if (!isDeepStrictEqual(parsed.data, json)) {
      throw new ApiError(500, "response_mismatch", `${where} answered a field its response schema does not declare`, {
        answered: json,
        declared: parsed.data,
      });
    }
  };
}

/** OpenAPI 3.1 from the route table (JSON Schema 2020-12 through zod). */
export function openApiDocument(docs: readonly RouteDoc[], info: { title: string; version: string }): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  const inputSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  const outputSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "output", unrepresentable: "any" });
  const errorRef = { $ref: "#/components/schemas/Error" };
  const errorDescriptions: Record<number, string> = {
    400: "a field is invalid; details names it",
    403: "refused",
    404: "not found",
    409: "conflicts with the current state",
    413: "the body is too large",
    415: "the body is not application/json",
    429: "too many requests from this client; Retry-After says when to try again",
    502: "the chain did not answer",
    503: "unavailable (or at capacity); Retry-After says when to try again",
    504: "the chain did not answer in time",
  };
  for (const doc of docs) {
    const path = doc.path.replace(/:(\w+)/g, "{$1}");
    const parameters = [
      ...Object.entries(doc.params ?? {}).map(([name, schema]) => ({
        name,
        in: "path",
        required: true,
        schema: inputSchema(schema),
      })),
      ...Object.entries(doc.query ?? {}).map(([name, schema]) => ({
        name,
        in: "query",
        required: !schema.safeParse(undefined).success,
        schema: inputSchema(schema),
      })),
    ];
    const errors = [...new Set([400, 404, ...doc.errors])].sort((a, b) => a - b);
    (paths[path] ??= {})[doc.method.toLowerCase()] = {
      summary: doc.summary,
      tags: [doc.tag],
      parameters,
      ...(doc.body
        ? { requestBody: { required: true, content: { "application/json": { schema: inputSchema(doc.body) } } } }
        : {}),
      responses: {
        [String(doc.status)]: {
          description: doc.produces.description,
          content: {
            [doc.produces.mediaType]: doc.produces.schema ? { schema: outputSchema(doc.produces.schema) } : {},
          },
        },
        ...Object.fromEntries(
          errors.map((status) => [
            String(status),
            {
              description: errorDescriptions[status] ?? "error",
              content: { "application/json": { schema: errorRef } },
            },
          ]),
        ),
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      ...info,
      description: "Buurtkas API: participatory budgeting and the local-coin task ledger, indexed from the chain.",
    },
    paths,
    components: { schemas: { Error: outputSchema(errorAnswer) } },
  };
}
