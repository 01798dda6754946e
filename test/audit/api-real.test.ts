/**
 * `npm run audit -- --api URL` against the real API (backend/api createApp) over a real index
 * (backend/indexer into the test database): the honest API matches, and a database row altered
 * behind the API (a tally, a current ballot) is reported naming the proposal.
 */

import { ZeroAddress } from "ethers";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { insertDocument } from "../../backend/content/index.js";
import type { Database } from "../../backend/db/index.js";
import { auditRound } from "../../lib/audit/index.js";
import { canonicalJson, contentHashOf } from "../../lib/content/index.js";
import { runCli } from "../helpers/cli.js";
import { deploySystem, type System } from "../helpers/system.js";
import type { RpcProxy } from "../backend/support/rpcProxy.js";
import { startIndexedApi, type IndexedApi } from "./support/indexedApi.js";
import { contentRound, contents } from "./support/contentRound.js";

let system: System;
let address: string;
let roundId: bigint;
let proposalIds: bigint[];
let rpc: RpcProxy;
let db: Database;
let apiUrl: string;
let api: IndexedApi | undefined;

describe("audit --api against the real API", () => {
  beforeAll(async () => {
    system = await deploySystem();
    address = await system.budgetRound.getAddress();
    ({ roundId, proposalIds } = await contentRound(system));
    api = await startIndexedApi(system);
    ({ rpc, db, apiUrl } = api);
    // Into the content store as the proposers' signed writes would put them (one of them refers
    // to an image by URL, as proposals did before photos were stored, so it bypasses the schema).
    for (const content of contents) {
      await insertDocument(db.sql, {
        hash: contentHashOf(content),
        kind: "proposal",
        author: ZeroAddress,
        document: content,
        sizeBytes: canonicalJson(content).length,
        photos: [],
      });
    }
  });

  afterAll(async () => {
    await api?.close();
    await system?.connection.close();
  });

  const audit = () => auditRound({ provider: system.ethers.provider, address, roundId, apiUrl });

  test("the honest API matches: results, proposals, served content hashes", async () => {
    const report = await audit();
    expect(report.mismatches).toEqual([]);
    expect(report.api).toMatchObject({ proposals: 5, proposalsWithContent: 5 });
    const run = await runCli("scripts/audit/cli.ts", [
      ...["--rpc", rpc.url, "--round", String(roundId), "--address", address, "--api", apiUrl],
    ]);
    expect(run.code, run.stderr).toBe(0);
  });

  test("a served text whose hash is not the anchored one is named, and the CLI says how many were checked", async () => {
    const id = proposalIds[2]!;
    const hash = contentHashOf(contents[2]!);
    const before = await audit();
    expect(before.api!.texts).toMatchObject({ checked: 5, hidden: 0 });
    await db.sql`
      update content_items set document = jsonb_set(document, '{body}', '"Tegels eruit."') where hash = ${hash}
    `;
    try {
      const report = await audit();
      expect(report.match).toBe(false);
      expect(report.mismatches).toContainEqual(
        expect.objectContaining({ source: "api", proposalId: String(id), field: "text", recount: hash }),
      );
      const run = await runCli("scripts/audit/cli.ts", [
        ...["--rpc", rpc.url, "--round", String(roundId), "--address", address, "--api", apiUrl],
      ]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("text");
    } finally {
      await db.sql`update content_items set document = ${db.sql.json(contents[2]! as never)} where hash = ${hash}`;
    }
  });

  test("a tally row altered in the database is named by proposal, exit 1", async () => {
    const id = proposalIds[0]!;
    await db.sql`update budget_tallies set votes = votes + 1 where round_id = ${roundId} and proposal_id = ${id}`;
    try {
      const report = await audit();
      expect(report.match).toBe(false);
      expect(report.mismatches).toContainEqual(
        expect.objectContaining({ source: "api", proposalId: String(id), field: "votes" }),
      );
      const run = await runCli("scripts/audit/cli.ts", [
        ...["--rpc", rpc.url, "--round", String(roundId), "--address", address, "--api", apiUrl],
      ]);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout).toMatch(
        new RegExp(`district 1, proposal ${id}: votes — recount from the logs \\d+, api \\d+`),
      );
    } finally {
      await db.sql`update budget_tallies set votes = votes - 1 where round_id = ${roundId} and proposal_id = ${id}`;
    }
  });
});
