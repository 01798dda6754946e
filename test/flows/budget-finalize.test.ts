/**
 * BudgetRound results: finalize applies the greedy rule per district with the published
 * tie-break; officials then report on the implementation of the selected projects.
 */
import type { SnapshotRestorer } from "@nomicfoundation/hardhat-network-helpers/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { ZeroHash, id } from "ethers";
import { beforeAll, beforeEach, describe, expect, test } from "vitest";

import { expectRevert } from "../helpers/errors.js";
import {
  ImplementationStatus,
  Phase,
  type PreparedRound,
  TieBreak,
  approvalRules,
  bits,
  cumulativeRules,
  eventOf,
  eventsOf,
  goToPhase,
  packPoints,
  plain,
  plansFor,
  prepareRound,
  registerResidents,
  serial,
} from "../helpers/rounds.js";
import { type System, deploySystem } from "../helpers/system.js";

let system: System;
let clean: SnapshotRestorer;
let north: HardhatEthersSigner[];
let south: HardhatEthersSigner[];

beforeAll(async () => {
  system = await deploySystem();
  north = system.residents.slice(0, 5);
  south = system.residents.slice(5, 7);
  await registerResidents(system, 1, north);
  await registerResidents(system, 2, south);
  clean = await system.networkHelpers.takeSnapshot();
});

beforeEach(async () => {
  await clean.restore();
});

/** Casts approval ballots: the first ones online by district-1 residents, the rest on paper. */
async function approvals(roundId: bigint, district: number, selections: bigint[], online: HardhatEthersSigner[] = []) {
  const { budgetRound, official } = system;
  for (const [i, selection] of selections.entries()) {
    if (i < online.length) await budgetRound.connect(online[i]!).castApprovalBallot(roundId, district, selection);
    else
      await budgetRound
        .connect(official)
        .recordPaperApprovalBallot(roundId, district, serial(`${district}-${i}`), selection);
  }
}

// District 1 (budget 1000). Positions:       A    B    C    D    E   F
const GREEDY_COSTS = [600, 500, 300, 200, 50, 50];
const [A, B, C, D, E, F] = [0, 1, 2, 3, 4, 5];
/** Votes A 5, B 4, C 3, D 2, E 1, F 0; every ballot within the budget. */
const GREEDY_BALLOTS = [
  bits(A, D, E),
  bits(A, D),
  bits(A, C),
  bits(A, C),
  bits(A),
  bits(B, C),
  bits(B),
  bits(B),
  bits(B),
];

async function greedyRound(): Promise<PreparedRound> {
  const prepared = await prepareRound(
    system,
    await approvalRules(system),
    plansFor({ 1: GREEDY_COSTS, 2: [100, 200] }),
    { 1: north, 2: south },
  );
  await approvals(prepared.roundId, 1, GREEDY_BALLOTS, north);
  return prepared;
}

