/**
 * BudgetRound before the vote: residents propose and support, reviewers review, and each
 * district's ballot is published from the feasible proposals at or over the support threshold.
 */
import type { SnapshotRestorer } from "@nomicfoundation/hardhat-network-helpers/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { ZeroHash } from "ethers";
import { beforeAll, beforeEach, describe, expect, test } from "vitest";

import { expectRevert } from "../helpers/errors.js";
import {
  Phase,
  ProposalStatus,
  approvalRules,
  contentHash,
  createRound,
  eventOf,
  goToPhase,
  plain,
  prepareRound,
  reason,
  registerResidents,
} from "../helpers/rounds.js";
import { type System, deploySystem } from "../helpers/system.js";

let system: System;
let clean: SnapshotRestorer;
let north: HardhatEthersSigner[];
let south: HardhatEthersSigner[];

beforeAll(async () => {
  system = await deploySystem();
  north = system.residents.slice(0, 6);
  south = system.residents.slice(6, 10);
  await registerResidents(system, 1, north);
  await registerResidents(system, 2, south);
  clean = await system.networkHelpers.takeSnapshot();
});

beforeEach(async () => {
  await clean.restore();
});

describe("submitProposal", () => {
  test("records the proposal with ProposalSubmitted; ids are global across rounds and districts", async () => {
    const { budgetRound } = system;
    const rules = await approvalRules(system);
    const first = await createRound(system, rules);
    const second = await createRound(system, rules);
    await goToPhase(system, rules, Phase.Proposals);

    const event = await eventOf(
      budgetRound.connect(north[1]!).submitProposal(first, 1, 250, contentHash(1)),
      budgetRound,
      "ProposalSubmitted",
    );
    expect(event).toEqual([1n, first, 1n, north[1]!.address, 250n, contentHash(1)]);
    await budgetRound.connect(south[0]!).submitProposal(second, 2, 500, contentHash(2));
    await budgetRound.connect(north[0]!).submitProposal(first, 1, 1000, contentHash(3));

    expect(await budgetRound.proposalCount()).toBe(3n);
    expect(plain(await budgetRound.getProposal(1))).toEqual([
      first,
      1n,
      north[1]!.address,
      250n,
      0n,
      0n,
      BigInt(ProposalStatus.Submitted),
      0n,
      contentHash(1),
      ZeroHash,
    ]);
    expect((await budgetRound.getProposal(2)).roundId).toBe(second);
    expect((await budgetRound.getDistrict(first, 1)).proposalCount).toBe(2n);
    expect((await budgetRound.getDistrict(first, 2)).proposalCount).toBe(0n);
    expect((await budgetRound.getDistrict(second, 2)).proposalCount).toBe(1n);
  });

  test("is only possible in the proposals phase", async () => {
    const { budgetRound } = system;
    const rules = await approvalRules(system);
    const roundId = await createRound(system, rules);
    const submit = () => budgetRound.connect(north[0]!).submitProposal(roundId, 1, 100, contentHash(0));
    await expectRevert(submit(), budgetRound, "RoundWrongPhase", [roundId, Phase.Scheduled, Phase.Proposals]);
    await goToPhase(system, rules, Phase.Support);
    await expectRevert(submit(), budgetRound, "RoundWrongPhase", [roundId, Phase.Support, Phase.Proposals]);
    await expectRevert(
      budgetRound.connect(north[0]!).submitProposal(roundId + 1n, 1, 100, contentHash(0)),
      budgetRound,
      "RoundUnknown",
      [roundId + 1n],
    );
  });

  test("needs a current resident of the district", async () => {
    const { budgetRound, registry, admin, outsider } = system;
    const rules = await approvalRules(system);
    const roundId = await createRound(system, rules);
    await goToPhase(system, rules, Phase.Proposals);
    await expectRevert(
      budgetRound.connect(south[0]!).submitProposal(roundId, 1, 100, contentHash(0)),
      budgetRound,
      "RoundNotResident",
      [south[0]!.address, 1],
    );
    await expectRevert(
      budgetRound.connect(outsider).submitProposal(roundId, 1, 100, contentHash(0)),
      budgetRound,
      "RoundNotResident",
      [outsider.address, 1],
    );
    await registry.connect(admin).revoke(north[2]!.address);
    await expectRevert(
      budgetRound.connect(north[2]!).submitProposal(roundId, 1, 100, contentHash(0)),
      budgetRound,
      "RoundNotResident",
      [north[2]!.address, 1],
    );
  });

  test("refuses a district outside the round with RoundUnknownDistrict", async () => {
    const { budgetRound } = system;
    const rules = await approvalRules(system, { districts: [2], budgets: [500] });
    const roundId = await createRound(system, rules);
    await goToPhase(system, rules, Phase.Proposals);
    await expectRevert(
      budgetRound.connect(north[0]!).submitProposal(roundId, 1, 100, contentHash(0)),
      budgetRound,
      "RoundUnknownDistrict",
      [roundId, 1],
    );
  });

  test("needs a cost within (0, district budget] and at most 2**32 - 1, and a content hash", async () => {
    const { budgetRound } = system;
    const big = 2n ** 33n;
    const rules = await approvalRules(system, { budgets: [1000, big] });
    const roundId = await createRound(system, rules);
    await goToPhase(system, rules, Phase.Proposals);
    const submit = (signer: HardhatEthersSigner, district: number, cost: bigint | number, hash = contentHash(0)) =>
      budgetRound.connect(signer).submitProposal(roundId, district, cost, hash);
    await expectRevert(submit(north[0]!, 1, 0), budgetRound, "RoundInvalidCost", [0, 1000]);
    await expectRevert(submit(north[0]!, 1, 1001), budgetRound, "RoundInvalidCost", [1001, 1000]);
    await expectRevert(submit(south[0]!, 2, 2n ** 32n), budgetRound, "RoundInvalidCost", [2n ** 32n, big]);
    await expectRevert(submit(north[0]!, 1, 1000, ZeroHash), budgetRound, "RoundEmptyContent", []);
    await submit(north[0]!, 1, 1000);
    await submit(north[0]!, 1, 1);
    await submit(south[0]!, 2, 2n ** 32n - 1n);
    expect(await budgetRound.proposalCount()).toBe(3n);
  });

  test("allows 224 proposals in a district and refuses the 225th with RoundTooManyProposals", async () => {
    const { budgetRound } = system;
    const rules = await approvalRules(system);
    const roundId = await createRound(system, rules);
    await goToPhase(system, rules, Phase.Proposals);
    const proposer = budgetRound.connect(north[0]!);
    for (let i = 0; i < 224; i++) await proposer.submitProposal(roundId, 1, 1 + i, contentHash(i));
    expect((await budgetRound.getDistrict(roundId, 1)).proposalCount).toBe(224n);
    await expectRevert(proposer.submitProposal(roundId, 1, 5, contentHash(999)), budgetRound, "RoundTooManyProposals", [
      roundId,
      1,
      224,
    ]);
    // The limit is per district.
    await budgetRound.connect(south[0]!).submitProposal(roundId, 2, 5, contentHash(999));
    expect(await budgetRound.proposalCount()).toBe(225n);
  });

  test("with maxProposalsPerProposer one resident cannot fill the district's slots: the next proposal is refused, others still propose", async () => {
    const { budgetRound } = system;
    const rules = await approvalRules(system, { maxProposalsPerProposer: 3 });
    const roundId = await createRound(system, rules);
    expect((await budgetRound.getRules(roundId)).maxProposalsPerProposer).toBe(3n);
    await goToPhase(system, rules, Phase.Proposals);
    const squatter = budgetRound.connect(north[0]!);
    for (let i = 0; i < 3; i++) await squatter.submitProposal(roundId, 1, 1, contentHash(i));
    await expectRevert(
      squatter.submitProposal(roundId, 1, 1, contentHash(3)),
      budgetRound,
      "RoundProposerLimitReached",
      [roundId, north[0]!.address, 3],
    );
    // an honest neighbour's proposal still lands
    await budgetRound.connect(north[1]!).submitProposal(roundId, 1, 400, contentHash(4));
    expect((await budgetRound.getDistrict(roundId, 1)).proposalCount).toBe(4n);
  });
});

