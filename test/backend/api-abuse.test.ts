/**
 * The API under abuse (issue 17): ids past int8, deeply nested bodies, hundreds of idle event
 * streams, a JSON-RPC gateway asked for expensive work, and a database indexed from another
 * chain. Each ends in a clear refusal in the one error shape, and the other routes keep answering.
 */
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { createApp, type ApiApp, type ApiOptions } from "../../backend/api/index.js";
import type { Database } from "../../backend/db/index.js";
import { signedDocument } from "../helpers/content.js";
import { useHarness } from "./support/harness.js";

const harness = useHarness();
let db: Database;
const servers: { app: ApiApp; server: Server }[] = [];

async function serve(options: Partial<ApiOptions> = {}): Promise<string> {
  const app = createApp({
    db,
    provider: harness.system.ethers.provider,
    deployment: harness.deployment,
    checkResponses: true,
    trustProxy: true, // each test client names itself in X-Forwarded-For
    ...options,
  });
  const server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push({ app, server });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface Answer {
  status: number;
  headers: Headers;
  body: { error?: { code: string; message: string; details: { field: string }[] | null } } & Record<string, unknown>;
}

async function call(url: string, init?: RequestInit): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: Answer["body"];
  try {
    body = JSON.parse(text) as Answer["body"];
  } catch {
    body = { raw: text };
  }
  return { status: response.status, headers: response.headers, body };
}

