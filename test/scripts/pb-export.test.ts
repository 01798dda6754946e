/**
 * `pb export` as a user runs it (a child process) on a finalized round of a real chain (served over
 * HTTP) with titles from a stand-in of the API's content route: the file passes the pabulib
 * format's rules, names projects by their titles, carries pseudonyms and a voting method per vote,
 * and re-imports with `pb tally` to the chain's own selection.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { contentHashOf } from "../../lib/content/index.js";
import { checkPabulib } from "../../lib/pabulib/check.js";
import { parsePabulib } from "../../lib/pabulib/index.js";
import { startRpcProxy, type RpcProxy } from "../backend/support/rpcProxy.js";
import { contentRound, contents } from "../audit/support/contentRound.js";
import { errorLines, runCli } from "../helpers/cli.js";
import { deploySystem, type System } from "../helpers/system.js";

const pb = (args: string[], env?: NodeJS.ProcessEnv) => runCli("scripts/pb/cli.ts", args, env);

let system: System;
let proxy: RpcProxy;
let api: Server;
let apiUrl: string;
let roundId: bigint;
let address: string;
const out = mkdtempSync(path.join(tmpdir(), "buurtkas-pb-export-"));

beforeAll(async () => {
  system = await deploySystem();
  ({ roundId } = await contentRound(system));
  proxy = await startRpcProxy({ upstream: system.connection.provider });
  address = await system.budgetRound.getAddress();
  // The API's GET /api/content/:contentHash, serving every content but the last (unknown to it).
  const byHash = new Map(contents.slice(0, -1).map((c) => [contentHashOf(c), c]));
  api = createServer((request, response) => {
    const hash = /^\/api\/content\/(0x[0-9a-f]{64})$/.exec(request.url ?? "")?.[1];
    const content = hash === undefined ? undefined : byHash.get(hash);
    response.writeHead(content ? 200 : 404, { "content-type": "application/json" });
    response.end(
      JSON.stringify(content ? { hash, kind: "proposal", document: content } : { error: { code: "not_found" } }),
    );
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
}, 300_000);

afterAll(async () => {
  await proxy?.close();
  await new Promise((resolve) => api?.close(resolve));
  await system?.connection.close();
  rmSync(out, { recursive: true, force: true });
});

describe("pb export of a finalized round", () => {
  test("passes the format's rules, titles as names, and re-imports to the chain's selection", async () => {
    const file = path.join(out, "district-1.pb");
    const args = ["export", "--rpc", proxy.url, "--contract", address, "--round", String(roundId), "--district", "1"];
    const run = await pb([...args, "--out", file, "--api", apiUrl, "--unit", "Amsterdam"], {
      ...process.env,
      PB_PSEUDONYM_KEY: "test key",
    });
    expect(run.code, run.stderr).toBe(0);
    const text = readFileSync(file, "utf8");
    expect(checkPabulib(text)).toEqual([]);
    const election = parsePabulib(text);
    expect(election.meta.get("unit")).toBe("Amsterdam");
    expect(election.projects.map((p) => p.name)).toEqual(contents.slice(0, 3).map((c) => c.title));
    // Six online voters (one re-voted) and one paper ballot.
    expect(election.votes.map((v) => v.row.voting_method).sort()).toEqual([
      "internet",
      "internet",
      "internet",
      "internet",
      "internet",
      "internet",
      "paper",
    ]);
    for (const vote of election.votes) expect(vote.voterId).toMatch(/^[0-9a-f]{16}$/);

    const onChain = (await system.budgetRound.getSelected(roundId, 1)).map(String);
    expect(election.projects.filter((p) => p.selected).map((p) => p.id)).toEqual([...onChain].sort());
    const recount = await pb(["tally", file, "--json"]);
    expect(recount.code, recount.stderr).toBe(0);
    expect((JSON.parse(recount.stdout) as { selected: string[] }).selected.sort()).toEqual([...onChain].sort());

    // Another run with the same key gives the same pseudonyms; without the key, others.
    const again = path.join(out, "again.pb");
    await pb([...args, "--out", again], { ...process.env, PB_PSEUDONYM_KEY: "test key" });
    const other = path.join(out, "other.pb");
    const { PB_PSEUDONYM_KEY: _, ...withoutKey } = process.env;
    await pb([...args, "--out", other], withoutKey);
    const ids = (f: string) => parsePabulib(readFileSync(f, "utf8")).votes.map((v) => v.voterId);
    expect(ids(again)).toEqual(ids(file));
    expect(ids(other)).not.toEqual(ids(file));
  });

  test("a proposal whose content the API does not have is named by its hash", async () => {
    const file = path.join(out, "district-2.pb");
    const run = await pb([
      "export",
      "--rpc",
      proxy.url,
      "--contract",
      address,
      "--round",
      String(roundId),
      "--district",
      "2",
      "--out",
      file,
      "--api",
      apiUrl,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const text = readFileSync(file, "utf8");
    expect(checkPabulib(text)).toEqual([]);
    const election = parsePabulib(text);
    expect(election.projects.map((p) => p.name)).toEqual([
      contents[3]!.title,
      `(title unknown; content hash ${contentHashOf(contents[4]!)})`,
    ]);
    expect(election.meta.get("comment")).toContain(
      `#3: Only the content hash is known here for project ${election.projects[1]!.id}`,
    );
  });

  test("bad input: one message, exit code 2", async () => {
    const run = await pb([
      "export",
      "--rpc",
      proxy.url,
      "--contract",
      address,
      "--round",
      "1",
      "--out",
      "x.pb",
      "--api",
      "not a url",
    ]);
    expect(run.code).toBe(2);
    expect(errorLines(run)).toEqual(['pb: --api "not a url" is not a URL']);
    const missing = await pb([
      "export",
      "--rpc",
      proxy.url,
      "--contract",
      address,
      "--round",
      String(roundId),
      "--district",
      "9",
      "--out",
      "x.pb",
    ]);
    expect(missing.code).toBe(2);
    expect(errorLines(missing)).toEqual([`pb: round ${roundId} has no district 9`]);
  });
});
