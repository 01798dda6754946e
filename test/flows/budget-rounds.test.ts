/**
 * BudgetRound: creating rounds with fixed rules, the phase schedule, emergency cancel, and the
 * views of an unknown round, district or proposal.
 */
import type { SnapshotRestorer } from "@nomicfoundation/hardhat-network-helpers/types";
import { ZeroHash, id } from "ethers";
import { beforeAll, beforeEach, describe, expect, test } from "vitest";

import { expectRevert } from "../helpers/errors.js";
import {
  LEAD_TIME,
  Phase,
  type Rules,
  approvalRules,
  bits,
  contentHash,
  createRound,
  cumulativeRules,
  eventOf,
  goToPhase,
  packPoints,
  plain,
  prepareRound,
  registerResidents,
  rulesTuple,
  scheduleFrom,
  serial,
} from "../helpers/rounds.js";
import { type System, deploySystem, now } from "../helpers/system.js";

let system: System;
let clean: SnapshotRestorer;

beforeAll(async () => {
  system = await deploySystem();
  clean = await system.networkHelpers.takeSnapshot();
});

beforeEach(async () => {
  await clean.restore();
});

describe("createRound", () => {
  test("stores the rules exactly, emits them in RoundCreated and numbers rounds from 1", async () => {
    const { budgetRound, official } = system;
    expect(await budgetRound.roundCount()).toBe(0n);
    const rules = await approvalRules(system, {
      districts: [7, 3, 12],
      budgets: [250_000, 1, 40_000],
      supportThreshold: 5,
      minProjects: 1,
      maxProjects: 4,
      minBudgetShareBps: 2_500,
      maxBudgetShareBps: 9_000,
      tieBreak: 1,
    });
    const event = await eventOf(budgetRound.connect(official).createRound(rules), budgetRound, "RoundCreated");
    expect(event).toEqual([1n, official.address, rulesTuple(rules)]);
    expect(plain(await budgetRound.getRules(1))).toEqual(rulesTuple(rules));
    expect(await budgetRound.roundCount()).toBe(1n);

    const second = await cumulativeRules(system, {
      districts: [1],
      budgets: [2 ** 32],
      totalPoints: 300,
      maxPointsPerProject: 255,
    });
    await budgetRound.connect(official).createRound(second);
    expect(await budgetRound.roundCount()).toBe(2n);
    expect(plain(await budgetRound.getRules(2))).toEqual(rulesTuple(second));
    expect(plain(await budgetRound.getRules(1))).toEqual(rulesTuple(rules));
  });

  test("sets each district's budget from the rules", async () => {
    const rules = await approvalRules(system, { districts: [4, 9], budgets: [700, 300] });
    const roundId = await createRound(system, rules);
    const district = await system.budgetRound.getDistrict(roundId, 9);
    expect(plain(district)).toEqual([300n, 0n, 0n, false, false, 0n, 0n, 0n]);
    expect((await system.budgetRound.getDistrict(roundId, 4)).budget).toBe(700n);
  });

  test("accepts a schedule starting in the very block that creates it and sixteen districts", async () => {
    const start = (await now(system)) + 1;
    const districts = Array.from({ length: 16 }, (_, i) => i + 1);
    const rules = await approvalRules(system, {
      districts,
      budgets: districts.map(() => 100),
      schedule: scheduleFrom(start),
    });
    const roundId = await createRound(system, rules);
    expect(await system.budgetRound.phase(roundId)).toBe(BigInt(Phase.Proposals));
  });

  test("refuses callers without ROUND_MANAGER_ROLE", async () => {
    const { budgetRound, outsider, admin } = system;
    const role = await budgetRound.ROUND_MANAGER_ROLE();
    const rules = await approvalRules(system);
    for (const caller of [outsider, admin]) {
      await expectRevert(
        budgetRound.connect(caller).createRound(rules),
        budgetRound,
        "AccessControlUnauthorizedAccount",
        [caller.address, role],
      );
    }
  });

  type Case = [description: string, overrides: (base: Rules) => Partial<Rules>, field: string, value: number];
  const schedule = (base: Rules, change: Partial<Record<keyof Rules["schedule"], number>>) => ({
    schedule: { ...base.schedule, ...change },
  });
  const s = (base: Rules) => base.schedule;

  const approvalCases: Case[] = [
    ["no districts", () => ({ districts: [], budgets: [] }), "districts", 0],
    [
      "seventeen districts",
      () => ({ districts: Array.from({ length: 17 }, (_, i) => i + 1), budgets: Array(17).fill(100) }),
      "districts",
      17,
    ],
    ["fewer budgets than districts", () => ({ districts: [1, 2], budgets: [100] }), "budgets", 1],
    ["more budgets than districts", () => ({ districts: [1, 2], budgets: [100, 100, 100] }), "budgets", 3],
    ["district 0", () => ({ districts: [1, 0], budgets: [100, 100] }), "districts", 0],
    ["a district twice", () => ({ districts: [5, 6, 5], budgets: [100, 100, 100] }), "districts", 5],
    ["a zero budget", () => ({ districts: [1, 2], budgets: [100, 0] }), "budgets", 0],
    [
      "a proposals start in the past",
      (b) => schedule(b, { proposalsStart: s(b).proposalsStart - 2 * LEAD_TIME }),
      "schedule.proposalsStart",
      -1,
    ],
    [
      "support starting with proposals",
      (b) => schedule(b, { supportStart: s(b).proposalsStart }),
      "schedule.supportStart",
      -1,
    ],
    ["review before support", (b) => schedule(b, { reviewStart: s(b).supportStart - 1 }), "schedule.reviewStart", -1],
    ["voting starting with review", (b) => schedule(b, { votingStart: s(b).reviewStart }), "schedule.votingStart", -1],
    ["voting ending as it starts", (b) => schedule(b, { votingEnd: s(b).votingStart }), "schedule.votingEnd", -1],
    ["maxProjects below minProjects", () => ({ minProjects: 3, maxProjects: 2 }), "maxProjects", 2],
    ["minBudgetShareBps above 100%", () => ({ minBudgetShareBps: 10_001 }), "minBudgetShareBps", 10_001],
    [
      "maxBudgetShareBps below minBudgetShareBps",
      () => ({ minBudgetShareBps: 5_000, maxBudgetShareBps: 4_999 }),
      "maxBudgetShareBps",
      4_999,
    ],
    ["points on an approval round", () => ({ totalPoints: 10 }), "totalPoints", 10],
    ["points per project on an approval round", () => ({ maxPointsPerProject: 1 }), "maxPointsPerProject", 1],
  ];
  const cumulativeCases: Case[] = [
    ["zero total points", () => ({ totalPoints: 0, maxPointsPerProject: 0 }), "totalPoints", 0],
    ["zero points per project", () => ({ maxPointsPerProject: 0 }), "maxPointsPerProject", 0],
    [
      "more points per project than in total",
      () => ({ totalPoints: 4, maxPointsPerProject: 5 }),
      "maxPointsPerProject",
      5,
    ],
    ["a minimum number of projects", () => ({ minProjects: 1 }), "minProjects", 1],
    ["a maximum number of projects", () => ({ maxProjects: 3 }), "maxProjects", 3],
    ["a minimum spend", () => ({ minBudgetShareBps: 100 }), "minBudgetShareBps", 100],
    ["a cost limit", () => ({ maxBudgetShareBps: 10_000 }), "maxBudgetShareBps", 10_000],
  ];

  for (const [ballot, cases, base] of [
    ["approval", approvalCases, approvalRules],
    ["cumulative", cumulativeCases, cumulativeRules],
  ] as const) {
    for (const [description, overrides, field, value] of cases) {
      test(`refuses ${ballot} rules with ${description}: RoundInvalidRule("${field}")`, async () => {
        const rules = await base(system);
        const bad = { ...rules, ...overrides(rules) };
        // -1: the offending value is the schedule time itself.
        const expected = value === -1 ? bad.schedule[field.split(".")[1] as keyof Rules["schedule"]] : value;
        await expectRevert(
          system.budgetRound.connect(system.official).createRound(bad),
          system.budgetRound,
          "RoundInvalidRule",
          [field, expected],
        );
      });
    }
  }

  test("accepts the limits of valid rules: maxProjects 0 with a minimum, 100% minimum spend, no cost limit", async () => {
    const rules = await approvalRules(system, {
      minProjects: 3,
      maxProjects: 0,
      minBudgetShareBps: 10_000,
      maxBudgetShareBps: 0,
    });
    expect(await createRound(system, rules)).toBe(1n);
    const points = await cumulativeRules(system, { totalPoints: 7, maxPointsPerProject: 7 });
    expect(await createRound(system, points)).toBe(2n);
  });
});

