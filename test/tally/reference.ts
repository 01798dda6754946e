/**
 * The Method of Equal Shares and its Add1 completion written straight from their definitions, with
 * plain rationals and none of the library's shortcuts (common denominator, classes of voters,
 * lower bounds), to check the library against: every voter's money one Rational, every payment cap
 * found by sorting the supporters, every share of Add1 tried one unit after the other.
 */
import {
  compareByTieBreak,
  Rational,
  type ApprovalBallot,
  type Election,
  type TallyProject,
} from "../../lib/tally/index.js";

export interface ReferenceRun {
  selected: string[];
  cost: bigint;
}

/** MES with every voter starting from `share`. */
export function referenceMes(election: Election, share: Rational): ReferenceRun {
  const ballots = (election.ballots as ApprovalBallot[]).map((b) => [...new Set(b)]);
  const tieBreak = election.tieBreak ?? "lower-cost-first";
  const left = ballots.map(() => share);
  const supporters = (p: TallyProject) => ballots.flatMap((b, i) => (b.includes(p.id) ? [i] : []));
  const selected: string[] = [];
  let cost = 0n;
  let open = election.projects.filter((p) => supporters(p).length > 0);
  for (const free of open.filter((p) => p.cost === 0n).sort((a, b) => compareByTieBreak(a, b, tieBreak))) {
    selected.push(free.id);
  }
  open = open.filter((p) => p.cost > 0n);
  for (;;) {
    let best: { project: TallyProject; rho: Rational } | undefined;
    for (const project of open) {
      const money = supporters(project)
        .map((i) => left[i]!)
        .sort((a, b) => a.cmp(b));
      let paid = Rational.ZERO;
      let rho: Rational | undefined;
      for (let j = 0; j < money.length; j++) {
        const candidate = Rational.of(project.cost)
          .sub(paid)
          .divInt(BigInt(money.length - j));
        if (!money[j]!.lt(candidate)) {
          rho = candidate;
          break;
        }
        paid = paid.add(money[j]!);
      }
      if (rho === undefined) continue;
      const better =
        best === undefined ||
        rho.mulInt(best.project.cost).cmp(best.rho.mulInt(project.cost)) < 0 ||
        (rho.mulInt(best.project.cost).cmp(best.rho.mulInt(project.cost)) === 0 &&
          compareByTieBreak(project, best.project, tieBreak) < 0);
      if (better) best = { project, rho };
    }
    if (best === undefined) break;
    for (const i of supporters(best.project)) left[i] = left[i]!.lt(best.rho) ? Rational.ZERO : left[i]!.sub(best.rho);
    selected.push(best.project.id);
    cost += best.project.cost;
    open = open.filter((p) => p !== best!.project);
  }
  return { selected, cost };
}

/**
 * Add1 by its definition: MES with the budget, then with every share k currency units higher for
 * k = 1, 2, ... until an outcome costs more than the budget; the one before is the result. With
 * `stopWhenExhaustive`, as pabutools' exhaustion_by_budget_increase (and this library before):
 * also stop at the first outcome that leaves no supported project room. Gives up after `limit`
 * steps (the caller's elections are small).
 */
export function referenceAdd1(
  election: Election,
  options: { stopWhenExhaustive?: boolean; start?: "exact" | "integral"; limit?: number } = {},
): ReferenceRun & { k: number } {
  const n = BigInt(election.ballots.length);
  const budget = election.budget;
  let result = referenceMes(election, Rational.of(budget, n));
  const supported = election.projects.filter((p) =>
    (election.ballots as ApprovalBallot[]).some((b) => b.includes(p.id)),
  );
  const base = options.start === "integral" ? Rational.of(budget / n) : Rational.of(budget, n);
  let k = 0;
  for (let step = 1; step <= (options.limit ?? 100_000); step++) {
    if (options.stopWhenExhaustive) {
      const exhaustive = supported.every((p) => result.selected.includes(p.id) || p.cost > budget - result.cost);
      if (exhaustive) return { ...result, k };
    }
    const total = supported.reduce((sum, p) => sum + p.cost, 0n);
    if (total <= budget && result.selected.length === supported.length) return { ...result, k };
    const next = referenceMes(election, base.add(Rational.of(BigInt(step))));
    if (next.cost > budget) return { ...result, k };
    result = next;
    k = step;
  }
  throw new Error("referenceAdd1: no end within the limit");
}