describe("support", () => {
  test("counts each resident once, with ProposalSupported carrying the new count", async () => {
    const { budgetRound } = system;
    const { proposalIds } = await prepareRound(
      system,
      await approvalRules(system),
      [{ district: 1, cost: 100 }],
      { 1: north },
      Phase.Support,
    );
    const proposalId = proposalIds[0]!;
    const first = await eventOf(budgetRound.connect(north[3]!).support(proposalId), budgetRound, "ProposalSupported");
    expect(first).toEqual([proposalId, north[3]!.address, 1n]);
    // The proposer may support their own proposal.
    const second = await eventOf(budgetRound.connect(north[0]!).support(proposalId), budgetRound, "ProposalSupported");
    expect(second).toEqual([proposalId, north[0]!.address, 2n]);
    expect((await budgetRound.getProposal(proposalId)).supportCount).toBe(2n);
    expect(await budgetRound.hasSupported(proposalId, north[3]!.address)).toBe(true);
    expect(await budgetRound.hasSupported(proposalId, north[1]!.address)).toBe(false);

    await expectRevert(budgetRound.connect(north[3]!).support(proposalId), budgetRound, "RoundAlreadySupported", [
      proposalId,
      north[3]!.address,
    ]);
    expect((await budgetRound.getProposal(proposalId)).supportCount).toBe(2n);
  });

  test("is only possible in the support phase", async () => {
    const { budgetRound } = system;
    const { proposalIds, roundId, rules } = await prepareRound(
      system,
      await approvalRules(system),
      [{ district: 1, cost: 100 }],
      { 1: north },
      Phase.Proposals,
    );
    await expectRevert(budgetRound.connect(north[1]!).support(proposalIds[0]!), budgetRound, "RoundWrongPhase", [
      roundId,
      Phase.Proposals,
      Phase.Support,
    ]);
    await goToPhase(system, rules, Phase.Review);
    await expectRevert(budgetRound.connect(north[1]!).support(proposalIds[0]!), budgetRound, "RoundWrongPhase", [
      roundId,
      Phase.Review,
      Phase.Support,
    ]);
  });

  test("needs a current resident of the proposal's district and an existing proposal", async () => {
    const { budgetRound, outsider } = system;
    const { proposalIds } = await prepareRound(
      system,
      await approvalRules(system),
      [{ district: 1, cost: 100 }],
      { 1: north },
      Phase.Support,
    );
    await expectRevert(budgetRound.connect(south[0]!).support(proposalIds[0]!), budgetRound, "RoundNotResident", [
      south[0]!.address,
      1,
    ]);
    await expectRevert(budgetRound.connect(outsider).support(proposalIds[0]!), budgetRound, "RoundNotResident", [
      outsider.address,
      1,
    ]);
    await expectRevert(budgetRound.connect(north[0]!).support(99), budgetRound, "RoundUnknownProposal", [99]);
  });
});

