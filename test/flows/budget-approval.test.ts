/**
 * BudgetRound approval ballots (knapsack within the budget), online and on paper: every rule a
 * ballot must meet, re-voting, and the incrementally kept tallies.
 */
import type { SnapshotRestorer } from "@nomicfoundation/hardhat-network-helpers/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { beforeAll, beforeEach, describe, expect, test } from "vitest";

import { expectRevert } from "../helpers/errors.js";
import {
  BallotType,
  Phase,
  type PreparedRound,
  type Rules,
  approvalRules,
  approvalTallies,
  bits,
  eventOf,
  goToPhase,
  plain,
  plansFor,
  prepareRound,
  registerResidents,
  serial,
} from "../helpers/rounds.js";
import { YEAR, type System, deploySystem, now } from "../helpers/system.js";

/** District 1 (budget 1000): ten positions, so the ballot spans two packed words. */
const NORTH_COSTS = [100, 200, 300, 400, 500, 600, 50, 900, 150, 250];
/** District 2 (budget 500). */
const SOUTH_COSTS = [100, 200, 300];

let system: System;
let clean: SnapshotRestorer;
let north: HardhatEthersSigner[];
let south: HardhatEthersSigner[];

beforeAll(async () => {
  system = await deploySystem();
  north = system.residents.slice(0, 6);
  south = system.residents.slice(6, 9);
  await registerResidents(system, 1, north);
  await registerResidents(system, 2, south);
  clean = await system.networkHelpers.takeSnapshot();
});

beforeEach(async () => {
  await clean.restore();
});

async function votingRound(overrides: Partial<Rules> = {}): Promise<PreparedRound> {
  const rules = await approvalRules(system, overrides);
  return prepareRound(system, rules, plansFor({ 1: NORTH_COSTS, 2: SOUTH_COSTS }), { 1: north, 2: south });
}

async function tallies(roundId: bigint, district: number): Promise<bigint[]> {
  return plain(await system.budgetRound.getTallies(roundId, district)) as bigint[];
}

