/**
 * Vote-code batch records published through the API (backend/api/routes/codebatches.ts): stored
 * by root, served for the batch the chain published with that root, refused when the tree does
 * not match what the body states; the list shows withdrawals and redemptions.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { createApp, type ApiApp } from "../../backend/api/index.js";
import type { Database } from "../../backend/db/index.js";
import { buildCodeTree, codeWallet, generateCode, normalizeCode } from "../../lib/votecodes/index.js";
import { now, YEAR } from "../helpers/system.js";
import { useHarness } from "./support/harness.js";

const harness = useHarness();
let db: Database;
let app: ApiApp;
let server: Server;
let base: string;

beforeAll(async () => {
  db = await harness.freshDatabase();
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
  await new Promise((resolve) => server?.close(resolve));
});

async function call(path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of several shapes, checked field by field
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

function batchOf(count: number, district = 2) {
  const codes = Array.from({ length: count }, () => normalizeCode(generateCode()));
  const tree = buildCodeTree(codes.map((code) => codeWallet(code).address));
  return { codes, tree, record: { district, root: tree.root, codeCount: count, tree: tree.dump() } };
}

describe("POST and GET /api/codebatches", () => {
  test("a record posted before its batch is published is served once the chain has the batch", async () => {
    const { registry } = harness.system;
    const { record } = batchOf(7);
    const stored = await call("/api/codebatches", record);
    expect(stored).toEqual({ status: 201, body: { root: record.root, codeCount: 7 } });
    // Posting the same record again changes nothing.
    expect((await call("/api/codebatches", record)).status).toBe(201);

    const until = (await now(harness.system)) + YEAR;
    await (await registry.publishCodeBatch(2, record.root, 7, until, until + YEAR)).wait();
    const batchId = String(await registry.codeBatchCount());
    expect((await call(`/api/codebatches/${batchId}`)).status).toBe(404); // not indexed yet
    await harness.indexerFor(db, { batchBlocks: 10_000 }).catchUp();

    const served = await call(`/api/codebatches/${batchId}`);
    expect(served.status).toBe(200);
    expect(served.body).toMatchObject({
      district: 2,
      root: record.root,
      codeCount: 7,
      redeemableUntil: until,
      withdrawn: false,
    });
    expect(served.body.tree).toEqual(record.tree);

    await (await registry.withdrawCodeBatch(BigInt(batchId))).wait();
    await harness.indexerFor(db, { batchBlocks: 10_000 }).catchUp();
    const list = await call("/api/codebatches");
    expect(list.status).toBe(200);
    expect(list.body.items.find((b: { batchId: string }) => b.batchId === batchId)).toMatchObject({
      district: 2,
      codeCount: 7,
      withdrawn: true,
      redeemed: 0,
      recordPublished: true,
    });
  });

  test("a record whose batch the chain never published serves nothing", async () => {
    const { record } = batchOf(3);
    expect((await call("/api/codebatches", record)).status).toBe(201);
    const count = Number(await harness.system.registry.codeBatchCount());
    expect((await call(`/api/codebatches/${count + 1}`)).status).toBe(404);
  });

  test("a record that is not its own tree is refused naming the field and value", async () => {
    const { record } = batchOf(4);
    const other = batchOf(4);
    const wrongRoot = await call("/api/codebatches", { ...record, root: other.record.root });
    expect(wrongRoot.status).toBe(400);
    expect(wrongRoot.body.error.details).toEqual([
      { field: "body.root", message: expect.stringContaining("is not the tree's root"), value: other.record.root },
    ]);
    const wrongCount = await call("/api/codebatches", { ...record, codeCount: 5 });
    expect(wrongCount.body.error.details[0]).toMatchObject({ field: "body.codeCount", value: "5" });
    const tampered = structuredClone(record);
    tampered.tree.tree[0] = "0x" + "00".repeat(32);
    const broken = await call("/api/codebatches", tampered);
    expect(broken.status).toBe(400);
    expect(broken.body.error.details[0].field).toMatch(/^body\.(tree|root)$/);
    const notAnAddress = await call("/api/codebatches", {
      ...record,
      tree: { ...record.tree, values: [{ value: ["bakker"], treeIndex: 0 }] },
    });
    expect(notAnAddress.status).toBe(400);
    expect(notAnAddress.body.error.details[0].field).toBe("body.tree.values.0.value.0");
  });

  test("a record kept in the folder (the demo's letters) counts as published in the list, for the batch whose root it has", async () => {
    const { registry } = harness.system;
    const dir = mkdtempSync(path.join(tmpdir(), "buurtkas-codebatches-"));
    const folderApp = createApp({
      db,
      provider: harness.system.ethers.provider,
      deployment: harness.deployment,
      codeBatchDir: dir,
      checkResponses: true,
    });
    const folderServer = createServer(folderApp.callback());
    await new Promise<void>((resolve) => folderServer.listen(0, "127.0.0.1", resolve));
    try {
      const until = (await now(harness.system)) + YEAR;
      const kept = batchOf(4, 1);
      const stale = batchOf(2, 1);
      await (await registry.publishCodeBatch(1, kept.record.root, 4, until, until + YEAR)).wait();
      const keptId = String(await registry.codeBatchCount());
      await (await registry.publishCodeBatch(1, batchOf(2, 1).record.root, 2, until, until + YEAR)).wait();
      const otherId = String(await registry.codeBatchCount());
      writeFileSync(path.join(dir, `batch-${keptId}.json`), JSON.stringify(kept.record));
      // A file left from another chain: its root is not the one this chain published under that id.
      writeFileSync(path.join(dir, `batch-${otherId}.json`), JSON.stringify(stale.record));
      await harness.indexerFor(db, { batchBlocks: 10_000 }).catchUp();

      const port = (folderServer.address() as AddressInfo).port;
      const list = (await (await fetch(`http://127.0.0.1:${port}/api/codebatches`)).json()) as {
        items: { batchId: string; recordPublished: boolean }[];
      };
      const published = (id: string) => list.items.find((b) => b.batchId === id)?.recordPublished;
      expect([published(keptId), published(otherId)]).toEqual([true, false]);
      // Without the folder nothing was posted for either.
      const plain = await call("/api/codebatches");
      const plainPublished = (id: string) =>
        (plain.body.items as { batchId: string; recordPublished: boolean }[]).find((b) => b.batchId === id)
          ?.recordPublished;
      expect([plainPublished(keptId), plainPublished(otherId)]).toEqual([false, false]);
    } finally {
      folderApp.close();
      await new Promise((resolve) => folderServer.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
