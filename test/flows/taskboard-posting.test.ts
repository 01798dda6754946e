/**
 * TaskBoard, the officials' side: posting tasks with escrow (by allowance or by ERC-2612 permit),
 * cancelling with refunds, the yearly cap setting, and every view through a task's whole life.
 */
import type { SnapshotRestorer } from "@nomicfoundation/hardhat-network-helpers/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { ZeroAddress, ZeroHash } from "ethers";
import { afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";

import { expectRevert } from "../helpers/errors.js";
import { eventOf, eventsOf, plain, registerResidents } from "../helpers/rounds.js";
import { DEFAULT_YEARLY_CAP, type System, deploySystem, now } from "../helpers/system.js";
import {
  CLAIM_WINDOW,
  CONTENT_HASH,
  ClaimStatus,
  DISTRICT,
  REWARD,
  type TaskParams,
  claimAndSubmit,
  completeTask,
  escrowOf,
  evidenceFor,
  expectEscrowBacked,
  fund,
  postTask,
  signPermit,
  taskParams,
  utcYearOf,
} from "../helpers/tasks.js";

let system: System;
let clean: SnapshotRestorer;
let alice: HardhatEthersSigner;
let bob: HardhatEthersSigner;
let carol: HardhatEthersSigner;
let board: string;

beforeAll(async () => {
  system = await deploySystem();
  [alice, bob, carol] = system.residents as [HardhatEthersSigner, HardhatEthersSigner, HardhatEthersSigner];
  await registerResidents(system, DISTRICT, [alice, bob, carol]);
  board = await system.taskBoard.getAddress();
  clean = await system.networkHelpers.takeSnapshot();
});

beforeEach(async () => {
  await clean.restore();
});

afterEach(async () => {
  await expectEscrowBacked(system);
});

/** getTask as the plain tuple of ITaskBoard.TaskView. */
async function taskTuple(taskId: bigint): Promise<unknown[]> {
  return plain(await system.taskBoard.getTask(taskId)) as unknown[];
}

/** A TaskView tuple for `params` posted by the official, with the given counters. */
function expectedView(
  params: TaskParams,
  counters: { cancelled?: boolean; active?: number; completed?: number; refunded?: number; open: number },
): unknown[] {
  const slots = BigInt(params.slots);
  const { active = 0, completed = 0, refunded = 0, cancelled = false } = counters;
  return [
    system.official.address,
    params.verifier,
    BigInt(params.reward),
    BigInt(params.district),
    BigInt(params.deadline),
    BigInt(params.claimWindow),
    cancelled,
    slots,
    BigInt(active),
    BigInt(completed),
    BigInt(refunded),
    BigInt(counters.open),
    BigInt(params.reward) * (slots - BigInt(completed) - BigInt(refunded)),
    params.contentHash,
  ];
}

describe("createTask", () => {
  test("escrows reward × slots from the poster, stores the task, emits TaskCreated and numbers tasks from 1", async () => {
    const { taskBoard, coin, official, verifier } = system;
    expect(await taskBoard.taskCount()).toBe(0n);
    const params = await taskParams(system, { reward: 1_250, slots: 4, district: 7, claimWindow: 3 * 3600 });
    await fund(system, 10_000n);

    const tx = await taskBoard.connect(official).createTask(params);
    expect(await eventOf(tx, taskBoard, "TaskCreated")).toEqual([
      1n,
      official.address,
      7n,
      verifier.address,
      1_250n,
      4n,
      BigInt(params.deadline),
      3n * 3600n,
      CONTENT_HASH,
    ]);
    expect(await eventOf(tx, coin, "Transfer")).toEqual([official.address, board, 5_000n]);
    expect(await coin.balanceOf(official.address)).toBe(5_000n);
    expect(await coin.balanceOf(board)).toBe(5_000n);
    expect(await coin.allowance(official.address, board)).toBe(5_000n);
    expect(await taskBoard.taskCount()).toBe(1n);
    expect(await taskTuple(1n)).toEqual(expectedView(params, { open: 4 }));

    const second = await taskParams(system, { reward: 5_000, slots: 1 });
    const created = await eventOf(taskBoard.connect(official).createTask(second), taskBoard, "TaskCreated");
    expect(created[0]).toBe(2n);
    expect(await taskBoard.taskCount()).toBe(2n);
    expect(await coin.balanceOf(official.address)).toBe(0n);
    expect(await coin.balanceOf(board)).toBe(10_000n);
  });

  test("computes the escrow of the largest task in 256 bits (reward 2^64 - 1 times 65,535 slots)", async () => {
    const reward = 2n ** 64n - 1n;
    const { taskId, params } = await postTask(system, { reward, slots: 65_535 });
    expect(escrowOf(params)).toBe(reward * 65_535n);
    expect((await system.taskBoard.getTask(taskId)).escrow).toBe(reward * 65_535n);
    expect(await system.coin.balanceOf(board)).toBe(reward * 65_535n);
  });

  const invalid: [field: string, value: Partial<TaskParams>, reported: bigint][] = [
    ["reward", { reward: 0 }, 0n],
    ["slots", { slots: 0 }, 0n],
    ["district", { district: 0 }, 0n],
    ["claimWindow", { claimWindow: 0 }, 0n],
    ["verifier", { verifier: ZeroAddress }, 0n],
    ["contentHash", { contentHash: ZeroHash }, 0n],
  ];
  for (const [field, override, reported] of invalid) {
    test(`refuses ${field} = 0 with TaskInvalidParam("${field}", 0) and moves no coins`, async () => {
      const { taskBoard, coin, official } = system;
      await fund(system, 100_000n);
      await expectRevert(
        taskBoard.connect(official).createTask(await taskParams(system, override)),
        taskBoard,
        "TaskInvalidParam",
        [field, reported],
      );
      expect(await taskBoard.taskCount()).toBe(0n);
      expect(await coin.balanceOf(official.address)).toBe(100_000n);
    });
  }

  test('refuses a deadline in the past or at the block time with TaskInvalidParam("deadline", deadline)', async () => {
    const { taskBoard, official, networkHelpers } = system;
    await fund(system, 100_000n);
    const past = (await now(system)) - 1;
    await expectRevert(
      taskBoard.connect(official).createTask(await taskParams(system, { deadline: past })),
      taskBoard,
      "TaskInvalidParam",
      ["deadline", past],
    );
    const blockTime = (await now(system)) + 10;
    await networkHelpers.time.setNextBlockTimestamp(blockTime);
    await expectRevert(
      taskBoard.connect(official).createTask(await taskParams(system, { deadline: blockTime })),
      taskBoard,
      "TaskInvalidParam",
      ["deadline", blockTime],
    );
    // One second after the block that posts it is the earliest deadline.
    await networkHelpers.time.setNextBlockTimestamp(blockTime);
    await taskBoard.connect(official).createTask(await taskParams(system, { deadline: blockTime + 1 }));
    expect((await taskBoard.getTask(1n)).deadline).toBe(BigInt(blockTime + 1));
  });

  test("refuses callers without TASK_POSTER_ROLE, even funded admins and verifiers", async () => {
    const { taskBoard, admin, outsider, verifier } = system;
    const role = await taskBoard.TASK_POSTER_ROLE();
    for (const caller of [admin, outsider, verifier]) {
      await fund(system, escrowOf(await taskParams(system)), caller);
      await expectRevert(
        taskBoard.connect(caller).createTask(await taskParams(system)),
        taskBoard,
        "AccessControlUnauthorizedAccount",
        [caller.address, role],
      );
    }
    expect(await taskBoard.taskCount()).toBe(0n);
  });

  test("needs an allowance and a balance of the whole escrow (the coin's own errors)", async () => {
    const { taskBoard, coin, official } = system;
    const params = await taskParams(system);
    const escrow = escrowOf(params);
    await coin.mint(official.address, escrow);
    await expectRevert(taskBoard.connect(official).createTask(params), coin, "ERC20InsufficientAllowance", [
      board,
      0n,
      escrow,
    ]);
    await coin.connect(official).approve(board, escrow - 1n);
    await expectRevert(taskBoard.connect(official).createTask(params), coin, "ERC20InsufficientAllowance", [
      board,
      escrow - 1n,
      escrow,
    ]);
    await coin.connect(official).approve(board, escrow);
    await coin.connect(official).transfer(alice.address, 1n);
    await expectRevert(taskBoard.connect(official).createTask(params), coin, "ERC20InsufficientBalance", [
      official.address,
      escrow - 1n,
      escrow,
    ]);
    expect(await taskBoard.taskCount()).toBe(0n);

    await coin.connect(alice).transfer(official.address, 1n);
    await taskBoard.connect(official).createTask(params);
    expect(await coin.allowance(official.address, board)).toBe(0n);
    expect(await coin.balanceOf(official.address)).toBe(0n);
    expect(await coin.balanceOf(board)).toBe(escrow);
  });
});

describe("createTaskWithPermit", () => {
  test("posts a task with an ERC-2612 permit signed as typed data, without a prior approval", async () => {
    const { taskBoard, coin, official } = system;
    const params = await taskParams(system);
    const escrow = escrowOf(params);
    await coin.mint(official.address, escrow);
    expect(await coin.allowance(official.address, board)).toBe(0n);
    const deadline = BigInt((await now(system)) + 3_600);
    const permit = await signPermit(coin, official, board, escrow, deadline);

    const tx = await taskBoard.connect(official).createTaskWithPermit(params, deadline, permit.v, permit.r, permit.s);
    expect((await eventOf(tx, taskBoard, "TaskCreated")).slice(0, 2)).toEqual([1n, official.address]);
    expect(await eventOf(tx, coin, "Approval")).toEqual([official.address, board, escrow]);
    expect(await coin.nonces(official.address)).toBe(1n);
    expect(await coin.allowance(official.address, board)).toBe(0n);
    expect(await coin.balanceOf(board)).toBe(escrow);
    expect(await taskTuple(1n)).toEqual(expectedView(params, { open: 2 }));
  });

  test("still posts when someone already submitted the permit: the allowance it left stands", async () => {
    const { taskBoard, coin, official, outsider } = system;
    const params = await taskParams(system);
    const escrow = escrowOf(params);
    await coin.mint(official.address, escrow);
    const deadline = BigInt((await now(system)) + 3_600);
    const permit = await signPermit(coin, official, board, escrow, deadline);
    // A front-runner copies the permit out of the pending transaction and submits it first.
    await coin.connect(outsider).permit(official.address, board, escrow, deadline, permit.v, permit.r, permit.s);
    expect(await coin.allowance(official.address, board)).toBe(escrow);

    await taskBoard.connect(official).createTaskWithPermit(params, deadline, permit.v, permit.r, permit.s);
    expect(await taskBoard.taskCount()).toBe(1n);
    expect(await coin.nonces(official.address)).toBe(1n);
    expect(await coin.balanceOf(board)).toBe(escrow);
  });

  test("a permit that does not work and no allowance end in the coin's allowance error", async () => {
    const { taskBoard, coin, official, networkHelpers } = system;
    const params = await taskParams(system);
    const escrow = escrowOf(params);
    await coin.mint(official.address, escrow);
    const deadline = BigInt((await now(system)) + 3_600);

    const tooSmall = await signPermit(coin, official, board, escrow - 1n, deadline);
    await expectRevert(
      taskBoard.connect(official).createTaskWithPermit(params, deadline, tooSmall.v, tooSmall.r, tooSmall.s),
      coin,
      "ERC20InsufficientAllowance",
      [board, 0n, escrow],
    );

    const expiring = await signPermit(coin, official, board, escrow, deadline);
    await networkHelpers.time.increaseTo(deadline + 1n);
    await expectRevert(
      taskBoard.connect(official).createTaskWithPermit(params, deadline, expiring.v, expiring.r, expiring.s),
      coin,
      "ERC20InsufficientAllowance",
      [board, 0n, escrow],
    );
    expect(await coin.nonces(official.address)).toBe(0n);
    expect(await taskBoard.taskCount()).toBe(0n);
  });

  test("checks the role and the task fields, and a refused call leaves the permit unused", async () => {
    const { taskBoard, coin, official, outsider } = system;
    const deadline = BigInt((await now(system)) + 3_600);
    const params = await taskParams(system);
    await coin.mint(outsider.address, escrowOf(params));
    const outsiderPermit = await signPermit(coin, outsider, board, escrowOf(params), deadline);
    await expectRevert(
      taskBoard
        .connect(outsider)
        .createTaskWithPermit(params, deadline, outsiderPermit.v, outsiderPermit.r, outsiderPermit.s),
      taskBoard,
      "AccessControlUnauthorizedAccount",
      [outsider.address, await taskBoard.TASK_POSTER_ROLE()],
    );

    const noSlots = await taskParams(system, { slots: 0 });
    const permit = await signPermit(coin, official, board, 0n, deadline);
    await expectRevert(
      taskBoard.connect(official).createTaskWithPermit(noSlots, deadline, permit.v, permit.r, permit.s),
      taskBoard,
      "TaskInvalidParam",
      ["slots", 0n],
    );
    expect(await coin.nonces(outsider.address)).toBe(0n);
    expect(await coin.nonces(official.address)).toBe(0n);
  });
});

describe("cancel", () => {
  test("by the creator: refunds every open slot to the creator and closes the task", async () => {
    const { taskBoard, coin, official } = system;
    const { taskId, params } = await postTask(system, { slots: 3 });
    const tx = await taskBoard.connect(official).cancel(taskId);
    expect(await eventOf(tx, taskBoard, "TaskCancelledBy")).toEqual([taskId, official.address]);
    expect(await eventOf(tx, taskBoard, "EscrowRefunded")).toEqual([taskId, official.address, 3n * REWARD]);
    expect(await eventOf(tx, coin, "Transfer")).toEqual([board, official.address, 3n * REWARD]);
    expect(await coin.balanceOf(official.address)).toBe(3n * REWARD);
    expect(await taskTuple(taskId)).toEqual(expectedView(params, { cancelled: true, refunded: 3, open: 0 }));
    await expectRevert(taskBoard.connect(alice).claim(taskId), taskBoard, "TaskCancelled", [taskId]);
  });

  test("by an admin: the refund still goes to the creator", async () => {
    const { taskBoard, coin, official, admin } = system;
    const { taskId } = await postTask(system);
    const tx = await taskBoard.connect(admin).cancel(taskId);
    expect(await eventOf(tx, taskBoard, "TaskCancelledBy")).toEqual([taskId, admin.address]);
    expect(await eventOf(tx, taskBoard, "EscrowRefunded")).toEqual([taskId, official.address, 2n * REWARD]);
    expect(await coin.balanceOf(official.address)).toBe(2n * REWARD);
    expect(await coin.balanceOf(admin.address)).toBe(0n);
  });

  test("refunds reward × open slots only; claims in progress stay escrowed and are still paid", async () => {
    const { taskBoard, coin, official, verifier } = system;
    const { taskId, params } = await postTask(system, { slots: 4 });
    await completeTask(system, taskId, alice);
    await claimAndSubmit(taskBoard, taskId, bob);
    await taskBoard.connect(carol).claim(taskId);

    const tx = await taskBoard.connect(official).cancel(taskId);
    expect(await eventOf(tx, taskBoard, "EscrowRefunded")).toEqual([taskId, official.address, REWARD]);
    expect(await taskTuple(taskId)).toEqual(
      expectedView(params, { cancelled: true, active: 2, completed: 1, refunded: 1, open: 0 }),
    );

    await taskBoard.connect(carol).submitEvidence(taskId, evidenceFor(carol.address, taskId));
    await taskBoard.connect(verifier).approve(taskId, bob.address);
    await taskBoard.connect(verifier).approve(taskId, carol.address);
    for (const resident of [alice, bob, carol]) expect(await coin.balanceOf(resident.address)).toBe(REWARD);
    expect(await coin.balanceOf(official.address)).toBe(REWARD);
    expect(await taskTuple(taskId)).toEqual(
      expectedView(params, { cancelled: true, completed: 3, refunded: 1, open: 0 }),
    );
    expect((await taskBoard.getTask(taskId)).escrow).toBe(0n);
  });

  test("with every slot in progress refunds nothing and emits no EscrowRefunded", async () => {
    const { taskBoard, coin, official } = system;
    const { taskId } = await postTask(system, { slots: 2 });
    await taskBoard.connect(alice).claim(taskId);
    await taskBoard.connect(bob).claim(taskId);
    const tx = await taskBoard.connect(official).cancel(taskId);
    expect(await eventOf(tx, taskBoard, "TaskCancelledBy")).toEqual([taskId, official.address]);
    expect(await eventsOf(tx, taskBoard, "EscrowRefunded")).toHaveLength(0);
    expect(await coin.balanceOf(official.address)).toBe(0n);
    expect((await taskBoard.getTask(taskId)).escrow).toBe(2n * REWARD);
  });

  test("refuses anyone but the creator or an admin, including another poster and the verifier", async () => {
    const { taskBoard, admin, outsider, verifier, merchant } = system;
    await taskBoard.connect(admin).grantRole(await taskBoard.TASK_POSTER_ROLE(), merchant.address);
    const { taskId } = await postTask(system);
    for (const caller of [outsider, verifier, merchant, alice]) {
      await expectRevert(taskBoard.connect(caller).cancel(taskId), taskBoard, "TaskNotCreator", [
        taskId,
        caller.address,
      ]);
    }
    expect((await taskBoard.getTask(taskId)).cancelled).toBe(false);
  });

  test("refuses a second cancel and an unknown task", async () => {
    const { taskBoard, official, admin } = system;
    const { taskId } = await postTask(system);
    await taskBoard.connect(official).cancel(taskId);
    for (const caller of [official, admin]) {
      await expectRevert(taskBoard.connect(caller).cancel(taskId), taskBoard, "TaskCancelled", [taskId]);
    }
    for (const unknown of [0n, taskId + 1n]) {
      await expectRevert(taskBoard.connect(admin).cancel(unknown), taskBoard, "TaskUnknown", [unknown]);
    }
  });
});

describe("setYearlyCap", () => {
  test("lets the admin change the cap and reports old and new", async () => {
    const { taskBoard, admin } = system;
    expect(await taskBoard.yearlyCap()).toBe(DEFAULT_YEARLY_CAP);
    expect(await eventOf(taskBoard.connect(admin).setYearlyCap(5_000), taskBoard, "YearlyCapChanged")).toEqual([
      DEFAULT_YEARLY_CAP,
      5_000n,
    ]);
    expect(await taskBoard.yearlyCap()).toBe(5_000n);
    expect(await eventOf(taskBoard.connect(admin).setYearlyCap(200_000), taskBoard, "YearlyCapChanged")).toEqual([
      5_000n,
      200_000n,
    ]);
    expect(await taskBoard.yearlyCap()).toBe(200_000n);
  });

  test('refuses a cap of 0 with TaskInvalidParam("yearlyCap", 0)', async () => {
    const { taskBoard, admin } = system;
    await expectRevert(taskBoard.connect(admin).setYearlyCap(0), taskBoard, "TaskInvalidParam", ["yearlyCap", 0n]);
    expect(await taskBoard.yearlyCap()).toBe(DEFAULT_YEARLY_CAP);
  });

  test("refuses callers without DEFAULT_ADMIN_ROLE, posters included", async () => {
    const { taskBoard, official, outsider, verifier } = system;
    for (const caller of [official, outsider, verifier]) {
      await expectRevert(taskBoard.connect(caller).setYearlyCap(1), taskBoard, "AccessControlUnauthorizedAccount", [
        caller.address,
        ZeroHash,
      ]);
    }
  });
});

describe("views", () => {
  test("getTask, getClaim and the counters follow a task from posting to cancel", async () => {
    const { taskBoard, registry, coin, official, verifier, outsider, networkHelpers } = system;
    expect(await taskBoard.coin()).toBe(await coin.getAddress());
    expect(await taskBoard.registry()).toBe(await registry.getAddress());
    expect(await taskBoard.yearlyCap()).toBe(DEFAULT_YEARLY_CAP);
    expect(await taskBoard.currentYear()).toBe(BigInt(utcYearOf((await now(system)) + 3_600)));
    await expectRevert(taskBoard.getTask(1n), taskBoard, "TaskUnknown", [1n]);

    const { taskId, params } = await postTask(system, { slots: 2 });
    expect(await taskBoard.taskCount()).toBe(1n);
    expect(await taskTuple(taskId)).toEqual(expectedView(params, { open: 2 }));
    expect(plain(await taskBoard.getClaim(taskId, alice.address))).toEqual([0n, 0n, 0n, ZeroHash]);

    await taskBoard.connect(alice).claim(taskId);
    const aliceAt = BigInt(await now(system));
    const aliceExpires = aliceAt + BigInt(CLAIM_WINDOW);
    expect(await taskTuple(taskId)).toEqual(expectedView(params, { active: 1, open: 1 }));
    expect(plain(await taskBoard.getClaim(taskId, alice.address))).toEqual([
      BigInt(ClaimStatus.Claimed),
      aliceAt,
      aliceExpires,
      ZeroHash,
    ]);

    const evidence = evidenceFor(alice.address, taskId);
    await taskBoard.connect(alice).submitEvidence(taskId, evidence);
    expect(plain(await taskBoard.getClaim(taskId, alice.address))).toEqual([
      BigInt(ClaimStatus.Submitted),
      aliceAt,
      aliceExpires,
      evidence,
    ]);

    await taskBoard.connect(bob).claim(taskId);
    const bobAt = BigInt(await now(system));
    expect(await taskTuple(taskId)).toEqual(expectedView(params, { active: 2, open: 0 }));

    await taskBoard.connect(verifier).approve(taskId, alice.address);
    const year = await taskBoard.currentYear();
    expect(await taskTuple(taskId)).toEqual(expectedView(params, { active: 1, completed: 1, open: 0 }));
    expect((await taskBoard.getClaim(taskId, alice.address)).status).toBe(BigInt(ClaimStatus.Approved));
    expect(await taskBoard.earnedIn(alice.address, year)).toBe(REWARD);
    expect(await taskBoard.earnedIn(bob.address, year)).toBe(0n);

    await networkHelpers.time.increaseTo(bobAt + BigInt(CLAIM_WINDOW) + 1n);
    await taskBoard.connect(outsider).releaseExpiredClaim(taskId, bob.address);
    expect(await taskTuple(taskId)).toEqual(expectedView(params, { completed: 1, open: 1 }));
    expect(plain(await taskBoard.getClaim(taskId, bob.address))).toEqual([
      BigInt(ClaimStatus.Released),
      bobAt,
      bobAt + BigInt(CLAIM_WINDOW),
      ZeroHash,
    ]);

    await claimAndSubmit(taskBoard, taskId, carol);
    await taskBoard.connect(verifier).reject(taskId, carol.address, "De foto toont een ander plein");
    expect((await taskBoard.getClaim(taskId, carol.address)).status).toBe(BigInt(ClaimStatus.Rejected));
    expect(await taskTuple(taskId)).toEqual(expectedView(params, { completed: 1, open: 1 }));

    await taskBoard.connect(official).cancel(taskId);
    expect(await taskTuple(taskId)).toEqual(
      expectedView(params, { cancelled: true, completed: 1, refunded: 1, open: 0 }),
    );
    expect((await taskBoard.getTask(taskId)).escrow).toBe(0n);
    expect(await taskBoard.taskCount()).toBe(1n);
    expect(plain(await taskBoard.getClaim(taskId + 1n, alice.address))).toEqual([0n, 0n, 0n, ZeroHash]);
    expect(await coin.balanceOf(official.address)).toBe(REWARD);
  });
});
