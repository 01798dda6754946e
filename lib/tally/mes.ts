import { compareByTieBreak } from "./order.js";
import { Rational } from "./rational.js";
import {
  DEFAULT_TIE_BREAK,
  TallyError,
  type Election,
  type TallyProject,
  type TallyResult,
  type TieBreak,
} from "./types.js";
import { checkElection, countVotes } from "./votes.js";

/**
 * Method of Equal Shares with cost utilities (equalshares.net; pabutools' method_of_equal_shares
 * with Cost_Sat; the pabulib checker's `equalshares`), approval ballots only. Every voter starts
 * with an equal share of `virtualBudget` (the real budget unless Add1 raises it). Repeatedly, among
 * the projects whose supporters can still pay for them, fund the one with the smallest rho / cost,
 * where rho is the smallest payment cap such that the supporters, each paying min(what they have
 * left, rho), cover the cost; each supporter pays exactly that. Stop when no project is affordable
 * by its supporters. With cost utilities a voter's utility for a project is its cost, so rho / cost
 * is the price per unit of utility that MES minimizes. Equal rho / cost: the published tie-break. A
 * supported project that costs nothing goes first (as in pabutools).
 *
 * Exact arithmetic without fractions to normalize: all money of one run is kept as integer
 * numerators over one common denominator D. A payment cap is (cost·D − what the poorer supporters
 * hold) / (m·D) for the m supporters who can pay it; funding a project multiplies D by m (reduced
 * by their gcd), and a numerator is brought up to the new D when it is next read. Voters who
 * approved the same funded projects hold the same money, so they form one class; a project's
 * supporters are counted per class. Candidates are looked at in the order of a float guess of
 * their lower bound, which only saves work: every decision is an exact integer comparison.
 * Category caps do not apply to this rule.
 */
export function mes(election: Election, virtualBudget: bigint = election.budget): TallyResult {
  const prepared = prepare(election);
  const voters = BigInt(prepared.voters);
  return run(prepared, voters === 0n ? Rational.ZERO : Rational.of(virtualBudget, voters), virtualBudget);
}

export interface Add1Options {
  /**
   * Where the unit steps start. `exact` (default): every voter's share is budget/n + k currency
   * units for k = 1, 2, ... (Assen 2024, Świecie 2023 and Wieliczka 2023 reproduce with either). `integral`: the
   * share is rounded down to whole currency units first, floor(budget/n) + k, as the equalshares.net
   * compute tool ("integral endowments") and the pabulib checker do.
   */
  start?: "exact" | "integral";
  /**
   * `none` (default): the Add1 outcome as it is. `greedy`: afterwards fund the remaining supported
   * projects by votes while they fit (the "utilitarian completion" some cities add, Add1u).
   */
  completion?: "none" | "greedy";
}

/**
 * Method of Equal Shares with the Add1 completion, as equalshares.net's compute tool and the pabulib
 * checker define it for `equalshares/add1`: the outcome of MES with the real budget B, then, for
 * k = 1, 2, ..., MES with every voter's share raised by k currency units (virtual budget B + k·n
 * for n voters); the first k whose outcome costs more than B stops the search and the outcome of
 * k − 1 is the result. It does not stop early at an exhaustive outcome (pabutools'
 * exhaustion_by_budget_increase does, and so did this library: on Wieliczka 2023 that stops at +150
 * per voter with 31 projects where the official outcome, at +164, has 30). When the supported
 * projects all fit in B together no share ever overspends; the result is then the first outcome
 * that funds all of them (larger shares cannot fund more).
 */
export function mesAdd1(election: Election, options: Add1Options = {}): TallyResult {
  const prepared = prepare(election);
  const voters = BigInt(prepared.voters);
  const budget = election.budget;
  let result = run(prepared, voters === 0n ? Rational.ZERO : Rational.of(budget, voters), budget);
  if (voters > 0n) {
    const unit = election.currencyUnit ?? 1n;
    const base = options.start === "integral" ? (budget / voters / unit) * unit * voters : budget;
    const supportedCost = prepared.projects.reduce(
      (sum, p, i) => sum + (prepared.supporters[i]!.length > 0 ? p.cost : 0n),
      0n,
    );
    const supportedCount = prepared.supporters.filter((s) => s.length > 0).length;
    for (let k = 1n; ; k++) {
      if (supportedCost <= budget && result.selected.length === supportedCount) break;
      const virtualBudget = base + k * unit * voters;
      const next = run(prepared, Rational.of(virtualBudget, voters), virtualBudget);
      if (next.cost > budget) break;
      result = next;
    }
  }
  if (options.completion === "greedy") result = completeGreedily(prepared, result);
  return { ...result, rule: "mes-add1" };
}

// ---------------------------------------------------------------- one run

