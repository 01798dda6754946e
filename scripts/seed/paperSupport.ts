/**
 * The demo's paper support form: a household of Noord hands in a support form for a proposal of
 * round 1 during its support phase, and the official, as the desk's clerk, records it through
 * PaperBallotDesk.recordSupport signed with the letter's code, as the clerk desk page does. The
 * code stays usable (the same household votes on paper later), so the letter is marked as having
 * supported, not as used.
 */
import type { Signer } from "ethers";

import type { Deployment } from "../../lib/contracts/deployments.js";
import { signPaperSupport } from "../../lib/paper/index.js";
import { codeWallet, proofFor, type CodeTree } from "../../lib/votecodes/index.js";
import { PaperBallotDesk__factory } from "../../types/ethers-contracts/factories/contracts/paper/PaperBallotDesk__factory.js";

export interface DeskPaperSupport {
  proposalId: bigint;
  /** The household's letter: its batch, the code on it and the batch's tree. */
  batchId: number;
  code: string;
  tree: CodeTree;
}

/** Records a paper support form at the desk as `clerk`, signed with the letter's code. */
export async function deskPaperSupportStep(
  deployment: Deployment,
  clerk: Signer,
  form: DeskPaperSupport,
): Promise<void> {
  const address = deployment.contracts.PaperBallotDesk.address;
  const desk = PaperBallotDesk__factory.connect(address, clerk);
  const context = { desk: address, chainId: deployment.chainId, batchId: BigInt(form.batchId) };
  const signature = await signPaperSupport(form.code, context, form.proposalId);
  const proof = proofFor(form.tree, codeWallet(form.code).address);
  await (await desk.recordSupport(form.proposalId, form.batchId, signature, proof)).wait();
}
