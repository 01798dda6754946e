/**
 * Paper support forms with a household vote code (PaperBallotDesk.recordSupport) on the deployed
 * system: the browser's signature (lib/paper) is the one the desk checks, a paper support counts
 * toward the threshold and puts a proposal on the ballot, the code stays usable for the household's
 * ballot, and one household supports a proposal once across paper and online.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { Wallet, type HDNodeWallet } from "ethers";
import { beforeAll, describe, expect, test } from "vitest";

import { signPaperSupport } from "../../lib/paper/index.js";
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
  eventsOf,
  goToPhase,
  Phase,
  prepareRound,
  registerResidents,
  type PreparedRound,
} from "../helpers/rounds.js";
import { DAY, YEAR, type System, deploySystem, now } from "../helpers/system.js";

let system: System;
let north: HardhatEthersSigner[];
let south: HardhatEthersSigner[];
let clerk: HardhatEthersSigner;

interface Batch {
  batchId: bigint;
  codes: string[];
  tree: CodeTree;
}

beforeAll(async () => {
  system = await deploySystem();
  north = system.residents.slice(0, 2);
  south = system.residents.slice(2, 3);
  clerk = system.residents[9]!;
  await registerResidents(system, 1, north);
  await registerResidents(system, 2, south);
  await system.paperDesk.connect(system.admin).grantRole(await system.paperDesk.CLERK_ROLE(), clerk.address);
});

async function publishBatch(district: number, count: number): Promise<Batch> {
  const codes = Array.from({ length: count }, () => generateCode());
  const tree = buildCodeTree(codes.map((code) => codeWallet(code).address));
  const until = (await now(system)) + 200 * DAY;
  await system.registry.connect(system.admin).publishCodeBatch(district, tree.root, count, until, until + YEAR);
  return { batchId: await system.registry.codeBatchCount(), codes, tree };
}

async function recordSupport(batch: Batch, code: string, proposalId: bigint) {
  const chainId = (await system.ethers.provider.getNetwork()).chainId;
  const desk = await system.paperDesk.getAddress();
  const signature = await signPaperSupport(code, { desk, chainId, batchId: batch.batchId }, proposalId);
  return system.paperDesk
    .connect(clerk)
    .recordSupport(proposalId, batch.batchId, signature, proofFor(batch.tree, codeWallet(code).address));
}

async function redeemOnline(batch: Batch, code: string): Promise<HDNodeWallet> {
  const resident = Wallet.createRandom().connect(system.ethers.provider);
  await (await system.admin.sendTransaction({ to: resident.address, value: 10n ** 17n })).wait();
  const signature = await signVoteCode(code, {
    registry: await system.registry.getAddress(),
    chainId: (await system.ethers.provider.getNetwork()).chainId,
    account: resident.address,
    district: 1,
    batchId: batch.batchId,
  });
  await (
    await system.registry
      .connect(resident)
      .redeemVoteCode(batch.batchId, signature, proofFor(batch.tree, codeWallet(code).address))
  ).wait();
  return resident;
}

describe("paper support forms", () => {
  let round: PreparedRound;
  let batch: Batch;
  beforeAll(async () => {
    batch = await publishBatch(1, 3);
    const rules = await approvalRules(system, { supportThreshold: 2 });
    round = await prepareRound(
      system,
      rules,
      [
        { district: 1, cost: 100 },
        { district: 1, cost: 200 },
        { district: 2, cost: 100 },
      ],
      { 1: north, 2: south },
      Phase.Support,
    );
  });

  test("a paper support counts like an online one, under the code's address, and leaves the code usable", async () => {
    const { budgetRound, paperDesk, registry } = system;
    const [first] = round.proposalIds;
    const code = batch.codes[0]!;
    const tx = recordSupport(batch, code, first!);
    const [supported] = await eventsOf(tx, budgetRound, "ProposalSupported");
    expect(supported!.args.toArray()).toEqual([first, codeWallet(code).address, 1n]);
    const [recorded] = await eventsOf(tx, paperDesk, "PaperSupportWithCodeRecorded");
    expect(recorded!.args.toArray()).toEqual([first, 1n, batch.batchId, codeWallet(code).address, clerk.address]);
    await (await budgetRound.connect(north[0]!).support(first!)).wait();
    expect((await budgetRound.getProposal(first!)).supportCount).toBe(2n);
    expect(await registry.isVoteCodeUsed(codeWallet(code).address)).toBe(false);
  });

  test("the same code cannot support the same proposal twice on paper", async () => {
    const code = batch.codes[0]!;
    await expectRevert(recordSupport(batch, code, round.proposalIds[0]!), system.budgetRound, "RoundAlreadySupported", [
      round.proposalIds[0],
      codeWallet(code).address,
    ]);
  });

  test("once the household registers with the code, its account cannot support the same proposal online", async () => {
    const resident = await redeemOnline(batch, batch.codes[0]!);
    expect(await system.registry.voteCodeOf(resident.address)).toBe(codeWallet(batch.codes[0]!).address);
    await expectRevert(
      system.budgetRound.connect(resident).support(round.proposalIds[0]!),
      system.budgetRound,
      "RoundSupportedOnPaper",
      [round.proposalIds[0], codeWallet(batch.codes[0]!).address],
    );
    // Another proposal, not supported on paper, it supports online.
    await (await system.budgetRound.connect(resident).support(round.proposalIds[1]!)).wait();
    expect((await system.budgetRound.getProposal(round.proposalIds[1]!)).supportCount).toBe(1n);
  });

  test("a code redeemed online is refused on paper, and a code of another district too", async () => {
    await expectRevert(
      recordSupport(batch, batch.codes[0]!, round.proposalIds[1]!),
      system.paperDesk,
      "DeskVoteCodeUsed",
      [codeWallet(batch.codes[0]!).address],
    );
    await expectRevert(
      recordSupport(batch, batch.codes[1]!, round.proposalIds[2]!),
      system.paperDesk,
      "DeskWrongDistrict",
      [batch.batchId, 1, 2],
    );
  });

  test("the paper support puts the proposal over the threshold onto the ballot; after the support phase the desk refuses", async () => {
    const { budgetRound, official } = system;
    await goToPhase(system, round.rules, Phase.Review);
    await expectRevert(recordSupport(batch, batch.codes[2]!, round.proposalIds[1]!), budgetRound, "RoundWrongPhase");
    for (const id of round.proposalIds)
      await (await budgetRound.connect(official).review(id, true, 100, "0x" + "11".repeat(32))).wait();
    await (await budgetRound.connect(official).publishBallot(round.roundId, 1)).wait();
    const [ids] = await budgetRound.getBallot(round.roundId, 1);
    // Proposal 1 has a paper and an online support (threshold 2); proposal 2 only one.
    expect(ids).toEqual([round.proposalIds[0]]);
  });
});
