/**
 * The miscounting BudgetRound the audit tests must catch is a copy of the real contract with one
 * deliberate change. This keeps the copy from drifting: it must equal the real source with exactly
 * these edits, so every other line the audit is tested against is the production contract's.
 * (To refresh the copy after changing BudgetRound.sol, write `derive(real)` over it.)
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { expect, test } from "vitest";

import { repoRoot } from "../helpers/pabulib.js";

const EDITS: [string, string][] = [
  [
    'import {IResidentRegistry} from "../registry/IResidentRegistry.sol";',
    'import {IResidentRegistry} from "../../../contracts/registry/IResidentRegistry.sol";',
  ],
  [
    'import {IBudgetRound} from "./IBudgetRound.sol";',
    'import {IBudgetRound} from "../../../contracts/budget/IBudgetRound.sol";',
  ],
  [
    "/// @title BudgetRound\n",
    "// TEST ONLY (test/audit): BudgetRound counting a voter's first approval of position 0 twice.\n/// @title MiscountingBudgetRound\n",
  ],
  ["contract BudgetRound is", "contract MiscountingBudgetRound is"],
  [
    "                        if ((newBits >> lane) & 1 == 1) tallyWord += uint256(1) << (lane * 32);",
    "                        if ((newBits >> lane) & 1 == 1)\n                            tallyWord += uint256(word == 0 && lane == 0 && oldSelection == 0 ? 2 : 1) << (lane * 32);",
  ],
];

function derive(real: string): string {
  let text = real;
  for (const [from, to] of EDITS) {
    expect(text.split(from), `BudgetRound.sol no longer holds: ${from}`).toHaveLength(2);
    text = text.replace(from, to);
  }
  return text;
}

test("MiscountingBudgetRound.sol is BudgetRound.sol with only the deliberate miscount", () => {
  const real = readFileSync(path.join(repoRoot, "contracts/budget/BudgetRound.sol"), "utf8");
  const copy = readFileSync(path.join(repoRoot, "test/audit/contracts/MiscountingBudgetRound.sol"), "utf8");
  expect(copy).toBe(derive(real));
});
