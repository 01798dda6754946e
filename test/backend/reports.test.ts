/**
 * Turnout and accountability reports (backend/api/reports): checked against the chain's own
 * events and views for the workload's finalized approval round (online voters counted once despite
 * a re-vote, paper ballots, registrations, the funded projects and their reported status).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { createApp, type ApiApp } from "../../backend/api/index.js";
import { percentOf, REGISTERED_MEANS } from "../../backend/api/reports/routes.js";
import type { Database } from "../../backend/db/index.js";
import type { Accountability, Turnout } from "../../lib/api/schemas.js";
import { useHarness } from "./support/harness.js";

const harness = useHarness();
let app: ApiApp;
let db: Database;
let server: Server;
let base: string;
const ROUND = 1n; // the workload's finalized approval round

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
  await new Promise((resolve) => server?.close(resolve));
});

const get = async (path: string) => {
  const response = await fetch(`${base}${path}`);
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
};

/** Voters per district from the chain's events: distinct online voters and distinct paper serials. */
async function votersFromChain() {
  const { budgetRound } = harness.system;
  const online = new Map<number, Set<string>>();
  const paper = new Map<number, Set<string>>();
  const add = (map: Map<number, Set<string>>, district: bigint, key: string) =>
    map.set(Number(district), (map.get(Number(district)) ?? new Set()).add(key));
  for (const e of await budgetRound.queryFilter(budgetRound.filters.ApprovalBallotCast(ROUND)))
    add(online, e.args.district, e.args.voter);
  for (const e of await budgetRound.queryFilter(budgetRound.filters.PaperApprovalBallotRecorded(ROUND)))
    add(paper, e.args.district, e.args.serialHash);
  return { online, paper };
}

/** Registered per district at `at`, from every account the registry ever registered. */
async function registeredFromChain(at: number) {
  const { registry } = harness.system;
  const accounts = new Set(
    (await registry.queryFilter(registry.filters.ResidentRegistered())).map((e) => e.args.account),
  );
  const counts = new Map<number, number>();
  for (const account of accounts) {
    const r = await registry.registrationOf(account);
    if (!r.revoked && Number(r.expiresAt) > at)
      counts.set(Number(r.district), (counts.get(Number(r.district)) ?? 0) + 1);
  }
  return counts;
}