describe("phase", () => {
  test("follows the schedule, each phase starting exactly at its time", async () => {
    const { budgetRound, networkHelpers } = system;
    const rules = await approvalRules(system);
    const roundId = await createRound(system, rules);
    const t = rules.schedule;
    expect(await budgetRound.phase(roundId)).toBe(BigInt(Phase.Scheduled));
    const steps: [number, number][] = [
      [t.proposalsStart - 1, Phase.Scheduled],
      [t.proposalsStart, Phase.Proposals],
      [t.supportStart - 1, Phase.Proposals],
      [t.supportStart, Phase.Support],
      [t.reviewStart - 1, Phase.Support],
      [t.reviewStart, Phase.Review],
      [t.votingStart - 1, Phase.Review],
      [t.votingStart, Phase.Voting],
      [t.votingEnd - 1, Phase.Voting],
      [t.votingEnd, Phase.Closed],
      [t.votingEnd + 365 * 86_400, Phase.Closed],
    ];
    for (const [time, phase] of steps) {
      await networkHelpers.time.increaseTo(time);
      expect(await budgetRound.phase(roundId), `at ${time}`).toBe(BigInt(phase));
    }
    await budgetRound.finalize(roundId);
    expect(await budgetRound.phase(roundId)).toBe(BigInt(Phase.Finalized));
  });

  test("skips the support phase when review starts with it", async () => {
    const base = await approvalRules(system);
    const t = base.schedule;
    const rules = { ...base, schedule: { ...t, reviewStart: t.supportStart } };
    const roundId = await createRound(system, rules);
    await system.networkHelpers.time.increaseTo(t.supportStart);
    expect(await system.budgetRound.phase(roundId)).toBe(BigInt(Phase.Review));
  });
});