describe("castApprovalBallot", () => {
  test("records the ballot, emits ApprovalBallotCast and adds one vote per approved position", async () => {
    const { budgetRound } = system;
    const { roundId } = await votingRound();
    const alice = north[0]!;
    const selection = bits(0, 6, 8, 9); // 100 + 50 + 150 + 250 = 550, across both words
    const event = await eventOf(
      budgetRound.connect(alice).castApprovalBallot(roundId, 1, selection),
      budgetRound,
      "ApprovalBallotCast",
    );
    expect(event).toEqual([roundId, alice.address, 1n, selection, false]);
    expect(plain(await budgetRound.approvalBallotOf(roundId, alice.address))).toEqual([1n, selection]);
    expect(await tallies(roundId, 1)).toEqual(approvalTallies([selection], 10));
    expect(await tallies(roundId, 2)).toEqual([0n, 0n, 0n]);
  });

  test("a re-vote replaces the earlier ballot: tallies move and the event says replaced", async () => {
    const { budgetRound } = system;
    const { roundId } = await votingRound();
    const [alice, bob, carol] = north as [HardhatEthersSigner, HardhatEthersSigner, HardhatEthersSigner];
    await budgetRound.connect(alice).castApprovalBallot(roundId, 1, bits(0, 1, 2));
    await budgetRound.connect(bob).castApprovalBallot(roundId, 1, bits(1, 8));
    await budgetRound.connect(carol).castApprovalBallot(roundId, 1, bits(7));
    expect(await tallies(roundId, 1)).toEqual(approvalTallies([bits(0, 1, 2), bits(1, 8), bits(7)], 10));

    const replaced = await eventOf(
      budgetRound.connect(alice).castApprovalBallot(roundId, 1, bits(2, 9, 6)),
      budgetRound,
      "ApprovalBallotCast",
    );
    expect(replaced).toEqual([roundId, alice.address, 1n, bits(2, 6, 9), true]);
    expect(await tallies(roundId, 1)).toEqual(approvalTallies([bits(2, 6, 9), bits(1, 8), bits(7)], 10));
    expect(plain(await budgetRound.approvalBallotOf(roundId, alice.address))).toEqual([1n, bits(2, 6, 9)]);

    // The same ballot again changes nothing but is still a replacement.
    const again = await eventOf(
      budgetRound.connect(bob).castApprovalBallot(roundId, 1, bits(1, 8)),
      budgetRound,
      "ApprovalBallotCast",
    );
    expect(again[4]).toBe(true);
    expect(await tallies(roundId, 1)).toEqual(approvalTallies([bits(2, 6, 9), bits(1, 8), bits(7)], 10));
  });

  test("a refused re-vote keeps the earlier ballot and its tallies", async () => {
    const { budgetRound } = system;
    const { roundId } = await votingRound();
    const alice = north[0]!;
    await budgetRound.connect(alice).castApprovalBallot(roundId, 1, bits(3, 4));
    await expectRevert(
      budgetRound.connect(alice).castApprovalBallot(roundId, 1, bits(4, 5)),
      budgetRound,
      "BallotOverBudget",
      [1100, 1000],
    );
    expect(plain(await budgetRound.approvalBallotOf(roundId, alice.address))).toEqual([1n, bits(3, 4)]);
    expect(await tallies(roundId, 1)).toEqual(approvalTallies([bits(3, 4)], 10));
  });

  test("refuses ballots over the budget, and spends exactly the budget", async () => {
    const { budgetRound } = system;
    const { roundId } = await votingRound();
    await budgetRound.connect(north[0]!).castApprovalBallot(roundId, 1, bits(7, 0)); // 900 + 100 = 1000
    await expectRevert(
      budgetRound.connect(north[1]!).castApprovalBallot(roundId, 1, bits(7, 6, 0)),
      budgetRound,
      "BallotOverBudget",
      [1050, 1000],
    );
    await expectRevert(
      budgetRound.connect(south[0]!).castApprovalBallot(roundId, 2, bits(0, 1, 2)),
      budgetRound,
      "BallotOverBudget",
      [600, 500],
    );
  });

  test("applies maxBudgetShareBps: a lower cost limit, or none at all when 0", async () => {
    const { budgetRound } = system;
    const limited = await votingRound({ maxBudgetShareBps: 5_000 });
    await expectRevert(
      budgetRound.connect(north[0]!).castApprovalBallot(limited.roundId, 1, bits(0, 1, 2)),
      budgetRound,
      "BallotOverBudget",
      [600, 500],
    );
    await budgetRound.connect(north[0]!).castApprovalBallot(limited.roundId, 1, bits(0, 1, 6, 8)); // 500

    await clean.restore();
    const plain_ = await votingRound({ maxBudgetShareBps: 0 });
    const everything = bits(...NORTH_COSTS.map((_, i) => i)); // 3450 of a 1000 budget
    await budgetRound.connect(north[0]!).castApprovalBallot(plain_.roundId, 1, everything);
    expect(await tallies(plain_.roundId, 1)).toEqual(Array(10).fill(1n));
  });

  test("refuses ballots under the minimum spend", async () => {
    const { budgetRound } = system;
    const { roundId } = await votingRound({ minBudgetShareBps: 3_000 });
    await expectRevert(
      budgetRound.connect(north[0]!).castApprovalBallot(roundId, 1, bits(9)),
      budgetRound,
      "BallotUnderMinimumSpend",
      [250, 300],
    );
    await expectRevert(
      budgetRound.connect(south[0]!).castApprovalBallot(roundId, 2, bits(0)),
      budgetRound,
      "BallotUnderMinimumSpend",
      [100, 150],
    );
    await budgetRound.connect(north[0]!).castApprovalBallot(roundId, 1, bits(2)); // exactly 300
    await budgetRound.connect(south[0]!).castApprovalBallot(roundId, 2, bits(1)); // 200 >= 150
  });

  test("rounds the minimum spend up: 25% of a budget of 999 is 249.75, so 249 is too little", async () => {
    const { budgetRound } = system;
    const rules = await approvalRules(system, { budgets: [999, 500], minBudgetShareBps: 2_500 });
    const { roundId } = await prepareRound(system, rules, plansFor({ 1: [249, 250, 1] }), { 1: north });
    await expectRevert(
      budgetRound.connect(north[0]!).castApprovalBallot(roundId, 1, bits(0)),
      budgetRound,
      "BallotUnderMinimumSpend",
      [249, 250],
    );
    await budgetRound.connect(north[0]!).castApprovalBallot(roundId, 1, bits(1));
    await budgetRound.connect(north[1]!).castApprovalBallot(roundId, 1, bits(0, 2));
    expect(await tallies(roundId, 1)).toEqual([1n, 1n, 1n]);
  });

  test("refuses ballots with too few or too many projects", async () => {
    const { budgetRound } = system;
    const { roundId } = await votingRound({ minProjects: 2, maxProjects: 3 });
    await expectRevert(
      budgetRound.connect(north[0]!).castApprovalBallot(roundId, 1, bits(7)),
      budgetRound,
      "BallotTooFewProjects",
      [1, 2],
    );
    await expectRevert(
      budgetRound.connect(north[0]!).castApprovalBallot(roundId, 1, bits(0, 1, 6, 8)),
      budgetRound,
      "BallotTooManyProjects",
      [4, 3],
    );
    await budgetRound.connect(north[0]!).castApprovalBallot(roundId, 1, bits(0, 1));
    await budgetRound.connect(north[1]!).castApprovalBallot(roundId, 1, bits(0, 1, 6));
    expect(await tallies(roundId, 1)).toEqual(approvalTallies([bits(0, 1), bits(0, 1, 6)], 10));
  });

  test("refuses an empty ballot and positions past the ballot, naming the highest", async () => {
    const { budgetRound } = system;
    const { roundId } = await votingRound();
    const cast = (selection: bigint) => budgetRound.connect(north[0]!).castApprovalBallot(roundId, 1, selection);
    await expectRevert(cast(0n), budgetRound, "BallotEmpty", []);
    await expectRevert(cast(bits(10)), budgetRound, "BallotUnknownPosition", [10, 10]);
    await expectRevert(cast(bits(0, 11, 40)), budgetRound, "BallotUnknownPosition", [40, 10]);
    await expectRevert(cast(bits(223)), budgetRound, "BallotUnknownPosition", [223, 10]);
    // Bits in the top 32 (where the contract keeps the district) are positions like any other.
    await expectRevert(cast(bits(1, 255)), budgetRound, "BallotUnknownPosition", [255, 10]);
    await expectRevert(
      budgetRound.connect(south[0]!).castApprovalBallot(roundId, 2, bits(3)),
      budgetRound,
      "BallotUnknownPosition",
      [3, 3],
    );
  });

  test("needs a current resident of the district who has not voted in another district", async () => {
    const { budgetRound, registry, admin, outsider } = system;
    const { roundId } = await votingRound();
    const mover = north[2]!;
    await expectRevert(
      budgetRound.connect(outsider).castApprovalBallot(roundId, 1, bits(0)),
      budgetRound,
      "RoundNotResident",
      [outsider.address, 1],
    );
    await expectRevert(
      budgetRound.connect(south[0]!).castApprovalBallot(roundId, 1, bits(0)),
      budgetRound,
      "RoundNotResident",
      [south[0]!.address, 1],
    );
    await budgetRound.connect(mover).castApprovalBallot(roundId, 1, bits(0));
    // The resident moves to district 2 and tries to vote there too.
    await registry.connect(admin).revoke(mover.address);
    await registry.connect(admin).register(mover.address, 2, (await now(system)) + YEAR);
    await expectRevert(
      budgetRound.connect(mover).castApprovalBallot(roundId, 2, bits(0)),
      budgetRound,
      "BallotOtherDistrict",
      [mover.address, 1, 2],
    );
    // ... and can no longer change the district-1 ballot, which stays counted.
    await expectRevert(
      budgetRound.connect(mover).castApprovalBallot(roundId, 1, bits(1)),
      budgetRound,
      "RoundNotResident",
      [mover.address, 1],
    );
    expect((await tallies(roundId, 1))[0]).toBe(1n);
  });

  test("refuses a district outside the round and one whose ballot is not published", async () => {
    const { budgetRound, registry, admin, official, residents } = system;
    const rules = await approvalRules(system);
    const { roundId } = await prepareRound(
      system,
      rules,
      plansFor({ 1: NORTH_COSTS, 2: SOUTH_COSTS }),
      { 1: north, 2: south },
      Phase.Review,
    );
    await budgetRound.connect(official).publishBallot(roundId, 1);
    await goToPhase(system, rules, Phase.Voting);
    await expectRevert(
      budgetRound.connect(south[0]!).castApprovalBallot(roundId, 2, bits(0)),
      budgetRound,
      "RoundBallotNotPublished",
      [roundId, 2],
    );
    const elsewhere = residents[12]!;
    await registry.connect(admin).register(elsewhere.address, 3, (await now(system)) + YEAR);
    await expectRevert(
      budgetRound.connect(elsewhere).castApprovalBallot(roundId, 3, bits(0)),
      budgetRound,
      "RoundUnknownDistrict",
      [roundId, 3],
    );
    // Published during voting, district 2 opens.
    await budgetRound.connect(official).publishBallot(roundId, 2);
    await budgetRound.connect(south[0]!).castApprovalBallot(roundId, 2, bits(0));
  });

  test("is only possible in the voting phase of an approval round", async () => {
    const { budgetRound } = system;
    const rules = await approvalRules(system);
    const { roundId } = await prepareRound(system, rules, plansFor({ 1: NORTH_COSTS }), { 1: north }, Phase.Review);
    await budgetRound.connect(system.official).publishBallot(roundId, 1);
    const cast = () => budgetRound.connect(north[0]!).castApprovalBallot(roundId, 1, bits(0));
    await expectRevert(cast(), budgetRound, "RoundWrongPhase", [roundId, Phase.Review, Phase.Voting]);
    await goToPhase(system, rules, Phase.Voting);
    await cast();
    await goToPhase(system, rules, Phase.Closed);
    await expectRevert(cast(), budgetRound, "RoundWrongPhase", [roundId, Phase.Closed, Phase.Voting]);

    await clean.restore();
    const cumulative = await approvalRules(system, {
      ballotType: BallotType.Cumulative,
      maxBudgetShareBps: 0,
      totalPoints: 5,
      maxPointsPerProject: 5,
    });
    const other = await prepareRound(system, cumulative, plansFor({ 1: [100] }), { 1: north });
    await expectRevert(
      budgetRound.connect(north[0]!).castApprovalBallot(other.roundId, 1, bits(0)),
      budgetRound,
      "BallotWrongType",
      [other.roundId, BallotType.Cumulative],
    );
  });
});

