import { Comparisons, Linear } from "./linear.js";
import { compareByTieBreak } from "./order.js";
import { Rational } from "./rational.js";
import {
  DEFAULT_TIE_BREAK,
  TallyError,
  type Election,
  type ProjectOutcome,
  type TallyProject,
  type TallyResult,
  type TieBreak,
} from "./types.js";
import { checkElection, countVotes } from "./votes.js";

/**
 * Method of Equal Shares with cost utilities (equalshares.net; pabutools' method_of_equal_shares
 * with Cost_Sat), approval ballots only. Every voter starts with an equal share of
 * `virtualBudget` (the real budget unless Add1 raises it). Repeatedly, among the projects whose
 * supporters can still pay for them, fund the one with the smallest rho / cost, where rho is the
 * smallest payment cap such that the supporters, each paying min(what they have left, rho), cover
 * the cost; each supporter pays exactly that. Stop when no project is affordable by its supporters.
 * With cost utilities a voter's utility for a project is its cost, so rho / cost is the price per
 * unit of utility that MES minimizes. Equal rho / cost: the published tie-break. A supported
 * project that costs nothing goes first (pabutools selects those before the run).
 * Exact rationals throughout; category caps do not apply to this rule.
 */
export function mes(election: Election, virtualBudget: bigint = election.budget): TallyResult {
  return run(prepare(election), virtualBudget, false).result;
}

export interface Add1Options {
  /**
   * `jump` (default) moves straight to the next per-voter share at which some choice of the run
   * could change; `unit` tries every share one currency unit apart, which is the definition and
   * gives the same result (kept as the reference for tests).
   */
  stepping?: "jump" | "unit";
  /**
   * `none` (default): the Add1 outcome as it is; this reproduces Assen 2024's official
   * `equalshares/add1` winners. `greedy`: afterwards fund the remaining supported projects by votes
   * while they fit (the "utilitarian completion" some cities add).
   */
  completion?: "none" | "greedy";
}

/**
 * Method of Equal Shares with the Add1 completion (pabutools' voter_budget_increment = 1): run MES
 * with the real budget B, then with B + n, B + 2n, ... (every voter's share one currency unit
 * more each time, n voters) until an outcome is exhaustive (no unselected supported project fits in
 * what it leaves of B), which is the result, or costs more than B, in which case the previous
 * outcome is the result.
 */
export function mesAdd1(election: Election, options: Add1Options = {}): TallyResult {
  const prepared = prepare(election);
  const voters = BigInt(prepared.ballots.length);
  const budget = election.budget;
  const at = (k: bigint) => run(prepared, budget + k * voters);
  let k = 0n;
  let current = at(k);
  let result = current.result;
  if (voters > 0n) {
    for (;;) {
      if (isExhaustive(prepared, current.result)) {
        result = current.result;
        break;
      }
      // The outcome stays the same for every k below `next`, so the definition would also go on.
      const next = options.stepping === "unit" ? k + 1n : nextStep(current.stableUntil, budget, voters, k);
      const following = at(next);
      if (following.result.cost > budget) {
        // The definition keeps the outcome at next - 1, the same selection as at k but with that
        // run's payments.
        result = next - 1n === k ? current.result : at(next - 1n).result;
        break;
      }
      k = next;
      current = following;
    }
  }
  if (options.completion === "greedy") result = completeGreedily(prepared, result);
  return { ...result, rule: "mes-add1" };
}

// ---------------------------------------------------------------- one run

interface Prepared {
  election: Election;
  tieBreak: TieBreak;
  ballots: readonly (readonly string[])[];
  votes: ReadonlyMap<string, bigint>;
  /** Voter indices per project id. */
  supporters: ReadonlyMap<string, readonly number[]>;
}

function prepare(election: Election): Prepared {
  const checked = checkElection(election);
  if (checked.kind !== "approval") {
    throw new TallyError("the Method of Equal Shares is defined here for approval ballots only");
  }
  if (election.categoryCaps !== undefined && election.categoryCaps.size > 0) {
    throw new TallyError("category caps are defined for the greedy rule only");
  }
  const supporters = new Map<string, number[]>(election.projects.map((p) => [p.id, []]));
  checked.ballots.forEach((ballot, voter) => {
    for (const id of ballot) supporters.get(id)!.push(voter);
  });
  return {
    election,
    tieBreak: election.tieBreak ?? DEFAULT_TIE_BREAK,
    ballots: checked.ballots,
    votes: countVotes(election, checked),
    supporters,
  };
}