const postJson = (url: string, body: string, headers: Record<string, string> = {}) =>
  call(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

let base: string;
/** The API with a JSON-RPC upstream (defined with the gateway's tests). */
let rpcBase: () => Promise<string>;

beforeAll(async () => {
  db = await harness.freshDatabase();
  await harness.indexerFor(db, { batchBlocks: 10_000 }).catchUp();
  base = await serve();
});

afterAll(async () => {
  for (const { app, server } of servers) {
    app.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe("ids from 2^63 to 2^256 - 1 are unknown ids, not database errors", () => {
  const ids = [2n ** 63n - 1n, 2n ** 63n, 2n ** 64n + 5n, 2n ** 255n, 2n ** 256n - 1n].map(String);
  const paths = [
    "/api/rounds/ID",
    "/api/rounds/ID/proposals",
    "/api/rounds/ID/ballots",
    "/api/rounds/ID/results",
    "/api/rounds/ID/audit",
    "/api/proposals/ID",
    "/api/tasks/ID",
  ];
  test.each(paths.flatMap((path) => ids.map((id) => [path.replace("ID", id)])))("%s is a 404", async (path) => {
    const { status, body } = await call(`${base}${path}`);
    expect(status, JSON.stringify(body)).toBe(404);
    expect(body.error!.code).toBe("not_found");
  });
});

describe("a body nested 5,000 levels deep is a JSON 400 on every route that takes a body", () => {
  const deepArray = `${"[".repeat(5000)}${"]".repeat(5000)}`;
  const deepObject = `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`;
  const deepField = `{"kind":"proposal","document":{"title":"Bankjes","summary":"s","body":"b","images":${deepArray}}}`;
  test.each([
    ["/api/content", deepArray],
    ["/api/content", deepObject],
    ["/api/content", deepField],
    ["/rpc", deepArray],
    ["/rpc", `{"jsonrpc":"2.0","id":1,"method":"eth_call","params":${deepArray}}`],
  ])("%s %#", async (path, body) => {
    const url = await rpcBase();
    const { status, headers, body: answer } = await postJson(`${path === "/rpc" ? url : base}${path}`, body);
    expect(status, JSON.stringify(answer).slice(0, 300)).toBe(400);
    expect(headers.get("content-type")).toContain("application/json");
    expect(answer.error!.code).toBe("invalid_json");
    expect(answer.error!.details![0]!.field).toBe("body");
  });

  test("a body a few levels deep is still read", async () => {
    const { body } = await signedDocument(harness.workload.district1[0]!, harness.deployment, "proposal", {
      title: "Bankjes",
      summary: "s",
      body: "[[[{}]]] in tekst telt niet",
    });
    const { status } = await postJson(`${base}/api/content`, JSON.stringify(body));
    expect(status).toBe(201);
  });
});

describe("idle live-update streams are capped per client and in total", () => {
  /** Opens a stream (its own socket) and resolves with the answer's head; the body stays open. */
  function openStream(url: string, client: string): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const req = request(`${url}/api/events`, { agent: false, headers: { "x-forwarded-for": client } }, resolve);
      req.on("error", reject);
      req.end();
    });
  }

  const statuses = (answers: IncomingMessage[]) => {
    const count: Record<number, number> = {};
    for (const answer of answers) count[answer.statusCode!] = (count[answer.statusCode!] ?? 0) + 1;
    return count;
  };

  test("400 streams against a cap of 4 per client and 40 in total: refusals with Retry-After, health still answers", async () => {
    const url = await serve({ liveConnections: { perClient: 4, total: 40, retryAfterSeconds: 7 } });
    const opened: IncomingMessage[] = [];
    try {
      // One client tries 300 streams: 4 are served, the rest refused as too many for one client.
      const greedy = await Promise.all(Array.from({ length: 300 }, () => openStream(url, "198.51.100.1")));
      opened.push(...greedy);
      expect(statuses(greedy)).toEqual({ 200: 4, 429: 296 });
      // 100 other clients: 36 more are served, then the server is at its total.
      const many = await Promise.all(Array.from({ length: 100 }, (_, i) => openStream(url, `203.0.113.${i}`)));
      opened.push(...many);
      expect(statuses(many)).toEqual({ 200: 36, 503: 64 });
      const refusals = opened.filter((a) => a.statusCode !== 200);
      expect(refusals.every((a) => a.headers["retry-after"] === "7")).toBe(true);
      expect(refusals.every((a) => String(a.headers["content-type"]).includes("application/json"))).toBe(true);

      const health = await call(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect((await call(`${url}/api/rounds`)).status).toBe(200);
      const metrics = await call(`${url}/metrics`);
      expect(String(metrics.body.raw)).toMatch(/buurtkas_sse_clients 40\b/);
    } finally {
      for (const answer of opened) answer.destroy();
    }
    // Closed streams free their places.
    await expect.poll(async () => openStream(url, "203.0.113.200").then((a) => (a.destroy(), a.statusCode))).toBe(200);
  });
});

describe("the JSON-RPC gateway bounds every call", () => {
  let upstreamCalls: unknown[] = [];
  let upstream: Server;
  let url: string | undefined;

  async function startUpstream(): Promise<string> {
    upstream = createServer((req, res) => {
      let text = "";
      req.on("data", (chunk: Buffer) => (text += chunk.toString()));
      req.on("end", () => {
        const body = JSON.parse(text) as { id: number } | { id: number }[];
        upstreamCalls.push(body);
        const answer = (c: { id: number }) => ({ jsonrpc: "2.0", id: c.id, result: "0x1" });
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(Array.isArray(body) ? body.map(answer) : answer(body)));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  }

  afterAll(async () => {
    if (upstream) await new Promise((resolve) => upstream.close(resolve));
  });

  const rpc = (body: unknown, client = "192.0.2.1") =>
    rpcBase().then((base) => postJson(`${base}/rpc`, JSON.stringify(body), { "x-forwarded-for": client }));
  const ethCall = (tx: Record<string, unknown>, id = 1) => ({
    jsonrpc: "2.0",
    id,
    method: "eth_call",
    params: [tx, "latest"],
  });
  const coin = () => harness.deployment.contracts.LocalCoin!.address;

  rpcBase = async () => {
    if (!url) {
      url = await serve({
        rpcUrl: await startUpstream(),
        rpcGateway: { maxBatch: 10, gasCap: 5_000_000n, rate: { perSecond: 0.01, burst: 12 } },
      });
    }
    return url;
  };

  test("a batch larger than the cap is refused before the chain sees it", async () => {
    upstreamCalls = [];
    const batch = Array.from({ length: 11 }, (_, i) => ({ jsonrpc: "2.0", id: i, method: "eth_blockNumber" }));
    const { status, body } = await rpc(batch, "192.0.2.10");
    expect(status).toBe(400);
    expect(body.error!.details![0]!.field).toBe("body");
    expect(upstreamCalls).toEqual([]);
  });

  test("eth_call to a precompile (blake2f) or without a target is refused, naming the field", async () => {
    upstreamCalls = [];
    const blake2f = ethCall({ to: "0x0000000000000000000000000000000000000009", data: `0x${"ff".repeat(213)}` });
    const refused = await rpc(blake2f, "192.0.2.11");
    expect(refused.status).toBe(403);
    expect(refused.body.error!.code).toBe("target_not_allowed");
    expect(refused.body.error!.details![0]!.field).toBe("body.params.0.to");
    const batch = await rpc([ethCall({ to: coin(), data: "0x18160ddd" }), { ...blake2f, id: 2 }], "192.0.2.11");
    expect(batch.status).toBe(403);
    expect(batch.body.error!.details![0]!.field).toBe("body.1.params.0.to");
    const creation = await rpc(ethCall({ data: "0x6000" }), "192.0.2.11");
    expect(creation.status).toBe(403);
    expect(upstreamCalls).toEqual([]);
  });

  test("eth_call gas is capped: more is refused, none gets the cap", async () => {
    upstreamCalls = [];
    const greedy = await rpc(ethCall({ to: coin(), data: "0x18160ddd", gas: "0x3b9aca00" }), "192.0.2.12");
    expect(greedy.status).toBe(400);
    expect(greedy.body.error!.details![0]!.field).toBe("body.params.0.gas");
    const plain = await rpc(ethCall({ to: coin(), data: "0x18160ddd" }), "192.0.2.12");
    expect(plain.status, JSON.stringify(plain.body)).toBe(200);
    expect(plain.body.result).toBe("0x1");
    expect(upstreamCalls).toEqual([ethCall({ to: coin(), data: "0x18160ddd", gas: `0x${(5_000_000).toString(16)}` })]);
  });

  test("eth_getLogs only for the deployment's contracts", async () => {
    const { status, body } = await rpc(
      { jsonrpc: "2.0", id: 1, method: "eth_getLogs", params: [{ fromBlock: "0x0", toBlock: "latest" }] },
      "192.0.2.13",
    );
    expect(status).toBe(403);
    expect(body.error!.details![0]!.field).toBe("body.params.0.address");
  });

  test("each client has a rate: past it, 429 with Retry-After; another client is still served", async () => {
    const blockNumber = (id: number) => ({ jsonrpc: "2.0", id, method: "eth_blockNumber" });
    const first = await rpc(
      Array.from({ length: 10 }, (_, i) => blockNumber(i)),
      "192.0.2.14",
    );
    expect(first.status).toBe(200);
    expect((await rpc(blockNumber(11), "192.0.2.14")).status).toBe(200);
    expect((await rpc(blockNumber(12), "192.0.2.14")).status).toBe(200);
    const limited = await rpc(blockNumber(13), "192.0.2.14");
    expect(limited.status).toBe(429);
    expect(limited.body.error!.code).toBe("rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await rpc(blockNumber(14), "192.0.2.15")).status).toBe(200);
  });
});

describe("health of a database indexed from another chain", () => {
  test("ok: false (503) when the index's genesis hash or chain id is not the RPC's", async () => {
    const healthy = await call(`${base}/healthz`);
    expect(healthy.status).toBe(200);
    expect(healthy.body).toMatchObject({ ok: true, chain: "reachable", problem: null });
    const [cursor] = await db.sql<{ chain_id: bigint; genesis_hash: string }[]>`
      select chain_id, genesis_hash from indexer_cursor
    `;
    try {
      await db.sql`update indexer_cursor set genesis_hash = ${`0x${"12".repeat(32)}`}`;
      const other = await call(`${base}/healthz`);
      expect(other.status).toBe(503);
      expect(other.body).toMatchObject({ ok: false, chain: "other_chain" });
      expect(String(other.body.problem)).toContain("genesis");
      await db.sql`update indexer_cursor set genesis_hash = ${cursor!.genesis_hash}, chain_id = 100`;
      const otherId = await call(`${base}/healthz`);
      expect(otherId.status).toBe(503);
      expect(String(otherId.body.problem)).toContain("indexed from chain 100");
    } finally {
      await db.sql`update indexer_cursor set genesis_hash = ${cursor!.genesis_hash}, chain_id = ${cursor!.chain_id}`;
    }
    expect((await call(`${base}/healthz`)).body.ok).toBe(true);
  });
});
