/**
 * TaskBoard, the verifier's side: approving (payment and the yearly cap, counted per person over
 * two boards that share the registry and reset at the Dutch New Year) and rejecting with a reason.
 */
import type { SnapshotRestorer } from "@nomicfoundation/hardhat-network-helpers/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { ZeroAddress } from "ethers";
import { afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";

import { expectRevert } from "../helpers/errors.js";
import { eventOf, eventsOf, registerResidents } from "../helpers/rounds.js";
import { DEFAULT_YEARLY_CAP, YEAR, type System, deploySystem } from "../helpers/system.js";
import {
  ClaimStatus,
  DISTRICT,
  REWARD,
  type TaskParams,
  claimAndSubmit,
  completeTask,
  deploySecondBoard,
  dutchNewYear,
  expectEscrowBacked,
  postTask,
} from "../helpers/tasks.js";
import type { TaskBoard } from "../../types/ethers-contracts/index.js";

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

/** Posts a one-slot task of `reward` on `taskBoard` and lets `resident` claim it and submit evidence. */
async function submittedTask(
  resident: HardhatEthersSigner,
  reward: bigint,
  taskBoard: TaskBoard = system.taskBoard,
  overrides: Partial<TaskParams> = {},
): Promise<bigint> {
  const { taskId } = await postTask(system, { reward, slots: 1, ...overrides }, taskBoard);
  await claimAndSubmit(taskBoard, taskId, resident);
  return taskId;
}

describe("approve", () => {
  test("pays the reward, counts it for the current Dutch year and closes the slot", async () => {
    const { taskBoard, registry, coin, verifier } = system;
    const { taskId } = await postTask(system, { slots: 2 });
    await claimAndSubmit(taskBoard, taskId, alice);
    const year = await taskBoard.currentYear();

    const tx = await taskBoard.connect(verifier).approve(taskId, alice.address);
    expect(await eventOf(tx, taskBoard, "ClaimApproved")).toEqual([taskId, alice.address, REWARD, year]);
    expect(await eventOf(tx, coin, "Transfer")).toEqual([board, alice.address, REWARD]);
    expect(await coin.balanceOf(alice.address)).toBe(REWARD);
    expect(await coin.balanceOf(board)).toBe(REWARD);
    expect(await taskBoard.earnedIn(alice.address, year)).toBe(REWARD);
    expect(await registry.earnedIn(alice.address, year)).toBe(REWARD);
    expect((await registry.registrationOf(alice.address)).earningsYear).toBe(year);
    expect((await taskBoard.getClaim(taskId, alice.address)).status).toBe(BigInt(ClaimStatus.Approved));
    const task = await taskBoard.getTask(taskId);
    expect([task.activeClaims, task.completed, task.openSlots, task.escrow]).toEqual([0n, 1n, 1n, REWARD]);
  });

  test("refuses anyone but the task's verifier, the creator and an admin included", async () => {
    const { taskBoard, official, admin, outsider } = system;
    const taskId = await submittedTask(alice, REWARD);
    for (const caller of [official, admin, outsider, alice]) {
      await expectRevert(taskBoard.connect(caller).approve(taskId, alice.address), taskBoard, "TaskNotVerifier", [
        taskId,
        caller.address,
      ]);
    }
    expect(await system.coin.balanceOf(alice.address)).toBe(0n);
  });

  test("lets a verifier other than the default one decide their own task only", async () => {
    const { taskBoard, verifier, outsider } = system;
    const own = await submittedTask(alice, REWARD, taskBoard, { verifier: outsider.address });
    const other = await submittedTask(alice, REWARD);
    await expectRevert(taskBoard.connect(verifier).approve(own, alice.address), taskBoard, "TaskNotVerifier", [
      own,
      verifier.address,
    ]);
    await expectRevert(taskBoard.connect(outsider).approve(other, alice.address), taskBoard, "TaskNotVerifier", [
      other,
      outsider.address,
    ]);
    await taskBoard.connect(outsider).approve(own, alice.address);
    expect(await system.coin.balanceOf(alice.address)).toBe(REWARD);
  });

  test("refuses an unknown task", async () => {
    const { taskBoard, verifier } = system;
    await expectRevert(taskBoard.connect(verifier).approve(1n, alice.address), taskBoard, "TaskUnknown", [1n]);
  });

  test("needs a claim in status Submitted", async () => {
    const { taskBoard, verifier, outsider } = system;
    const { taskId } = await postTask(system, { slots: 4 });
    const expectWrongStatus = (resident: HardhatEthersSigner, status: number) =>
      expectRevert(taskBoard.connect(verifier).approve(taskId, resident.address), taskBoard, "TaskWrongClaimStatus", [
        taskId,
        resident.address,
        status,
        ClaimStatus.Submitted,
      ]);

    await expectWrongStatus(alice, ClaimStatus.None);
    await taskBoard.connect(alice).claim(taskId);
    await expectWrongStatus(alice, ClaimStatus.Claimed);
    await taskBoard.connect(alice).submitEvidence(taskId, "0x" + "11".repeat(32));
    await taskBoard.connect(verifier).approve(taskId, alice.address);
    await expectWrongStatus(alice, ClaimStatus.Approved);
    await claimAndSubmit(taskBoard, taskId, bob);
    await taskBoard.connect(verifier).reject(taskId, bob.address, "Half gedaan");
    await expectWrongStatus(bob, ClaimStatus.Rejected);
    await taskBoard.connect(carol).claim(taskId);
    const { expiresAt } = await taskBoard.getClaim(taskId, carol.address);
    await system.networkHelpers.time.increaseTo(expiresAt + 1n);
    await taskBoard.connect(outsider).releaseExpiredClaim(taskId, carol.address);
    await expectWrongStatus(carol, ClaimStatus.Released);
    expect(await system.coin.balanceOf(alice.address)).toBe(REWARD);
  });

  test("pays submitted work of a resident whose registration was revoked since claiming", async () => {
    const { taskBoard, registry, verifier, coin } = system;
    const taskId = await submittedTask(alice, REWARD);
    await registry.revoke(alice.address);
    await taskBoard.connect(verifier).approve(taskId, alice.address);
    expect(await coin.balanceOf(alice.address)).toBe(REWARD);
  });

  test("pays up to the yearly cap exactly and refuses a reward beyond it, changing nothing", async () => {
    const { taskBoard, coin, admin, verifier } = system;
    await taskBoard.connect(admin).setYearlyCap(5_000);
    const year = await taskBoard.currentYear();
    for (const reward of [2_000n, 2_000n]) {
      await taskBoard.connect(verifier).approve(await submittedTask(alice, reward), alice.address);
    }
    const tooMuch = await submittedTask(alice, 1_001n);
    await expectRevert(
      taskBoard.connect(verifier).approve(tooMuch, alice.address),
      taskBoard,
      "TaskYearlyCapExceeded",
      [alice.address, year, 4_000n, 1_001n, 5_000n],
    );
    expect((await taskBoard.getClaim(tooMuch, alice.address)).status).toBe(BigInt(ClaimStatus.Submitted));
    expect((await taskBoard.getTask(tooMuch)).escrow).toBe(1_001n);
    expect(await taskBoard.earnedIn(alice.address, year)).toBe(4_000n);

    const upToCap = await submittedTask(alice, 1_000n);
    await taskBoard.connect(verifier).approve(upToCap, alice.address);
    expect(await taskBoard.earnedIn(alice.address, year)).toBe(5_000n);
    expect(await coin.balanceOf(alice.address)).toBe(5_000n);

    // Someone else's earnings are their own.
    await taskBoard.connect(verifier).approve(await submittedTask(bob, 5_000n), bob.address);
    expect(await taskBoard.earnedIn(bob.address, year)).toBe(5_000n);
  });

  test("applies a lowered cap to earnings already made", async () => {
    const { taskBoard, admin, verifier } = system;
    await taskBoard.connect(verifier).approve(await submittedTask(alice, 4_000n), alice.address);
    await taskBoard.connect(admin).setYearlyCap(3_000);
    const taskId = await submittedTask(alice, 1n);
    await expectRevert(taskBoard.connect(verifier).approve(taskId, alice.address), taskBoard, "TaskYearlyCapExceeded", [
      alice.address,
      await taskBoard.currentYear(),
      4_000n,
      1n,
      3_000n,
    ]);
  });

  test("starts counting afresh at the Dutch New Year: 22:59:59 UTC on 31 December is still the old year", async () => {
    const { taskBoard, admin, verifier, networkHelpers } = system;
    await taskBoard.connect(admin).setYearlyCap(5_000);
    const oldYear = Number(await taskBoard.currentYear()) + 1;
    const newYear = oldYear + 1;
    const newYearAt = dutchNewYear(newYear);
    expect(new Date(newYearAt * 1000).toISOString()).toBe(`${oldYear}-12-31T23:00:00.000Z`);

    const long = { claimWindow: 3 * YEAR, deadline: newYearAt + YEAR };
    const [first, second, third] = [
      await submittedTask(alice, 3_000n, taskBoard, long),
      await submittedTask(alice, 3_000n, taskBoard, long),
      await submittedTask(alice, 3_000n, taskBoard, long),
    ] as [bigint, bigint, bigint];
    const bobs = await submittedTask(bob, 3_000n, taskBoard, long);

    await networkHelpers.time.setNextBlockTimestamp(newYearAt - 2);
    await taskBoard.connect(verifier).approve(first, alice.address);
    await networkHelpers.time.setNextBlockTimestamp(newYearAt - 1);
    await expectRevert(taskBoard.connect(verifier).approve(second, alice.address), taskBoard, "TaskYearlyCapExceeded", [
      alice.address,
      oldYear,
      3_000n,
      3_000n,
      5_000n,
    ]);
    const lastSecond = await eventOf(
      taskBoard.connect(verifier).approve(bobs, bob.address),
      taskBoard,
      "ClaimApproved",
    );
    expect(lastSecond).toEqual([bobs, bob.address, 3_000n, BigInt(oldYear)]);
    expect(await networkHelpers.time.latest()).toBe(newYearAt - 1);
    expect(await taskBoard.currentYear()).toBe(BigInt(oldYear));
    expect(await taskBoard.earnedIn(alice.address, oldYear)).toBe(3_000n);

    await networkHelpers.time.setNextBlockTimestamp(newYearAt);
    const firstSecond = await eventOf(
      taskBoard.connect(verifier).approve(second, alice.address),
      taskBoard,
      "ClaimApproved",
    );
    expect(firstSecond).toEqual([second, alice.address, 3_000n, BigInt(newYear)]);
    expect(await taskBoard.currentYear()).toBe(BigInt(newYear));
    expect(await taskBoard.earnedIn(alice.address, newYear)).toBe(3_000n);
    // Only the latest year is kept; the old year's payments are in the ClaimApproved events.
    expect(await taskBoard.earnedIn(alice.address, oldYear)).toBe(0n);
    expect(await taskBoard.earnedIn(bob.address, oldYear)).toBe(3_000n);

    await expectRevert(taskBoard.connect(verifier).approve(third, alice.address), taskBoard, "TaskYearlyCapExceeded", [
      alice.address,
      newYear,
      3_000n,
      3_000n,
      5_000n,
    ]);
  });
});

describe("the yearly cap over two task boards sharing the registry", () => {
  test("a second board is deployed with its cap and refuses empty constructor arguments", async () => {
    const { ethers, coin, registry, forwarder, admin, taskBoard } = system;
    const second = await deploySecondBoard(system, 7_500n);
    const receipt = await second.deploymentTransaction()!.wait();
    const capEvents = receipt!.logs
      .map((log) => second.interface.parseLog(log))
      .filter((e) => e?.name === "YearlyCapChanged");
    expect(capEvents.map((e) => e!.args.toArray())).toEqual([[0n, 7_500n]]);
    expect(await second.yearlyCap()).toBe(7_500n);
    expect(await second.hasRole(await second.DEFAULT_ADMIN_ROLE(), admin.address)).toBe(true);
    expect(await second.coin()).toBe(await coin.getAddress());
    expect(await second.registry()).toBe(await registry.getAddress());
    expect(await second.taskCount()).toBe(0n);

    const args = [
      await coin.getAddress(),
      await registry.getAddress(),
      admin.address,
      await forwarder.getAddress(),
      1n,
    ];
    const cases: [field: string, index: number, value: unknown][] = [
      ["coin", 0, ZeroAddress],
      ["registry", 1, ZeroAddress],
      ["admin", 2, ZeroAddress],
      ["yearlyCap", 4, 0n],
    ];
    for (const [field, index, value] of cases) {
      const broken = args.with(index, value as string);
      await expectRevert(ethers.deployContract("TaskBoard", broken), taskBoard, "TaskInvalidParam", [field, 0n]);
    }
  });

  test("earnings on either board count towards one total per resident", async () => {
    const { taskBoard, admin, verifier } = system;
    await taskBoard.connect(admin).setYearlyCap(5_000);
    const second = await deploySecondBoard(system, 5_000n);
    const year = await taskBoard.currentYear();

    await taskBoard.connect(verifier).approve(await submittedTask(alice, 3_000n), alice.address);
    const overTheTop = await submittedTask(alice, 2_500n, second);
    await expectRevert(second.connect(verifier).approve(overTheTop, alice.address), second, "TaskYearlyCapExceeded", [
      alice.address,
      year,
      3_000n,
      2_500n,
      5_000n,
    ]);
    const upToCap = await submittedTask(alice, 2_000n, second);
    const approved = await eventOf(second.connect(verifier).approve(upToCap, alice.address), second, "ClaimApproved");
    expect(approved).toEqual([upToCap, alice.address, 2_000n, year]);
    expect(await taskBoard.earnedIn(alice.address, year)).toBe(5_000n);
    expect(await second.earnedIn(alice.address, year)).toBe(5_000n);

    const backOnFirst = await submittedTask(alice, 1n);
    await expectRevert(
      taskBoard.connect(verifier).approve(backOnFirst, alice.address),
      taskBoard,
      "TaskYearlyCapExceeded",
      [alice.address, year, 5_000n, 1n, 5_000n],
    );
    expect(await system.coin.balanceOf(alice.address)).toBe(5_000n);
    await expectEscrowBacked(system, second);
  });

  test("each board holds the shared total against its own cap", async () => {
    const { taskBoard, admin, verifier } = system;
    await taskBoard.connect(admin).setYearlyCap(5_000);
    const generous = await deploySecondBoard(system, DEFAULT_YEARLY_CAP);
    const year = await taskBoard.currentYear();
    await generous.connect(verifier).approve(await submittedTask(alice, 6_000n, generous), alice.address);
    expect(await taskBoard.earnedIn(alice.address, year)).toBe(6_000n);
    const strict = await submittedTask(alice, 1n);
    await expectRevert(taskBoard.connect(verifier).approve(strict, alice.address), taskBoard, "TaskYearlyCapExceeded", [
      alice.address,
      year,
      6_000n,
      1n,
      5_000n,
    ]);
    await expectEscrowBacked(system, generous);
  });

  test("a board without the registry's EARNINGS_RECORDER_ROLE cannot pay anyone", async () => {
    const { ethers, coin, registry, forwarder, admin, official, verifier } = system;
    const unlisted = (await ethers.deployContract("TaskBoard", [
      await coin.getAddress(),
      await registry.getAddress(),
      admin.address,
      await forwarder.getAddress(),
      DEFAULT_YEARLY_CAP,
    ])) as unknown as TaskBoard;
    await unlisted.grantRole(await unlisted.TASK_POSTER_ROLE(), official.address);
    const taskId = await submittedTask(alice, REWARD, unlisted);
    await expectRevert(
      unlisted.connect(verifier).approve(taskId, alice.address),
      registry,
      "AccessControlUnauthorizedAccount",
      [await unlisted.getAddress(), await registry.EARNINGS_RECORDER_ROLE()],
    );
    expect(await coin.balanceOf(alice.address)).toBe(0n);
    await expectEscrowBacked(system, unlisted);
  });
});

describe("reject", () => {
  test("records the reason; the slot reopens for someone else but not for the rejected resident", async () => {
    const { taskBoard, coin, verifier } = system;
    const { taskId } = await postTask(system, { slots: 1 });
    await claimAndSubmit(taskBoard, taskId, alice);
    const reason = "Op de foto ligt het zwerfvuil er nog";
    const tx = await taskBoard.connect(verifier).reject(taskId, alice.address, reason);
    expect(await eventOf(tx, taskBoard, "ClaimRejected")).toEqual([taskId, alice.address, reason]);
    expect(await eventsOf(tx, taskBoard, "EscrowRefunded")).toHaveLength(0);
    expect((await taskBoard.getClaim(taskId, alice.address)).status).toBe(BigInt(ClaimStatus.Rejected));
    const task = await taskBoard.getTask(taskId);
    expect([task.activeClaims, task.openSlots, task.escrow]).toEqual([0n, 1n, REWARD]);
    expect(await coin.balanceOf(alice.address)).toBe(0n);
    expect(await taskBoard.earnedIn(alice.address, await taskBoard.currentYear())).toBe(0n);

    await expectRevert(taskBoard.connect(alice).claim(taskId), taskBoard, "TaskAlreadyClaimed", [
      taskId,
      alice.address,
      ClaimStatus.Rejected,
    ]);
    await completeTask(system, taskId, bob);
    expect(await coin.balanceOf(bob.address)).toBe(REWARD);
  });

  test("refuses an empty reason", async () => {
    const { taskBoard, verifier } = system;
    const taskId = await submittedTask(alice, REWARD);
    await expectRevert(taskBoard.connect(verifier).reject(taskId, alice.address, ""), taskBoard, "TaskEmptyReason", []);
    expect((await taskBoard.getClaim(taskId, alice.address)).status).toBe(BigInt(ClaimStatus.Submitted));
  });

  test("refuses anyone but the verifier, and an unknown task", async () => {
    const { taskBoard, official, admin } = system;
    const taskId = await submittedTask(alice, REWARD);
    for (const caller of [official, admin, alice]) {
      await expectRevert(taskBoard.connect(caller).reject(taskId, alice.address, "nee"), taskBoard, "TaskNotVerifier", [
        taskId,
        caller.address,
      ]);
    }
    await expectRevert(
      taskBoard.connect(system.verifier).reject(taskId + 1n, alice.address, "nee"),
      taskBoard,
      "TaskUnknown",
      [taskId + 1n],
    );
  });

  test("needs a claim in status Submitted", async () => {
    const { taskBoard, verifier } = system;
    const { taskId } = await postTask(system, { slots: 3 });
    const expectWrongStatus = (resident: HardhatEthersSigner, status: number) =>
      expectRevert(
        taskBoard.connect(verifier).reject(taskId, resident.address, "nee"),
        taskBoard,
        "TaskWrongClaimStatus",
        [taskId, resident.address, status, ClaimStatus.Submitted],
      );
    await expectWrongStatus(alice, ClaimStatus.None);
    await taskBoard.connect(alice).claim(taskId);
    await expectWrongStatus(alice, ClaimStatus.Claimed);
    await completeTask(system, taskId, bob);
    await expectWrongStatus(bob, ClaimStatus.Approved);
    await claimAndSubmit(taskBoard, taskId, carol);
    await taskBoard.connect(verifier).reject(taskId, carol.address, "nee");
    await expectWrongStatus(carol, ClaimStatus.Rejected);
  });

  test("on a cancelled task refunds the rejected slot's escrow to the creator", async () => {
    const { taskBoard, coin, official, verifier } = system;
    const { taskId } = await postTask(system, { slots: 2 });
    await claimAndSubmit(taskBoard, taskId, alice);
    await taskBoard.connect(official).cancel(taskId);
    expect(await coin.balanceOf(official.address)).toBe(REWARD);

    const tx = await taskBoard.connect(verifier).reject(taskId, alice.address, "Niet gedaan");
    expect(await eventOf(tx, taskBoard, "ClaimRejected")).toEqual([taskId, alice.address, "Niet gedaan"]);
    expect(await eventOf(tx, taskBoard, "EscrowRefunded")).toEqual([taskId, official.address, REWARD]);
    expect(await coin.balanceOf(official.address)).toBe(2n * REWARD);
    const task = await taskBoard.getTask(taskId);
    expect([task.activeClaims, task.refunded, task.openSlots, task.escrow]).toEqual([0n, 2n, 0n, 0n]);
  });
});
