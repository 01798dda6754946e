/**
 * A Method of Equal Shares round end to end: created with the rule, ballots cast, voting closed,
 * the committer (backend/committer) computes the outcome with lib/tally from the logs and commits
 * it, a resident objects naming greedy's outcome, the round stays frozen past the window until the
 * admin upholds the commitment, then finalize takes it and the funded projects work like greedy
 * ones. The audit recounts and reports a match; a deliberately wrong commitment is a mismatch
 * naming the projects.
 */
import { ZeroHash, id } from "ethers";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { createCommitter, type CommitterAction } from "../../backend/committer/index.js";
import { auditRound } from "../../lib/audit/index.js";
import { roundRules } from "../../lib/budget/index.js";
import { TALLY_LIBRARY_VERSION, outcomeOf } from "../../lib/tally/index.js";
import { expectRevert } from "../helpers/errors.js";
import {
  ImplementationStatus,
  LEAD_TIME,
  Phase,
  RULES_HASH,
  bits,
  goToPhase,
  plansFor,
  prepareRound,
  registerResidents,
  scheduleFrom,
} from "../helpers/rounds.js";
import { deploySystem, now, type System } from "../helpers/system.js";

const WINDOW = 3_600;
/** Costs 600, 400, 400: four voters approve the first two, two voters the third. */
const COSTS = [600, 400, 400];
const SELECTIONS = [bits(0, 1), bits(0, 1), bits(0, 1), bits(0, 1), bits(2), bits(2)];

let system: System;
let address: string;

beforeAll(async () => {
  system = await deploySystem();
  address = await system.budgetRound.getAddress();
  await registerResidents(system, 1, system.residents.slice(0, SELECTIONS.length));
});

afterAll(async () => {
  await system?.connection.close();
});

function committer() {
  return createCommitter({
    provider: system.ethers.provider,
    signer: system.admin,
    budgetRound: address,
    resultCommitments: system.resultCommitments.target as string,
    fromBlock: 0,
  });
}

async function closedMesRound() {
  const rules = roundRules({
    districts: [{ district: 1, budget: 1000 }],
    schedule: scheduleFrom((await now(system)) + LEAD_TIME),
    tallyRule: "equal-shares-add1",
    objectionWindow: WINDOW,
    rulesHash: RULES_HASH,
  });
  const round = await prepareRound(system, rules, plansFor({ 1: COSTS }), { 1: system.residents });
  for (const [i, selection] of SELECTIONS.entries()) {
    await system.budgetRound.connect(system.residents[i]!).castApprovalBallot(round.roundId, 1, selection);
  }
  await goToPhase(system, rules, Phase.Closed);
  await system.networkHelpers.mine();
  return round;
}

const audit = (roundId: bigint) => auditRound({ provider: system.ethers.provider, address, roundId });

