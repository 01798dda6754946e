/**
 * The ballot's rules as the contract checks them (BudgetRound._applyApproval / cumulative), so the
 * builder can say what is wrong before anything is signed; a ballot with problems cannot be sent.
 */
import { spendLimits } from "../../../../lib/budget/index.js";
import type { Rules } from "../../../../lib/api/schemas.js";
import type { MessageKey } from "../../lib/i18n/messages.js";

/** Amounts in `values` are whole euros and are shown as money. */
export interface Problem {
  key: MessageKey;
  values: Record<string, string | number | bigint>;
}

export interface BallotItem {
  proposalId: string;
  position: number;
  cost: bigint;
  title: string;
  /** From the proposal's stored content (empty when the API has none). */
  summary: string;
  body: string;
  images: readonly string[];
}

/** A problem's values as text: euros (bigint) as money, counts as numbers, the current language's way. */
export function problemValues(
  problem: Problem,
  format: { money: (v: bigint) => string; count: (v: number) => string },
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(problem.values).map(([name, value]) => [
      name,
      typeof value === "bigint" ? format.money(value) : typeof value === "number" ? format.count(value) : value,
    ]),
  );
}

export function approvalProblems(rules: Rules, budget: bigint, chosen: BallotItem[]): Problem[] {
  const problems: Problem[] = [];
  const cost = chosen.reduce((sum, item) => sum + item.cost, 0n);
  const { maxSpend, minSpend } = spendLimits(rules, budget);
  if (chosen.length === 0) problems.push({ key: "msgEmpty", values: {} });
  if (maxSpend !== null && cost > maxSpend) problems.push({ key: "msgOverBudget", values: { over: cost - maxSpend } });
  if (chosen.length > 0 && cost < minSpend) problems.push({ key: "msgUnderMin", values: { min: minSpend } });
  if (chosen.length > 0 && chosen.length < rules.minProjects)
    problems.push({ key: "msgTooFew", values: { n: rules.minProjects } });
  if (rules.maxProjects !== 0 && chosen.length > rules.maxProjects)
    problems.push({ key: "msgTooMany", values: { n: rules.maxProjects } });
  return problems;
}

export function pointsProblems(rules: Rules, points: number[]): Problem[] {
  const total = points.reduce((sum, p) => sum + p, 0);
  if (total === 0) return [{ key: "msgEmpty", values: {} }];
  if (total > rules.totalPoints) return [{ key: "msgTooManyPoints", values: { over: total - rules.totalPoints } }];
  return [];
}
