/**
 * A route is declared once (method, path, zod schemas, handler); the same declaration registers
 * the Koa handler with validation and writes the route into the OpenAPI document.
 */
import type Router from "@koa/router";
import type { Context } from "koa";
import { z } from "zod";

import { parse, readJsonBody } from "./http.js";

type Shape = Record<string, z.ZodType>;

export interface RouteSpec<P extends Shape, Q extends Shape, B extends z.ZodType | undefined> {
  method: "GET" | "POST";
  path: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /** HTTP status of a success (default 200). */
  status?: number;
  handler: (
    input: {
      params: z.output<z.ZodObject<P>>;
      query: z.output<z.ZodObject<Q>>;
      body: B extends z.ZodType ? z.output<B> : undefined;
    },
    ctx: Context,
  ) => Promise<unknown>;
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
}

export class RouteTable {
  readonly docs: RouteDoc[] = [];
  constructor(private readonly router: Router) {}

  add<P extends Shape = Shape, Q extends Shape = Shape, B extends z.ZodType | undefined = undefined>(
    spec: RouteSpec<P, Q, B>,
  ): void {
    const params = z.object(spec.params ?? ({} as P));
    // Unknown query parameters are refused by name, so a misspelt filter never silently matches all.
    const query = z.strictObject(spec.query ?? ({} as Q));
    this.docs.push({
      method: spec.method,
      path: spec.path,
      summary: spec.summary,
      tag: spec.tag,
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(spec.body ? { body: spec.body } : {}),
      status: spec.status ?? 200,
    });
    const handle = async (ctx: Context) => {
      const input = {
        params: parse(params, ctx.params ?? {}, "params"),
        query: parse(query, singleValues(ctx.query), "query"),
        body: (spec.body ? parse(spec.body, await readJsonBody(ctx), "body") : undefined) as B extends z.ZodType
          ? z.output<B>
          : undefined,
      };
      const result = await spec.handler(input, ctx);
      ctx.body = result;
      // A handler may answer with another status (e.g. /healthz: 503) through ctx.state.status.
      ctx.status = (ctx.state as { status?: number }).status ?? spec.status ?? 200;
    };
    if (spec.method === "GET") this.router.get(spec.path, handle);
    else this.router.post(spec.path, handle);
  }
}

/** A repeated query parameter is refused by the schemas (they expect strings), not silently merged. */
function singleValues(query: Record<string, string | string[] | undefined>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).map(([key, value]) => [key, value]));
}

/** OpenAPI 3.1 from the route table (JSON Schema 2020-12 through zod). */
export function openApiDocument(docs: readonly RouteDoc[], info: { title: string; version: string }): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  const errorRef = { $ref: "#/components/schemas/Error" };
  for (const doc of docs) {
    const path = doc.path.replace(/:(\w+)/g, "{$1}");
    const parameters = [
      ...Object.entries(doc.params ?? {}).map(([name, schema]) => ({
        name,
        in: "path",
        required: true,
        schema: jsonSchema(schema),
      })),
      ...Object.entries(doc.query ?? {}).map(([name, schema]) => ({
        name,
        in: "query",
        required: !schema.safeParse(undefined).success,
        schema: jsonSchema(schema),
      })),
    ];
    (paths[path] ??= {})[doc.method.toLowerCase()] = {
      summary: doc.summary,
      tags: [doc.tag],
      parameters,
      ...(doc.body
        ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(doc.body) } } } }
        : {}),
      responses: {
        [String(doc.status)]: { description: "success", content: { "application/json": {} } },
        "400": {
          description: "a field is invalid; details names it",
          content: { "application/json": { schema: errorRef } },
        },
        "404": { description: "not found", content: { "application/json": { schema: errorRef } } },
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
    components: {
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: { code: { type: "string" }, message: { type: "string" }, details: {} },
            },
          },
        },
      },
    },
  };
}
