/**
 * Scripted activity touching every event the indexer reads: coins (mints, transfers, merchants,
 * redemptions), the registry (registrations, expiry, revocation, a vote-code batch and a
 * redemption, a withdrawn batch), tasks (approve, reject, release, cancel with refunds) and budget
 * rounds (an approval round voted, re-voted, on paper, finalized and reported on; a cumulative
 * round left in voting; a cancelled round; a Method of Equal Shares round closed, committed,
 * objected to, upheld and finalized; a round with a paper support form).
 */
import { id } from "ethers";

import { createCommitter } from "../../../backend/committer/index.js";
import { roundRules } from "../../../lib/budget/index.js";
import { signPaperSupport } from "../../../lib/paper/index.js";
import { buildCodeTree, codeWallet, generateCode, proofFor, signVoteCode } from "../../../lib/votecodes/index.js";
import {
  ImplementationStatus,
  Phase,
  approvalRules,
  bits,
  cumulativeRules,
  goToPhase,
  packPoints,
  prepareRound,
  serial,
} from "../../helpers/rounds.js";
import { DAY, YEAR, now, type System } from "../../helpers/system.js";

/** The listing the workload's merchant has after its rename (its name hash is this text's id). */
export const RENAMED_SHOP = "Bakkerij de Buurt & Dochter, KvK 12345678";

export interface Workload {
  /** Accounts whose balances, claims and ballots the comparison checks. */
  accounts: string[];
  /** The cumulative round still in its voting phase (for activity on forks). */
  openRoundId: bigint;
  district1: System["residents"];
  district2: System["residents"];
}

