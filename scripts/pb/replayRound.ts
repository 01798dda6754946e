/**
 * Replays an election through the contracts on an in-process Hardhat chain: deploys the system,
 * creates a round from the election's rules, registers one resident per voter, submits and
 * reviews every project, casts every ballot, finalizes, and reads the winners back from the chain.
 */
import { network } from "hardhat";
import type { ContractTransactionResponse } from "ethers";

import BuurtkasModule from "../../ignition/modules/Buurtkas.js";
import { connectContract } from "../../generated/contracts.js";
import { encodeApproval, encodePoints } from "../../lib/ballots/encoding.js";
import { roundRules, shareBpsCovering, type BallotTypeLabel, type TieBreakLabel } from "../../lib/budget/index.js";

export interface ReplayProject {
  id: string;
  cost: bigint;
}

export interface ReplayElection {
  budget: bigint;
  ballotType: BallotTypeLabel;
  projects: ReplayProject[];
  /** Approval: the approved project ids. Cumulative: points per project id. */
  ballots: (readonly string[] | ReadonlyMap<string, number>)[];
  minProjects?: number;
  maxProjects?: number;
  /** Approval: the most a ballot may cost (absent = no limit). */
  maxBallotCost?: bigint;
  /** Cumulative: points per voter. */
  totalPoints?: number;
  tieBreak: TieBreakLabel;
}

export interface ReplayResult {
  selected: string[];
  cost: bigint;
  ballotGas: number[];
  finalizeGas: number;
  roundId: bigint;
  budgetRound: string;
  /** The connection, still open, for callers that read more from the chain (export, audit). */
  close: () => Promise<void>;
  provider: import("ethers").Provider;
}

export interface ReplayProgress {
  (step: string, done?: number, total?: number): void;
}

const DISTRICT = 1;

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<number> {
  return Number((await (await tx).wait())!.gasUsed);
}

export async function replayElection(
  election: ReplayElection,
  progress: ReplayProgress = () => {},
): Promise<ReplayResult> {
  const connection = await network.connect({
    override: { allowUnlimitedContractSize: false, blockGasLimit: 60_000_000n },
  });
  const { ethers, networkHelpers, provider } = connection;
  const [admin] = await ethers.getSigners();
  progress("deploying contracts");
  const deployed = await connection.ignition.deploy(BuurtkasModule, {
    parameters: { Buurtkas: { admin: admin!.address } },
  });
  const registry = connectContract("ResidentRegistry", await deployed.registry.getAddress(), admin);
  const budgetRound = connectContract("BudgetRound", await deployed.budgetRound.getAddress(), admin);
  await registry.grantRole(await registry.REGISTRAR_ROLE(), admin!.address);
  for (const role of [await budgetRound.ROUND_MANAGER_ROLE(), await budgetRound.REVIEWER_ROLE()]) {
    await budgetRound.grantRole(role, admin!.address);
  }

  const projectIndex = new Map(election.projects.map((p, i) => [p.id, i]));
  const maxPointsPerProject = Math.max(
    1,
    ...election.ballots.flatMap((b) => (b instanceof Map ? [...(b as ReadonlyMap<string, number>).values()] : [])),
  );
  // Voters are plain addresses the local chain lets us send from: no keys to derive or sign with.
  const voters = election.ballots.map((_, i) =>
    ethers.getAddress("0x" + (0x10000n + BigInt(i)).toString(16).padStart(40, "0")),
  );
  const expiresAt = BigInt((await networkHelpers.time.latest()) + 365 * 24 * 3600);
  progress("registering residents", 0, voters.length);
  for (const [i, voter] of voters.entries()) {
    await registry.register(voter, DISTRICT, expiresAt);
    if ((i + 1) % 500 === 0) progress("registering residents", i + 1, voters.length);
  }
  const proposer = voters[0] ?? admin!.address;
  if (voters.length === 0) await registry.register(proposer, DISTRICT, expiresAt);
  await provider.request({ method: "hardhat_impersonateAccount", params: [proposer] });
  await networkHelpers.setBalance(proposer, 10n ** 20n);

  const t = await networkHelpers.time.latest();
  const day = 24 * 3600;
  const approval = election.ballotType === "approval";
  await budgetRound.createRound(
    roundRules({
      districts: [{ district: DISTRICT, budget: election.budget }],
      schedule: {
        proposalsStart: t + 100,
        supportStart: t + day,
        reviewStart: t + day,
        votingStart: t + 2 * day,
        votingEnd: t + 30 * day,
      },
      ballotType: election.ballotType,
      ...(approval
        ? {
            minProjects: election.minProjects ?? 0,
            maxProjects: election.maxProjects ?? 0,
            // Plain approval unless the election limited a ballot's cost.
            maxBudgetShareBps:
              election.maxBallotCost !== undefined ? shareBpsCovering(election.maxBallotCost, election.budget) : 0,
          }
        : { totalPoints: election.totalPoints ?? 0, maxPointsPerProject }),
      tieBreak: election.tieBreak,
      rulesHash: ethers.id("replay"),
    }),
  );
  const roundId = await budgetRound.roundCount();

  progress("submitting and reviewing projects");
  await networkHelpers.time.increaseTo(t + 100);
  const proposerSigner = await ethers.getSigner(proposer);
  const firstId = (await budgetRound.proposalCount()) + 1n;
  for (const project of election.projects) {
    await budgetRound
      .connect(proposerSigner)
      .submitProposal(roundId, DISTRICT, project.cost, ethers.id(`pabulib project ${project.id}`));
  }
  await networkHelpers.time.increaseTo(t + day);
  for (const [i, project] of election.projects.entries()) {
    await budgetRound.review(firstId + BigInt(i), true, project.cost, ethers.ZeroHash);
  }
  await budgetRound.publishBallot(roundId, DISTRICT);
  await networkHelpers.time.increaseTo(t + 2 * day);

  progress("casting ballots", 0, voters.length);
  const ballotGas: number[] = [];
  for (const [i, ballot] of election.ballots.entries()) {
    const voter = voters[i]!;
    await provider.request({ method: "hardhat_impersonateAccount", params: [voter] });
    await networkHelpers.setBalance(voter, 10n ** 18n);
    const signer = await ethers.getSigner(voter);
    const tx = approval
      ? budgetRound
          .connect(signer)
          .castApprovalBallot(
            roundId,
            DISTRICT,
            encodeApproval((ballot as readonly string[]).map((id) => projectIndex.get(id)!)),
          )
      : budgetRound
          .connect(signer)
          .castCumulativeBallot(
            roundId,
            DISTRICT,
            encodePoints(
              new Map(
                [...(ballot as ReadonlyMap<string, number>)].map(([id, points]) => [projectIndex.get(id)!, points]),
              ),
            ),
          );
    ballotGas.push(await gasOf(tx));
    if ((i + 1) % 500 === 0) progress("casting ballots", i + 1, voters.length);
  }

  progress("finalizing");
  await networkHelpers.time.increaseTo(t + 30 * day);
  const finalizeGas = await gasOf(budgetRound.finalize(roundId));
  const selectedIds = await budgetRound.getSelected(roundId, DISTRICT);
  const district = await budgetRound.getDistrict(roundId, DISTRICT);
  const selected = selectedIds.map((id) => election.projects[Number(id - firstId)]!.id);
  return {
    selected,
    cost: district.selectedCost,
    ballotGas,
    finalizeGas,
    roundId,
    budgetRound: await budgetRound.getAddress(),
    provider: ethers.provider,
    close: () => connection.close(),
  };
}
