/**
 * A batch of household vote codes for one district: the secret letters (CSV) and the public record
 * (Merkle root and tree over the code addresses, never the codes).
 */
import { type CodeTree, buildCodeTree, codeWallet, generateCode } from "../../lib/votecodes/index.js";

const SECONDS_PER_DAY = 24 * 60 * 60;

export interface CodeBatch {
  district: number;
  label: string | null;
  /** Formatted codes (XXXX-XXXX-XXXX-XXXX); letter n carries codes[n - 1]. */
  codes: string[];
  tree: CodeTree;
  createdAt: Date;
  /** Last moment (unix seconds) a code can be redeemed, or null when the official decides at publication. */
  redeemableUntil: number | null;
}

/** The public batch file: enough to publish the root and to build any code's proof, nothing secret. */
export interface BatchRecord {
  district: number;
  batchLabel: string | null;
  root: string;
  codeCount: number;
  tree: ReturnType<CodeTree["dump"]>;
  createdAt: string;
  /** The redeemableUntil to publish (unix seconds), or null when not chosen at generation. */
  redeemableUntil: number | null;
}

export function createCodeBatch(
  district: number,
  count: number,
  label: string | null,
  redeemableDays: number | null = null,
  createdAt = new Date(),
): CodeBatch {
  const codes = new Set<string>();
  // 80 random bits per code: a repeat is practically impossible, but a letter must never share a code.
  while (codes.size < count) codes.add(generateCode());
  const list = [...codes];
  const tree = buildCodeTree(list.map((code) => codeWallet(code).address));
  const redeemableUntil =
    redeemableDays === null ? null : Math.floor(createdAt.getTime() / 1000) + redeemableDays * SECONDS_PER_DAY;
  return { district, label, codes: list, tree, createdAt, redeemableUntil };
}

/** The letters to print, one row per household; with `used`, a column saying which codes were already redeemed. */
export function lettersCsv(batch: Pick<CodeBatch, "codes" | "district">, used?: readonly string[]): string {
  const rows = batch.codes.map(
    (code, index) => `${index + 1},${batch.district},${code}${used ? `,${used.includes(code) ? "yes" : "no"}` : ""}`,
  );
  return [`letter_number,district,code${used ? ",used" : ""}`, ...rows].join("\n") + "\n";
}

export function batchRecord(batch: CodeBatch): BatchRecord {
  return {
    district: batch.district,
    batchLabel: batch.label,
    root: batch.tree.root,
    codeCount: batch.codes.length,
    tree: batch.tree.dump(),
    createdAt: batch.createdAt.toISOString(),
    redeemableUntil: batch.redeemableUntil,
  };
}