interface Run {
  result: TallyResult;
  /** Every share in [share of this run, stableUntil) gives the same selection; undefined: every larger share. */
  stableUntil: Rational | undefined;
}

/** @param track whether to work out `stableUntil` (Add1 needs it, a single run does not). */
function run(prepared: Prepared, virtualBudget: bigint, track = true): Run {
  const { election, supporters, votes, tieBreak } = prepared;
  const voters = prepared.ballots.length;
  const share = voters === 0 ? Rational.ZERO : Rational.of(virtualBudget, BigInt(voters));
  const comparisons = new Comparisons(share, track);
  const peek = (x: Linear, y: Linear) => comparisons.peek(x, y);
  const check = (x: Linear, y: Linear) => comparisons.compare(x, y);
  // Voters with the same history share one budget object, so payments are computed per group.
  const budgets: Linear[] = Array.from({ length: voters }, () => Linear.SHARE);
  // Budgets only shrink, so a project's payment cap only grows: its last one is a lower bound
  // (at first cost / supporters, what each pays when nobody runs short).
  const lowerBound = new Map<TallyProject, Linear>();
  for (const p of election.projects) {
    const count = supporters.get(p.id)!.length;
    if (count > 0) lowerBound.set(p, Linear.constant(p.cost).over(BigInt(count)));
  }
  let candidates = [...lowerBound.keys()];
  const selected: string[] = [];
  const outcomes = new Map<string, ProjectOutcome>();
  let cost = 0n;

  for (;;) {
    // Find the best project, computing payment caps only while a lower bound could still beat it.
    candidates.sort((a, b) => rank(a, lowerBound.get(a)!, b, lowerBound.get(b)!, tieBreak, peek));
    let best: { project: TallyProject; rho: Linear } | undefined;
    const remaining: TallyProject[] = [];
    for (const project of candidates) {
      if (best !== undefined && rank(project, lowerBound.get(project)!, best.project, best.rho, tieBreak, peek) > 0) {
        remaining.push(project);
        continue;
      }
      const rho = paymentCap(project.cost, supporters.get(project.id)!, budgets, comparisons);
      if (rho === undefined) continue; // supporters' money only shrinks: never affordable again in this run
      lowerBound.set(project, rho);
      remaining.push(project);
      if (best === undefined || rank(project, rho, best.project, best.rho, tieBreak, peek) < 0) best = { project, rho };
    }
    if (best === undefined) break;
    const { project, rho } = best;
    // Justify the choice: every other candidate ranks after it, by a lower bound of its payment cap
    // (see paymentCap) if not by the cap itself.
    for (const other of remaining) {
      if (other !== project) rank(other, lowerBound.get(other)!, project, rho, tieBreak, check);
    }

    const after = new Map<Linear, Linear>();
    for (const voter of supporters.get(project.id)!) {
      const budget = budgets[voter]!;
      let left = after.get(budget);
      if (left === undefined) {
        // Justifies rho as this project's exact payment cap: who is short of it stays short.
        left = check(budget, rho) <= 0 ? Linear.ZERO : budget.sub(rho);
        after.set(budget, left);
      }
      budgets[voter] = left;
    }
    selected.push(project.id);
    cost += project.cost;
    outcomes.set(project.id, {
      id: project.id,
      cost: project.cost,
      votes: votes.get(project.id)!,
      selected: true,
      step: selected.length,
      rho: rho.at(share),
      reason: "selected",
    });
    candidates = remaining.filter((p) => p !== project);
  }

  return {
    result: {
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
    },
    stableUntil: comparisons.stableUntil,
  };
}

/**
 * The smallest rho such that the supporters, each paying min(their budget, rho), cover `cost`;
 * undefined when even all their money does not.
 *
 * The cap is found at the run's share; as a function of the share it is the cap computed with the
 * same supporters short of it, (cost - their budgets) / the others. For any choice of who is short
 * that formula is at most the true cap (the true payments are no more than what it assumes each
 * supporter pays), so it is a lower bound at every share, whether or not the same supporters stay
 * short. Only the selected project's cap must be exact; the run justifies that when it pays.
 */
