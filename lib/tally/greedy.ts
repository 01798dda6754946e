import { compareByTieBreak } from "./order.js";
import { DEFAULT_TIE_BREAK, type Election, type ProjectOutcome, type TallyResult } from "./types.js";
import { countVotes } from "./votes.js";

/**
 * Greedy: by votes (approvals or points) descending, ties by the published tie-break; take each
 * project that still fits the remaining budget (and its category cap), skip the rest. Projects
 * nobody voted for are never funded. The same rule as BudgetRound.finalize.
 */
export function greedy(election: Election): TallyResult {
  const tieBreak = election.tieBreak ?? DEFAULT_TIE_BREAK;
  const votes = countVotes(election);
  const order = [...election.projects].sort(
    (a, b) => compareVotes(votes.get(a.id)!, votes.get(b.id)!) || compareByTieBreak(a, b, tieBreak),
  );
  const spentPerCategory = new Map<string, bigint>();
  const outcomes = new Map<string, ProjectOutcome>();
  const selected: string[] = [];
  let remaining = election.budget;
  for (const project of order) {
    const projectVotes = votes.get(project.id)!;
    const base = { id: project.id, cost: project.cost, votes: projectVotes };
    if (projectVotes === 0n) {
      outcomes.set(project.id, { ...base, selected: false, reason: "no-votes" });
      continue;
    }
    if (project.cost > remaining) {
      outcomes.set(project.id, { ...base, selected: false, reason: "exceeds-remaining-budget" });
      continue;
    }
    const cap = project.category === undefined ? undefined : election.categoryCaps?.get(project.category);
    const spent = spentPerCategory.get(project.category ?? "") ?? 0n;
    if (cap !== undefined && spent + project.cost > cap) {
      outcomes.set(project.id, { ...base, selected: false, reason: "category-cap" });
      continue;
    }
    remaining -= project.cost;
    if (project.category !== undefined) spentPerCategory.set(project.category, spent + project.cost);
    selected.push(project.id);
    outcomes.set(project.id, { ...base, selected: true, step: selected.length, reason: "selected" });
  }
  return {
    rule: "greedy",
    selected,
    cost: election.budget - remaining,
    outcomes: election.projects.map((p) => outcomes.get(p.id)!),
  };
}

function compareVotes(a: bigint, b: bigint): number {
  return a > b ? -1 : a < b ? 1 : 0;
}
