/**
 * BudgetRound cumulative ballots, online and on paper: packed points (one byte per position, 32
 * per word), the points limits, unknown positions, re-voting and the tallies.
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
  cumulativeRules,
  eventOf,
  goToPhase,
  packPoints,
  plain,
  plansFor,
  prepareRound,
  registerResidents,
  serial,
} from "../helpers/rounds.js";
import { YEAR, type System, deploySystem, now } from "../helpers/system.js";

// Tests needing other rules create a further round from the voting snapshot (restoring an earlier
// snapshot would invalidate it).

/** District 1: forty positions, so a ballot is two words and the second is partly past the ballot. */
const NORTH_LENGTH = 40;
const NORTH_COSTS = Array.from({ length: NORTH_LENGTH }, (_, i) => 10 + i);
const SOUTH_COSTS = [100, 200, 300];

let system: System;
let voting: SnapshotRestorer;
let round: PreparedRound;
let north: HardhatEthersSigner[];
let south: HardhatEthersSigner[];

beforeAll(async () => {
  system = await deploySystem();
  north = system.residents.slice(0, 5);
  south = system.residents.slice(5, 8);
  await registerResidents(system, 1, north);
  await registerResidents(system, 2, south);
  round = await votingRound();
  voting = await system.networkHelpers.takeSnapshot();
});

beforeEach(async () => {
  await voting.restore();
});

async function votingRound(overrides: Partial<Rules> = {}): Promise<PreparedRound> {
  const rules = await cumulativeRules(system, overrides);
  return prepareRound(system, rules, plansFor({ 1: NORTH_COSTS, 2: SOUTH_COSTS }), { 1: north, 2: south });
}

async function tallies(roundId: bigint, district: number): Promise<bigint[]> {
  return plain(await system.budgetRound.getTallies(roundId, district)) as bigint[];
}

/** Points by position from sparse `{ position: points }`, as a dense list of `length`. */
function pointsAt(length: number, sparse: Record<number, number>): number[] {
  return Array.from({ length }, (_, position) => sparse[position] ?? 0);
}

function sum(...lists: number[][]): bigint[] {
  return lists[0]!.map((_, i) => BigInt(lists.reduce((total, list) => total + list[i]!, 0)));
}

