/**
 * The demo's back-office step: the official is a clerk of the paper-ballot desk (which is itself
 * BudgetRound's clerk), so the officials' page can record paper ballots with a household's code.
 */
import type { Signer } from "ethers";

import type { Deployment } from "../../lib/contracts/deployments.js";
import { PaperBallotDesk__factory } from "../../types/ethers-contracts/factories/contracts/paper/PaperBallotDesk__factory.js";

export async function deskClerkStep(deployment: Deployment, admin: Signer, official: string): Promise<void> {
  const desk = PaperBallotDesk__factory.connect(deployment.contracts.PaperBallotDesk.address, admin);
  await (await desk.grantRole(await desk.CLERK_ROLE(), official)).wait();
}