describe("review", () => {
  test("records a feasible review with its final cost, and an infeasible one with cost 0", async () => {
    const { budgetRound, official } = system;
    const { proposalIds, rules } = await prepareRound(
      system,
      await approvalRules(system),
      [
        { district: 1, cost: 100 },
        { district: 1, cost: 200 },
      ],
      { 1: north },
      Phase.Support,
    );
    await goToPhase(system, rules, Phase.Review);

    const [a, b] = proposalIds as [bigint, bigint];
    const feasible = await eventOf(
      budgetRound.connect(official).review(a, true, 1000, reason(1)),
      budgetRound,
      "ProposalReviewed",
    );
    expect(feasible).toEqual([a, official.address, true, 1000n, reason(1)]);
    const infeasible = await eventOf(
      budgetRound.connect(official).review(b, false, 150, reason(2)),
      budgetRound,
      "ProposalReviewed",
    );
    expect(infeasible).toEqual([b, official.address, false, 0n, reason(2)]);

    const pa = await budgetRound.getProposal(a);
    expect([pa.status, pa.requestedCost, pa.finalCost, pa.reasonHash]).toEqual([
      BigInt(ProposalStatus.Feasible),
      100n,
      1000n,
      reason(1),
    ]);
    const pb = await budgetRound.getProposal(b);
    expect([pb.status, pb.finalCost, pb.reasonHash]).toEqual([BigInt(ProposalStatus.Infeasible), 0n, reason(2)]);

    for (const proposalId of [a, b]) {
      await expectRevert(
        budgetRound.connect(official).review(proposalId, true, 100, ZeroHash),
        budgetRound,
        "RoundAlreadyReviewed",
        [proposalId],
      );
    }
  });

  test("needs a final cost within (0, district budget] when feasible", async () => {
    const { budgetRound, official } = system;
    const { proposalIds } = await prepareRound(
      system,
      await approvalRules(system),
      [{ district: 2, cost: 100, review: "unreviewed" }],
      { 2: south },
      Phase.Review,
    );
    const id_ = proposalIds[0]!;
    await expectRevert(
      budgetRound.connect(official).review(id_, true, 0, ZeroHash),
      budgetRound,
      "RoundInvalidCost",
      [0, 500],
    );
    await expectRevert(
      budgetRound.connect(official).review(id_, true, 501, ZeroHash),
      budgetRound,
      "RoundInvalidCost",
      [501, 500],
    );
    await budgetRound.connect(official).review(id_, true, 500, ZeroHash);
    expect((await budgetRound.getProposal(id_)).finalCost).toBe(500n);
  });

  test("is only possible for reviewers, in the review phase (or in voting until the ballot is published), on existing proposals", async () => {
    const { budgetRound, official, outsider } = system;
    const { roundId, rules, proposalIds } = await prepareRound(
      system,
      await approvalRules(system),
      [{ district: 1, cost: 100, review: "unreviewed" }],
      { 1: north },
      Phase.Support,
    );
    const proposalId = proposalIds[0]!;
    await expectRevert(
      budgetRound.connect(official).review(proposalId, true, 100, ZeroHash),
      budgetRound,
      "RoundWrongPhase",
      [roundId, Phase.Support, Phase.Review],
    );
    await goToPhase(system, rules, Phase.Review);
    await expectRevert(
      budgetRound.connect(outsider).review(proposalId, true, 100, ZeroHash),
      budgetRound,
      "AccessControlUnauthorizedAccount",
      [outsider.address, await budgetRound.REVIEWER_ROLE()],
    );
    await expectRevert(
      budgetRound.connect(official).review(77, true, 100, ZeroHash),
      budgetRound,
      "RoundUnknownProposal",
      [77],
    );
    // A review the reviewers missed is still possible while the district's ballot is unpublished,
    // so it can never keep the district from voting.
    await goToPhase(system, rules, Phase.Voting);
    await (await budgetRound.connect(official).review(proposalId, true, 100, ZeroHash)).wait();
    expect((await budgetRound.getProposal(proposalId)).status).toBe(2n); // Feasible
    await goToPhase(system, rules, Phase.Closed);
    await expectRevert(
      budgetRound.connect(official).review(proposalId, true, 100, ZeroHash),
      budgetRound,
      "RoundWrongPhase",
      [roundId, Phase.Closed, Phase.Review],
    );
  });
});

