/**
 * Finding a household's batch from the code the clerk types: the code's address is a leaf of
 * exactly one published batch tree (the letters carry the batch number too, but the code alone is
 * enough, so there is one field less to mistype).
 */
import { codeWallet, loadCodeTree, normalizeCode, proofFor, type CodeTree } from "../../../../lib/votecodes/index.js";
import { system } from "../../lib/chain/system.svelte.js";

export type CodeLookup =
  | { ok: true; code: string; batchId: string; district: number; proof: string[] }
  | { ok: false; reason: "invalid" | "not_found" | "used" | "withdrawn" };

const trees = new Map<string, CodeTree>();

export async function lookUpCode(input: string, district: number): Promise<CodeLookup> {
  let code: string;
  try {
    code = normalizeCode(input);
  } catch {
    return { ok: false, reason: "invalid" };
  }
  const sys = system();
  const address = codeWallet(code).address;
  if (await sys.contracts.ResidentRegistry.isVoteCodeUsed(address)) return { ok: false, reason: "used" };
  const batches = (await sys.api.codeBatches()).items.filter((b) => b.district === district && b.recordPublished);
  for (const batch of batches) {
    let tree = trees.get(batch.batchId);
    if (!tree) {
      tree = loadCodeTree((await sys.api.codeBatch(batch.batchId)).tree);
      trees.set(batch.batchId, tree);
    }
    let proof: string[];
    try {
      proof = proofFor(tree, address);
    } catch {
      continue;
    }
    if (batch.withdrawn) return { ok: false, reason: "withdrawn" };
    return { ok: true, code, batchId: batch.batchId, district, proof };
  }
  return { ok: false, reason: "not_found" };
}
