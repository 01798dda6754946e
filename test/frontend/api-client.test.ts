/**
 * The front end's API client parses every answer with the route's schema: a well-formed answer
 * arrives typed, an answer of another shape or an error answer becomes an ApiError naming it.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, expect, test } from "vitest";

import { ApiClient, ApiError } from "../../frontend/src/lib/api/client.js";

const merchant = {
  address: "0x" + "ab".repeat(20),
  nameHash: "0x" + "cd".repeat(32),
  listing: null,
  redeemedTotal: "450",
  registeredBlock: "12",
};

const answers: Record<string, { status: number; body: string }> = {
  "/api/merchants": { status: 200, body: JSON.stringify({ items: [merchant], nextCursor: null }) },
  "/api/tasks": { status: 200, body: JSON.stringify({ items: [{ taskId: 7 }], nextCursor: null }) },
  "/api/proposals/9": {
    status: 404,
    body: JSON.stringify({ error: { code: "not_found", message: "proposal 9 not found", details: null } }),
  },
  "/api/rounds/1": { status: 502, body: "<html>bad gateway</html>" },
};

let server: Server;
let client: ApiClient;

beforeAll(async () => {
  server = createServer((req, res) => {
    const answer = answers[new URL(req.url!, "http://x").pathname] ?? { status: 500, body: "{}" };
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  client = new ApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

test("an answer matching the schema arrives as it is: a merchant has its name's hash, no name", async () => {
  const page = await client.merchants();
  expect(page.items).toEqual([merchant]);
  expect(page.items[0]).not.toHaveProperty("name");
});

test("an answer of another shape is an ApiError naming the field", async () => {
  const error = await client.tasks().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).code).toBe("unexpected_answer");
  expect((error as ApiError).message).toContain("items.0.taskId");
});

test("an error answer keeps its status, code and message; a non-JSON one is named as such", async () => {
  const missing = (await client.proposal("9").catch((e: unknown) => e)) as ApiError;
  expect([missing.status, missing.code, missing.message]).toEqual([404, "not_found", "proposal 9 not found"]);
  const broken = (await client.round("1").catch((e: unknown) => e)) as ApiError;
  expect([broken.status, broken.code]).toEqual([502, "not_json"]);
});
