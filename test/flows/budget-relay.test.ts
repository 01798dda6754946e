/**
 * BudgetRound through the ERC-2771 forwarder: a resident without any ETH supports proposals and
 * votes (and re-votes) with requests signed in the browser and submitted by the relayer.
 */
import type { SnapshotRestorer } from "@nomicfoundation/hardhat-network-helpers/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { type HDNodeWallet, Wallet, concat, id } from "ethers";
import { beforeAll, beforeEach, describe, expect, test } from "vitest";

import {
  FORWARD_REQUEST_TYPES,
  type ForwardRequestData,
  forwarderDomain,
  signForwardRequest,
} from "../../lib/relay/forwardRequest.js";
import { expectRevert } from "../helpers/errors.js";
import {
  Phase,
  approvalRules,
  bits,
  eventOf,
  goToPhase,
  plain,
  plansFor,
  prepareRound,
  registerResidents,
} from "../helpers/rounds.js";
import { type System, deploySystem, now } from "../helpers/system.js";

let system: System;
let clean: SnapshotRestorer;
/** A browser key: registered, never funded. */
let resident: HDNodeWallet;
/** A funded resident who submits the proposals. */
let proposer: HardhatEthersSigner;
let relayer: HardhatEthersSigner;

beforeAll(async () => {
  system = await deploySystem();
  resident = Wallet.createRandom().connect(system.ethers.provider);
  proposer = system.residents[0]!;
  relayer = system.outsider;
  await registerResidents(system, 1, [resident, proposer]);
  clean = await system.networkHelpers.takeSnapshot();
});

beforeEach(async () => {
  await clean.restore();
});

/** What the browser does: encode the call, read the nonce, sign. */
async function signed(data: string): Promise<ForwardRequestData> {
  const { forwarder, budgetRound, ethers } = system;
  return signForwardRequest(resident, {
    forwarder: await forwarder.getAddress(),
    chainId: (await ethers.provider.getNetwork()).chainId,
    to: await budgetRound.getAddress(),
    data,
    gas: 500_000n,
    nonce: await forwarder.nonces(resident.address),
    deadline: BigInt((await now(system)) + 3_600),
  });
}

describe("relayed through BuurtkasForwarder", () => {
  test("a resident with 0 ETH supports proposals and casts and replaces an approval ballot", async () => {
    const { budgetRound, forwarder, official, ethers } = system;
    expect(await ethers.provider.getBalance(resident.address)).toBe(0n);
    const rules = await approvalRules(system, { supportThreshold: 1 });
    const { roundId, proposalIds } = await prepareRound(
      system,
      rules,
      [
        { district: 1, cost: 300, review: "unreviewed" },
        { district: 1, cost: 200, review: "unreviewed" },
      ],
      { 1: [proposer] },
      Phase.Support,
    );

    for (const proposalId of proposalIds) {
      const request = await signed(budgetRound.interface.encodeFunctionData("support", [proposalId]));
      const event = await eventOf(forwarder.connect(relayer).execute(request), budgetRound, "ProposalSupported");
      expect(event).toEqual([proposalId, resident.address, 1n]);
      expect(await budgetRound.hasSupported(proposalId, resident.address)).toBe(true);
      expect(await budgetRound.hasSupported(proposalId, relayer.address)).toBe(false);
    }

    // The resident's supports put both proposals over the threshold of 1.
    await goToPhase(system, rules, Phase.Review);
    for (const proposalId of proposalIds) await budgetRound.connect(official).review(proposalId, true, 300, id("ok"));
    await budgetRound.connect(official).publishBallot(roundId, 1);
    expect((await budgetRound.getDistrict(roundId, 1)).ballotLength).toBe(2n);
    await goToPhase(system, rules, Phase.Voting);

    const first = await signed(
      budgetRound.interface.encodeFunctionData("castApprovalBallot", [roundId, 1, bits(0, 1)]),
    );
    const cast = await eventOf(forwarder.connect(relayer).execute(first), budgetRound, "ApprovalBallotCast");
    expect(cast).toEqual([roundId, resident.address, 1n, bits(0, 1), false]);
    const second = await signed(budgetRound.interface.encodeFunctionData("castApprovalBallot", [roundId, 1, bits(1)]));
    const replaced = await eventOf(forwarder.connect(relayer).execute(second), budgetRound, "ApprovalBallotCast");
    expect(replaced).toEqual([roundId, resident.address, 1n, bits(1), true]);

    expect(plain(await budgetRound.approvalBallotOf(roundId, resident.address))).toEqual([1n, bits(1)]);
    expect(plain(await budgetRound.approvalBallotOf(roundId, relayer.address))).toEqual([0n, 0n]);
    expect(plain(await budgetRound.getTallies(roundId, 1))).toEqual([0n, 1n]);
    expect(await forwarder.nonces(resident.address)).toBe(4n);
    expect(await ethers.provider.getBalance(resident.address)).toBe(0n);
  });

  test("a relayed ballot that breaks the rules fails whole and leaves the nonce unused", async () => {
    const { budgetRound, forwarder } = system;
    const { roundId } = await prepareRound(system, await approvalRules(system), plansFor({ 1: [600, 600] }), {
      1: [proposer],
    });
    const overBudget = await signed(
      budgetRound.interface.encodeFunctionData("castApprovalBallot", [roundId, 1, bits(0, 1)]),
    );
    await expectRevert(forwarder.connect(relayer).execute(overBudget), forwarder, "FailedCall", []);
    expect(await forwarder.nonces(resident.address)).toBe(0n);
    expect(plain(await budgetRound.getTallies(roundId, 1))).toEqual([0n, 0n]);
  });

  test("a request signed by another key for the resident is refused", async () => {
    const { budgetRound, forwarder } = system;
    const { roundId } = await prepareRound(system, await approvalRules(system), plansFor({ 1: [100] }), {
      1: [proposer],
    });
    const impostor = Wallet.createRandom();
    const request = await signed(budgetRound.interface.encodeFunctionData("castApprovalBallot", [roundId, 1, bits(0)]));
    // The impostor signs exactly the resident's request.
    const signature = await impostor.signTypedData(
      forwarderDomain(await forwarder.getAddress(), (await system.ethers.provider.getNetwork()).chainId),
      FORWARD_REQUEST_TYPES,
      { ...request, nonce: 0n },
    );
    await expectRevert(
      forwarder.connect(relayer).execute({ ...request, signature }),
      forwarder,
      "ERC2771ForwarderInvalidSigner",
      [impostor.address, resident.address],
    );
    expect(plain(await budgetRound.approvalBallotOf(roundId, resident.address))).toEqual([0n, 0n]);
  });

  test("only the trusted forwarder speaks for a resident: an address appended by anyone else is ignored", async () => {
    const { budgetRound } = system;
    const { roundId } = await prepareRound(system, await approvalRules(system), plansFor({ 1: [100] }), {
      1: [proposer],
    });
    const call = budgetRound.interface.encodeFunctionData("castApprovalBallot", [roundId, 1, bits(0)]);
    await expectRevert(
      relayer.sendTransaction({ to: await budgetRound.getAddress(), data: concat([call, resident.address]) }),
      budgetRound,
      "RoundNotResident",
      [relayer.address, 1],
    );
  });
});