export interface Prepared {
  election: Election;
  tieBreak: TieBreak;
  voters: number;
  projects: readonly TallyProject[];
  /** Voter indices per project index. */
  supporters: readonly Int32Array[];
  /** BigInt(i) for i up to the number of voters, made once. */
  small: readonly bigint[];
  votes: ReadonlyMap<string, bigint>;
}

export function prepare(election: Election): Prepared {
  const checked = checkElection(election);
  if (checked.kind !== "approval") {
    throw new TallyError("the Method of Equal Shares is defined here for approval ballots only");
  }
  if (election.categoryCaps !== undefined && election.categoryCaps.size > 0) {
    throw new TallyError("category caps are defined for the greedy rule only");
  }
  const index = new Map(election.projects.map((p, i) => [p.id, i]));
  const lists: number[][] = election.projects.map(() => []);
  checked.ballots.forEach((ballot, voter) => {
    for (const id of ballot) lists[index.get(id)!]!.push(voter);
  });
  return {
    election,
    tieBreak: election.tieBreak ?? DEFAULT_TIE_BREAK,
    voters: checked.ballots.length,
    projects: election.projects,
    supporters: lists.map((l) => Int32Array.from(l)),
    small: Array.from({ length: checked.ballots.length + 1 }, (_, i) => BigInt(i)),
    votes: countVotes(election, checked),
  };
}

/** A payment cap x / (m·D) at the run's current denominator D. */
interface Cap {
  x: bigint;
  m: bigint;
}