describe("recordPaperApprovalBallot", () => {
  test("records a clerk's paper ballot, counted exactly like an online one", async () => {
    const { budgetRound, official } = system;
    const { roundId } = await votingRound();
    const selection = bits(1, 6, 9);
    await budgetRound.connect(north[0]!).castApprovalBallot(roundId, 1, selection);
    const online = await tallies(roundId, 1);

    const event = await eventOf(
      budgetRound.connect(official).recordPaperApprovalBallot(roundId, 1, serial("A-0001"), selection),
      budgetRound,
      "PaperApprovalBallotRecorded",
    );
    expect(event).toEqual([roundId, serial("A-0001"), 1n, selection, official.address]);
    expect(await tallies(roundId, 1)).toEqual(online.map((votes) => votes * 2n));
    expect(plain(await budgetRound.paperApprovalBallot(roundId, serial("A-0001")))).toEqual([1n, selection]);
    expect((await budgetRound.getDistrict(roundId, 1)).paperBallotCount).toBe(1n);

    await budgetRound.connect(official).recordPaperApprovalBallot(roundId, 2, serial("B-0001"), bits(2));
    await budgetRound.connect(official).recordPaperApprovalBallot(roundId, 2, serial("B-0002"), bits(0, 1));
    expect((await budgetRound.getDistrict(roundId, 2)).paperBallotCount).toBe(2n);
    expect((await budgetRound.getDistrict(roundId, 1)).paperBallotCount).toBe(1n);
    expect(await tallies(roundId, 2)).toEqual([1n, 1n, 1n]);
    // Paper ballots are not anyone's online ballot.
    expect(plain(await budgetRound.approvalBallotOf(roundId, official.address))).toEqual([0n, 0n]);
  });

  test("uses each serial once per round, in any district", async () => {
    const { budgetRound, official } = system;
    const { roundId } = await votingRound();
    await budgetRound.connect(official).recordPaperApprovalBallot(roundId, 1, serial("7"), bits(0));
    for (const district of [1, 2]) {
      await expectRevert(
        budgetRound.connect(official).recordPaperApprovalBallot(roundId, district, serial("7"), bits(1)),
        budgetRound,
        "BallotPaperSerialUsed",
        [serial("7")],
      );
    }
    expect(await tallies(roundId, 1)).toEqual(approvalTallies([bits(0)], 10));
    expect((await budgetRound.getDistrict(roundId, 1)).paperBallotCount).toBe(1n);
  });

  test("applies the same ballot rules as online ballots", async () => {
    const { budgetRound, official } = system;
    const { roundId } = await votingRound({ minProjects: 1, maxProjects: 2, minBudgetShareBps: 1_000 });
    const record = (district: number, selection: bigint) =>
      budgetRound.connect(official).recordPaperApprovalBallot(roundId, district, serial(String(selection)), selection);
    await expectRevert(record(1, 0n), budgetRound, "BallotEmpty", []);
    await expectRevert(record(1, bits(10)), budgetRound, "BallotUnknownPosition", [10, 10]);
    await expectRevert(record(1, bits(7, 1)), budgetRound, "BallotOverBudget", [1100, 1000]);
    await expectRevert(record(1, bits(6)), budgetRound, "BallotUnderMinimumSpend", [50, 100]);
    await expectRevert(record(1, bits(0, 1, 2)), budgetRound, "BallotTooManyProjects", [3, 2]);
    await expectRevert(record(4, bits(0)), budgetRound, "RoundUnknownDistrict", [roundId, 4]);
    expect((await budgetRound.getDistrict(roundId, 1)).paperBallotCount).toBe(0n);
  });

  test("is for clerks only, in the voting phase of an approval round with a published ballot", async () => {
    const { budgetRound, official, outsider } = system;
    const rules = await approvalRules(system);
    const { roundId } = await prepareRound(system, rules, plansFor({ 1: NORTH_COSTS }), { 1: north }, Phase.Review);
    await expectRevert(
      budgetRound.connect(outsider).recordPaperApprovalBallot(roundId, 1, serial("1"), bits(0)),
      budgetRound,
      "AccessControlUnauthorizedAccount",
      [outsider.address, await budgetRound.CLERK_ROLE()],
    );
    await expectRevert(
      budgetRound.connect(official).recordPaperApprovalBallot(roundId, 1, serial("1"), bits(0)),
      budgetRound,
      "RoundWrongPhase",
      [roundId, Phase.Review, Phase.Voting],
    );
    await goToPhase(system, rules, Phase.Voting);
    await expectRevert(
      budgetRound.connect(official).recordPaperApprovalBallot(roundId, 1, serial("1"), bits(0)),
      budgetRound,
      "RoundBallotNotPublished",
      [roundId, 1],
    );
    await expectRevert(
      budgetRound.connect(official).recordPaperCumulativeBallot(roundId, 1, serial("1"), [1n]),
      budgetRound,
      "BallotWrongType",
      [roundId, BallotType.Approval],
    );
    await goToPhase(system, rules, Phase.Closed);
    await expectRevert(
      budgetRound.connect(official).recordPaperApprovalBallot(roundId, 1, serial("1"), bits(0)),
      budgetRound,
      "RoundWrongPhase",
      [roundId, Phase.Closed, Phase.Voting],
    );
  });
});
