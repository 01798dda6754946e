/**
 * TaskBoard, the residents' side: claiming a slot, submitting evidence, releasing expired claims,
 * and both resident actions relayed through BuurtkasForwarder for a wallet without any ETH.
 */
import type { SnapshotRestorer } from "@nomicfoundation/hardhat-network-helpers/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { type HDNodeWallet, Wallet, ZeroHash, concat } from "ethers";
import { afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";

import { type ForwardRequestData, signForwardRequest } from "../../lib/relay/forwardRequest.js";
import { expectRevert } from "../helpers/errors.js";
import { eventOf, plain, registerResidents } from "../helpers/rounds.js";
import { type System, deploySystem, now } from "../helpers/system.js";
import {
  CLAIM_WINDOW,
  ClaimStatus,
  DISTRICT,
  OTHER_DISTRICT,
  REWARD,
  claimAndSubmit,
  completeTask,
  evidenceFor,
  expectEscrowBacked,
  postTask,
} from "../helpers/tasks.js";

let system: System;
let clean: SnapshotRestorer;
let alice: HardhatEthersSigner;
let bob: HardhatEthersSigner;
let carol: HardhatEthersSigner;
/** Registered in the other district. */
let dave: HardhatEthersSigner;
/** Never registered. */
let erin: HardhatEthersSigner;

beforeAll(async () => {
  system = await deploySystem();
  [alice, bob, carol, dave, erin] = system.residents as [
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
  ];
  await registerResidents(system, DISTRICT, [alice, bob, carol]);
  await registerResidents(system, OTHER_DISTRICT, [dave]);
  clean = await system.networkHelpers.takeSnapshot();
});

beforeEach(async () => {
  await clean.restore();
});

afterEach(async () => {
  await expectEscrowBacked(system);
});

async function claimOf(taskId: bigint, resident: string): Promise<unknown[]> {
  return plain(await system.taskBoard.getClaim(taskId, resident)) as unknown[];
}

/** Moves the chain to just after `resident`'s claim window. */
async function expireClaim(taskId: bigint, resident: string): Promise<bigint> {
  const { expiresAt } = await system.taskBoard.getClaim(taskId, resident);
  await system.networkHelpers.time.increaseTo(expiresAt + 1n);
  return expiresAt;
}

describe("claim", () => {
  test("gives a resident of the district a slot that expires one claim window later", async () => {
    const { taskBoard } = system;
    const { taskId } = await postTask(system, { slots: 2 });
    const tx = await taskBoard.connect(alice).claim(taskId);
    const claimedAt = BigInt(await now(system));
    const expiresAt = claimedAt + BigInt(CLAIM_WINDOW);
    expect(await eventOf(tx, taskBoard, "TaskClaimed")).toEqual([taskId, alice.address, expiresAt]);
    expect(await claimOf(taskId, alice.address)).toEqual([BigInt(ClaimStatus.Claimed), claimedAt, expiresAt, ZeroHash]);
    const task = await taskBoard.getTask(taskId);
    expect([task.activeClaims, task.openSlots, task.escrow]).toEqual([1n, 1n, 2n * REWARD]);
  });

  test("refuses an unknown task", async () => {
    const { taskBoard } = system;
    const { taskId } = await postTask(system);
    for (const unknown of [0n, taskId + 1n]) {
      await expectRevert(taskBoard.connect(alice).claim(unknown), taskBoard, "TaskUnknown", [unknown]);
    }
  });

  test("refuses a cancelled task", async () => {
    const { taskBoard, official } = system;
    const { taskId } = await postTask(system);
    await taskBoard.connect(official).cancel(taskId);
    await expectRevert(taskBoard.connect(alice).claim(taskId), taskBoard, "TaskCancelled", [taskId]);
  });

  test("is open until the deadline inclusive and closed one second later", async () => {
    const { taskBoard, networkHelpers } = system;
    const { taskId, params } = await postTask(system, { slots: 2 });
    const deadline = BigInt(params.deadline);
    await networkHelpers.time.setNextBlockTimestamp(deadline);
    await taskBoard.connect(alice).claim(taskId);
    await networkHelpers.time.setNextBlockTimestamp(deadline + 1n);
    await expectRevert(taskBoard.connect(bob).claim(taskId), taskBoard, "TaskClaimsClosed", [taskId, deadline]);
    expect((await taskBoard.getTask(taskId)).openSlots).toBe(1n);
  });

  test("refuses accounts that are not current residents of the task's district", async () => {
    const { taskBoard, registry, networkHelpers } = system;
    const { taskId } = await postTask(system, { slots: 5 });
    await expectRevert(taskBoard.connect(erin).claim(taskId), taskBoard, "TaskNotResident", [erin.address, DISTRICT]);
    await expectRevert(taskBoard.connect(dave).claim(taskId), taskBoard, "TaskNotResident", [dave.address, DISTRICT]);

    await registry.revoke(bob.address);
    await expectRevert(taskBoard.connect(bob).claim(taskId), taskBoard, "TaskNotResident", [bob.address, DISTRICT]);

    // A registration counts until the second before its expiry.
    const expiresAt = (await now(system)) + 100;
    await registry.register(erin.address, DISTRICT, expiresAt);
    const { taskId: laterTask } = await postTask(system);
    await networkHelpers.time.setNextBlockTimestamp(expiresAt - 1);
    await taskBoard.connect(erin).claim(taskId);
    await networkHelpers.time.setNextBlockTimestamp(expiresAt);
    await expectRevert(taskBoard.connect(erin).claim(laterTask), taskBoard, "TaskNotResident", [
      erin.address,
      DISTRICT,
    ]);
    expect((await taskBoard.getTask(laterTask)).activeClaims).toBe(0n);
  });

  test("accepts a revoked resident again once re-registered", async () => {
    const { taskBoard, registry } = system;
    const { taskId } = await postTask(system);
    await registry.revoke(bob.address);
    await registry.register(bob.address, DISTRICT, (await now(system)) + 1_000);
    await taskBoard.connect(bob).claim(taskId);
    expect((await taskBoard.getClaim(taskId, bob.address)).status).toBe(BigInt(ClaimStatus.Claimed));
  });

  test("refuses a claim by the task's verifier, even a registered resident of the district", async () => {
    const { taskBoard, registry, verifier } = system;
    const { taskId } = await postTask(system);
    await registry.register(verifier.address, DISTRICT, (await now(system)) + 1_000);
    await expectRevert(taskBoard.connect(verifier).claim(taskId), taskBoard, "TaskVerifierCannotClaim", [
      taskId,
      verifier.address,
    ]);
    expect((await taskBoard.getTask(taskId)).activeClaims).toBe(0n);
    await taskBoard.connect(alice).claim(taskId);
  });

  test("gives each resident one slot per task, whatever became of the earlier claim", async () => {
    const { taskBoard, verifier, outsider } = system;
    const { taskId } = await postTask(system, { slots: 5 });
    const expectAlreadyClaimed = (resident: HardhatEthersSigner, status: number) =>
      expectRevert(taskBoard.connect(resident).claim(taskId), taskBoard, "TaskAlreadyClaimed", [
        taskId,
        resident.address,
        status,
      ]);

    await taskBoard.connect(alice).claim(taskId);
    await expectAlreadyClaimed(alice, ClaimStatus.Claimed);
    await taskBoard.connect(alice).submitEvidence(taskId, evidenceFor(alice.address, taskId));
    await expectAlreadyClaimed(alice, ClaimStatus.Submitted);
    await taskBoard.connect(verifier).approve(taskId, alice.address);
    await expectAlreadyClaimed(alice, ClaimStatus.Approved);

    await claimAndSubmit(taskBoard, taskId, bob);
    await taskBoard.connect(verifier).reject(taskId, bob.address, "Niet af");
    await expectAlreadyClaimed(bob, ClaimStatus.Rejected);

    await taskBoard.connect(carol).claim(taskId);
    await expireClaim(taskId, carol.address);
    await taskBoard.connect(outsider).releaseExpiredClaim(taskId, carol.address);
    await expectAlreadyClaimed(carol, ClaimStatus.Released);

    // The slots stayed open all along: only the one-claim-per-resident rule refused them.
    expect((await taskBoard.getTask(taskId)).openSlots).toBe(4n);
  });

  test("refuses a claim when every slot is taken or done, and takes one again after a rejection", async () => {
    const { taskBoard, verifier } = system;
    const { taskId } = await postTask(system, { slots: 1 });
    await taskBoard.connect(alice).claim(taskId);
    await expectRevert(taskBoard.connect(bob).claim(taskId), taskBoard, "TaskNoOpenSlot", [taskId]);
    await taskBoard.connect(alice).submitEvidence(taskId, evidenceFor(alice.address, taskId));
    await taskBoard.connect(verifier).approve(taskId, alice.address);
    await expectRevert(taskBoard.connect(bob).claim(taskId), taskBoard, "TaskNoOpenSlot", [taskId]);

    const { taskId: second } = await postTask(system, { slots: 1 });
    await claimAndSubmit(taskBoard, second, alice);
    await expectRevert(taskBoard.connect(bob).claim(second), taskBoard, "TaskNoOpenSlot", [second]);
    await taskBoard.connect(verifier).reject(second, alice.address, "Onkruid staat er nog");
    await taskBoard.connect(bob).claim(second);
    expect((await taskBoard.getTask(second)).openSlots).toBe(0n);
  });
});

describe("submitEvidence", () => {
  test("records the evidence hash and moves the claim to Submitted", async () => {
    const { taskBoard } = system;
    const { taskId } = await postTask(system);
    await taskBoard.connect(alice).claim(taskId);
    const { claimedAt, expiresAt } = await taskBoard.getClaim(taskId, alice.address);
    const evidence = evidenceFor(alice.address, taskId);
    const tx = await taskBoard.connect(alice).submitEvidence(taskId, evidence);
    expect(await eventOf(tx, taskBoard, "EvidenceSubmitted")).toEqual([taskId, alice.address, evidence]);
    expect(await claimOf(taskId, alice.address)).toEqual([
      BigInt(ClaimStatus.Submitted),
      claimedAt,
      expiresAt,
      evidence,
    ]);
    const task = await taskBoard.getTask(taskId);
    expect([task.activeClaims, task.openSlots]).toEqual([1n, 1n]);
  });

  test("refuses an empty evidence hash", async () => {
    const { taskBoard } = system;
    const { taskId } = await postTask(system);
    await taskBoard.connect(alice).claim(taskId);
    await expectRevert(taskBoard.connect(alice).submitEvidence(taskId, ZeroHash), taskBoard, "TaskEmptyEvidence", []);
    expect((await taskBoard.getClaim(taskId, alice.address)).status).toBe(BigInt(ClaimStatus.Claimed));
  });

  test("needs a claim in status Claimed", async () => {
    const { taskBoard, verifier, outsider } = system;
    const { taskId } = await postTask(system, { slots: 4 });
    const expectWrongStatus = (resident: HardhatEthersSigner, status: number, task: bigint = taskId) =>
      expectRevert(
        taskBoard.connect(resident).submitEvidence(task, evidenceFor(resident.address, task)),
        taskBoard,
        "TaskWrongClaimStatus",
        [task, resident.address, status, ClaimStatus.Claimed],
      );

    await expectWrongStatus(erin, ClaimStatus.None);
    await expectWrongStatus(alice, ClaimStatus.None, taskId + 1n);
    await claimAndSubmit(taskBoard, taskId, alice);
    await expectWrongStatus(alice, ClaimStatus.Submitted);
    await claimAndSubmit(taskBoard, taskId, bob);
    await taskBoard.connect(verifier).approve(taskId, bob.address);
    await expectWrongStatus(bob, ClaimStatus.Approved);
    await taskBoard.connect(verifier).reject(taskId, alice.address, "Verkeerde straat");
    await expectWrongStatus(alice, ClaimStatus.Rejected);
    await taskBoard.connect(carol).claim(taskId);
    await expireClaim(taskId, carol.address);
    await taskBoard.connect(outsider).releaseExpiredClaim(taskId, carol.address);
    await expectWrongStatus(carol, ClaimStatus.Released);
  });

  test("is accepted until the claim expires inclusive and refused one second later", async () => {
    const { taskBoard, networkHelpers } = system;
    const { taskId } = await postTask(system);
    await taskBoard.connect(alice).claim(taskId);
    await taskBoard.connect(bob).claim(taskId);
    const aliceExpires = (await taskBoard.getClaim(taskId, alice.address)).expiresAt;
    const bobExpires = (await taskBoard.getClaim(taskId, bob.address)).expiresAt;
    await networkHelpers.time.setNextBlockTimestamp(aliceExpires);
    await taskBoard.connect(alice).submitEvidence(taskId, evidenceFor(alice.address, taskId));
    await networkHelpers.time.setNextBlockTimestamp(bobExpires + 1n);
    await expectRevert(
      taskBoard.connect(bob).submitEvidence(taskId, evidenceFor(bob.address, taskId)),
      taskBoard,
      "TaskClaimExpired",
      [taskId, bob.address, bobExpires],
    );
    expect((await taskBoard.getClaim(taskId, bob.address)).status).toBe(BigInt(ClaimStatus.Claimed));
  });

  test("is accepted after the task's claim deadline while the claim window runs", async () => {
    const { taskBoard, networkHelpers } = system;
    const { taskId, params } = await postTask(system, { deadline: (await now(system)) + 100 });
    await taskBoard.connect(alice).claim(taskId);
    await networkHelpers.time.increaseTo(BigInt(params.deadline) + 1_000n);
    await taskBoard.connect(alice).submitEvidence(taskId, evidenceFor(alice.address, taskId));
    expect((await taskBoard.getClaim(taskId, alice.address)).status).toBe(BigInt(ClaimStatus.Submitted));
  });
});

describe("releaseExpiredClaim", () => {
  test("lets anyone release a claim whose window ended without evidence; the slot reopens", async () => {
    const { taskBoard, coin, outsider } = system;
    const { taskId } = await postTask(system, { slots: 1 });
    await taskBoard.connect(alice).claim(taskId);
    await expireClaim(taskId, alice.address);
    const tx = await taskBoard.connect(outsider).releaseExpiredClaim(taskId, alice.address);
    expect(await eventOf(tx, taskBoard, "ClaimReleased")).toEqual([taskId, alice.address, outsider.address]);
    expect((await taskBoard.getClaim(taskId, alice.address)).status).toBe(BigInt(ClaimStatus.Released));
    const task = await taskBoard.getTask(taskId);
    expect([task.activeClaims, task.openSlots, task.refunded, task.escrow]).toEqual([0n, 1n, 0n, REWARD]);
    expect(await coin.balanceOf(alice.address)).toBe(0n);

    await completeTask(system, taskId, bob);
    expect(await coin.balanceOf(bob.address)).toBe(REWARD);
  });

  test("lets the claimant release their own expired claim", async () => {
    const { taskBoard } = system;
    const { taskId } = await postTask(system);
    await taskBoard.connect(alice).claim(taskId);
    await expireClaim(taskId, alice.address);
    const event = await eventOf(
      taskBoard.connect(alice).releaseExpiredClaim(taskId, alice.address),
      taskBoard,
      "ClaimReleased",
    );
    expect(event).toEqual([taskId, alice.address, alice.address]);
  });

  test("refuses while the window runs, up to and including its last second", async () => {
    const { taskBoard, outsider, networkHelpers } = system;
    const { taskId } = await postTask(system);
    await taskBoard.connect(alice).claim(taskId);
    const { expiresAt } = await taskBoard.getClaim(taskId, alice.address);
    await expectRevert(
      taskBoard.connect(outsider).releaseExpiredClaim(taskId, alice.address),
      taskBoard,
      "TaskClaimNotExpired",
      [taskId, alice.address, expiresAt],
    );
    await networkHelpers.time.setNextBlockTimestamp(expiresAt);
    await expectRevert(
      taskBoard.connect(outsider).releaseExpiredClaim(taskId, alice.address),
      taskBoard,
      "TaskClaimNotExpired",
      [taskId, alice.address, expiresAt],
    );
    await networkHelpers.time.setNextBlockTimestamp(expiresAt + 1n);
    await taskBoard.connect(outsider).releaseExpiredClaim(taskId, alice.address);
  });

  test("refuses claims not in status Claimed: submitted work is never released, even when late", async () => {
    const { taskBoard, outsider } = system;
    const { taskId } = await postTask(system);
    await claimAndSubmit(taskBoard, taskId, alice);
    await taskBoard.connect(bob).claim(taskId);
    await expireClaim(taskId, alice.address);
    await expireClaim(taskId, bob.address);
    const release = (resident: string, task: bigint = taskId) =>
      taskBoard.connect(outsider).releaseExpiredClaim(task, resident);

    await expectRevert(release(alice.address), taskBoard, "TaskWrongClaimStatus", [
      taskId,
      alice.address,
      ClaimStatus.Submitted,
      ClaimStatus.Claimed,
    ]);
    await expectRevert(release(carol.address), taskBoard, "TaskWrongClaimStatus", [
      taskId,
      carol.address,
      ClaimStatus.None,
      ClaimStatus.Claimed,
    ]);
    await release(bob.address);
    await expectRevert(release(bob.address), taskBoard, "TaskWrongClaimStatus", [
      taskId,
      bob.address,
      ClaimStatus.Released,
      ClaimStatus.Claimed,
    ]);
    await expectRevert(release(alice.address, taskId + 1n), taskBoard, "TaskUnknown", [taskId + 1n]);
  });

  test("on a cancelled task refunds the released slot's escrow to the creator", async () => {
    const { taskBoard, coin, official, outsider } = system;
    const { taskId } = await postTask(system, { slots: 2 });
    await taskBoard.connect(alice).claim(taskId);
    await taskBoard.connect(official).cancel(taskId);
    expect(await coin.balanceOf(official.address)).toBe(REWARD);
    await expireClaim(taskId, alice.address);

    const tx = await taskBoard.connect(outsider).releaseExpiredClaim(taskId, alice.address);
    expect(await eventOf(tx, taskBoard, "ClaimReleased")).toEqual([taskId, alice.address, outsider.address]);
    expect(await eventOf(tx, taskBoard, "EscrowRefunded")).toEqual([taskId, official.address, REWARD]);
    expect(await coin.balanceOf(official.address)).toBe(2n * REWARD);
    const task = await taskBoard.getTask(taskId);
    expect([task.activeClaims, task.refunded, task.openSlots, task.escrow]).toEqual([0n, 2n, 0n, 0n]);
  });
});

describe("relayed through BuurtkasForwarder", () => {
  /** A browser key: registered, never funded. */
  let wallet: HDNodeWallet;

  beforeEach(async () => {
    wallet = Wallet.createRandom().connect(system.ethers.provider);
    await registerResidents(system, DISTRICT, [wallet]);
  });

  async function signed(data: string): Promise<ForwardRequestData> {
    const { forwarder, taskBoard, ethers } = system;
    return signForwardRequest(wallet, {
      forwarder: await forwarder.getAddress(),
      chainId: (await ethers.provider.getNetwork()).chainId,
      to: await taskBoard.getAddress(),
      data,
      gas: 300_000n,
      nonce: await forwarder.nonces(wallet.address),
      deadline: BigInt((await now(system)) + 3_600),
    });
  }

  test("a resident with 0 ETH claims and submits evidence, and is paid to the same wallet", async () => {
    const { taskBoard, forwarder, coin, verifier, outsider: relayer, ethers } = system;
    expect(await ethers.provider.getBalance(wallet.address)).toBe(0n);
    const { taskId } = await postTask(system);

    const claim = await signed(taskBoard.interface.encodeFunctionData("claim", [taskId]));
    const claimed = await eventOf(forwarder.connect(relayer).execute(claim), taskBoard, "TaskClaimed");
    const expiresAt = BigInt(await now(system)) + BigInt(CLAIM_WINDOW);
    expect(claimed).toEqual([taskId, wallet.address, expiresAt]);
    expect((await taskBoard.getClaim(taskId, relayer.address)).status).toBe(BigInt(ClaimStatus.None));

    const evidence = evidenceFor(wallet.address, taskId);
    const submit = await signed(taskBoard.interface.encodeFunctionData("submitEvidence", [taskId, evidence]));
    const submitted = await eventOf(forwarder.connect(relayer).execute(submit), taskBoard, "EvidenceSubmitted");
    expect(submitted).toEqual([taskId, wallet.address, evidence]);

    await taskBoard.connect(verifier).approve(taskId, wallet.address);
    expect(await coin.balanceOf(wallet.address)).toBe(REWARD);
    expect(await taskBoard.earnedIn(wallet.address, await taskBoard.currentYear())).toBe(REWARD);
    expect(await forwarder.nonces(wallet.address)).toBe(2n);
    expect(await ethers.provider.getBalance(wallet.address)).toBe(0n);
  });

  test("a relayed claim the board refuses fails whole and leaves the nonce unused", async () => {
    const { taskBoard, forwarder, registry, outsider: relayer } = system;
    const { taskId } = await postTask(system);
    await registry.revoke(wallet.address);
    const claim = await signed(taskBoard.interface.encodeFunctionData("claim", [taskId]));
    await expectRevert(forwarder.connect(relayer).execute(claim), forwarder, "FailedCall", []);
    expect(await forwarder.nonces(wallet.address)).toBe(0n);
    expect((await taskBoard.getTask(taskId)).activeClaims).toBe(0n);
  });

  test("an address appended by a sender other than the forwarder is ignored", async () => {
    const { taskBoard, outsider } = system;
    const { taskId } = await postTask(system);
    const call = taskBoard.interface.encodeFunctionData("claim", [taskId]);
    await expectRevert(
      outsider.sendTransaction({ to: await taskBoard.getAddress(), data: concat([call, wallet.address]) }),
      taskBoard,
      "TaskNotResident",
      [outsider.address, DISTRICT],
    );
  });
});
