/**
 * Issuing a batch of household vote codes from the officials' page. The codes are made in this
 * browser and never leave it except printed on the letters; the public record (the Merkle tree
 * over the codes' addresses) is stored through the API first, then the root is published on
 * chain, so a published batch always has its record (the API serves a record only for a root the
 * chain published: an orphan record from a failed publish serves nothing).
 */
import { Interface, type TransactionReceipt } from "ethers";

import {
  buildCodeTree,
  codeWallet,
  generateCode,
  letterVoteUrl,
  normalizeCode,
} from "../../../../lib/votecodes/index.js";
import { sendRelayed, SendError, type SendStatus } from "../../lib/chain/send.js";
import { abis, chainNow, system } from "../../lib/chain/system.svelte.js";
import { account } from "../../lib/account/account.svelte.js";

export interface IssuedBatch {
  batchId: string;
  district: number;
  /** Normalized codes, in the order of the households they were made for. */
  codes: string[];
  redeemableUntil: number;
}

/** New codes, one per household. */
export function newCodes(count: number): string[] {
  return Array.from({ length: count }, () => normalizeCode(generateCode()));
}

/** The batch id from the receipt's CodeBatchPublished event. */
function batchIdOf(receipt: TransactionReceipt): string {
  const iface = new Interface(abis.ResidentRegistry);
  for (const log of receipt.logs) {
    const parsed = (() => {
      try {
        return iface.parseLog(log);
      } catch {
        return null;
      }
    })();
    if (parsed?.name === "CodeBatchPublished") return String(parsed.args.batchId);
  }
  throw new SendError(`transaction ${receipt.hash} published no code batch`);
}

/**
 * Stores the record, then publishes the batch for `district` through the relayer; codes can be
 * redeemed for `days` days, registrations made with them last a year after that.
 */
export async function issueBatch(
  district: number,
  codes: string[],
  days: number,
  onStatus: SendStatus,
): Promise<IssuedBatch & { receipt: TransactionReceipt }> {
  const sys = system();
  const tree = buildCodeTree(codes.map((code) => codeWallet(code).address));
  await sys.api.postCodeBatch({ district, root: tree.root, codeCount: codes.length, tree: tree.dump() });
  const until = (await chainNow()) + Math.round(days * 86_400);
  const receipt = await sendRelayed(
    account.signer,
    "ResidentRegistry",
    "publishCodeBatch",
    [district, tree.root, codes.length, until, until + 365 * 86_400],
    onStatus,
  );
  return { batchId: batchIdOf(receipt), district, codes, redeemableUntil: until, receipt };
}

/**
 * The vote page's address with the code filled in (the letter's QR code opens it), naming the round
 * the letters are for when the official chose one (null: whichever round the district votes in).
 */
export function redeemUrl(batchId: string, code: string, roundId: string | null = null): string {
  // The letter-only vote page (issue 15): the code alone registers, fetches the token and votes.
  return letterVoteUrl(new URL(".", location.href).href, batchId, code, roundId);
}
