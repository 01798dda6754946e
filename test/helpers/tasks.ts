/**
 * Shared set-up for TaskBoard flow tests: task parameters, funded postings, claims walked to a
 * status, ERC-2612 permits, a second board on the same registry, Dutch New Year instants, and the
 * escrow invariant every flow must end in.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { Signature, type Signer, type TypedDataDomain, id } from "ethers";
import { expect } from "vitest";

import type { ITaskBoard } from "../../types/ethers-contracts/contracts/tasks/TaskBoard.js";
import type { LocalCoin, TaskBoard } from "../../types/ethers-contracts/index.js";
import { DAY, type System, now } from "./system.js";

/** Mirrors ITaskBoard.ClaimStatus. */
export const ClaimStatus = { None: 0, Claimed: 1, Submitted: 2, Approved: 3, Rejected: 4, Released: 5 } as const;

export type TaskParams = ITaskBoard.TaskParamsStruct;

export const DISTRICT = 1;
export const OTHER_DISTRICT = 2;
export const REWARD = 2_500n;
export const CLAIM_WINDOW = 7 * DAY;
/** Seconds from "now" to a default task's claim deadline. */
export const TASK_LIFETIME = 30 * DAY;
export const CONTENT_HASH = id("Sweep the Grote Markt after the Saturday market");

/** Two slots of 25.00 coins in district 1, verified by `system.verifier`; `overrides` win. */
export async function taskParams(system: System, overrides: Partial<TaskParams> = {}): Promise<TaskParams> {
  return {
    reward: REWARD,
    slots: 2,
    district: DISTRICT,
    deadline: (await now(system)) + TASK_LIFETIME,
    claimWindow: CLAIM_WINDOW,
    verifier: system.verifier.address,
    contentHash: CONTENT_HASH,
    ...overrides,
  };
}

export function escrowOf(params: TaskParams): bigint {
  return BigInt(params.reward) * BigInt(params.slots);
}

/** Mints `amount` to `poster` and lets `board` take it. */
export async function fund(
  system: System,
  amount: bigint,
  poster: HardhatEthersSigner = system.official,
  board: TaskBoard = system.taskBoard,
): Promise<void> {
  await system.coin.mint(poster.address, amount);
  await system.coin.connect(poster).approve(await board.getAddress(), amount);
}

/** Funds and posts a task as `system.official` on `board`; returns its id and parameters. */
export async function postTask(
  system: System,
  overrides: Partial<TaskParams> = {},
  board: TaskBoard = system.taskBoard,
): Promise<{ taskId: bigint; params: TaskParams }> {
  const params = await taskParams(system, overrides);
  await fund(system, escrowOf(params), system.official, board);
  await (await board.connect(system.official).createTask(params)).wait();
  return { taskId: await board.taskCount(), params };
}

export function evidenceFor(resident: string, taskId: bigint): string {
  return id(`photo of the finished work by ${resident} on task ${taskId}`);
}

/** `resident` claims the task and submits evidence. */
export async function claimAndSubmit(board: TaskBoard, taskId: bigint, resident: HardhatEthersSigner): Promise<string> {
  await board.connect(resident).claim(taskId);
  const evidence = evidenceFor(resident.address, taskId);
  await board.connect(resident).submitEvidence(taskId, evidence);
  return evidence;
}

/** `resident` claims, submits and is approved by the task's verifier. */
export async function completeTask(
  system: System,
  taskId: bigint,
  resident: HardhatEthersSigner,
  board: TaskBoard = system.taskBoard,
): Promise<void> {
  await claimAndSubmit(board, taskId, resident);
  await board.connect(system.verifier).approve(taskId, resident.address);
}

/**
 * The board's coins are exactly the escrow of its tasks: nothing stuck, nothing missing.
 * Every flow test ends with this.
 */
export async function expectEscrowBacked(system: System, board: TaskBoard = system.taskBoard): Promise<void> {
  let escrow = 0n;
  const count = await board.taskCount();
  for (let taskId = 1n; taskId <= count; taskId++) escrow += (await board.getTask(taskId)).escrow;
  expect(await system.coin.balanceOf(await board.getAddress())).toBe(escrow);
}

export const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** The coin's EIP-712 domain for permits (ERC20Permit uses the token name and version "1"). */
export async function permitDomain(coin: LocalCoin): Promise<TypedDataDomain> {
  const { chainId } = await coin.runner!.provider!.getNetwork();
  return { name: await coin.name(), version: "1", chainId, verifyingContract: await coin.getAddress() };
}

/** An ERC-2612 permit for `spender`, signed with EIP-712 typed data by `owner` at its current nonce. */
export async function signPermit(
  coin: LocalCoin,
  owner: Signer,
  spender: string,
  value: bigint,
  deadline: bigint,
): Promise<Signature> {
  const address = await owner.getAddress();
  const message = { owner: address, spender, value, nonce: await coin.nonces(address), deadline };
  return Signature.from(await owner.signTypedData(await permitDomain(coin), PERMIT_TYPES, message));
}

/**
 * A second TaskBoard on the same coin and registry (a neighbourhood organisation's board), allowed
 * to record earnings, with `system.official` as poster.
 */
export async function deploySecondBoard(system: System, yearlyCap: bigint): Promise<TaskBoard> {
  const { ethers, coin, registry, forwarder, admin, official } = system;
  const board = (await ethers.deployContract("TaskBoard", [
    await coin.getAddress(),
    await registry.getAddress(),
    admin.address,
    await forwarder.getAddress(),
    yearlyCap,
  ])) as unknown as TaskBoard;
  await board.waitForDeployment();
  await registry.grantRole(await registry.EARNINGS_RECORDER_ROLE(), await board.getAddress());
  await board.grantRole(await board.TASK_POSTER_ROLE(), official.address);
  return board;
}

/** Unix time of 1 January `year`, 00:00 in Amsterdam (31 December 23:00:00 UTC the day before). */
export function dutchNewYear(year: number): number {
  return Date.UTC(year - 1, 11, 31, 23, 0, 0) / 1000;
}

/** The UTC calendar year of a unix time. */
export function utcYearOf(timestamp: number): number {
  return new Date(timestamp * 1000).getUTCFullYear();
}
