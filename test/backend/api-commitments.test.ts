/**
 * A Method of Equal Shares round in the index and the API: the committer commits, a resident
 * objects, the admin replaces the commitment with a recount; the indexer's result tables
 * (backend/indexer/projections/results.ts) and GET /api/rounds/:id/results show the committed
 * outcome, the counted blocks and hash, the library version, the window end and every objection
 * with its resolution, exactly as ResultCommitments' own views and events say.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { Wallet, id, toBeHex } from "ethers";
import { afterAll, beforeAll, expect, test } from "vitest";

import { createApp, type ApiApp } from "../../backend/api/index.js";
import { createCommitter } from "../../backend/committer/index.js";
import { roundRules } from "../../lib/budget/index.js";
import { TALLY_LIBRARY_VERSION } from "../../lib/tally/index.js";
import {
  LEAD_TIME,
  Phase,
  RULES_HASH,
  bits,
  goToPhase,
  plansFor,
  prepareRound,
  scheduleFrom,
} from "../helpers/rounds.js";
import { now } from "../helpers/system.js";
import { useHarness } from "./support/harness.js";

const harness = useHarness();
let app: ApiApp;
let server: Server;
let base: string;

afterAll(async () => {
  app?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

let roundId: bigint;
let proposalIds: bigint[];

beforeAll(async () => {
  const { system } = harness;
  const provider = system.ethers.provider;
  const voters = Array.from({ length: 6 }, () => Wallet.createRandom().connect(provider));
  const expiry = (await now(system)) + 365 * 24 * 3600;
  for (const voter of voters) {
    await provider.send("hardhat_setBalance", [voter.address, toBeHex(10n ** 18n)]);
    await system.registry.register(voter.address, 1, expiry);
  }
  const rules = roundRules({
    districts: [{ district: 1, budget: 1000 }],
    schedule: scheduleFrom((await now(system)) + LEAD_TIME),
    tallyRule: "equal-shares-add1",
    objectionWindow: 3_600,
    rulesHash: RULES_HASH,
  });
  const round = await prepareRound(system, rules, plansFor({ 1: [600, 400, 400] }), { 1: voters });
  ({ roundId, proposalIds } = round);
  const selections = [bits(0, 1), bits(0, 1), bits(0, 1), bits(0, 1), bits(2), bits(2)];
  for (const [i, selection] of selections.entries()) {
    await system.budgetRound.connect(voters[i]!).castApprovalBallot(roundId, 1, selection);
  }
  await goToPhase(system, rules, Phase.Closed);
  await system.networkHelpers.mine();
  await createCommitter({
    provider,
    signer: system.admin,
    budgetRound: await system.budgetRound.getAddress(),
    resultCommitments: await system.resultCommitments.getAddress(),
    fromBlock: 0,
  }).tick();
  await system.resultCommitments
    .connect(voters[0]!)
    .lodgeObjection(roundId, 1, [proposalIds[2]!], id("only the third"));
  const head = (await provider.getBlock("latest"))!;
  await system.resultCommitments.replaceCommitment(
    roundId,
    1,
    [proposalIds[2]!],
    { fromBlock: 0, toBlock: head.number, toBlockHash: head.hash!, libraryVersion: "test-recount/1" },
    id("decision"),
  );

  const db = await harness.freshDatabase();
  await harness.indexerFor(db, { batchBlocks: 10_000 }).catchUp();
  app = createApp({
    db,
    provider,
    deployment: harness.deployment,
    rpcUrl: "http://127.0.0.1:1",
    checkResponses: true,
  });
  server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test("the results answer the committed outcome, its count and window, and every objection with its resolution", async () => {
  const { system } = harness;
  const response = await fetch(`${base}/api/rounds/${roundId}/results`);
  const body = (await response.json()) as {
    tallyRule: string;
    objectionWindow: number;
    districts: { district: number; commitment: Record<string, unknown> & { objections: unknown[] } }[];
  };
  expect(response.status, JSON.stringify(body)).toBe(200);
  expect(body.tallyRule).toBe("equal-shares-add1");
  expect(body.objectionWindow).toBe(3_600);
  const onChain = await system.resultCommitments.getCommitment(roundId, 1);
  const [, second, third] = proposalIds.map(String);
  const committedEvents = await system.resultCommitments.queryFilter(
    system.resultCommitments.filters.ResultCommitted(roundId, 1),
  );
  expect(committedEvents).toHaveLength(2);
  const original = committedEvents[0]!.args;
  expect(original.proposalIds.map(String)).toEqual([second, third]); // the committer's MES outcome
  expect(original.count.libraryVersion).toBe(TALLY_LIBRARY_VERSION);
  const commitment = body.districts[0]!.commitment;
  expect(commitment).toMatchObject({
    selected: [third],
    selectedCost: onChain.selectedCost.toString(),
    fromBlock: 0,
    toBlock: Number(onChain.toBlock),
    toBlockHash: onChain.toBlockHash,
    libraryVersion: "test-recount/1",
    committedBy: system.admin.address.toLowerCase(),
    windowEnd: Number(onChain.windowEnd),
    recounts: 1,
    openObjections: 0,
  });
  expect(commitment.objections).toEqual([
    expect.objectContaining({
      objectionId: (await system.resultCommitments.objectionCount()).toString(),
      proposalIds: [third],
      reasonHash: id("only the third"),
      resolution: expect.objectContaining({
        upheld: false,
        by: system.admin.address.toLowerCase(),
        reasonHash: id("decision"),
      }),
    }),
  ]);
});

test("a greedy round's results have no commitment and no window", async () => {
  const response = await fetch(`${base}/api/rounds/1/results`);
  const body = (await response.json()) as {
    tallyRule: string;
    objectionWindow: number;
    districts: { commitment: unknown }[];
  };
  expect(response.status).toBe(200);
  expect(body.tallyRule).toBe("greedy");
  expect(body.objectionWindow).toBe(0);
  expect(body.districts.every((d) => d.commitment === null)).toBe(true);
});
