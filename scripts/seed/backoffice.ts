/**
 * The demo's back-office steps. Paper ballots go only through the paper-ballot desk: the desk is
 * BudgetRound's clerk (ignition/modules/Buurtkas.ts grants it that role) and the official is a clerk
 * of the desk, never of BudgetRound itself, so every paper ballot uses a household's vote code up
 * in the registry and that household cannot vote online as well.
 */
import type { Signer } from "ethers";

import type { Deployment } from "../../lib/contracts/deployments.js";
import { signPaperApprovalBallot } from "../../lib/paper/index.js";
import { proofFor, codeWallet, type CodeTree } from "../../lib/votecodes/index.js";
import { PaperBallotDesk__factory } from "../../types/ethers-contracts/factories/contracts/paper/PaperBallotDesk__factory.js";

export async function deskClerkStep(deployment: Deployment, admin: Signer, official: string): Promise<void> {
  const desk = PaperBallotDesk__factory.connect(deployment.contracts.PaperBallotDesk.address, admin);
  await (await desk.grantRole(await desk.CLERK_ROLE(), official)).wait();
}

export interface DeskPaperBallot {
  roundId: bigint;
  district: number;
  /** Bitmap of the chosen ballot positions. */
  selection: bigint;
  /** The household's letter: its batch, the code on it and the batch's tree. */
  batchId: number;
  code: string;
  tree: CodeTree;
}

/** Records a paper approval ballot at the desk as `clerk`, signed with the letter's code as the clerk desk page does. */
export async function deskPaperBallotStep(
  deployment: Deployment,
  clerk: Signer,
  ballot: DeskPaperBallot,
): Promise<void> {
  const address = deployment.contracts.PaperBallotDesk.address;
  const desk = PaperBallotDesk__factory.connect(address, clerk);
  const context = {
    desk: address,
    chainId: deployment.chainId,
    roundId: ballot.roundId,
    district: ballot.district,
    batchId: ballot.batchId,
  };
  const signature = await signPaperApprovalBallot(ballot.code, context, ballot.selection);
  const proof = proofFor(ballot.tree, codeWallet(ballot.code).address);
  await (
    await desk.recordApprovalBallot(ballot.roundId, ballot.district, ballot.selection, ballot.batchId, signature, proof)
  ).wait();
}