describe("castCumulativeBallot", () => {
  test("records the packed points, emits CumulativeBallotCast and adds the points to the tallies", async () => {
    const { budgetRound } = system;
    const alice = north[0]!;
    // Positions 0 and 31 are the first and last byte of word 0; 32 and 39 are in word 1.
    const points = pointsAt(NORTH_LENGTH, { 0: 1, 31: 2, 32: 3, 39: 4 });
    const words = packPoints(points);
    expect(words).toEqual([1n | (2n << 248n), 3n | (4n << 56n)]);
    const event = await eventOf(
      budgetRound.connect(alice).castCumulativeBallot(round.roundId, 1, words),
      budgetRound,
      "CumulativeBallotCast",
    );
    expect(event).toEqual([round.roundId, alice.address, 1n, words, false]);
    expect(plain(await budgetRound.cumulativeBallotOf(round.roundId, alice.address))).toEqual([1n, words]);
    expect(await tallies(round.roundId, 1)).toEqual(points.map(BigInt));
    expect(await tallies(round.roundId, 2)).toEqual([0n, 0n, 0n]);
  });

  test("accepts a ballot of fewer words than the ballot has", async () => {
    const { budgetRound } = system;
    const points = pointsAt(NORTH_LENGTH, { 3: 5, 17: 5 });
    await budgetRound.connect(north[0]!).castCumulativeBallot(round.roundId, 1, [packPoints(points)[0]!]);
    expect(await tallies(round.roundId, 1)).toEqual(points.map(BigInt));
  });

  test("a re-vote replaces the earlier ballot, also with fewer words: tallies move and the event says replaced", async () => {
    const { budgetRound } = system;
    const [alice, bob] = north as [HardhatEthersSigner, HardhatEthersSigner];
    const aliceFirst = pointsAt(NORTH_LENGTH, { 1: 5, 35: 5 });
    const bobs = pointsAt(NORTH_LENGTH, { 1: 2, 8: 3, 36: 5 });
    await budgetRound.connect(alice).castCumulativeBallot(round.roundId, 1, packPoints(aliceFirst));
    await budgetRound.connect(bob).castCumulativeBallot(round.roundId, 1, packPoints(bobs));
    expect(await tallies(round.roundId, 1)).toEqual(sum(aliceFirst, bobs));

    const aliceSecond = pointsAt(NORTH_LENGTH, { 2: 4, 8: 1 });
    const second = [packPoints(aliceSecond)[0]!];
    const event = await eventOf(
      budgetRound.connect(alice).castCumulativeBallot(round.roundId, 1, second),
      budgetRound,
      "CumulativeBallotCast",
    );
    expect(event).toEqual([round.roundId, alice.address, 1n, second, true]);
    expect(await tallies(round.roundId, 1)).toEqual(sum(aliceSecond, bobs));
    expect(plain(await budgetRound.cumulativeBallotOf(round.roundId, alice.address))).toEqual([1n, second]);

    // Back to two words.
    const aliceThird = pointsAt(NORTH_LENGTH, { 39: 5, 0: 5 });
    await budgetRound.connect(alice).castCumulativeBallot(round.roundId, 1, packPoints(aliceThird));
    expect(await tallies(round.roundId, 1)).toEqual(sum(aliceThird, bobs));
  });

  test("a refused re-vote keeps the earlier ballot and its tallies", async () => {
    const { budgetRound } = system;
    const alice = north[0]!;
    const first = pointsAt(NORTH_LENGTH, { 5: 5, 33: 5 });
    await budgetRound.connect(alice).castCumulativeBallot(round.roundId, 1, packPoints(first));
    await expectRevert(
      budgetRound
        .connect(alice)
        .castCumulativeBallot(round.roundId, 1, packPoints(pointsAt(NORTH_LENGTH, { 5: 1, 6: 5, 7: 5 }))),
      budgetRound,
      "BallotTooManyPoints",
      [11, 10],
    );
    expect(plain(await budgetRound.cumulativeBallotOf(round.roundId, alice.address))).toEqual([1n, packPoints(first)]);
    expect(await tallies(round.roundId, 1)).toEqual(first.map(BigInt));
  });

  test("enforces the total and per-project points limits", async () => {
    const { budgetRound } = system;
    const cast = (sparse: Record<number, number>) =>
      budgetRound.connect(north[0]!).castCumulativeBallot(round.roundId, 1, packPoints(pointsAt(NORTH_LENGTH, sparse)));
    await expectRevert(cast({ 0: 5, 20: 5, 39: 1 }), budgetRound, "BallotTooManyPoints", [11, 10]);
    await expectRevert(cast({ 0: 1, 33: 6 }), budgetRound, "BallotTooManyPointsForProject", [33, 6, 5]);
    await expectRevert(cast({ 4: 255 }), budgetRound, "BallotTooManyPointsForProject", [4, 255, 5]);
    await cast({ 0: 5, 39: 5 });
  });

  test("refuses a ballot without points", async () => {
    const { budgetRound } = system;
    for (const words of [[], [0n], [0n, 0n]]) {
      await expectRevert(
        budgetRound.connect(north[0]!).castCumulativeBallot(round.roundId, 1, words),
        budgetRound,
        "BallotEmpty",
        [],
      );
    }
  });

  test("refuses points past the ballot, including stray bytes in the last word and extra words", async () => {
    const { budgetRound } = system;
    const cast = (words: bigint[], district = 1, voter = north[0]!) =>
      budgetRound.connect(voter).castCumulativeBallot(round.roundId, district, words);
    const [word0] = packPoints(pointsAt(NORTH_LENGTH, { 0: 1 })) as [bigint];
    // Word 1 holds positions 32..63; only 32..39 are on the ballot.
    await expectRevert(cast([word0, 1n << (8n * 8n)]), budgetRound, "BallotUnknownPosition", [40, 40]);
    await expectRevert(cast([word0, 1n << (31n * 8n)]), budgetRound, "BallotUnknownPosition", [63, 40]);
    await expectRevert(
      cast([word0, 1n | (2n << (10n * 8n)) | (1n << (20n * 8n))]),
      budgetRound,
      "BallotUnknownPosition",
      [42, 40],
    );
    // A third word is past the ballot even when it is zero.
    await expectRevert(cast([word0, 0n, 0n]), budgetRound, "BallotUnknownPosition", [95, 40]);
    await expectRevert(cast([word0, 0n, 1n]), budgetRound, "BallotUnknownPosition", [95, 40]);
    // District 2 has three positions in one word.
    await expectRevert(cast([1n << 24n], 2, south[0]!), budgetRound, "BallotUnknownPosition", [3, 3]);
    await expectRevert(cast([1n, 1n], 2, south[0]!), budgetRound, "BallotUnknownPosition", [63, 3]);
    expect(await tallies(round.roundId, 1)).toEqual(Array(NORTH_LENGTH).fill(0n));
  });

  test("tallies hold far more than one byte of points", async () => {
    const { budgetRound } = system;
    const big = await votingRound({ totalPoints: 1_000, maxPointsPerProject: 255 });
    const points = pointsAt(NORTH_LENGTH, { 0: 255, 7: 255, 8: 255, 39: 200 });
    for (const voter of north)
      await budgetRound.connect(voter).castCumulativeBallot(big.roundId, 1, packPoints(points));
    expect(await tallies(big.roundId, 1)).toEqual(points.map((p) => BigInt(p * north.length)));
  });

  test("needs a current resident of the district who has not voted in another district", async () => {
    const { budgetRound, registry, admin, outsider } = system;
    const one = packPoints([1]);
    await expectRevert(
      budgetRound.connect(outsider).castCumulativeBallot(round.roundId, 1, one),
      budgetRound,
      "RoundNotResident",
      [outsider.address, 1],
    );
    await expectRevert(
      budgetRound.connect(south[0]!).castCumulativeBallot(round.roundId, 1, one),
      budgetRound,
      "RoundNotResident",
      [south[0]!.address, 1],
    );
    const mover = north[3]!;
    await budgetRound.connect(mover).castCumulativeBallot(round.roundId, 1, one);
    await registry.connect(admin).revoke(mover.address);
    await registry.connect(admin).register(mover.address, 2, (await now(system)) + YEAR);
    await expectRevert(
      budgetRound.connect(mover).castCumulativeBallot(round.roundId, 2, one),
      budgetRound,
      "BallotOtherDistrict",
      [mover.address, 1, 2],
    );
  });

  test("is only possible in the voting phase of a cumulative round with a published ballot", async () => {
    const { budgetRound, official } = system;
    const rules = await cumulativeRules(system);
    const { roundId } = await prepareRound(system, rules, plansFor({ 1: [10, 20] }), { 1: north }, Phase.Review);
    const cast = () => budgetRound.connect(north[0]!).castCumulativeBallot(roundId, 1, packPoints([1, 1]));
    await expectRevert(cast(), budgetRound, "RoundWrongPhase", [roundId, Phase.Review, Phase.Voting]);
    await goToPhase(system, rules, Phase.Voting);
    await expectRevert(cast(), budgetRound, "RoundBallotNotPublished", [roundId, 1]);
    await budgetRound.connect(official).publishBallot(roundId, 1);
    await cast();
    await goToPhase(system, rules, Phase.Closed);
    await expectRevert(cast(), budgetRound, "RoundWrongPhase", [roundId, Phase.Closed, Phase.Voting]);

    const approval = await prepareRound(system, await approvalRules(system), plansFor({ 1: [10] }), { 1: north });
    await expectRevert(
      budgetRound.connect(north[0]!).castCumulativeBallot(approval.roundId, 1, packPoints([1])),
      budgetRound,
      "BallotWrongType",
      [approval.roundId, BallotType.Approval],
    );
    await expectRevert(
      budgetRound.connect(official).recordPaperCumulativeBallot(approval.roundId, 1, serial("x"), packPoints([1])),
      budgetRound,
      "BallotWrongType",
      [approval.roundId, BallotType.Approval],
    );
  });
});

