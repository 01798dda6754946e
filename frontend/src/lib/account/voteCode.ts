/**
 * Redeeming a household vote code from the letter: the code's key signs the resident's account
 * for the batch's district (lib/votecodes), with the Merkle proof from the public batch record,
 * and the relayer submits it. Used by the account page's form and by the letter-only vote page.
 */
import type { TransactionReceipt } from "ethers";

import { codeWallet, normalizeCode, proofFor, signVoteCode, type CodeTree } from "../../../../lib/votecodes/index.js";
import { SendError, sendRelayed, type SendStatus } from "../chain/send.js";
import { system } from "../chain/system.svelte.js";
import { t } from "../i18n/index.svelte.js";
import { account } from "./account.svelte.js";

export async function redeemVoteCode(
  code: string,
  batch: string,
  loadTree: (batchId: string) => Promise<CodeTree>,
  onStatus: SendStatus,
): Promise<TransactionReceipt> {
  const sys = system();
  let normalized: string;
  try {
    normalized = normalizeCode(code);
  } catch {
    throw new SendError(t("invalidCode"));
  }
  const batchId = BigInt(batch.trim());
  const onChain = await sys.contracts.ResidentRegistry.codeBatch(batchId);
  const district = Number(onChain.district);
  if (district === 0) throw new SendError(t("batchNotFound", { batch: batchId }));
  const tree = await loadTree(batch.trim());
  let proof: string[];
  try {
    proof = proofFor(tree, codeWallet(normalized).address);
  } catch {
    throw new SendError(t("codeNotInBatch", { batch: batchId }));
  }
  const signature = await signVoteCode(normalized, {
    registry: sys.address("ResidentRegistry"),
    chainId: sys.chainId,
    account: account.address!,
    district,
    batchId,
  });
  const receipt = await sendRelayed(
    account.signer,
    "ResidentRegistry",
    "redeemVoteCode",
    [batchId, signature, proof],
    onStatus,
  );
  await account.refresh();
  return receipt;
}
