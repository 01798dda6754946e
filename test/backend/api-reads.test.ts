/**
 * The API over real HTTP on an index of a real chain (every kind of event from the shared
 * workload): each answer is checked against the contracts' own view functions, not against the
 * database the API reads. Also content anchoring, live updates, health, metrics, OpenAPI, the
 * JSON-RPC gateway, headers and the served front end.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { keccak256, toUtf8Bytes } from "ethers";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { createApp, type ApiApp } from "../../backend/api/index.js";
import type { Database } from "../../backend/db/index.js";
import { batchRecord, createCodeBatch } from "../../scripts/votecodes/batch.js";
import { signedDocument } from "../helpers/content.js";
import { approvalRules, createRound, goToPhase, Phase } from "../helpers/rounds.js";
import { useHarness } from "./support/harness.js";
import { RENAMED_SHOP } from "./support/workload.js";

const harness = useHarness();
let db: Database;
let app: ApiApp;
let server: Server;
let base: string;
const staticDir = mkdtempSync(path.join(tmpdir(), "buurtkas-api-static-"));
const codeBatchDir = mkdtempSync(path.join(tmpdir(), "buurtkas-api-codes-"));
const batch = batchRecord(createCodeBatch(1, 3, "test letters", 30));

async function catchUp(): Promise<void> {
  await harness.indexerFor(db, { batchBlocks: 10_000 }).catchUp();
}

async function get<T = Record<string, unknown>>(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(`${base}${url}`, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (metrics, HTML)
  }
  return { status: response.status, body: body as T, headers: response.headers };
}

async function items<T = Record<string, unknown>>(url: string): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = url.includes("?") ? "&" : "?";
    const page: { status: number; body: { items: T[]; nextCursor: string | null } } = await get(
      `${url}${separator}limit=2${cursor ? `&cursor=${cursor}` : ""}`,
    );
    const { status, body } = page;
    expect(status, JSON.stringify(body)).toBe(200);
    all.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return all;
}

const PHASES = ["scheduled", "proposals", "support", "review", "voting", "closed", "finalized", "cancelled"];

beforeAll(async () => {
  writeFileSync(path.join(staticDir, "index.html"), "<!doctype html><title>Buurtkas</title><main>app</main>");
  writeFileSync(path.join(codeBatchDir, "batch-1.json"), JSON.stringify(batch));
  db = await harness.freshDatabase();
  await catchUp();
  app = createApp({
    db,
    provider: harness.system.ethers.provider,
    deployment: harness.deployment,
    staticDir,
    rpcUrl: "http://127.0.0.1:1", // the gateway's upstream; only refusals are tested against it
    liveIntervalMs: 50,
    codeBatchDir,
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
  rmSync(staticDir, { recursive: true, force: true });
  rmSync(codeBatchDir, { recursive: true, force: true });
});

describe("rounds, proposals, ballots and results equal the contract's views", () => {
  test("every round with the rules and phase the contract reports", async () => {
    const { budgetRound } = harness.system;
    const rounds = await items<{
      roundId: string;
      phase: string;
      rules: {
        districts: { district: number; budget: string }[];
        ballotType: string;
        supportThreshold: number;
        rulesHash: string;
      };
    }>("/api/rounds");
    expect(rounds.map((r) => r.roundId)).toEqual(
      Array.from({ length: Number(await budgetRound.roundCount()) }, (_, i) => String(Number(i) + 1)).reverse(),
    );
    for (const round of rounds) {
      const rules = await budgetRound.getRules(round.roundId);
      expect(round.phase).toBe(PHASES[Number(await budgetRound.phase(round.roundId))]);
      expect(round.rules.districts).toEqual(
        rules.districts.map((d, i) => ({ district: Number(d), budget: rules.budgets[i]!.toString() })),
      );
      expect(round.rules.ballotType).toBe(["approval", "cumulative"][Number(rules.ballotType)]);
      expect(round.rules.supportThreshold).toBe(Number(rules.supportThreshold));
      expect(round.rules.rulesHash).toBe(rules.rulesHash);
      const one = await get(`/api/rounds/${round.roundId}`);
      expect(one.body).toEqual(round);
    }
    expect(new Set(rounds.map((r) => r.phase))).toEqual(new Set(["finalized", "cancelled", "voting"]));
  });

  test("every proposal with the contract's support, review, status and votes", async () => {
    const { budgetRound } = harness.system;
    let checked = 0;
    const stages = new Set<string>();
    for (let roundId = 1n; roundId <= (await budgetRound.roundCount()); roundId++) {
      const proposals = await items<Record<string, unknown>>(`/api/rounds/${roundId}/proposals`);
      for (const p of proposals) {
        const chain = await budgetRound.getProposal(p.proposalId as string);
        expect(p.roundId).toBe(chain.roundId.toString());
        expect(p.district).toBe(Number(chain.district));
        expect(p.proposer).toBe(chain.proposer.toLowerCase());
        expect(p.requestedCost).toBe(chain.requestedCost.toString());
        expect(p.supportCount).toBe(Number(chain.supportCount));
        expect(p.status).toBe(["none", "submitted", "feasible", "infeasible"][Number(chain.status)]);
        if (Number(chain.status) !== 1) expect(p.finalCost).toBe(chain.finalCost.toString());
        expect(p.contentHash).toBe(chain.contentHash);
        if (p.position !== null) {
          const tallies = await budgetRound.getTallies(roundId, chain.district);
          expect(p.votes).toBe(tallies[p.position as number]!.toString());
        }
        // The life-cycle stage follows the chain: review, ballot position, the finalized selection, implementation.
        const implementation = ["none", "planned", "in-progress", "done"][Number(chain.implementation)];
        const district = await budgetRound.getDistrict(roundId, chain.district);
        const selected = district.finalized
          ? (await budgetRound.getSelected(roundId, chain.district)).map(String)
          : null;
        const expectedStage =
          implementation === "done"
            ? "done"
            : implementation === "in-progress"
              ? "inProgress"
              : selected?.includes(p.proposalId as string) || implementation === "planned"
                ? "chosen"
                : selected && p.position !== null
                  ? "notChosen"
                  : p.position !== null
                    ? "onBallot"
                    : (["submitted", "submitted", "feasible", "infeasible"][Number(chain.status)] as string);
        expect(p.stage, `proposal ${p.proposalId as string}`).toBe(expectedStage);
        stages.add(p.stage as string);
        expect(await get(`/api/proposals/${p.proposalId as string}`).then((r) => r.body)).toEqual(p);
        checked++;
      }
      const onBallot = await items<{ position: number | null }>(`/api/rounds/${roundId}/proposals?status=onBallot`);
      expect(onBallot.every((p) => p.position !== null)).toBe(true);
      const district1 = await items<{ district: number }>(`/api/rounds/${roundId}/proposals?district=1`);
      expect(district1.every((p) => p.district === 1)).toBe(true);
    }
    expect(checked).toBe(Number(await budgetRound.proposalCount()));
    // The fixture reaches these steps, so the stage mapping is exercised, not only its default.
    expect([...stages]).toEqual(expect.arrayContaining(["onBallot", "chosen", "notChosen"]));
  });

  test("results: the contract's selection, and the library's greedy equals it on the finalized round", async () => {
    const { budgetRound } = harness.system;
    const { body } = await get<{
      finalized: boolean;
      districts: {
        district: number;
        voters: number;
        contract: { selected: string[]; selectedCost: string } | null;
        greedy: { selected: string[]; explanation: { reason: string; text: { nl: string } }[] };
        mes: unknown;
        tallies: { proposalId: string; votes: string }[];
      }[];
    }>("/api/rounds/1/results");
    expect(body.finalized).toBe(true);
    for (const d of body.districts) {
      const selected = (await budgetRound.getSelected(1, d.district)).map(String);
      expect(d.contract!.selected.sort()).toEqual([...selected].sort());
      expect(d.greedy.selected.sort()).toEqual([...selected].sort());
      expect(d.contract!.selectedCost).toBe((await budgetRound.getDistrict(1, d.district)).selectedCost.toString());
      expect(d.tallies.map((t) => t.votes)).toEqual((await budgetRound.getTallies(1, d.district)).map(String));
      expect(d.mes).not.toBeNull();
      expect(d.greedy.explanation.every((e) => e.text.nl.length > 0)).toBe(true);
    }
    const open = await get<{ finalized: boolean; districts: { contract: unknown; mes: unknown }[] }>(
      "/api/rounds/3/results",
    );
    expect(open.body.finalized).toBe(false);
    expect(open.body.districts.every((d) => d.contract === null && d.mes === null)).toBe(true); // cumulative, open
  });

  test("the audit endpoint finds the database, the contract and the recount equal", async () => {
    for (const roundId of [1, 3]) {
      const { status, body } = await get<{ match: boolean; districts: { mismatches: unknown[] }[] }>(
        `/api/rounds/${roundId}/audit`,
      );
      expect(status).toBe(200);
      expect(body.match, JSON.stringify(body)).toBe(true);
    }
  });

  test("the audit endpoint names the proposal when a tally row is changed behind the indexer", async () => {
    const [row] = await db.sql<{ proposal_id: bigint; district: bigint; position: number }[]>`
      select proposal_id, district, position from budget_tallies where round_id = 1 order by district, position limit 1
    `;
    await db.sql`update budget_tallies set votes = votes + 7 where round_id = 1 and district = ${row!.district} and position = ${row!.position}`;
    try {
      const { body } = await get<{
        match: boolean;
        districts: { mismatches: { proposalId: string; field: string }[] }[];
      }>("/api/rounds/1/audit");
      expect(body.match).toBe(false);
      expect(body.districts.flatMap((d) => d.mismatches)).toContainEqual(
        expect.objectContaining({ proposalId: row!.proposal_id.toString(), field: "votes" }),
      );
      const results = await get<{ districts: { tallies: { proposalId: string; votes: string }[] }[] }>(
        "/api/rounds/1/results",
      );
      const shown = results.body.districts
        .flatMap((d) => d.tallies)
        .find((t) => t.proposalId === row!.proposal_id.toString());
      const chain = await harness.system.budgetRound.getTallies(1, row!.district);
      expect(shown!.votes).toBe((chain[row!.position]! + 7n).toString()); // the results are not cached over the change
    } finally {
      await db.sql`update budget_tallies set votes = votes - 7 where round_id = 1 and district = ${row!.district} and position = ${row!.position}`;
    }
  });

  test("an account's ballots carry receipts; only the current one is counted and equals the contract's", async () => {
    const { budgetRound } = harness.system;
    const voter = harness.workload.district1[1]!.address.toLowerCase();
    const ballots = await items<{
      roundId: string;
      counted: boolean;
      replaced: boolean;
      txHash: string;
      blockNumber: string;
      kind: string;
      proposalIds: string[];
      points: number[] | null;
    }>(`/api/accounts/${voter}/ballots`);
    expect(ballots.length).toBeGreaterThan(1);
    for (const roundId of new Set(ballots.map((b) => b.roundId))) {
      const own = ballots.filter((b) => b.roundId === roundId);
      expect(own.filter((b) => b.counted)).toHaveLength(1);
      for (const ballot of own) {
        const receipt = await harness.system.ethers.provider.getTransactionReceipt(ballot.txHash);
        expect(receipt!.blockNumber.toString()).toBe(ballot.blockNumber);
      }
    }
    const cumulative = ballots.find((b) => b.roundId === "3" && b.counted)!;
    const stored = await budgetRound.cumulativeBallotOf(3, voter);
    expect(cumulative.kind).toBe("cumulative");
    expect(stored).toBeDefined();
    expect(cumulative.points!.reduce((a, b) => a + b, 0)).toBe(10); // the re-vote [1, 4, 5]
    const roundBallots = await items<{ paper: boolean; voter: string | null }>("/api/rounds/1/ballots");
    expect(roundBallots.some((b) => b.paper && b.voter === null)).toBe(true);
  });
});

describe("tasks, accounts, ledger and merchants equal the contract's views", () => {
  test("every task with the contract's slots, and every claim with its status", async () => {
    const { taskBoard } = harness.system;
    const tasks = await items<{
      taskId: string;
      slots: number;
      open: number;
      completed: number;
      active: number;
      status: string;
      claims?: unknown;
    }>("/api/tasks");
    expect(tasks).toHaveLength(Number(await taskBoard.taskCount()));
    const CLAIM = ["none", "claimed", "submitted", "approved", "rejected", "released"];
    for (const task of tasks) {
      const chain = await taskBoard.getTask(task.taskId);
      expect(task.slots).toBe(Number(chain.slots));
      expect(task.completed).toBe(Number(chain.completed));
      expect(task.active).toBe(Number(chain.activeClaims));
      const one = await get<{ claims: { claimant: string; status: string; reason: string | null }[] }>(
        `/api/tasks/${task.taskId}`,
      );
      for (const claim of one.body.claims) {
        const onChain = await taskBoard.getClaim(task.taskId, claim.claimant);
        expect(claim.status).toBe(CLAIM[Number(onChain.status)]);
        if (claim.status === "rejected") expect(claim.reason).toMatch(/\w/);
      }
    }
    expect(new Set(tasks.map((t) => t.status)).has("cancelled")).toBe(true);
    const cancelled = await items<{ status: string }>("/api/tasks?status=cancelled");
    expect(cancelled.length).toBeGreaterThan(0);
    expect(cancelled.every((t) => t.status === "cancelled")).toBe(true);
    const claimant = harness.workload.district1[0]!.address.toLowerCase();
    const mine = await items<{ taskId: string }>(`/api/tasks?claimant=${claimant}`);
    for (const task of mine)
      expect(Number((await taskBoard.getClaim(task.taskId, claimant)).status)).toBeGreaterThan(0);
  });

  test("accounts: balance, residency, earned this year against the cap, merchant status", async () => {
    const { coin, registry, taskBoard, merchant } = harness.system;
    const year = await taskBoard.currentYear();
    for (const account of [...harness.workload.accounts, merchant.address]) {
      const { status, body } = await get<{
        balance: string;
        earnedThisYear: string;
        yearlyCap: string;
        isMerchant: boolean;
        residentDistricts: { district: number }[];
      }>(`/api/accounts/${account}`);
      expect(status).toBe(200);
      expect(body.balance).toBe((await coin.balanceOf(account)).toString());
      expect(body.earnedThisYear).toBe((await taskBoard.earnedIn(account, year)).toString());
      expect(body.yearlyCap).toBe((await taskBoard.yearlyCap()).toString());
      expect(body.isMerchant).toBe(await coin.isMerchant(account));
      for (const d of [1, 2]) {
        expect(body.residentDistricts.some((r) => r.district === d)).toBe(await registry.isResident(account, d));
      }
    }
  });

  test("a ledger adds up to the balance, newest first, with its kinds", async () => {
    const { coin, official } = harness.system;
    for (const account of [...harness.workload.accounts, official.address]) {
      const entries = await items<{ amount: string; balanceAfter: string; kind: string; blockNumber: string }>(
        `/api/accounts/${account}/ledger`,
      );
      const balance = await coin.balanceOf(account);
      expect(entries.reduce((sum, e) => sum + BigInt(e.amount), 0n)).toBe(balance);
      if (entries.length > 0) expect(entries[0]!.balanceAfter).toBe(balance.toString());
    }
    const officialKinds = new Set(
      (await items<{ kind: string }>(`/api/accounts/${official.address}/ledger`)).map((e) => e.kind),
    );
    expect(officialKinds.has("mint") && officialKinds.has("escrow")).toBe(true);
    const earner = harness.workload.district1[0]!.address;
    const kinds = (await items<{ kind: string }>(`/api/accounts/${earner}/ledger?kind=reward`)).map((e) => e.kind);
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(["reward"]));
  });

  test("merchants and their redemptions", async () => {
    const { coin, merchant } = harness.system;
    const merchants = await items<{ address: string; redeemedTotal: string; nameHash: string }>("/api/merchants");
    for (const m of merchants) expect(await coin.isMerchant(m.address)).toBe(true);
    const shop = merchants.find((m) => m.address === merchant.address.toLowerCase())!;
    // The shop was renamed after it registered: its current listing is the rename's.
    expect(shop.nameHash).toBe(keccak256(toUtf8Bytes(RENAMED_SHOP)));
    const redemptions = await items<{ amount: string; paymentReference: string }>(
      `/api/redemptions?merchant=${merchant.address}`,
    );
    expect(redemptions.reduce((s, r) => s + BigInt(r.amount), 0n).toString()).toBe(shop.redeemedTotal);
    expect(BigInt(shop.redeemedTotal)).toBe(await coin.totalRedeemed());
  });
});

describe("system routes", () => {
  test("healthz reports the index at the chain's head", async () => {
    const { status, body } = await get<{
      ok: boolean;
      indexedBlock: number;
      headBlock: number;
      behind: number;
      chainId: number;
    }>("/healthz");
    expect(status).toBe(200);
    expect(body.ok).toBe(true);
    expect(body.headBlock).toBe(await harness.system.ethers.provider.getBlockNumber());
    expect(body.behind).toBe(body.headBlock - body.indexedBlock);
    expect(body.chainId).toBe(harness.deployment.chainId);
  });

  test("the OpenAPI document describes every route with its parameters", async () => {
    const { body } = await get<{
      openapi: string;
      paths: Record<string, Record<string, { parameters: { name: string; in: string }[] }>>;
    }>("/api/openapi.json");
    expect(body.openapi).toBe("3.1.0");
    for (const path of [
      "/api/rounds",
      "/api/rounds/{roundId}/results",
      "/api/tasks",
      "/api/accounts/{address}/ledger",
      "/api/content",
    ]) {
      expect(body.paths[path], path).toBeDefined();
    }
    expect(body.paths["/api/tasks"]!.get!.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(["district", "status", "verifier", "claimant", "limit", "cursor"]),
    );
  });

  test("every route is in the OpenAPI document, each JSON answer with its response schema", async () => {
    const { body } = await get<{
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content: Record<string, { schema?: { type?: string } }> }> }>
      >;
    }>("/api/openapi.json");
    for (const path of ["/healthz", "/metrics", "/api/events", "/rpc", "/api/openapi.json", "/api/deployment"]) {
      expect(body.paths[path], path).toBeDefined();
    }
    expect(Object.keys(body.paths["/api/events"]!.get!.responses["200"]!.content)).toEqual(["text/event-stream"]);
    for (const [path, methods] of Object.entries(body.paths)) {
      for (const [method, spec] of Object.entries(methods)) {
        const success = Object.entries(spec.responses).find(([status]) => status.startsWith("2"))!;
        const json = success[1].content["application/json"];
        if (json && path !== "/api/openapi.json") expect(json.schema, `${method} ${path}`).toBeDefined();
      }
    }
    const merchant = (
      body.paths["/api/merchants"]!.get!.responses["200"]!.content["application/json"]!.schema as {
        properties: { items: { items: { properties: Record<string, unknown>; required: string[] } } };
      }
    ).properties.items.items;
    expect(merchant.required).toContain("nameHash");
    expect(merchant.properties).not.toHaveProperty("name");
  });

  test("a vote-code batch record is served as written: the tree over code addresses, no codes", async () => {
    const { status, body } = await get<Record<string, unknown>>("/api/codebatches/1");
    expect(status).toBe(200);
    expect(body).toEqual(JSON.parse(JSON.stringify(batch)));
    expect((await get("/api/codebatches/2")).status).toBe(404);
  });

  test("metrics are Prometheus text with counts per route", async () => {
    await get("/api/rounds");
    const { body, headers } = await get<string>("/metrics");
    expect(headers.get("content-type")).toContain("text/plain");
    for (const line of body.trim().split("\n")) {
      expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? -?[\d.e+-]+)$/);
    }
    expect(body).toMatch(/buurtkas_http_requests_total\{method="GET",route="\/api\/rounds",status="200"\} \d+/);
    expect(body).toMatch(/buurtkas_indexed_block \d+/);
  });

  test("security headers, CORS and its preflight", async () => {
    const { headers } = await get("/api/rounds", { headers: { Origin: "https://gemeente.example" } });
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("x-frame-options")).toBe("DENY");
    expect(headers.get("access-control-allow-origin")).toBe("*");
    const preflight = await fetch(`${base}/api/content`, {
      method: "OPTIONS",
      headers: {
        Origin: "https://gemeente.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
  });

  test("the JSON-RPC gateway refuses anything but reads", async () => {
    const { status, body } = await get<{ error: { code: string; details: { field: string }[] } }>("/rpc", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_sendRawTransaction", params: ["0x00"] }),
    });
    expect(status).toBe(403);
    expect(body.error.code).toBe("method_not_allowed");
    expect(body.error.details[0]!.field).toBe("body.method");
  });

  test("the front end is served, with the app for its routes; unknown API paths stay JSON 404s", async () => {
    const page = await get<string>("/stemmen/1");
    expect(page.status).toBe(200);
    expect(page.body).toContain("<main>app</main>");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    const missing = await get<{ error: { code: string } }>("/api/nothing-here");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
    expect((await get("/missing.js")).status).toBe(404);
  });

  test("static files carry an ETag (304 when unchanged), answer byte ranges and HEAD", async () => {
    writeFileSync(path.join(staticDir, "app.js"), "console.log('buurtkas');\n");
    const first = await fetch(`${base}/app.js`);
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toContain("javascript");
    const etag = first.headers.get("etag");
    expect(etag).toBeTruthy();
    expect(await first.text()).toBe("console.log('buurtkas');\n");
    // node:http, not fetch: fetch marks a request with its own If-None-Match as no-cache (as it must).
    const again = await new Promise<number>((resolve, reject) =>
      request(`${base}/app.js`, { headers: { "if-none-match": etag! } }, (answer) => {
        answer.resume();
        resolve(answer.statusCode!);
      })
        .on("error", reject)
        .end(),
    );
    expect(again).toBe(304);
    const range = await fetch(`${base}/app.js`, { headers: { range: "bytes=0-6" } });
    expect(range.status).toBe(206);
    expect(range.headers.get("content-range")).toBe("bytes 0-6/25");
    expect(await range.text()).toBe("console");
    const head = await fetch(`${base}/app.js`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("25");
    expect(await head.text()).toBe("");
    expect(head.headers.get("x-content-type-options")).toBe("nosniff");
    const outside = await get<string>("/..%2F..%2Fetc%2Fpasswd"); // no file outside the folder: the app instead
    expect(outside.body).not.toContain("root:");
    expect(outside.body).toContain("<main>app</main>");
  });
});

describe("proposal content anchored by its on-chain hash; live updates", () => {
  test("content is served with a proposal only when its hash is the one on chain", async () => {
    const system = harness.system;
    const content = {
      title: "Bankjes op het Plein",
      summary: "Vier bankjes in de schaduw.",
      body: "Langs de lindebomen.",
      images: [] as string[],
    };
    const resident = harness.workload.district1[0]!;
    const signed = await signedDocument(resident, harness.deployment, "proposal", content);
    const stored = await get<{ hash: string }>("/api/content", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(signed.body),
    });
    expect(stored.status).toBe(201);
    const posted = { body: { contentHash: stored.body.hash } };
    const canonical = JSON.stringify({
      body: content.body,
      images: content.images,
      summary: content.summary,
      title: content.title,
    });
    expect(posted.body.contentHash).toBe(keccak256(toUtf8Bytes(canonical)));
    expect((await get<{ document: unknown }>(`/api/content/${posted.body.contentHash}`)).body.document).toMatchObject(
      content,
    );

    const rules = await approvalRules(system);
    const roundId = await createRound(system, rules);
    await goToPhase(system, rules, Phase.Proposals);
    await system.budgetRound.connect(resident).submitProposal(roundId, 1, 100, posted.body.contentHash);
    await system.budgetRound
      .connect(resident)
      .submitProposal(roundId, 1, 200, keccak256(toUtf8Bytes("something else")));
    await catchUp();
    const proposals = await items<{ contentHash: string; content: unknown }>(`/api/rounds/${roundId}/proposals`);
    expect(proposals).toHaveLength(2);
    expect(proposals[0]!.content).toEqual(content);
    expect(proposals[1]!.content).toBeNull();
  });

  test("a new block and transfer reach an open event stream", async () => {
    const controller = new AbortController();
    const response = await fetch(`${base}/api/events`, { signal: controller.signal });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body!.getReader();
    let text = "";
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
        if (done) return;
        text += new TextDecoder().decode(value);
      }
    })();
    // The stream starts with where the index stands: from then on every commit reaches it (a fixed
    // wait instead was too short on a loaded machine, and the transfer went unannounced).
    const [head] = await db.sql<{ block_number: bigint }[]>`select block_number from indexer_cursor`;
    await expect.poll(() => text).toContain(`event: block\ndata: {"number":${head!.block_number}`);
    const payer = harness.workload.district1[0]!;
    await harness.system.coin.connect(payer).transfer(harness.workload.district2[0]!.address, 3n);
    await catchUp();
    await expect.poll(() => text).toMatch(/event: transfer\ndata: \{[^\n]*"value":"3"/);
    const [newHead] = await db.sql<{ block_number: bigint }[]>`select block_number from indexer_cursor`;
    expect(newHead!.block_number).toBeGreaterThan(head!.block_number);
    await expect.poll(() => text).toContain(`event: block\ndata: {"number":${newHead!.block_number},`);
    controller.abort();
    await reader.cancel().catch(() => {});
    await reading;
  });
});
