/**
 * The route table alone: with response checking on, an answer that does not match its schema or
 * carries an undeclared field is refused (500 response_mismatch) instead of reaching a client.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import Router from "@koa/router";
import Koa from "koa";
import { afterAll, beforeAll, expect, test } from "vitest";
import { z } from "zod";

import { errorHandler } from "../../backend/api/http.js";
import { RouteTable, openApiDocument } from "../../backend/api/route.js";
import { silentLogger } from "../../backend/logger/index.js";

let server: Server;
let base: string;
let table: RouteTable;

beforeAll(async () => {
  const router = new Router();
  table = new RouteTable(router, { checkResponses: true });
  const answer = z.object({ id: z.string(), count: z.number() });
  const routes: [string, unknown][] = [
    ["/right", { id: "1", count: 2 }],
    ["/wrong-type", { id: 1, count: 2 }],
    ["/extra-field", { id: "1", count: 2, name: "made up" }],
  ];
  for (const [path, value] of routes) {
    table.add({
      method: "GET",
      path,
      tag: "test",
      summary: path,
      response: answer,
      handler: async () => value as z.input<typeof answer>,
    });
  }
  const app = new Koa();
  app.use(errorHandler(silentLogger));
  app.use(router.routes());
  server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

test("an answer matching its schema is served", async () => {
  const response = await fetch(`${base}/right`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ id: "1", count: 2 });
});

test.each(["/wrong-type", "/extra-field"])("%s is refused as a response mismatch", async (path) => {
  const response = await fetch(`${base}${path}`);
  expect(response.status).toBe(500);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("response_mismatch");
  expect(body.error.message).toContain(`GET ${path}`);
});

test("the OpenAPI document carries the response schema", () => {
  const document = openApiDocument(table.docs, { title: "t", version: "1" }) as {
    paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: unknown }> }> } }>;
  };
  expect(document.paths["/right"]!.get.responses["200"]!.content["application/json"]!.schema).toMatchObject({
    type: "object",
    required: ["id", "count"],
  });
});

test("with response checking on, a route without a response schema is refused when declared", () => {
  const strict = new RouteTable(new Router(), { checkResponses: true });
  expect(() =>
    strict.add({ method: "GET", path: "/untyped", tag: "test", summary: "no schema", handler: async () => ({}) }),
  ).toThrow("GET /untyped declares no response schema");
});