describe("GET /api/rounds/:roundId/turnout", () => {
  test("per district: registered, online voters once each, paper ballots, percentage; by day with running totals", async () => {
    const answer = await get(`/api/rounds/${ROUND}/turnout`);
    expect(answer.status).toBe(200);
    const turnout = JSON.parse(answer.text) as Turnout;
    const { online, paper } = await votersFromChain();
    const registered = await registeredFromChain(turnout.registeredAt);
    expect(turnout.districts).toEqual(
      [1, 2].map((district) => {
        const o = online.get(district)?.size ?? 0;
        const p = paper.get(district)?.size ?? 0;
        const r = registered.get(district) ?? 0;
        return { district, registered: r, votedOnline: o, votedPaper: p, percent: percentOf(o + p, r + p) };
      }),
    );
    // The workload: four voters in district 1 (one re-voted) and two in district 2, one paper ballot each.
    expect(turnout.districts.map((d) => [d.votedOnline, d.votedPaper])).toEqual([
      [4, 1],
      [2, 1],
    ]);
    const last = (district: number) => turnout.days.filter((d) => d.district === district).at(-1)!;
    expect([last(1).cumulative, last(2).cumulative]).toEqual([5, 3]);
    const csv = await get(`/api/rounds/${ROUND}/turnout.csv`);
    expect(csv.type).toContain("text/csv");
    expect(csv.text.split("\r\n")[0]).toBe("district;registered;voted_online;voted_paper;percent");
    expect(csv.text.split("\r\n")[1]).toBe(
      `1;${turnout.districts[0]!.registered};4;1;${turnout.districts[0]!.percent}`,
    );
  });

  test("registered is the registry as it stood when voting ended: later registrations and revocations change nothing", async () => {
    const { registry, budgetRound, ethers } = harness.system;
    const before = JSON.parse((await get(`/api/rounds/${ROUND}/turnout`)).text) as Turnout;
    expect(before.registeredAt).toBe(Number((await budgetRound.getRules(ROUND)).schedule.votingEnd));
    const now = (await ethers.provider.getBlock("latest"))!.timestamp;
    expect(now).toBeGreaterThan(before.registeredAt);
    // After the close two newcomers register in district 1 and one of its voters is revoked.
    const voters = [
      ...new Set(
        (await budgetRound.queryFilter(budgetRound.filters.ApprovalBallotCast(ROUND, undefined, 1))).map(
          (e) => e.args.voter,
        ),
      ),
    ];
    const revoked = (
      await Promise.all(voters.map(async (voter) => ((await registry.isResident(voter, 1)) ? voter : null)))
    ).find(Boolean)!;
    expect(revoked).toBeTruthy();
    const registeredNow = async () => (await registeredFromChain(now + 10)).get(1) ?? 0;
    const countBefore = await registeredNow();
    for (let i = 0; i < 2; i++) {
      await (await registry.register(Wallet.createRandom().address, 1, now + 365 * 86_400)).wait();
    }
    await (await registry.revoke(revoked)).wait();
    // Today's registry has changed ...
    expect(await registeredNow()).toBe(countBefore + 1);
    await harness.indexerFor(db, { batchBlocks: 10_000 }).catchUp();
    const after = JSON.parse((await get(`/api/rounds/${ROUND}/turnout`)).text) as Turnout;
    // ... the closed round's report has not.
    expect(after.registeredAt).toBe(before.registeredAt);
    expect(after.districts).toEqual(before.districts);
    const csv = (await get(`/api/rounds/${ROUND}/turnout.csv`)).text.split("\r\n").filter(Boolean);
    expect(csv.at(-1)).toBe(`registered_at;${new Date(before.registeredAt * 1000).toISOString()};${REGISTERED_MEANS}`);
  });

  test("an unknown round is a 404, a bad id a 400 naming the field", async () => {
    expect((await get("/api/rounds/999/turnout")).status).toBe(404);
    const bad = await get("/api/rounds/x/turnout.csv");
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error.details[0].field).toBe("params.roundId");
  });

  test("percentages have one exact decimal", () => {
    expect([percentOf(2, 3), percentOf(1, 8), percentOf(0, 0), percentOf(5, 5)]).toEqual([
      "66.7",
      "12.5",
      "0.0",
      "100.0",
    ]);
  });
});

describe("GET /api/rounds/:roundId/accountability", () => {
  test("the funded projects of every district with their status history", async () => {
    const { budgetRound } = harness.system;
    const answer = await get(`/api/rounds/${ROUND}/accountability`);
    expect(answer.status).toBe(200);
    const report = JSON.parse(answer.text) as Accountability;
    const selected = [...(await budgetRound.getSelected(ROUND, 1)), ...(await budgetRound.getSelected(ROUND, 2))].map(
      String,
    );
    expect(report.projects.map((p) => p.proposalId).sort()).toEqual(selected.sort());
    const reported = await budgetRound.queryFilter(budgetRound.filters.ImplementationReported());
    for (const project of report.projects) {
      const events = reported.filter((e) => String(e.args.proposalId) === project.proposalId);
      expect(project.history.map((h) => h.noteHash)).toEqual(events.map((e) => e.args.noteHash));
      const onChain = await budgetRound.getProposal(BigInt(project.proposalId));
      expect(project.cost).toBe(String(onChain.finalCost));
    }
    expect(report.projects.some((p) => p.status === "in-progress" && p.history.length === 1)).toBe(true);
    const csv = await get(`/api/rounds/${ROUND}/accountability.csv`);
    expect(csv.text.split("\r\n").filter(Boolean)).toHaveLength(
      1 + report.projects.reduce((n, p) => n + Math.max(1, p.history.length), 0),
    );
  });
});
