/**
 * The audit against an API whose index moves on while the audit runs (a re-vote mined under
 * load): the audit must compare the API with the recount at the block the API's answers describe,
 * not at a block read before them. The API is the stub of test/audit/support/apiStub.ts, its rows
 * taken from the chain at the block it claims to have indexed.
 */
import type { Signer } from "ethers";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { API_READ_ATTEMPTS, AuditError, auditRound, contentHashOf, type Fetch } from "../../lib/audit/index.js";
import { encodeApproval } from "../../lib/ballots/encoding.js";
import { readRoundFromChain } from "../../lib/chain/roundLogs.js";
import { Phase, approvalRules, createRound, goToPhase, reason } from "../helpers/rounds.js";
import { deploySystem, type System } from "../helpers/system.js";
import { rowsFromChain, startStubApi, type StubApi, type StubDatabase } from "./support/apiStub.js";
import { contents } from "./support/contentRound.js";
import { newVoters } from "./support/randomRound.js";

let system: System;
let address: string;
let roundId: bigint;
let api: StubApi;
let revoter: Signer;
const stored = new Map(contents.map((c) => [contentHashOf(c), c]));

/** The rows an indexer would hold at `block`, which it says it has reached. */
async function indexAt(block: number): Promise<StubDatabase> {
  const round = await readRoundFromChain(system.ethers.provider, address, roundId, { toBlock: block });
  return { ...rowsFromChain(round, stored), indexedBlock: block };
}

beforeAll(async () => {
  system = await deploySystem();
  address = await system.budgetRound.getAddress();
  const { budgetRound, official } = system;
  const rules = await approvalRules(system);
  const voters = { 1: await newVoters(system, 1, 3), 2: await newVoters(system, 2, 1) };
  revoter = voters[1][0]!;
  roundId = await createRound(system, rules);
  await goToPhase(system, rules, Phase.Proposals);
  const districtOf = [1, 1, 1, 2, 2];
  for (const [i, content] of contents.entries()) {
    const district = districtOf[i]!;
    await budgetRound
      .connect(voters[district as 1 | 2][0]!)
      .submitProposal(roundId, district, 100 + 50 * i, contentHashOf(content));
  }
  await goToPhase(system, rules, Phase.Review);
  for (let i = 0; i < contents.length; i++) {
    await budgetRound.connect(official).review(BigInt(i + 1), true, 100 + 50 * i, reason(i));
  }
  for (const district of [1, 2]) await budgetRound.connect(official).publishBallot(roundId, district);
  await goToPhase(system, rules, Phase.Voting);
  for (const [i, ballot] of [[0], [0, 1], [2]].entries()) {
    await budgetRound.connect(voters[1][i]!).castApprovalBallot(roundId, 1, encodeApproval(ballot));
  }
  await budgetRound.connect(voters[2][0]!).castApprovalBallot(roundId, 2, encodeApproval([0]));
  api = await startStubApi(await indexAt(await system.ethers.provider.getBlockNumber()));
});

afterAll(async () => {
  await api?.close();
  await system?.connection.close();
});

/** The stub's fetch, with `onHealth` run after each GET /healthz has answered. */
function fetchWith(onHealth: (calls: number) => Promise<void>): Fetch {
  let calls = 0;
  return async (url) => {
    const response = await fetch(url);
    if (new URL(url).pathname === "/healthz") await onHealth(++calls);
    return response;
  };
}

describe("audit --api while the index moves on", () => {
  test("a re-vote indexed between the API's block and its answers is compared at the answers' block: no mismatch", async () => {
    const before = await system.ethers.provider.getBlockNumber();
    Object.assign(api.db, await indexAt(before));
    await system.budgetRound.connect(revoter).castApprovalBallot(roundId, 1, encodeApproval([1, 2])); // the re-vote
    const after = await system.ethers.provider.getBlockNumber();
    const moved = await indexAt(after);
    await system.networkHelpers.mine(2); // the chain is ahead of the index, as under load
    // The first GET /healthz says `before`; right after it the index takes in the re-vote.
    const report = await auditRound({
      provider: system.ethers.provider,
      address,
      roundId,
      apiUrl: api.url,
      fetch: fetchWith(async (calls) => {
        if (calls === 1) Object.assign(api.db, moved);
      }),
    });
    expect(report.mismatches).toEqual([]);
    expect(report.blocks).toMatchObject({ to: after, pinnedBy: "api" });
    const district1 = report.districts.find((d) => d.district === 1)!;
    expect(district1.api!.tallies).toEqual(district1.recount.tallies);
    // The re-vote replaced the first ballot: position 0 lost a vote, 1 and 2 gained one.
    expect(district1.recount.tallies.map((t) => t.votes)).toEqual(["1", "2", "2"]);
  });

  test("an index that never holds still while it is read stops the audit with a clear error", async () => {
    const run = auditRound({
      provider: system.ethers.provider,
      address,
      roundId,
      apiUrl: api.url,
      fetch: fetchWith(async () => {
        await system.networkHelpers.mine(1);
        api.db.indexedBlock = await system.ethers.provider.getBlockNumber();
      }),
    });
    await expect(run).rejects.toThrow(AuditError);
    await expect(run).rejects.toThrow(`moved on while it was read, ${API_READ_ATTEMPTS} times in a row`);
  });

  test("an index that holds still is read once: one GET /healthz before and one after the answers", async () => {
    Object.assign(api.db, await indexAt(await system.ethers.provider.getBlockNumber()));
    let health = 0;
    const report = await auditRound({
      provider: system.ethers.provider,
      address,
      roundId,
      apiUrl: api.url,
      fetch: fetchWith(async (calls) => {
        health = calls;
      }),
    });
    expect(report.mismatches).toEqual([]);
    expect(health).toBe(2);
  });
});