describe("finalize", () => {
  test("takes projects by votes, skips one that no longer fits for a later cheaper one, and never a zero-vote one", async () => {
    const { budgetRound, outsider } = system;
    const { roundId, rules, proposalIds } = await greedyRound();
    await goToPhase(system, rules, Phase.Closed);

    const tx = budgetRound.connect(outsider).finalize(roundId);
    const districts = await eventsOf(tx, budgetRound, "DistrictFinalized");
    // A (600) -> 600; B (500) does not fit; C (300) -> 900; D (200) does not fit; E (50) -> 950;
    // F (50) would fit but has no votes.
    const selected = bits(A, C, E);
    expect(districts.map((event) => plain(event.args))).toEqual([
      [roundId, 1n, selected, 950n, [5n, 4n, 3n, 2n, 1n, 0n]],
      [roundId, 2n, 0n, 0n, [0n, 0n]],
    ]);
    expect((await eventsOf(tx, budgetRound, "RoundFinalized")).map((event) => plain(event.args))).toEqual([[roundId]]);

    expect(plain(await budgetRound.getSelected(roundId, 1))).toEqual([A, C, E].map((p) => proposalIds[p]!));
    expect(plain(await budgetRound.getSelected(roundId, 2))).toEqual([]);
    const district = await budgetRound.getDistrict(roundId, 1);
    expect([district.finalized, district.selectedCost, district.selected, district.paperBallotCount]).toEqual([
      true,
      950n,
      selected,
      4n,
    ]);
    expect(await budgetRound.phase(roundId)).toBe(BigInt(Phase.Finalized));
  });

  test("LowerCostFirst takes the cheaper of equally voted projects first, then the lower id", async () => {
    const { budgetRound } = system;
    const { roundId, rules, proposalIds } = await prepareRound(
      system,
      await approvalRules(system, { tieBreak: TieBreak.LowerCostFirst }),
      plansFor({ 1: [700, 400, 400, 300] }),
      { 1: north },
    );
    await approvals(roundId, 1, [bits(0), bits(1), bits(2), bits(3)]);
    await goToPhase(system, rules, Phase.Closed);
    const [event] = await eventsOf(budgetRound.finalize(roundId), budgetRound, "DistrictFinalized");
    // 300 (position 3), then 400 (position 1 before 2): 700; then 400 and 700 no longer fit.
    expect(plain(event!.args)).toEqual([roundId, 1n, bits(1, 3), 700n, [1n, 1n, 1n, 1n]]);
    expect(plain(await budgetRound.getSelected(roundId, 1))).toEqual([proposalIds[1]!, proposalIds[3]!]);
  });

  test("LowerIdFirst takes the earlier of equally voted projects first", async () => {
    const { budgetRound } = system;
    const { roundId, rules, proposalIds } = await prepareRound(
      system,
      await approvalRules(system, { tieBreak: TieBreak.LowerIdFirst }),
      plansFor({ 1: [700, 400, 400, 300] }),
      { 1: north },
    );
    await approvals(roundId, 1, [bits(0), bits(1), bits(2), bits(3)]);
    await goToPhase(system, rules, Phase.Closed);
    const [event] = await eventsOf(budgetRound.finalize(roundId), budgetRound, "DistrictFinalized");
    // 700 (position 0); 400 and 400 do not fit; 300 does: 1000.
    expect(plain(event!.args)).toEqual([roundId, 1n, bits(0, 3), 1000n, [1n, 1n, 1n, 1n]]);
    expect(plain(await budgetRound.getSelected(roundId, 1))).toEqual([proposalIds[0]!, proposalIds[3]!]);
  });

  test("votes outrank both tie-breaks", async () => {
    const { budgetRound } = system;
    for (const tieBreak of [TieBreak.LowerCostFirst, TieBreak.LowerIdFirst]) {
      await clean.restore();
      const { roundId, rules } = await prepareRound(
        system,
        await approvalRules(system, { tieBreak }),
        plansFor({ 1: [300, 800] }),
        { 1: north },
      );
      await approvals(roundId, 1, [bits(1), bits(1), bits(0)]);
      await goToPhase(system, rules, Phase.Closed);
      const [event] = await eventsOf(budgetRound.finalize(roundId), budgetRound, "DistrictFinalized");
      expect(plain(event!.args), `tie-break ${tieBreak}`).toEqual([roundId, 1n, bits(1), 800n, [1n, 2n]]);
    }
  });

  test("ranks cumulative ballots by points", async () => {
    const { budgetRound, official } = system;
    const { roundId, rules, proposalIds } = await prepareRound(
      system,
      await cumulativeRules(system),
      plansFor({ 1: [400, 400, 400, 100] }),
      { 1: north },
    );
    await budgetRound.connect(north[0]!).castCumulativeBallot(roundId, 1, packPoints([5, 1, 4]));
    await budgetRound.connect(north[1]!).castCumulativeBallot(roundId, 1, packPoints([0, 5, 0, 5]));
    await budgetRound.connect(official).recordPaperCumulativeBallot(roundId, 1, serial("p"), packPoints([1, 0, 2]));
    await goToPhase(system, rules, Phase.Closed);
    const [event] = await eventsOf(budgetRound.finalize(roundId), budgetRound, "DistrictFinalized");
    // Points 6, 6, 6, 5: the three 400s by tie-break (equal cost: lower id), then 100 fits: 900.
    // Only two 400s fit in 1000, so position 2 is skipped and position 3 taken.
    expect(plain(event!.args)).toEqual([roundId, 1n, bits(0, 1, 3), 900n, [6n, 6n, 6n, 5n]]);
    expect(plain(await budgetRound.getSelected(roundId, 1))).toEqual([0, 1, 3].map((p) => proposalIds[p]!));
  });

  test("is only possible once the round is closed, and only once", async () => {
    const { budgetRound, official } = system;
    const { roundId, rules } = await greedyRound();
    await expectRevert(budgetRound.finalize(roundId), budgetRound, "RoundWrongPhase", [
      roundId,
      Phase.Voting,
      Phase.Closed,
    ]);
    expect(plain(await budgetRound.getSelected(roundId, 1))).toEqual([]);
    await goToPhase(system, rules, Phase.Closed);
    await budgetRound.finalize(roundId);
    await expectRevert(budgetRound.finalize(roundId), budgetRound, "RoundWrongPhase", [
      roundId,
      Phase.Finalized,
      Phase.Closed,
    ]);
    // Nothing can be voted any more.
    await expectRevert(
      budgetRound.connect(north[0]!).castApprovalBallot(roundId, 1, bits(0)),
      budgetRound,
      "RoundWrongPhase",
      [roundId, Phase.Finalized, Phase.Voting],
    );
    await expectRevert(
      budgetRound.connect(official).recordPaperApprovalBallot(roundId, 1, serial("late"), bits(0)),
      budgetRound,
      "RoundWrongPhase",
      [roundId, Phase.Finalized, Phase.Voting],
    );
  });
});

