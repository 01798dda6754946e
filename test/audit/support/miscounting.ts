/**
 * The deliberately miscounting BudgetRound the audit tests catch: a copy of
 * contracts/budget/BudgetRound.sol, renamed, whose approval tally counts a voter's first approval
 * of ballot position 0 twice. The copy is not kept in the repository: `npm run build` writes it from
 * the real source with {@link miscountingSource} before Hardhat compiles, so it cannot drift from
 * the contract it mimics (`tsx test/audit/support/miscounting.ts` writes it alone).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../../..");
export const realSourcePath = path.join(root, "contracts/budget/BudgetRound.sol");
export const miscountingSourcePath = path.join(root, "test/audit/contracts/MiscountingBudgetRound.sol");

const edits: [string, string][] = [
  ['from "../registry/IResidentRegistry.sol"', 'from "../../../contracts/registry/IResidentRegistry.sol"'],
  ['from "./IBudgetRound.sol"', 'from "../../../contracts/budget/IBudgetRound.sol"'],
  ['from "./IResultCommitments.sol"', 'from "../../../contracts/budget/IResultCommitments.sol"'],
  ['from "./RoundRulesCheck.sol"', 'from "../../../contracts/budget/RoundRulesCheck.sol"'],
  [
    "/// @title BudgetRound\n",
    "// TEST ONLY (test/audit): BudgetRound counting a voter's first approval of position 0 twice.\n/// @title MiscountingBudgetRound\n",
  ],
  ["contract BudgetRound is", "contract MiscountingBudgetRound is"],
  [
    "if ((newBits >> lane) & 1 == 1) tallyWord += uint256(1) << (lane * 32);",
    "if ((newBits >> lane) & 1 == 1)\n" +
      "                            tallyWord += uint256(word == 0 && lane == 0 && oldSelection == 0 ? 2 : 1) << (lane * 32);",
  ],
];

/** The miscounting copy of `source` (the real BudgetRound.sol). */
export function miscountingSource(source: string = readFileSync(realSourcePath, "utf8")): string {
  let out = source;
  for (const [from, to] of edits) {
    if (out.split(from).length !== 2) throw new Error(`BudgetRound.sol no longer holds exactly one "${from}"`);
    out = out.replace(from, to);
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  mkdirSync(path.dirname(miscountingSourcePath), { recursive: true });
  writeFileSync(miscountingSourcePath, miscountingSource());
}
