import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";

import BuurtkasModule from "../../ignition/modules/Buurtkas.js";
import type {
  BudgetRound,
  BuurtkasForwarder,
  LocalCoin,
  PaperBallotDesk,
  ResidentRegistry,
  ResultCommitments,
  SecretBallots,
  TaskBoard,
} from "../../types/ethers-contracts/index.js";

export const DAY = 24 * 60 * 60;
export const YEAR = 365 * DAY;
export const DEFAULT_YEARLY_CAP = 150_000n;

/** A fresh in-process chain with the whole system deployed through the same Ignition module as production. */
export async function deploySystem() {
  const connection = await network.connect();
  const { ethers, ignition, networkHelpers } = connection;
  const [admin, official, verifier, merchant, outsider, ...residents] = await ethers.getSigners();
  const deployed = await ignition.deploy(BuurtkasModule, { parameters: { Buurtkas: { admin: admin!.address } } });

  const forwarder = deployed.forwarder as unknown as BuurtkasForwarder;
  const coin = deployed.coin as unknown as LocalCoin;
  const registry = deployed.registry as unknown as ResidentRegistry;
  const taskBoard = deployed.taskBoard as unknown as TaskBoard;
  const budgetRound = deployed.budgetRound as unknown as BudgetRound;
  const resultCommitments = deployed.resultCommitments as unknown as ResultCommitments;
  const secretBallots = deployed.secretBallots as unknown as SecretBallots;
  const paperDesk = deployed.paperDesk as unknown as PaperBallotDesk;

  await coin.grantRole(await coin.MINTER_ROLE(), admin!.address);
  await coin.grantRole(await coin.MERCHANT_MANAGER_ROLE(), admin!.address);
  await registry.grantRole(await registry.REGISTRAR_ROLE(), admin!.address);
  await registry.grantRole(await registry.CODE_ISSUER_ROLE(), admin!.address);
  await taskBoard.grantRole(await taskBoard.TASK_POSTER_ROLE(), official!.address);
  await budgetRound.grantRole(await budgetRound.ROUND_MANAGER_ROLE(), official!.address);
  await budgetRound.grantRole(await budgetRound.REVIEWER_ROLE(), official!.address);
  await budgetRound.grantRole(await budgetRound.CLERK_ROLE(), official!.address);

  return {
    connection,
    ethers,
    networkHelpers,
    forwarder,
    coin,
    registry,
    taskBoard,
    budgetRound,
    resultCommitments,
    secretBallots,
    paperDesk,
    admin: admin!,
    official: official!,
    verifier: verifier!,
    merchant: merchant!,
    outsider: outsider!,
    residents: residents as HardhatEthersSigner[],
  };
}

export type System = Awaited<ReturnType<typeof deploySystem>>;

export async function now(system: System): Promise<number> {
  return system.networkHelpers.time.latest();
}