export async function seedEverything(system: System): Promise<Workload> {
  const { coin, registry, taskBoard, budgetRound, admin, official, verifier, merchant, outsider, residents } = system;
  const district1 = residents.slice(0, 8);
  const district2 = residents.slice(8, 12);

  // ---- registry
  const expiresAt = (await now(system)) + 2 * YEAR;
  for (const r of district1) await registry.register(r.address, 1, expiresAt);
  for (const r of district2.slice(0, 3)) await registry.register(r.address, 2, expiresAt);
  await registry.setExpiry(district1[7]!.address, expiresAt + DAY);
  await registry.register(outsider.address, 2, expiresAt);
  await registry.revoke(outsider.address);

  const codes = [0, 1, 2].map((i) => generateCode((bytes) => bytes.fill(17 + i)));
  const tree = buildCodeTree(codes.map((code) => codeWallet(code).address));
  await registry.publishCodeBatch(2, tree.root, codes.length, (await now(system)) + YEAR, expiresAt);
  const newcomer = district2[3]!;
  const signature = await signVoteCode(codes[0]!, {
    registry: await registry.getAddress(),
    chainId: (await system.ethers.provider.getNetwork()).chainId,
    account: newcomer.address,
    district: 2,
    batchId: 1n,
  });
  await registry.connect(newcomer).redeemVoteCode(1, signature, proofFor(tree, codeWallet(codes[0]!).address));
  await registry.publishCodeBatch(2, id("lost letters"), 10, (await now(system)) + YEAR, expiresAt);
  await registry.withdrawCodeBatch(2);

  // ---- coins
  await coin.mint(official.address, 100_000n);
  await coin.connect(official).approve(await taskBoard.getAddress(), 100_000n);
  for (const [i, r] of district1.slice(0, 4).entries()) await coin.mint(r.address, 500n + BigInt(i));
  await coin.registerMerchant(merchant.address, id("Bakkerij de Buurt, KvK 12345678"));
  await coin.connect(district1[0]!).transfer(merchant.address, 120n);
  await coin.connect(district1[1]!).transfer(district1[2]!.address, 50n);
  await coin.connect(district1[2]!).transfer(district1[2]!.address, 7n);
  await coin.connect(district1[3]!).transfer(merchant.address, 30n);
  await coin.connect(merchant).redeem(100n, id("invoice 2026-001"));
  await coin.renameMerchant(merchant.address, id(RENAMED_SHOP));
  await coin.registerMerchant(outsider.address, id("Pop-up stand"));
  await coin.renameMerchant(outsider.address, id("Pop-up stand, zomer"));
  await coin.removeMerchant(outsider.address);

  // ---- tasks
  const task = (reward: bigint, slots: number) => ({
    reward,
    slots,
    district: 1,
    deadline: 0,
    claimWindow: DAY,
    verifier: verifier.address,
    contentHash: id(`task ${reward} ${slots}`),
  });
  const deadline = (await now(system)) + 7 * DAY;
  await taskBoard.connect(official).createTask({ ...task(250n, 3), deadline });
  await taskBoard.connect(official).createTask({ ...task(100n, 2), deadline });
  await taskBoard.connect(official).createTask({ ...task(75n, 1), deadline });
  const [r0, r1, r2, r3, r4] = [0, 1, 2, 3, 4].map((i) => district1[i]!);
  await taskBoard.connect(r0!).claim(1);
  await taskBoard.connect(r0!).submitEvidence(1, id("photo: square swept"));
  await taskBoard.connect(verifier).approve(1, r0!.address);
  await taskBoard.connect(r1!).claim(1);
  await taskBoard.connect(r1!).submitEvidence(1, id("photo: blurry"));
  await taskBoard.connect(verifier).reject(1, r1!.address, "The photo does not show the square.");
  await taskBoard.connect(r2!).claim(1);
  await taskBoard.connect(r3!).claim(2);
  await taskBoard.connect(official).cancel(2);
  await taskBoard.connect(r3!).submitEvidence(2, id("photo: planter weeded"));
  await taskBoard.connect(verifier).reject(2, r3!.address, "Wrong planter.");
  await taskBoard.connect(r4!).claim(3);
  await system.networkHelpers.time.increase(DAY + 1);
  await taskBoard.connect(outsider).releaseExpiredClaim(1, r2!.address);
  await taskBoard.setYearlyCap(120_000n);

  // ---- an approval round: proposals, supports, reviews, ballots, votes, re-votes, paper, finalize
  const byDistrict = { 1: district1, 2: district2 };
  const approval = await prepareRound(
    system,
    await approvalRules(system),
    [
      { district: 1, cost: 400, supports: 2 },
      { district: 1, cost: 300 },
      { district: 1, cost: 500, review: "infeasible" },
      { district: 1, cost: 250, finalCost: 200 },
      { district: 2, cost: 300 },
      { district: 2, cost: 250 },
    ],
    byDistrict,
  );
  const vote = (signer: System["residents"][0], district: number, selection: bigint) =>
    budgetRound.connect(signer).castApprovalBallot(approval.roundId, district, selection);
  await vote(district1[0]!, 1, bits(0, 1));
  await vote(district1[1]!, 1, bits(0, 2));
  await vote(district1[2]!, 1, bits(1, 2));
  await vote(district1[3]!, 1, bits(0));
  await vote(district1[0]!, 1, bits(1, 2)); // re-vote replaces the first ballot
  await vote(district2[0]!, 2, bits(0));
  await vote(district2[3]!, 2, bits(1));
  await budgetRound.connect(official).recordPaperApprovalBallot(approval.roundId, 1, serial("A-0001"), bits(2));
  await budgetRound.connect(official).recordPaperApprovalBallot(approval.roundId, 2, serial("B-0001"), bits(1));
  await goToPhase(system, approval.rules, Phase.Closed);
  await budgetRound.connect(outsider).finalize(approval.roundId);
  const [selected] = await budgetRound.getSelected(approval.roundId, 1);
  await budgetRound.connect(official).reportImplementation(selected!, ImplementationStatus.InProgress, id("note 1"));

  // ---- a cancelled round, and a cumulative round left open for voting
  await budgetRound.connect(official).createRound(await approvalRules(system));
  await budgetRound.cancelRound(await budgetRound.roundCount(), id("budget withdrawn"));
  const cumulative = await prepareRound(
    system,
    await cumulativeRules(system),
    [
      { district: 1, cost: 100 },
      { district: 1, cost: 200 },
      { district: 1, cost: 300 },
      { district: 2, cost: 150 },
    ],
    byDistrict,
  );
  await budgetRound.connect(district1[0]!).castCumulativeBallot(cumulative.roundId, 1, packPoints([5, 3, 2]));
  await budgetRound.connect(district1[1]!).castCumulativeBallot(cumulative.roundId, 1, packPoints([0, 5]));
  await budgetRound.connect(district1[1]!).castCumulativeBallot(cumulative.roundId, 1, packPoints([1, 4, 5]));
  await budgetRound.connect(district2[1]!).castCumulativeBallot(cumulative.roundId, 2, packPoints([5]));
  await budgetRound
    .connect(official)
    .recordPaperCumulativeBallot(cumulative.roundId, 1, serial("C-0001"), packPoints([0, 0, 5]));

  // ---- a Method of Equal Shares round: closed within a minute (the cumulative round stays in
  // voting), committed by the committer, objected to, the commitment upheld, and finalized
  const start = (await now(system)) + 10;
  const equalShares = await prepareRound(
    system,
    roundRules({
      districts: [{ district: 1, budget: 1000 }],
      schedule: {
        proposalsStart: start,
        supportStart: start + 10,
        reviewStart: start + 20,
        votingStart: start + 30,
        votingEnd: start + 40,
      },
      tallyRule: "equal-shares-add1",
      objectionWindow: 20,
      rulesHash: id("equal shares rules"),
    }),
    [
      { district: 1, cost: 600 },
      { district: 1, cost: 400 },
    ],
    byDistrict,
  );
  await budgetRound.connect(district1[2]!).castApprovalBallot(equalShares.roundId, 1, bits(0, 1));
  await budgetRound.connect(district1[3]!).castApprovalBallot(equalShares.roundId, 1, bits(1));
  await goToPhase(system, equalShares.rules, Phase.Closed);
  await system.networkHelpers.mine();
  await createCommitter({
    provider: system.ethers.provider,
    signer: admin,
    budgetRound: await budgetRound.getAddress(),
    resultCommitments: await system.resultCommitments.getAddress(),
    fromBlock: 0,
  }).tick();
  const [committed] = equalShares.proposalIds;
  await system.resultCommitments.connect(district1[2]!).lodgeObjection(equalShares.roundId, 1, [committed!], id("why"));
  await system.resultCommitments.upholdCommitment(equalShares.roundId, 1, id("upheld"));
  await system.networkHelpers.time.increase(30);
  await budgetRound.connect(outsider).finalize(equalShares.roundId);

  // ---- a round with a household's paper support form in its support phase (a code of district 2's
  // batch the newcomer did not redeem; the code stays unused), then left in voting like the others
  await system.paperDesk.grantRole(await system.paperDesk.CLERK_ROLE(), official.address);
  const supportStart = (await now(system)) + 10;
  const supportRound = await prepareRound(
    system,
    roundRules({
      districts: [{ district: 2, budget: 1000 }],
      schedule: {
        proposalsStart: supportStart,
        supportStart: supportStart + 10,
        reviewStart: supportStart + 20,
        votingStart: supportStart + 30,
        votingEnd: supportStart + YEAR,
      },
      rulesHash: id("paper support rules"),
    }),
    [{ district: 2, cost: 300 }],
    byDistrict,
    Phase.Support,
  );
  const [supported] = supportRound.proposalIds;
  const paperSupport = await signPaperSupport(
    codes[1]!,
    {
      desk: await system.paperDesk.getAddress(),
      chainId: (await system.ethers.provider.getNetwork()).chainId,
      batchId: 1n,
    },
    supported!,
  );
  await system.paperDesk
    .connect(official)
    .recordSupport(supported!, 1n, paperSupport, proofFor(tree, codeWallet(codes[1]!).address));
  await goToPhase(system, supportRound.rules, Phase.Voting);

  // ---- roles: a moderator for a while (granted, then revoked), so revocations are indexed too
  const moderatorRole = await registry.MODERATOR_ROLE();
  await registry.grantRole(moderatorRole, outsider.address);
  await registry.revokeRole(moderatorRole, outsider.address);

  const accounts = [
    ...[admin, official, verifier, merchant, outsider, ...residents].map((s) => s.address),
    await taskBoard.getAddress(),
  ];
  return { accounts, openRoundId: cumulative.roundId, district1, district2 };
}