describe("cancelRound", () => {
  test("cancels with RoundCancelled, after which every action in every later phase fails as Cancelled", async () => {
    const { budgetRound, admin, official, residents } = system;
    const [alice, bob] = residents;
    await registerResidents(system, 1, [alice!, bob!]);
    const { roundId, rules, proposalIds } = await prepareRound(
      system,
      await approvalRules(system),
      [{ district: 1, cost: 100 }],
      { 1: [alice!] },
      Phase.Proposals,
    );
    const proposalId = proposalIds[0]!;
    const reasonHash = id("storm damage: budget needed elsewhere");
    const event = await eventOf(
      budgetRound.connect(admin).cancelRound(roundId, reasonHash),
      budgetRound,
      "RoundCancelled",
    );
    expect(event).toEqual([roundId, admin.address, reasonHash]);
    expect(await budgetRound.phase(roundId)).toBe(BigInt(Phase.Cancelled));

    const cancelled = (expected: number) => [roundId, Phase.Cancelled, expected];
    await expectRevert(
      budgetRound.connect(alice!).submitProposal(roundId, 1, 100, contentHash(9)),
      budgetRound,
      "RoundWrongPhase",
      cancelled(Phase.Proposals),
    );
    await goToPhase(system, rules, Phase.Support);
    await expectRevert(
      budgetRound.connect(bob!).support(proposalId),
      budgetRound,
      "RoundWrongPhase",
      cancelled(Phase.Support),
    );
    await goToPhase(system, rules, Phase.Review);
    await expectRevert(
      budgetRound.connect(official).review(proposalId, true, 100, ZeroHash),
      budgetRound,
      "RoundWrongPhase",
      cancelled(Phase.Review),
    );
    await expectRevert(
      budgetRound.connect(official).publishBallot(roundId, 1),
      budgetRound,
      "RoundWrongPhase",
      cancelled(Phase.Review),
    );
    await goToPhase(system, rules, Phase.Voting);
    await expectRevert(
      budgetRound.connect(alice!).castApprovalBallot(roundId, 1, bits(0)),
      budgetRound,
      "RoundWrongPhase",
      cancelled(Phase.Voting),
    );
    await expectRevert(
      budgetRound.connect(alice!).castCumulativeBallot(roundId, 1, packPoints([1])),
      budgetRound,
      "RoundWrongPhase",
      cancelled(Phase.Voting),
    );
    await expectRevert(
      budgetRound.connect(official).recordPaperApprovalBallot(roundId, 1, serial("1"), bits(0)),
      budgetRound,
      "RoundWrongPhase",
      cancelled(Phase.Voting),
    );
    await expectRevert(
      budgetRound.connect(official).recordPaperCumulativeBallot(roundId, 1, serial("2"), packPoints([1])),
      budgetRound,
      "RoundWrongPhase",
      cancelled(Phase.Voting),
    );
    await goToPhase(system, rules, Phase.Closed);
    await expectRevert(budgetRound.finalize(roundId), budgetRound, "RoundWrongPhase", cancelled(Phase.Closed));
    await expectRevert(
      budgetRound.connect(official).reportImplementation(proposalId, 1, ZeroHash),
      budgetRound,
      "RoundWrongPhase",
      cancelled(Phase.Finalized),
    );
    await expectRevert(
      budgetRound.connect(admin).cancelRound(roundId, reasonHash),
      budgetRound,
      "RoundWrongPhase",
      cancelled(Phase.Closed),
    );
    expect(await budgetRound.phase(roundId)).toBe(BigInt(Phase.Cancelled));
  });

  test("can cancel a closed round before it is finalized, but not a finalized one", async () => {
    const { budgetRound, admin } = system;
    const rules = await approvalRules(system);
    const first = await createRound(system, rules);
    const second = await createRound(system, rules);
    await goToPhase(system, rules, Phase.Closed);
    await budgetRound.connect(admin).cancelRound(first, ZeroHash);
    expect(await budgetRound.phase(first)).toBe(BigInt(Phase.Cancelled));
    await budgetRound.finalize(second);
    await expectRevert(budgetRound.connect(admin).cancelRound(second, ZeroHash), budgetRound, "RoundWrongPhase", [
      second,
      Phase.Finalized,
      Phase.Closed,
    ]);
  });

  test("refuses callers without DEFAULT_ADMIN_ROLE and unknown rounds", async () => {
    const { budgetRound, admin, official } = system;
    const roundId = await createRound(system, await approvalRules(system));
    await expectRevert(
      budgetRound.connect(official).cancelRound(roundId, ZeroHash),
      budgetRound,
      "AccessControlUnauthorizedAccount",
      [official.address, ZeroHash],
    );
    await expectRevert(budgetRound.connect(admin).cancelRound(roundId + 1n, ZeroHash), budgetRound, "RoundUnknown", [
      roundId + 1n,
    ]);
  });
});