describe("a Method of Equal Shares round", () => {
  test("is committed, objected to, upheld, finalized with the committed outcome, and audited as a match", async () => {
    const { budgetRound, resultCommitments, outsider, official, admin } = system;
    const { roundId, proposalIds } = await closedMesRound();
    const [first, second, third] = proposalIds.map(String);
    // The rule decides here: greedy would fund the first two, equal shares the last two.
    const election = {
      projects: COSTS.map((cost, i) => ({ id: String(proposalIds[i]), cost: BigInt(cost) })),
      budget: 1000n,
      tieBreak: "lower-cost-first" as const,
      ballots: SELECTIONS.map((s) => proposalIds.filter((_, i) => (s >> BigInt(i)) & 1n).map(String)),
    };
    expect(outcomeOf(election, "greedy").selected.sort()).toEqual([first, second]);
    expect(outcomeOf(election, "mes-add1").selected.sort()).toEqual([second, third]);

    const committed = await committer().tick();
    expect(committed).toEqual([
      expect.objectContaining({ kind: "committed", roundId, district: 1, selected: [second, third] }),
    ]);
    const commitment = await resultCommitments.getCommitment(roundId, 1);
    expect(commitment.libraryVersion).toBe(TALLY_LIBRARY_VERSION);
    expect(commitment.toBlockHash).toBe((await system.ethers.provider.getBlock(Number(commitment.toBlock)))!.hash);
    console.log(`commitResult gas: ${(committed[0] as Extract<CommitterAction, { kind: "committed" }>).gasUsed}`);

    const before = await audit(roundId);
    expect(before.match).toBe(true);
    expect(before.districts[0]!.commitment).toMatchObject({ selected: [second, third], matches: true });

    const objection = await (
      await resultCommitments
        .connect(outsider)
        .lodgeObjection(roundId, 1, [proposalIds[0]!, proposalIds[1]!], id("greedy"))
    ).wait();
    console.log(`lodgeObjection gas: ${objection!.gasUsed}`);
    const windowEnd = Number(commitment.windowEnd);
    await system.networkHelpers.time.increaseTo(windowEnd + 10);
    expect(await committer().tick()).toEqual([]);
    await expectRevert(budgetRound.finalize(roundId), resultCommitments, "ResultObjectionsOpen");

    const objected = await audit(roundId);
    expect(objected.districts[0]!.commitment!.objections).toEqual([
      expect.objectContaining({
        objectionId: "1",
        objector: outsider.address.toLowerCase(),
        proposalIds: [first, second],
        resolution: null,
      }),
    ]);

    await resultCommitments.connect(admin).upholdCommitment(roundId, 1, id("the recount stands"));
    const finalized = await committer().tick();
    expect(finalized).toEqual([expect.objectContaining({ kind: "finalized", roundId })]);
    console.log(`finalize (equal shares) gas: ${finalized[0]!.gasUsed}`);
    expect((await budgetRound.getSelected(roundId, 1)).map(String)).toEqual([second, third]);
    expect(await budgetRound.phase(roundId)).toBe(BigInt(Phase.Finalized));
    await budgetRound.connect(official).reportImplementation(proposalIds[2]!, ImplementationStatus.Planned, ZeroHash);
    await expectRevert(
      budgetRound.connect(official).reportImplementation(proposalIds[0]!, ImplementationStatus.Planned, ZeroHash),
      budgetRound,
      "RoundProposalNotFunded",
    );

    const after = await audit(roundId);
    expect(after.mismatches).toEqual([]);
    expect(after.match).toBe(true);
    expect(after.finalized).toBe(true);
    expect(after.districts[0]!.contract.selected).toEqual([second, third]);
    expect(after.districts[0]!.commitment!.objections[0]!.resolution).toMatchObject({ upheld: true });
  });

  test("a wrong commitment is reported as a mismatch naming the projects", async () => {
    const { resultCommitments, admin } = system;
    const { roundId, proposalIds } = await closedMesRound();
    const [first, , third] = proposalIds.map(String);
    const head = (await system.ethers.provider.getBlock("latest"))!;
    // Greedy's outcome committed as if it were the Method of Equal Shares'.
    await resultCommitments.connect(admin).commitResult(roundId, 1, [proposalIds[0]!, proposalIds[1]!], {
      fromBlock: 0,
      toBlock: head.number,
      toBlockHash: head.hash!,
      libraryVersion: TALLY_LIBRARY_VERSION,
    });
    const report = await audit(roundId);
    expect(report.match).toBe(false);
    expect(report.districts[0]!.commitment!.matches).toBe(false);
    expect(report.mismatches).toEqual(
      expect.arrayContaining([
        {
          source: "commitment",
          district: 1,
          proposalId: first,
          field: "committed.selected",
          recount: "false",
          found: "true",
        },
        {
          source: "commitment",
          district: 1,
          proposalId: third,
          field: "committed.selected",
          recount: "true",
          found: "false",
        },
      ]),
    );
    expect(report.mismatches.filter((m) => m.field === "committed.selected")).toHaveLength(2);
  });
});
