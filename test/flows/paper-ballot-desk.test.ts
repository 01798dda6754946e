/**
 * Paper ballots with a household vote code (PaperBallotDesk): recording uses the code up in the
 * registry in the same transaction, so one household has one ballot across channels: a code
 * entered on paper can no longer register online, and a code redeemed online is refused on paper.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { Wallet } from "ethers";
import { beforeAll, describe, expect, test } from "vitest";

import { paperSerialOf, signPaperApprovalBallot, signPaperCumulativeBallot } from "../../lib/paper/index.js";
import {
  buildCodeTree,
  codeWallet,
  generateCode,
  proofFor,
  signVoteCode,
  type CodeTree,
} from "../../lib/votecodes/index.js";
import { expectRevert } from "../helpers/errors.js";
import {
  approvalRules,
  approvalTallies,
  bits,
  cumulativeRules,
  eventsOf,
  packPoints,
  plansFor,
  prepareRound,
  registerResidents,
  type PreparedRound,
} from "../helpers/rounds.js";
import { DAY, YEAR, type System, deploySystem, now } from "../helpers/system.js";

let system: System;
let north: HardhatEthersSigner[];
let south: HardhatEthersSigner[];
let clerk: HardhatEthersSigner;

beforeAll(async () => {
  system = await deploySystem();
  north = system.residents.slice(0, 3);
  south = system.residents.slice(3, 5);
  clerk = system.residents[9]!;
  await registerResidents(system, 1, north);
  await registerResidents(system, 2, south);
  await system.paperDesk.connect(system.admin).grantRole(await system.paperDesk.CLERK_ROLE(), clerk.address);
});

interface Batch {
  batchId: bigint;
  codes: string[];
  tree: CodeTree;
}

async function publishBatch(district: number, count = 3): Promise<Batch> {
  const codes = Array.from({ length: count }, () => generateCode());
  const tree = buildCodeTree(codes.map((code) => codeWallet(code).address));
  const until = (await now(system)) + 200 * DAY;
  await system.registry.connect(system.admin).publishCodeBatch(district, tree.root, count, until, until + YEAR);
  return { batchId: await system.registry.codeBatchCount(), codes, tree };
}

async function context(round: PreparedRound, district: number, batch: Batch) {
  return {
    desk: await system.paperDesk.getAddress(),
    chainId: (await system.ethers.provider.getNetwork()).chainId,
    roundId: round.roundId,
    district,
    batchId: batch.batchId,
  };
}

async function recordApproval(round: PreparedRound, district: number, batch: Batch, code: string, selection: bigint) {
  const signature = await signPaperApprovalBallot(code, await context(round, district, batch), selection);
  const proof = proofFor(batch.tree, codeWallet(code).address);
  return system.paperDesk
    .connect(clerk)
    .recordApprovalBallot(round.roundId, district, selection, batch.batchId, signature, proof);
}

async function redeemOnline(batch: Batch, code: string, district: number) {
  const resident = Wallet.createRandom().connect(system.ethers.provider);
  await system.admin.sendTransaction({ to: resident.address, value: 10n ** 17n });
  const signature = await signVoteCode(code, {
    registry: await system.registry.getAddress(),
    chainId: (await system.ethers.provider.getNetwork()).chainId,
    account: resident.address,
    district,
    batchId: batch.batchId,
  });
  return system.registry
    .connect(resident)
    .redeemVoteCode(batch.batchId, signature, proofFor(batch.tree, codeWallet(code).address));
}

describe("PaperBallotDesk", () => {
  let round: PreparedRound;
  let batch: Batch;
  beforeAll(async () => {
    batch = await publishBatch(1);
    round = await prepareRound(system, await approvalRules(system), plansFor({ 1: [100, 200, 300], 2: [100] }), {
      1: north,
      2: south,
    });
  });

  test("records a paper ballot counted like an online one and uses the household's code up", async () => {
    const { budgetRound, registry, paperDesk } = system;
    const code = batch.codes[0]!;
    const selection = bits(0, 2);
    const tx = recordApproval(round, 1, batch, code, selection);
    const [recorded] = await eventsOf(tx, paperDesk, "PaperBallotWithCodeRecorded");
    expect(recorded!.args.toArray()).toEqual([
      round.roundId,
      1n,
      batch.batchId,
      codeWallet(code).address,
      clerk.address,
    ]);
    expect(await registry.isVoteCodeUsed(codeWallet(code).address)).toBe(true);
    const paper = await budgetRound.paperApprovalBallot(round.roundId, paperSerialOf(code));
    expect([paper[0], paper[1]]).toEqual([1n, selection]);
    expect(await budgetRound.getTallies(round.roundId, 1)).toEqual(approvalTallies([selection], 3));
    expect((await budgetRound.getDistrict(round.roundId, 1)).paperBallotCount).toBe(1n);
  });

  test("the household's code then cannot register online, and a second paper ballot with it is refused", async () => {
    const code = batch.codes[0]!;
    await expectRevert(redeemOnline(batch, code, 1), system.registry, "RegistryVoteCodeUsed", [
      codeWallet(code).address,
    ]);
    await expectRevert(recordApproval(round, 1, batch, code, bits(1)), system.registry, "RegistryVoteCodeUsed");
  });

  test("a code redeemed online cannot be entered on paper", async () => {
    const code = batch.codes[1]!;
    await (await redeemOnline(batch, code, 1)).wait();
    await expectRevert(recordApproval(round, 1, batch, code, bits(0)), system.registry, "RegistryVoteCodeUsed", [
      codeWallet(code).address,
    ]);
  });

  test("a signature over another selection, a code of another district and a non-clerk are refused; nothing is used up", async () => {
    const code = batch.codes[2]!;
    const ctx = await context(round, 1, batch);
    const proof = proofFor(batch.tree, codeWallet(code).address);
    // The clerk changes the ballot after the code signed it: the recovered key is another one, in no tree.
    const signed = await signPaperApprovalBallot(code, ctx, bits(0));
    await expectRevert(
      system.paperDesk.connect(clerk).recordApprovalBallot(round.roundId, 1, bits(1), batch.batchId, signed, proof),
      system.registry,
      "RegistryInvalidVoteCode",
    );
    const southBatch = await publishBatch(2, 1);
    await expectRevert(
      recordApproval(round, 1, southBatch, southBatch.codes[0]!, bits(0)),
      system.paperDesk,
      "DeskWrongDistrict",
      [southBatch.batchId, 2, 1],
    );
    await expectRevert(
      system.paperDesk.connect(north[0]!).recordApprovalBallot(round.roundId, 1, bits(0), batch.batchId, signed, proof),
      system.paperDesk,
      "AccessControlUnauthorizedAccount",
    );
    expect(await system.registry.isVoteCodeUsed(codeWallet(code).address)).toBe(false);
    expect(await system.registry.isVoteCodeUsed(codeWallet(southBatch.codes[0]!).address)).toBe(false);
    // A ballot BudgetRound refuses (an unknown position) rolls the code's use back with it.
    await expectRevert(
      recordApproval(round, 1, batch, code, bits(0, 1, 2, 3)),
      system.budgetRound,
      "BallotUnknownPosition",
    );
    expect(await system.registry.isVoteCodeUsed(codeWallet(code).address)).toBe(false);
  });

  test("only a CODE_CONSUMER may use a code up without registering", async () => {
    const code = batch.codes[2]!;
    await expectRevert(
      system.registry
        .connect(clerk)
        .consumeVoteCode(batch.batchId, codeWallet(code).address, proofFor(batch.tree, codeWallet(code).address)),
      system.registry,
      "AccessControlUnauthorizedAccount",
    );
  });
});

describe("PaperBallotDesk, cumulative", () => {
  test("records points signed by the code's key", async () => {
    const batch = await publishBatch(1, 1);
    const round = await prepareRound(system, await cumulativeRules(system), plansFor({ 1: [100, 200], 2: [100] }), {
      1: north,
      2: south,
    });
    const points = packPoints([3, 2]);
    const code = batch.codes[0]!;
    const signature = await signPaperCumulativeBallot(code, await context(round, 1, batch), points);
    await (
      await system.paperDesk
        .connect(clerk)
        .recordCumulativeBallot(
          round.roundId,
          1,
          points,
          batch.batchId,
          signature,
          proofFor(batch.tree, codeWallet(code).address),
        )
    ).wait();
    expect(await system.budgetRound.getTallies(round.roundId, 1)).toEqual([3n, 2n]);
    expect(await system.registry.isVoteCodeUsed(codeWallet(code).address)).toBe(true);
  });
});