describe("reportImplementation", () => {
  async function finalizedRound() {
    const { official, budgetRound } = system;
    const prepared = await greedyRound();
    await goToPhase(system, prepared.rules, Phase.Closed);
    await budgetRound.connect(official).finalize(prepared.roundId);
    return prepared;
  }

  test("records the status of a selected project, as often as it changes", async () => {
    const { budgetRound, official } = system;
    const { proposalIds } = await finalizedRound();
    const funded = proposalIds[C]!;
    for (const [status, note] of [
      [ImplementationStatus.Planned, "planned for spring"],
      [ImplementationStatus.InProgress, "works started"],
      [ImplementationStatus.Done, "opened"],
    ] as const) {
      const event = await eventOf(
        budgetRound.connect(official).reportImplementation(funded, status, id(note)),
        budgetRound,
        "ImplementationReported",
      );
      expect(event).toEqual([funded, BigInt(status), id(note), official.address]);
      expect((await budgetRound.getProposal(funded)).implementation).toBe(BigInt(status));
    }
    expect((await budgetRound.getProposal(proposalIds[A]!)).implementation).toBe(BigInt(ImplementationStatus.None));
  });

  test("refuses projects that were not selected, status None, non-managers and unknown proposals", async () => {
    const { budgetRound, official, outsider } = system;
    const { proposalIds } = await finalizedRound();
    // B and D were on the ballot with votes but skipped; F had no votes; district 2's first
    // proposal (id index 6) got no ballots at all.
    for (const position of [B, D, F]) {
      await expectRevert(
        budgetRound
          .connect(official)
          .reportImplementation(proposalIds[position]!, ImplementationStatus.Planned, ZeroHash),
        budgetRound,
        "RoundProposalNotFunded",
        [proposalIds[position]!],
      );
    }
    await expectRevert(
      budgetRound.connect(official).reportImplementation(proposalIds[6]!, ImplementationStatus.Done, ZeroHash),
      budgetRound,
      "RoundProposalNotFunded",
      [proposalIds[6]!],
    );
    await expectRevert(
      budgetRound.connect(official).reportImplementation(proposalIds[A]!, ImplementationStatus.None, ZeroHash),
      budgetRound,
      "RoundInvalidRule",
      ["status", 0],
    );
    await expectRevert(
      budgetRound.connect(outsider).reportImplementation(proposalIds[A]!, ImplementationStatus.Done, ZeroHash),
      budgetRound,
      "AccessControlUnauthorizedAccount",
      [outsider.address, await budgetRound.ROUND_MANAGER_ROLE()],
    );
    await expectRevert(
      budgetRound.connect(official).reportImplementation(999, ImplementationStatus.Done, ZeroHash),
      budgetRound,
      "RoundUnknownProposal",
      [999],
    );
  });

  test("refuses a proposal that never reached the ballot", async () => {
    const { budgetRound, official } = system;
    const { roundId, rules, proposalIds } = await prepareRound(
      system,
      await approvalRules(system, { supportThreshold: 1 }),
      [
        { district: 1, cost: 100, supports: 1 },
        { district: 1, cost: 100, supports: 1, review: "infeasible" },
        { district: 1, cost: 100, supports: 0 },
      ],
      { 1: north },
    );
    await approvals(roundId, 1, [bits(0)]);
    await goToPhase(system, rules, Phase.Closed);
    await budgetRound.finalize(roundId);
    expect(plain(await budgetRound.getSelected(roundId, 1))).toEqual([proposalIds[0]!]);
    for (const proposalId of proposalIds.slice(1)) {
      await expectRevert(
        budgetRound.connect(official).reportImplementation(proposalId, ImplementationStatus.Planned, ZeroHash),
        budgetRound,
        "RoundProposalNotFunded",
        [proposalId],
      );
    }
  });

  test("is only possible after finalize", async () => {
    const { budgetRound, official } = system;
    const { roundId, rules, proposalIds } = await greedyRound();
    await goToPhase(system, rules, Phase.Closed);
    await expectRevert(
      budgetRound.connect(official).reportImplementation(proposalIds[A]!, ImplementationStatus.Planned, ZeroHash),
      budgetRound,
      "RoundWrongPhase",
      [roundId, Phase.Closed, Phase.Finalized],
    );
  });
});