/**
 * Activity for one side of a fork: ballots (new and replaced), a role change, coins and a new task
 * with a claim, chosen by `variant` so the two sides of a reorg differ. Any variant can follow any other.
 */
export async function forkActivity(system: System, workload: Workload, variant: number): Promise<void> {
  const { budgetRound, coin, taskBoard, official, verifier } = system;
  const [a, b, c, d] = [0, 1, 2, 3].map((i) => workload.district1[i]!);
  const round = workload.openRoundId;
  await budgetRound.connect(c!).castCumulativeBallot(round, 1, packPoints([variant % 6, 2]));
  await budgetRound.connect(a!).castCumulativeBallot(round, 1, packPoints([0, 0, 1 + (variant % 5)]));
  await budgetRound
    .connect(official)
    .recordPaperCumulativeBallot(round, 1, serial(`fork-${variant}`), packPoints([1, 1, 1]));
  // A role change on each side, so a reorg takes role events back too (a grant of a role already
  // held emits nothing, a revocation of one not held neither: any variant still follows any
  // other). Before the task and its claim, so the side's last block has logs (reorg.test.ts's
  // one-block reorg expects the block below the tip to be a kept header).
  const poster = await taskBoard.TASK_POSTER_ROLE();
  await taskBoard.grantRole(poster, workload.district2[variant % 4]!.address);
  await taskBoard.revokeRole(poster, workload.district2[(variant + 1) % 4]!.address);
  await coin.connect(b!).transfer(d!.address, 10n + BigInt(variant));
  await coin.mint(workload.district2[variant % 4]!.address, 1_000n * BigInt(variant + 1));
  await taskBoard.connect(official).createTask({
    reward: 10n + BigInt(variant),
    slots: 1 + (variant % 2),
    district: 1,
    deadline: (await now(system)) + 7 * DAY,
    claimWindow: DAY,
    verifier: verifier.address,
    contentHash: id(`fork task ${variant}`),
  });
  await taskBoard.connect(workload.district1[variant % 8]!).claim(await taskBoard.taskCount());
}