describe("publishBallot", () => {
  test("lists the feasible proposals at or over the threshold in ascending id, with final costs", async () => {
    const { budgetRound, official } = system;
    const rules = await approvalRules(system, { supportThreshold: 2 });
    // Districts interleaved so district 1's ids are not consecutive; ten district-1 positions
    // cross the eight-per-word packing of costs.
    const plans = [
      { district: 1, cost: 10, supports: 2 }, // 1: on the ballot
      { district: 2, cost: 20, supports: 3 }, // 2: district 2
      { district: 1, cost: 30, supports: 1, review: "unreviewed" as const }, // 3: under threshold, need no review
      { district: 1, cost: 40, supports: 5, review: "infeasible" as const }, // 4: infeasible
      { district: 1, cost: 50, supports: 2, finalCost: 55 }, // 5: on, at its final cost
      { district: 1, cost: 60, supports: 0 }, // 6: feasible but no support
      ...Array.from({ length: 9 }, (_, i) => ({ district: 1, cost: 100 + i, supports: 3 })), // 7..15: on
      { district: 2, cost: 499, supports: 2, finalCost: 500 }, // 16: district 2
    ];
    const { roundId, proposalIds } = await prepareRound(system, rules, plans, { 1: north, 2: south }, Phase.Review);
    const onBallot = [0, 4, ...Array.from({ length: 9 }, (_, i) => 6 + i)].map((i) => proposalIds[i]!);
    const costs = [10n, 55n, ...Array.from({ length: 9 }, (_, i) => BigInt(100 + i))];

    const event = await eventOf(
      budgetRound.connect(official).publishBallot(roundId, 1),
      budgetRound,
      "BallotPublished",
    );
    expect(event).toEqual([roundId, 1n, onBallot, costs]);
    expect(plain(await budgetRound.getBallot(roundId, 1))).toEqual([onBallot, costs]);
    const district = await budgetRound.getDistrict(roundId, 1);
    expect([district.proposalCount, district.ballotLength, district.ballotPublished]).toEqual([14n, 11n, true]);
    expect(plain(await budgetRound.getTallies(roundId, 1))).toEqual(Array(11).fill(0n));

    // District 2 is untouched until published itself.
    expect((await budgetRound.getDistrict(roundId, 2)).ballotPublished).toBe(false);
    const south2 = await eventOf(
      budgetRound.connect(official).publishBallot(roundId, 2),
      budgetRound,
      "BallotPublished",
    );
    expect(south2).toEqual([roundId, 2n, [proposalIds[1]!, proposalIds[15]!], [20n, 500n]]);
  });

  test("refuses while a proposal at the threshold is unreviewed", async () => {
    const { budgetRound, official } = system;
    const rules = await approvalRules(system, { supportThreshold: 1 });
    const { roundId, proposalIds } = await prepareRound(
      system,
      rules,
      [
        { district: 1, cost: 10, supports: 1 },
        { district: 1, cost: 20, supports: 1, review: "unreviewed" },
      ],
      { 1: north },
      Phase.Review,
    );
    await expectRevert(
      budgetRound.connect(official).publishBallot(roundId, 1),
      budgetRound,
      "RoundUnreviewedProposal",
      [proposalIds[1]!],
    );
    await budgetRound.connect(official).review(proposalIds[1]!, true, 20, ZeroHash);
    await budgetRound.connect(official).publishBallot(roundId, 1);
    expect((await budgetRound.getDistrict(roundId, 1)).ballotLength).toBe(2n);
  });

  test("publishes once; an empty district gets an empty ballot", async () => {
    const { budgetRound, official } = system;
    const { roundId } = await prepareRound(system, await approvalRules(system), [], {}, Phase.Review);
    const event = await eventOf(
      budgetRound.connect(official).publishBallot(roundId, 2),
      budgetRound,
      "BallotPublished",
    );
    expect(event).toEqual([roundId, 2n, [], []]);
    await expectRevert(
      budgetRound.connect(official).publishBallot(roundId, 2),
      budgetRound,
      "RoundBallotAlreadyPublished",
      [roundId, 2],
    );
  });

  test("is possible in the review and voting phases only, for reviewers, in districts of the round", async () => {
    const { budgetRound, official, outsider } = system;
    const { roundId, rules } = await prepareRound(
      system,
      await approvalRules(system),
      [{ district: 1, cost: 10 }],
      { 1: north },
      Phase.Support,
    );
    await expectRevert(budgetRound.connect(official).publishBallot(roundId, 1), budgetRound, "RoundWrongPhase", [
      roundId,
      Phase.Support,
      Phase.Review,
    ]);
    await goToPhase(system, rules, Phase.Review);
    await budgetRound.connect(official).review(1, true, 10, ZeroHash);
    await expectRevert(
      budgetRound.connect(outsider).publishBallot(roundId, 1),
      budgetRound,
      "AccessControlUnauthorizedAccount",
      [outsider.address, await budgetRound.REVIEWER_ROLE()],
    );
    await expectRevert(budgetRound.connect(official).publishBallot(roundId, 5), budgetRound, "RoundUnknownDistrict", [
      roundId,
      5,
    ]);
    await goToPhase(system, rules, Phase.Voting);
    await budgetRound.connect(official).publishBallot(roundId, 1);
    expect((await budgetRound.getDistrict(roundId, 1)).ballotLength).toBe(1n);
    await goToPhase(system, rules, Phase.Closed);
    await expectRevert(budgetRound.connect(official).publishBallot(roundId, 2), budgetRound, "RoundWrongPhase", [
      roundId,
      Phase.Closed,
      Phase.Review,
    ]);
  });
});