function run(prepared: Prepared, share: Rational, virtualBudget: bigint): TallyResult {
  const { projects, supporters, votes, tieBreak, small } = prepared;
  // Money as numerators over the common denominator D; class 0 holds the share, classes with 0
  // are spent. Every voter is in one class.
  let D = share.d;
  const money: bigint[] = [share.n];
  const size: number[] = [prepared.voters];
  const classOf = new Int32Array(prepared.voters);
  // Per class: how many of one project's supporters are in it (zero between uses).
  let seen = new Int32Array(16);
  // Funding a project multiplies D by a scale; a class's numerator is brought up to the current D
  // only when it is read: `epoch[c]` is the step it was last brought up to, and `since[e]` the
  // product of the scales of the steps after e.
  const epoch: number[] = [0];
  const since: bigint[] = [1n];
  const current = (c: number): bigint => {
    const e = epoch[c]!;
    if (e === since.length - 1) return money[c]!;
    epoch[c] = since.length - 1;
    return money[c] === 0n ? 0n : (money[c] = money[c]! * since[e]!);
  };

  const selected: string[] = [];
  // The payment cap of each selected project as numerator and denominator, made a Rational (one
  // gcd each) only for the result.
  const caps = new Map<string, [bigint, bigint]>();
  let cost = 0n;
  const select = (i: number, rho: bigint, denominator: bigint) => {
    const p = projects[i]!;
    selected.push(p.id);
    cost += p.cost;
    caps.set(p.id, [rho, denominator]);
  };

  // Projects that cost nothing and have supporters: first, in tie-break order, paid by nobody.
  let candidates: number[] = [];
  const free: number[] = [];
  projects.forEach((p, i) => {
    if (supporters[i]!.length === 0) return;
    (p.cost === 0n ? free : candidates).push(i);
  });
  free.sort((a, b) => compareByTieBreak(projects[a]!, projects[b]!, tieBreak));
  for (const i of free) select(i, 0n, 1n);

  // rho / cost only grows as money shrinks: the last value seen is a lower bound, as a fraction
  // num/den (at first cost/supporters per unit of cost, what each pays when nobody is short).
  const boundNum: bigint[] = projects.map(() => 1n);
  const boundDen: bigint[] = projects.map((_, i) => BigInt(Math.max(1, supporters[i]!.length)));
  // The same bound as a float, only to choose the order in which candidates are looked at (every
  // decision is taken by the exact comparison `before`).
  const boundGuess: number[] = projects.map((_, i) => 1 / Math.max(1, supporters[i]!.length));
  const before = (a: number, b: number) => {
    const left = boundNum[a]! * boundDen[b]!;
    const right = boundNum[b]! * boundDen[a]!;
    return left !== right ? (left < right ? -1 : 1) : compareByTieBreak(projects[a]!, projects[b]!, tieBreak);
  };

  const capOf = (i: number): Cap | undefined => {
    const voters = supporters[i]!;
    if (seen.length < money.length) seen = new Int32Array(money.length * 2);
    const present: number[] = [];
    for (let j = 0; j < voters.length; j++) {
      const c = classOf[voters[j]!]!;
      if (seen[c] === 0) present.push(c);
      seen[c]!++;
    }
    const target = projects[i]!.cost * D;
    // Water-filling: those who cannot pay an equal part of what is left pay all they have; repeat
    // with the others until everyone left can pay (or nobody is left: not affordable).
    let groupMoney: bigint[] = [];
    let groupCount: bigint[] = [];
    let payers = 0n;
    for (const c of present) {
      const count = seen[c]!;
      seen[c] = 0;
      const m = current(c);
      if (m === 0n) continue;
      groupMoney.push(m);
      groupCount.push(small[count] ?? BigInt(count));
      payers += BigInt(count);
    }
    let rest = target;
    for (;;) {
      if (payers === 0n) return undefined; // even everyone's money together is short of the cost
      const nextMoney: bigint[] = [];
      const nextCount: bigint[] = [];
      let short = 0n;
      let shortPayers = 0n;
      // m < rest / payers, for whole numbers: m <= (rest - 1) div payers (a comparison per group,
      // no product).
      const most = (rest - 1n) / payers;
      for (let g = 0; g < groupMoney.length; g++) {
        const m = groupMoney[g]!;
        if (m <= most) {
          short += m * groupCount[g]!;
          shortPayers += groupCount[g]!;
        } else {
          nextMoney.push(m);
          nextCount.push(groupCount[g]!);
        }
      }
      if (shortPayers === 0n) return { x: rest, m: payers };
      rest -= short;
      payers -= shortPayers;
      if (rest <= 0n) return undefined; // cannot happen: the short ones hold less than their part
      groupMoney = nextMoney;
      groupCount = nextCount;
    }
  };

  for (;;) {
    candidates.sort((a, b) => boundGuess[a]! - boundGuess[b]!);
    let best: { i: number; cap: Cap } | undefined;
    const still: number[] = [];
    for (const i of candidates) {
      // A lower bound that already ranks after the best: so does the project.
      if (best !== undefined && before(best.i, i) < 0) {
        still.push(i);
        continue;
      }
      const cap = capOf(i);
      if (cap === undefined) continue; // money only shrinks: never affordable again in this run
      still.push(i);
      boundNum[i] = cap.x;
      boundDen[i] = cap.m * D * projects[i]!.cost;
      boundGuess[i] = quotient(boundNum[i]!, boundDen[i]!);
      if (best === undefined || before(i, best.i) < 0) best = { i, cap };
    }
    if (best === undefined) break;
    const { i, cap } = best;
    const g = gcd(cap.x, cap.m);
    const scale = cap.m / g;
    const rho = cap.x / g; // over the new denominator D·scale
    select(i, rho, D * scale);
    if (scale !== 1n) {
      D *= scale;
      for (let e = 0; e < since.length; e++) since[e] = since[e]! * scale;
    }
    since.push(1n);
    // Move the supporters into a new class per old class: what they have left after paying.
    if (seen.length < money.length) seen = new Int32Array(money.length * 2);
    const moved: number[] = [];
    for (const voter of supporters[i]!) {
      const from = classOf[voter]!;
      const had = current(from);
      if (had === 0n) continue; // spent: pays nothing, stays where it is
      let to = seen[from]! - 1;
      if (to < 0) {
        const left = had > rho ? had - rho : 0n;
        to = money.length;
        money.push(left);
        epoch.push(since.length - 1);
        size.push(0);
        seen[from] = to + 1;
        moved.push(from);
      }
      classOf[voter] = to;
      size[from]!--;
      size[to]!++;
    }
    for (const c of moved) seen[c] = 0;
    candidates = still.filter((c) => c !== i);
  }

  return {
    rule: "mes",
    selected,
    cost,
    virtualBudget,
    outcomes: projects.map((p) => {
      const cap = caps.get(p.id);
      if (cap !== undefined) {
        return {
          id: p.id,
          cost: p.cost,
          votes: votes.get(p.id)!,
          selected: true,
          step: selected.indexOf(p.id) + 1,
          rho: Rational.of(cap[0], cap[1]),
          reason: "selected",
        };
      }
      return {
        id: p.id,
        cost: p.cost,
        votes: votes.get(p.id)!,
        selected: false,
        reason: votes.get(p.id)! === 0n ? "no-votes" : "not-affordable-by-supporters",
      };
    }),
  };
}

/** n / d as a float, however large the two (for ordering guesses only). */
function quotient(n: bigint, d: bigint): number {
  const shift = d.toString(16).length * 4 - 900;
  if (shift <= 0) return Number(n) / Number(d);
  const by = BigInt(shift);
  return Number(n >> by) / Number(d >> by);
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

// ---------------------------------------------------------------- completions

/** Funds the remaining supported projects by votes descending (then the tie-break) while they fit. */
export function completeGreedily(prepared: Prepared, result: TallyResult): TallyResult {
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
