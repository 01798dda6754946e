import { compareByTieBreak } from "./order.js";
import { DEFAULT_TIE_BREAK, type Election, type ProjectOutcome, type TallyResult } from "./types.js";
import { countVotes } from "./votes.js";

/**
 * Greedy: by votes (approvals or points) descending, equal votes by the published tie-break; take
 * each project that still fits the remaining budget (and keeps its category within its cap, where
 * caps are given), skip the rest. Projects nobody voted for are never funded. The same rule as
 * BudgetRound.finalize on chain.
 */
export function greedy(election: Election): TallyResult {
  const tieBreak = election.tieBreak ?? DEFAULT_TIE_BREAK;
  const votes = countVotes(election);
  const order = [...election.projects].sort(
    (a, b) => compareDescending(votes.get(a.id)!, votes.get(b.id)!) || compareByTieBreak(a, b, tieBreak),
  );
  const spentPerCategory = new Map<string, bigint>();
  const outcomes = new Map<string, ProjectOutcome>();
  const selected: string[] = [];
  let remaining = election.budget;
  for (const project of order) {
    const projectVotes = votes.get(project.id)!;
    const skip = (reason: ProjectOutcome["reason"]) =>
      outcomes.set(project.id, { id: project.id, cost: project.cost, votes: projectVotes, selected: false, reason });
    if (projectVotes === 0n) {
      skip("no-votes");
      continue;
    }
    if (project.cost > remaining) {
      skip("exceeds-remaining-budget");
      continue;
    }
    const cap = project.category === undefined ? undefined : election.categoryCaps?.get(project.category);
    const spent = project.category === undefined ? 0n : (spentPerCategory.get(project.category) ?? 0n);
    if (cap !== undefined && spent + project.cost > cap) {
      skip("category-cap");
      continue;
    }
    remaining -= project.cost;
    if (project.category !== undefined) spentPerCategory.set(project.category, spent + project.cost);
    selected.push(project.id);
    outcomes.set(project.id, {
      id: project.id,
      cost: project.cost,
      votes: projectVotes,
      selected: true,
      step: selected.length,
      reason: "selected",
    });
  }
  return {
    rule: "greedy",
    selected,
    cost: election.budget - remaining,
    outcomes: election.projects.map((p) => outcomes.get(p.id)!),
  };
}

function compareDescending(a: bigint, b: bigint): number {
  return a > b ? -1 : a < b ? 1 : 0;
}