describe("views of unknown rounds, districts and proposals", () => {
  test("revert with RoundUnknown, RoundUnknownDistrict or RoundUnknownProposal", async () => {
    const { budgetRound, outsider } = system;
    const roundId = await createRound(system, await approvalRules(system));
    const missing = roundId + 1n;
    await expectRevert(budgetRound.getRules(missing), budgetRound, "RoundUnknown", [missing]);
    await expectRevert(budgetRound.phase(missing), budgetRound, "RoundUnknown", [missing]);
    await expectRevert(budgetRound.getDistrict(missing, 1), budgetRound, "RoundUnknown", [missing]);
    await expectRevert(budgetRound.finalize(missing), budgetRound, "RoundUnknown", [missing]);
    for (const view of ["getDistrict", "getBallot", "getTallies", "getSelected"] as const) {
      await expectRevert(budgetRound[view](roundId, 3), budgetRound, "RoundUnknownDistrict", [roundId, 3]);
    }
    await expectRevert(budgetRound.getProposal(1), budgetRound, "RoundUnknownProposal", [1]);
    expect(await budgetRound.hasSupported(1, outsider.address)).toBe(false);
    expect(plain(await budgetRound.approvalBallotOf(roundId, outsider.address))).toEqual([0n, 0n]);
    expect(plain(await budgetRound.cumulativeBallotOf(roundId, outsider.address))).toEqual([0n, []]);
    expect(plain(await budgetRound.paperApprovalBallot(roundId, serial("x")))).toEqual([0n, 0n]);
    expect(plain(await budgetRound.paperCumulativeBallot(roundId, serial("x")))).toEqual([0n, []]);
    expect(await budgetRound.proposalCount()).toBe(0n);
  });

  test("an unpublished district has an empty ballot, no tallies and no selection", async () => {
    const { budgetRound } = system;
    const roundId = await createRound(system, await approvalRules(system));
    expect(plain(await budgetRound.getBallot(roundId, 1))).toEqual([[], []]);
    expect(plain(await budgetRound.getTallies(roundId, 1))).toEqual([]);
    expect(plain(await budgetRound.getSelected(roundId, 1))).toEqual([]);
  });
});