describe("recordPaperCumulativeBallot", () => {
  test("records a clerk's paper ballot, counted exactly like an online one", async () => {
    const { budgetRound, official } = system;
    const points = pointsAt(NORTH_LENGTH, { 2: 3, 30: 2, 38: 5 });
    const words = packPoints(points);
    await budgetRound.connect(north[0]!).castCumulativeBallot(round.roundId, 1, words);
    const event = await eventOf(
      budgetRound.connect(official).recordPaperCumulativeBallot(round.roundId, 1, serial("C-1"), words),
      budgetRound,
      "PaperCumulativeBallotRecorded",
    );
    expect(event).toEqual([round.roundId, serial("C-1"), 1n, words, official.address]);
    expect(await tallies(round.roundId, 1)).toEqual(sum(points, points));
    expect(plain(await budgetRound.paperCumulativeBallot(round.roundId, serial("C-1")))).toEqual([1n, words]);
    expect((await budgetRound.getDistrict(round.roundId, 1)).paperBallotCount).toBe(1n);

    await budgetRound
      .connect(official)
      .recordPaperCumulativeBallot(round.roundId, 2, serial("C-2"), packPoints([0, 0, 5]));
    expect(await tallies(round.roundId, 2)).toEqual([0n, 0n, 5n]);
    expect((await budgetRound.getDistrict(round.roundId, 2)).paperBallotCount).toBe(1n);
    expect(plain(await budgetRound.cumulativeBallotOf(round.roundId, official.address))).toEqual([0n, []]);
  });

  test("uses each serial once and applies the same rules as online ballots", async () => {
    const { budgetRound, official } = system;
    const record = (label: string, words: bigint[], district = 1) =>
      budgetRound.connect(official).recordPaperCumulativeBallot(round.roundId, district, serial(label), words);
    await record("1", packPoints([4]));
    await expectRevert(record("1", packPoints([1])), budgetRound, "BallotPaperSerialUsed", [serial("1")]);
    await expectRevert(record("1", packPoints([1]), 2), budgetRound, "BallotPaperSerialUsed", [serial("1")]);
    await expectRevert(record("2", []), budgetRound, "BallotEmpty", []);
    await expectRevert(record("2", packPoints([5, 5, 1])), budgetRound, "BallotTooManyPoints", [11, 10]);
    await expectRevert(record("2", packPoints([0, 6])), budgetRound, "BallotTooManyPointsForProject", [1, 6, 5]);
    await expectRevert(record("2", [0n, 1n << (8n * 8n)]), budgetRound, "BallotUnknownPosition", [40, 40]);
    await expectRevert(record("2", [0n, 0n, 1n]), budgetRound, "BallotUnknownPosition", [95, 40]);
    await expectRevert(record("2", [1n], 6), budgetRound, "RoundUnknownDistrict", [round.roundId, 6]);
    expect((await budgetRound.getDistrict(round.roundId, 1)).paperBallotCount).toBe(1n);
    expect((await tallies(round.roundId, 1))[0]).toBe(4n);
  });

  test("is for clerks only", async () => {
    const { budgetRound, outsider } = system;
    await expectRevert(
      budgetRound.connect(outsider).recordPaperCumulativeBallot(round.roundId, 1, serial("1"), packPoints([1])),
      budgetRound,
      "AccessControlUnauthorizedAccount",
      [outsider.address, await budgetRound.CLERK_ROLE()],
    );
  });
});
