import { compareByTieBreak } from "./order.js";
import { Rational } from "./rational.js";
import {
  DEFAULT_TIE_BREAK,
  TallyError,
  type ApprovalBallot,
  type Election,
  type ProjectOutcome,
  type TallyProject,
  type TallyResult,
} from "./types.js";
import { countVotes, isCumulative } from "./votes.js";

/**
 * Method of Equal Shares with cost utilities (equalshares.net): every voter starts with an equal
 * share of `virtualBudget`; repeatedly fund the project whose supporters can pay for it with the
 * smallest maximum payment per voter (rho) relative to its cost, each supporter paying
 * min(their remaining share, rho); stop when no project is affordable by its supporters.
 * Equal rho/cost: more votes first, then the published tie-break. Exact rationals throughout.
 */
export function mes(election: Election, virtualBudget: bigint = election.budget): TallyResult {
  if (isCumulative(election.ballots)) {
    throw new TallyError("the Method of Equal Shares is defined here for approval ballots only");
  }
  const tieBreak = election.tieBreak ?? DEFAULT_TIE_BREAK;
  const ballots = election.ballots as readonly ApprovalBallot[];
  const votes = countVotes(election);
  const voterCount = ballots.length;
  const share = voterCount === 0 ? Rational.ZERO : Rational.of(virtualBudget, BigInt(voterCount));
  const budgets: Rational[] = Array.from({ length: voterCount }, () => share);

  const supporters = new Map<string, number[]>(election.projects.map((p) => [p.id, []]));
  ballots.forEach((ballot, voter) => {
    for (const id of new Set(ballot)) supporters.get(id)!.push(voter);
  });

  let candidates = election.projects.filter((p) => supporters.get(p.id)!.length > 0);
  const selected: string[] = [];
  const outcomes = new Map<string, ProjectOutcome>();
  let cost = 0n;

  for (;;) {
    let best: { project: TallyProject; rho: Rational } | undefined;
    const stillAffordable: TallyProject[] = [];
    for (const project of candidates) {
      const rho = paymentPerVoter(project.cost, supporters.get(project.id)!, budgets);
      if (rho === undefined) continue; // supporters' money only shrinks: never affordable again
      stillAffordable.push(project);
      if (best === undefined || ranksBefore(project, rho, best.project, best.rho, votes, tieBreak)) {
        best = { project, rho };
      }
    }
    candidates = stillAffordable;
    if (best === undefined) break;

    for (const voter of supporters.get(best.project.id)!) {
      const budget = budgets[voter]!;
      budgets[voter] = budget.lte(best.rho) ? Rational.ZERO : budget.sub(best.rho);
    }
    selected.push(best.project.id);
    cost += best.project.cost;
    outcomes.set(best.project.id, {
      id: best.project.id,
      cost: best.project.cost,
      votes: votes.get(best.project.id)!,
      selected: true,
      step: selected.length,
      rho: best.rho,
      reason: "selected",
    });
    candidates = candidates.filter((p) => p !== best.project);
  }

  return {
    rule: "mes",
    selected,
    cost,
    virtualBudget,
    outcomes: election.projects.map(
      (p) =>
        outcomes.get(p.id) ?? {
          id: p.id,
          cost: p.cost,
          votes: votes.get(p.id)!,
          selected: false,
          reason: votes.get(p.id)! === 0n ? "no-votes" : "not-affordable-by-supporters",
        },
    ),
  };
}

/**
 * Method of Equal Shares with the Add1 completion: start from the real budget and raise every
 * voter's share by one currency unit at a time (the virtual budget by the number of voters), as
 * long as the outcome is not exhaustive and still fits the real budget; keep the last outcome that
 * fits.
 */
export function mesAdd1(election: Election): TallyResult {
  const voterCount = BigInt(election.ballots.length);
  let result = mes(election);
  if (voterCount === 0n) return { ...result, rule: "mes-add1" };
  for (let virtualBudget = election.budget + voterCount; !isExhaustive(election, result); virtualBudget += voterCount) {
    const next = mes(election, virtualBudget);
    if (next.cost > election.budget) break;
    result = next;
  }
  return { ...result, rule: "mes-add1" };
}

/** No unselected project fits in what the selection leaves of the real budget. */
function isExhaustive(election: Election, result: TallyResult): boolean {
  const chosen = new Set(result.selected);
  const left = election.budget - result.cost;
  return election.projects.every((p) => chosen.has(p.id) || p.cost > left);
}

/**
 * The smallest rho such that the supporters, each paying min(their budget, rho), cover `cost`;
 * undefined when even all their money does not.
 */
function paymentPerVoter(
  cost: bigint,
  supporters: readonly number[],
  budgets: readonly Rational[],
): Rational | undefined {
  const money = supporters.reduce((sum, voter) => sum.add(budgets[voter]!), Rational.ZERO);
  const price = Rational.of(cost);
  if (money.lt(price)) return undefined;
  const sorted = supporters.map((voter) => budgets[voter]!).sort((a, b) => a.cmp(b));
  let paid = Rational.ZERO;
  let payers = BigInt(sorted.length);
  for (const budget of sorted) {
    const rho = price.sub(paid).div(Rational.of(payers));
    if (!budget.lt(rho)) return rho;
    paid = paid.add(budget);
    payers -= 1n;
  }
  // Unreachable: money >= cost means the richest supporter can pay what is left.
  throw new TallyError("internal: no payment found although supporters can afford the project");
}

/** Smaller rho relative to cost first; then more votes; then the published tie-break. */
function ranksBefore(
  a: TallyProject,
  rhoA: Rational,
  b: TallyProject,
  rhoB: Rational,
  votes: ReadonlyMap<string, bigint>,
  tieBreak: Election["tieBreak"] & string,
): boolean {
  // rhoA / costA < rhoB / costB, cross-multiplied; a zero-cost project has ratio 0.
  const left = rhoA.mul(Rational.of(b.cost));
  const right = rhoB.mul(Rational.of(a.cost));
  const byRatio = a.cost === 0n || b.cost === 0n ? Number(a.cost !== 0n) - Number(b.cost !== 0n) : left.cmp(right);
  if (byRatio !== 0) return byRatio < 0;
  const votesA = votes.get(a.id)!;
  const votesB = votes.get(b.id)!;
  if (votesA !== votesB) return votesA > votesB;
  return compareByTieBreak(a, b, tieBreak) < 0;
}