function paymentCap(
  cost: bigint,
  supporters: readonly number[],
  budgets: readonly Linear[],
  comparisons: Comparisons,
): Linear | undefined {
  const groups = new Map<Linear, bigint>();
  for (const voter of supporters) groups.set(budgets[voter]!, (groups.get(budgets[voter]!) ?? 0n) + 1n);
  const price = Linear.constant(cost);
  const poorestFirst = [...groups].sort(([a], [b]) => comparisons.peek(a, b));
  let paid = Linear.ZERO;
  let payers = BigInt(supporters.length);
  for (const [budget, count] of poorestFirst) {
    const rho = price.sub(paid).over(payers);
    if (comparisons.peek(budget, rho) >= 0) return rho;
    // These supporters cannot pay rho: they give everything and the rest is shared by the others.
    paid = paid.add(budget.times(count));
    payers -= count;
  }
  // Even the richest cannot pay their part, so all their money together (now `paid`) is short of
  // the cost; justify that, as the project is dropped for good.
  comparisons.compare(paid, price);
  return undefined;
}

/**
 * Negative when project a (payment cap rhoA) goes before b: smaller rho relative to cost first (a
 * free project first of all), then the published tie-break.
 */
function rank(
  a: TallyProject,
  rhoA: Linear,
  b: TallyProject,
  rhoB: Linear,
  tieBreak: TieBreak,
  compare: (x: Linear, y: Linear) => number,
): number {
  let byPrice: number;
  if (a.cost === 0n || b.cost === 0n) byPrice = Number(a.cost !== 0n) - Number(b.cost !== 0n);
  else byPrice = compare(rhoA.times(b.cost), rhoB.times(a.cost)); // rhoA/costA vs rhoB/costB
  return byPrice !== 0 ? byPrice : compareByTieBreak(a, b, tieBreak);
}

// ---------------------------------------------------------------- Add1 helpers

/** No unselected project with supporters fits in what the selection leaves of the real budget. */
function isExhaustive(prepared: Prepared, result: TallyResult): boolean {
  const chosen = new Set(result.selected);
  const left = prepared.election.budget - result.cost;
  return prepared.election.projects.every(
    (p) => chosen.has(p.id) || prepared.supporters.get(p.id)!.length === 0 || p.cost > left,
  );
}

/**
 * The first k' > k whose share (budget + k'·voters) / voters = budget/voters + k' reaches
 * `stableUntil`; every k in between gives the outcome of k.
 */
function nextStep(stableUntil: Rational | undefined, budget: bigint, voters: bigint, k: bigint): bigint {
  if (stableUntil === undefined) {
    // With ever larger shares every supported project is eventually funded, so a run that stays
    // the same forever and is not exhaustive cannot happen.
    throw new TallyError("internal: Add1 found an outcome that never changes and is not exhaustive");
  }
  const first = stableUntil.sub(Rational.of(budget, voters)).ceil();
  return first > k + 1n ? first : k + 1n;
}

/** Funds the remaining supported projects by votes descending (then the tie-break) while they fit. */
function completeGreedily(prepared: Prepared, result: TallyResult): TallyResult {
  const { election, votes, tieBreak } = prepared;
  const chosen = new Set(result.selected);
  const rest = election.projects
    .filter((p) => !chosen.has(p.id) && votes.get(p.id)! > 0n)
    .sort((a, b) => {
      const va = votes.get(a.id)!;
      const vb = votes.get(b.id)!;
      return va > vb ? -1 : va < vb ? 1 : compareByTieBreak(a, b, tieBreak);
    });
  const selected = [...result.selected];
  const outcomes = new Map(result.outcomes.map((o) => [o.id, o]));
  let cost = result.cost;
  for (const project of rest) {
    const outcome = outcomes.get(project.id)!;
    if (project.cost > election.budget - cost) {
      outcomes.set(project.id, { ...outcome, reason: "exceeds-remaining-budget" });
      continue;
    }
    cost += project.cost;
    selected.push(project.id);
    outcomes.set(project.id, { ...outcome, selected: true, step: selected.length, reason: "selected" });
  }
  return { ...result, selected, cost, outcomes: election.projects.map((p) => outcomes.get(p.id)!) };
}
