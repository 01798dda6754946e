/**
 * Bad input to the API: every endpoint answers 400 naming the field (or 404 for what does not
 * exist), in the one error shape, and never a 5xx — also under a seeded random fuzz of every
 * route in the OpenAPI document.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { createApp, type ApiApp } from "../../backend/api/index.js";
import type { Database } from "../../backend/db/index.js";
import { seededRandom } from "./support/chain.js";
import { useHarness } from "./support/harness.js";

const harness = useHarness();
let db: Database;
let app: ApiApp;
let server: Server;
let base: string;

interface Answer {
  status: number;
  body: { error?: { code: string; message: string; details: { field: string; message: string }[] | null } } & Record<
    string,
    unknown
  >;
}

async function call(path: string, init?: RequestInit): Promise<Answer> {
  const response = await fetch(`${base}${path}`, init);
  const text = await response.text();
  let body: Answer["body"];
  try {
    body = JSON.parse(text) as Answer["body"];
  } catch {
    body = { raw: text };
  }
  return { status: response.status, body };
}

const post = (path: string, body: string, type = "application/json") =>
  call(path, { method: "POST", headers: { "content-type": type }, body });

beforeAll(async () => {
  db = await harness.freshDatabase();
  await harness.indexerFor(db, { batchBlocks: 10_000 }).catchUp();
  app = createApp({
    db,
    provider: harness.system.ethers.provider,
    deployment: harness.deployment,
    checkResponses: true,
  });
  server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  app?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

const ADDRESS = "0x" + "ab".repeat(20);

describe("each endpoint refuses bad input with 400 naming the field", () => {
  const cases: [string, string, string][] = [
    ["limit 0", "/api/rounds?limit=0", "query.limit"],
    ["limit 201", "/api/rounds?limit=201", "query.limit"],
    ["limit text", "/api/tasks?limit=ten", "query.limit"],
    ["limit twice", "/api/tasks?limit=1&limit=2", "query.limit"],
    ["a made-up cursor", "/api/rounds?cursor=page2", "query.cursor"],
    ["an unknown parameter", "/api/rounds?sort=asc", "query.sort"],
    ["round id text", "/api/rounds/abc", "params.roundId"],
    ["round id negative", "/api/rounds/-1/proposals", "params.roundId"],
    ["round id over uint256", `/api/rounds/${"9".repeat(79)}/results`, "params.roundId"],
    ["district 0", "/api/rounds/1/proposals?district=0", "query.district"],
    ["district over uint32", "/api/rounds/1/ballots?district=4294967296", "query.district"],
    ["proposal status", "/api/rounds/1/proposals?status=won", "query.status"],
    ["proposal id decimal", "/api/proposals/1.5", "params.proposalId"],
    ["voter not an address", "/api/rounds/1/ballots?voter=0x1234", "query.voter"],
    ["content hash short", "/api/content/0x1234", "params.contentHash"],
    ["account not an address", "/api/accounts/alice", "params.address"],
    ["account ballots", "/api/accounts/0xzz/ballots", "params.address"],
    ["ledger kind", `/api/accounts/${ADDRESS}/ledger?kind=gift`, "query.kind"],
    ["task status", "/api/tasks?status=done", "query.status"],
    ["task verifier", "/api/tasks?verifier=bob", "query.verifier"],
    ["task claimant", "/api/tasks?claimant=0x12", "query.claimant"],
    ["task district", "/api/tasks?district=x", "query.district"],
    ["task id", "/api/tasks/one", "params.taskId"],
    ["merchants limit", "/api/merchants?limit=-5", "query.limit"],
    ["redemptions merchant", "/api/redemptions?merchant=shop", "query.merchant"],
    ["audit round", "/api/rounds/x/audit", "params.roundId"],
    ["roles of an account not an address", "/api/roles/0x12", "params.address"],
  ];
  test.each(cases)("%s", async (_name, path, field) => {
    const { status, body } = await call(path);
    expect(status, JSON.stringify(body)).toBe(400);
    expect(body.error!.code).toBe("invalid_request");
    expect(body.error!.details![0]!.field).toBe(field);
    expect(body.error!.message).toContain(field);
  });

  const contents: [string, unknown, string][] = [
    ["title missing", { summary: "s", body: "b" }, "body.document.title"],
    ["title too short", { title: "ab", summary: "s", body: "b" }, "body.document.title"],
    ["title too long", { title: "x".repeat(201), summary: "s", body: "b" }, "body.document.title"],
    ["summary not text", { title: "Bankjes", summary: 5, body: "b" }, "body.document.summary"],
    ["body too long", { title: "Bankjes", summary: "s", body: "x".repeat(20_001) }, "body.document.body"],
    [
      "image not a photo hash",
      { title: "Bankjes", summary: "s", body: "b", images: ["javascript:alert(1)"] },
      "body.document.images.0",
    ],
    ["an unknown field", { title: "Bankjes", summary: "s", body: "b", cost: 5 }, "body.document.cost"],
    ["not an object", ["Bankjes"], "body.document"],
  ];
  // The content store (POST /api/content): the document is checked before the signature is.
  const write = (document: unknown) => ({
    kind: "proposal",
    document,
    author: ADDRESS,
    issuedAt: Math.floor(Date.now() / 1000),
    signature: "0x" + "11".repeat(65),
  });
  test.each(contents)("content: %s", async (_name, content, field) => {
    const { status, body } = await post("/api/content", JSON.stringify(write(content)));
    expect(status, JSON.stringify(body)).toBe(400);
    expect(body.error!.details![0]!.field).toBe(field);
    const [stored] = await db.sql<{ count: bigint }[]>`select count(*) from content_items`;
    expect(stored!.count).toBe(0n); // nothing half-written
  });

  test("content: not JSON is a 400, another media type a 415, a huge body a 413", async () => {
    const bad = await post("/api/content", "{title:");
    expect(bad.status).toBe(400);
    expect(bad.body.error!.code).toBe("invalid_json");
    const form = await post("/api/content", "title=x", "application/x-www-form-urlencoded");
    expect(form.status).toBe(415);
    const huge = await post("/api/content", JSON.stringify(write({ title: "x".repeat(300_000) })));
    expect(huge.status).toBe(413);
  });

  test.each([
    ["/api/rounds/999", "round 999"],
    ["/api/rounds/999/results", "round 999"],
    ["/api/rounds/999/proposals", "round 999"],
    ["/api/proposals/999", "proposal 999"],
    ["/api/tasks/999", "task 999"],
    [`/api/content/0x${"0".repeat(64)}`, "content"],
    ["/api/no-such-route", "GET /api/no-such-route"],
  ])("%s is a 404 naming it", async (path, what) => {
    const { status, body } = await call(path);
    expect(status).toBe(404);
    expect(body.error!.code).toBe("not_found");
    expect(body.error!.message).toContain(what);
  });
});

describe("a seeded random fuzz of every route never gets a 5xx", () => {
  test("2,000 random requests", async () => {
    const random = seededRandom(20261128);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const document = (await call("/api/openapi.json")).body as unknown as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters: { name: string; in: string }[];
            responses: Record<string, { content: Record<string, unknown> }>;
          }
        >
      >;
    };
    // An event stream never ends, so it is no target for a request that reads the whole answer.
    const routes = Object.entries(document.paths)
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, spec]) => ({ path, method: method.toUpperCase(), spec })),
      )
      .filter((route) => !Object.values(route.spec.responses).some((r) => "text/event-stream" in r.content));
    expect(routes.length).toBeGreaterThan(15);
    const tokens = [
      "1",
      "2",
      "3",
      "0",
      "-1",
      "999",
      "1.5",
      "1e3",
      "abc",
      "",
      " ",
      "%00",
      "%FF",
      "'%20or%201=1--",
      "%F0%9F%98%80",
      "9".repeat(78),
      "9".repeat(79),
      "0x",
      ADDRESS,
      harness.system.merchant.address,
      `0x${"0".repeat(64)}`,
      `0x${"f".repeat(64)}`,
      "x".repeat(400),
      "null",
      "true",
      "[]",
      "{}",
      "o0",
      "o50",
      "o999999999",
      "o1000000000",
      "open",
      "cancelled",
      "voting",
      "reward",
      "feasible",
      "onBallot",
      "..%2F..%2Fetc%2Fpasswd",
    ];
    const bodies = [
      "{}",
      "[]",
      "null",
      "1",
      '"text"',
      "{",
      "",
      JSON.stringify({ title: pick(tokens), summary: pick(tokens), body: pick(tokens) }),
      JSON.stringify({ title: "Bankjes", summary: "s", body: "b", images: [pick(tokens)] }),
      JSON.stringify({ title: ["a"], summary: {}, body: null }),
    ];
    const failures: string[] = [];
    for (let i = 0; i < 2_000; i++) {
      const route = pick(routes);
      let path = route.path.replace(/\{(\w+)\}/g, () => pick(tokens));
      const query = new URLSearchParams();
      for (const parameter of route.spec.parameters.filter((p) => p.in === "query")) {
        if (random() < 0.4) query.append(parameter.name, pick(tokens));
      }
      if (random() < 0.1) query.append(pick(["sort", "page", "limit", "district"]), pick(tokens));
      if ([...query].length > 0) path += `?${query.toString()}`;
      const init: RequestInit =
        route.method === "POST"
          ? {
              method: "POST",
              headers: { "content-type": random() < 0.9 ? "application/json" : "text/plain" },
              body: pick(bodies),
            }
          : { method: "GET" };
      const { status, body } = await call(path, init);
      if (status >= 500) failures.push(`${route.method} ${path} -> ${status} ${JSON.stringify(body).slice(0, 200)}`);
      else if (status >= 400 && (typeof body.error?.code !== "string" || typeof body.error.message !== "string")) {
        failures.push(`${route.method} ${path} -> ${status} without the error shape`);
      }
    }
    expect(failures).toEqual([]);
  });
});
