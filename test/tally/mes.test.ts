import { describe, expect, test } from "vitest";

import {
  compareByTieBreak,
  mes,
  mesAdd1,
  Rational,
  TallyError,
  type ApprovalBallot,
  type Election,
  type TallyProject,
  type TallyResult,
} from "../../lib/tally/index.js";
import { prng } from "../helpers/pabulib.js";
import { referenceAdd1, referenceMes } from "./reference.js";

describe("Method of Equal Shares", () => {
  test("a project whose supporters cannot pay for it from their equal shares is not funded", () => {
    // 4 voters share 100: 25 each. Project 1 (cost 60) has two supporters holding 50 together.
    const election: Election = {
      projects: [
        { id: "1", cost: 60n },
        { id: "2", cost: 40n },
      ],
      budget: 100n,
      ballots: [["1"], ["1"], ["2"], ["2"]],
    };
    const result = mes(election);
    expect(result.selected).toEqual(["2"]);
    expect(result.outcomes[0]!.reason).toBe("not-affordable-by-supporters");
    expect(result.outcomes[1]!.rho).toEqual(Rational.of(20n));
  });

  test("funds the project with the smallest payment per voter relative to its cost first", () => {
    // 6 voters, 10 each. a: 3 supporters, cost 30, rho 10, rho/cost 1/3. b: 6 supporters, cost 12,
    // rho 2, rho/cost 1/6: b goes first; then a's supporters hold 24 < 30.
    const election: Election = {
      projects: [
        { id: "a", cost: 30n },
        { id: "b", cost: 12n },
      ],
      budget: 60n,
      ballots: [["a", "b"], ["a", "b"], ["a", "b"], ["b"], ["b"], ["b"]],
    };
    const result = mes(election);
    expect(result.selected).toEqual(["b"]);
    expect(result.outcomes.find((o) => o.id === "b")!.rho).toEqual(Rational.of(2n));
  });

  test("compares rho relative to cost (cost utilities), not rho alone", () => {
    // 10 voters, 10 each. x: cost 40, 8 supporters, rho 5, rho/cost 1/8. y: cost 10, 4 supporters,
    // rho 2.5, rho/cost 1/4. The smaller rho (y) is not the one MES with cost utilities takes first.
    const ballots: ApprovalBallot[] = [
      ...Array.from({ length: 4 }, () => ["x", "y"]),
      ...Array.from({ length: 4 }, () => ["x"]),
      [],
      [],
    ];
    const result = mes({
      projects: [
        { id: "x", cost: 40n },
        { id: "y", cost: 10n },
      ],
      budget: 100n,
      ballots,
    });
    expect(result.selected).toEqual(["x", "y"]);
  });

  test("a supporter short of rho pays all they have and the others pay rho", () => {
    // 6 voters, 10 each. p (cost 36, voters 0 and 3..5): rho 9, rho/cost 1/4, goes first. q (cost
    // 12, voters 0..2): voter 0 has 1 left and pays it, voters 1 and 2 pay rho = 11/2 each.
    const ballots: ApprovalBallot[] = [["p", "q"], ["q"], ["q"], ["p"], ["p"], ["p"]];
    const result = mes({
      projects: [
        { id: "p", cost: 36n },
        { id: "q", cost: 12n },
      ],
      budget: 60n,
      ballots,
    });
    expect(result.selected).toEqual(["p", "q"]);
    expect(result.outcomes.map((o) => o.rho)).toEqual([Rational.of(9n), Rational.of(11n, 2n)]);
    expect(replayPayments(result, ballots).problems).toEqual([]);
  });

  test("rejects cumulative ballots and category caps", () => {
    expect(() => mes({ projects: [{ id: "1", cost: 1n }], budget: 1n, ballots: [new Map([["1", 1n]])] })).toThrow(
      TallyError,
    );
    expect(() =>
      mes({ projects: [{ id: "1", cost: 1n }], budget: 1n, ballots: [["1"]], categoryCaps: new Map([["a", 1n]]) }),
    ).toThrow(/greedy rule only/);
  });

  test("is exact where floats are not: a tie in rho/cost decided by the tie-break, not by rounding", () => {
    // 7 voters, budget 33: shares of 33/7. Project 1 (cost 30) is out of reach of its 5 supporters.
    // Project 2 (cost 23, 5 supporters): rho = 23/5, rho/cost = 1/5. Project 3 (cost 20, 5
    // supporters): rho = 4, rho/cost = 1/5. Exactly tied, so the cheaper project 3 goes first, after
    // which project 2's supporters are short. In floats 4.6 / 23 = 0.19999999999999998 < 0.2, project
    // 2 would win instead and a different set would be funded.
    const election: Election = {
      projects: [
        { id: "1", cost: 30n },
        { id: "2", cost: 23n },
        { id: "3", cost: 20n },
      ],
      budget: 33n,
      ballots: [["1", "2"], ["1", "2", "3"], ["1", "2", "3"], ["1", "2", "3"], [], ["1", "2", "3"], ["3"]],
    };
    expect(23 / 5 / 23 < 4 / 20).toBe(true);
    const result = mes(election);
    expect(result.selected).toEqual(["3"]);
    expect(result.outcomes[1]!.reason).toBe("not-affordable-by-supporters");
    expect(result.outcomes[2]!.rho).toEqual(Rational.of(4n));
  });

  test("is exact: shares of 1/3 add up to the cost", () => {
    const result = mes({ projects: [{ id: "x", cost: 1n }], budget: 1n, ballots: [["x"], ["x"], ["x"]] });
    expect(result.selected).toEqual(["x"]);
    expect(result.outcomes[0]!.rho).toEqual(Rational.of(1n, 3n));
  });

  test("on random elections: within budget, nobody pays more than their share, each choice is the cheapest per unit of cost", () => {
    const random = prng(7);
    for (let run = 0; run < 300; run++) {
      const election = randomElection(random);
      const result = mes(election);
      expect(result.cost).toBeLessThanOrEqual(election.budget);
      const check = replayPayments(result, election.ballots as ApprovalBallot[], election);
      expect(check.problems).toEqual([]);
    }
  });
});

describe("Method of Equal Shares against its definition", () => {
  test("selects what the plain-rational reference selects, in the same order, on 1000 random elections", () => {
    const random = prng(23);
    for (let run = 0; run < 1000; run++) {
      const election = run % 3 === 0 ? randomElection(random, 400n, 30) : randomElection(random);
      const voters = BigInt(election.ballots.length);
      const result = mes(election);
      expect({ selected: result.selected, cost: result.cost }).toEqual(
        referenceMes(election, Rational.of(election.budget, voters)),
      );
    }
  });
});

describe("Add1 completion", () => {
  test("raises the shares one unit per voter while the outcome still fits and is not exhaustive", () => {
    const election: Election = {
      projects: [
        { id: "1", cost: 60n },
        { id: "2", cost: 40n },
      ],
      budget: 100n,
      ballots: [["1"], ["1"], ["2"], ["2"]],
    };
    const result = mesAdd1(election);
    // With a virtual budget of 120 (30 each) project 1 becomes affordable; 60 + 40 fits.
    expect([...result.selected].sort()).toEqual(["1", "2"]);
    expect(result.virtualBudget).toBe(120n);
    expect(result.rule).toBe("mes-add1");
  });

  test("stops on an exhaustive outcome even when a project nobody voted for would fit", () => {
    const result = mesAdd1({
      projects: [
        { id: "1", cost: 10n },
        { id: "2", cost: 5n },
      ],
      budget: 100n,
      ballots: [["1"]],
    });
    expect(result.selected).toEqual(["1"]);
    expect(result.virtualBudget).toBe(100n);
  });

  test("keeps the last outcome that fits when the next one costs more than the budget", () => {
    // 2 voters, budget 10, shares of 5. a (cost 6, voter 0) is funded once voter 0's share reaches
    // 6 (virtual budget 12), but then b (cost 5, voter 1) is funded too: 11 > 10. So Add1 keeps
    // the outcome of virtual budget 10: b alone.
    const election: Election = {
      projects: [
        { id: "a", cost: 6n },
        { id: "b", cost: 5n },
      ],
      budget: 10n,
      ballots: [["a"], ["b"]],
    };
    const result = mesAdd1(election);
    expect(result.selected).toEqual(["b"]);
    expect(result.virtualBudget).toBe(10n);
    expect(mes(election, 12n).cost).toBe(11n);
  });

  test("keeps raising the shares past an exhaustive outcome while the outcome still fits", () => {
    // 3 voters, budget 18: shares of 6. a (10) and b (6) tie at rho/cost 1/2, b is cheaper and goes
    // first; a's supporters then hold 6 + 3 < 10, c (4) is funded: {b, c} costs 10 and leaves 8,
    // too little for a: exhaustive, where pabutools' exhaustion_by_budget_increase stops. One unit
    // more (shares of 7) funds b then a (16 <= 18); so does 8; at 9 c is funded too (20 > 18).
    const election: Election = {
      projects: [
        { id: "a", cost: 10n },
        { id: "b", cost: 6n },
        { id: "c", cost: 4n },
      ],
      budget: 18n,
      ballots: [["a", "c"], ["b"], ["a", "b"]],
    };
    expect(mes(election).selected).toEqual(["b", "c"]);
    expect(referenceAdd1(election, { stopWhenExhaustive: true })).toEqual({ selected: ["b", "c"], cost: 10n, k: 0 });
    const result = mesAdd1(election);
    expect(result.selected).toEqual(["b", "a"]);
    expect(result.cost).toBe(16n);
    expect(result.virtualBudget).toBe(18n + 2n * 3n);
    expect(mes(election, 18n + 3n * 3n).cost).toBe(20n);
    expect(referenceAdd1(election)).toEqual({ selected: ["b", "a"], cost: 16n, k: 2 });
  });

  test("equals the definition, unit by unit with plain rationals, on 600 random elections", () => {
    const random = prng(11);
    for (let run = 0; run < 600; run++) {
      // Half of them with costs large against the shares, so that Add1 takes many steps.
      const election = run % 2 === 0 ? randomElection(random) : randomElection(random, 400n, 14);
      const result = mesAdd1(election);
      const reference = referenceAdd1(election);
      expect({ selected: result.selected, cost: result.cost }).toEqual({
        selected: reference.selected,
        cost: reference.cost,
      });
      const voters = BigInt(election.ballots.length);
      expect(result.virtualBudget).toBe(election.budget + BigInt(reference.k) * voters);
    }
  });

  test("equals the definition on medium elections (300 voters, 12 projects, dozens of steps)", () => {
    const random = prng(29);
    for (let run = 0; run < 4; run++) {
      const projects = Array.from({ length: 12 }, (_, i) => ({
        id: String(i + 1),
        cost: BigInt(200 + Math.floor(random() * 3000)),
      }));
      const ballots: ApprovalBallot[] = Array.from({ length: 300 }, () =>
        projects.filter((_, i) => random() < 0.08 + i * 0.03).map((p) => p.id),
      );
      const election: Election = { projects, budget: 6_000n + BigInt(run) * 1_000n, ballots };
      const reference = referenceAdd1(election);
      expect(reference.k).toBeGreaterThan(5);
      const result = mesAdd1(election);
      expect({ selected: result.selected, cost: result.cost }).toEqual({
        selected: reference.selected,
        cost: reference.cost,
      });
    }
  });

  test("integral start: shares floor(budget/n) + k, as the equalshares.net tool and the pabulib checker", () => {
    const random = prng(17);
    for (let run = 0; run < 200; run++) {
      const election = randomElection(random, 400n, 14);
      const result = mesAdd1(election, { start: "integral" });
      const reference = referenceAdd1(election, { start: "integral" });
      expect({ selected: result.selected, cost: result.cost }).toEqual({
        selected: reference.selected,
        cost: reference.cost,
      });
      const voters = BigInt(election.ballots.length);
      if (reference.k > 0) {
        expect(result.virtualBudget).toBe((election.budget / voters) * voters + BigInt(reference.k) * voters);
      }
    }
  });

  test("raises shares by one currency unit of the election's money: 100 when amounts are in cents", () => {
    const inEuros: Election = {
      projects: [
        { id: "1", cost: 60n },
        { id: "2", cost: 40n },
      ],
      budget: 100n,
      ballots: [["1"], ["1"], ["2"], ["2"]],
    };
    const inCents: Election = {
      ...inEuros,
      projects: inEuros.projects.map((p) => ({ ...p, cost: p.cost * 100n })),
      budget: 10_000n,
      currencyUnit: 100n,
    };
    expect(mesAdd1(inCents).selected).toEqual(mesAdd1(inEuros).selected);
    expect(mesAdd1(inCents).virtualBudget).toBe(mesAdd1(inEuros).virtualBudget! * 100n);
  });

  test("on random elections the result meets the definition: within budget, and exhaustive or the next share overspends", () => {
    const random = prng(5);
    for (let run = 0; run < 200; run++) {
      const election = randomElection(random);
      const result = mesAdd1(election);
      const voters = BigInt(election.ballots.length);
      expect(result.cost).toBeLessThanOrEqual(election.budget);
      expect({ ...mes(election, result.virtualBudget!), rule: "mes-add1" }).toEqual(result);
      const chosen = new Set(result.selected);
      const supported = new Set((election.ballots as ApprovalBallot[]).flat());
      const exhaustive = election.projects.every(
        (p) => chosen.has(p.id) || !supported.has(p.id) || p.cost > election.budget - result.cost,
      );
      if (!exhaustive) expect(mes(election, result.virtualBudget! + voters).cost).toBeGreaterThan(election.budget);
      expect(replayPayments(result, election.ballots as ApprovalBallot[]).problems).toEqual([]);
    }
  });

  test("the optional greedy completion funds what still fits by votes", () => {
    // 3 voters, budget 30. a (cost 20, voters 0 and 1) is funded first and empties their shares, so
    // d (cost 4, voter 0) never is. b (cost 11, voter 2) becomes affordable at a virtual budget of
    // 33 (one unit more per voter), but a + b = 31 > 30: Add1 keeps {a} from the virtual budget 30.
    // Greedy completion then adds d,
    // which fits in the 10 left; b (equal votes, dearer) no longer does.
    const election: Election = {
      projects: [
        { id: "a", cost: 20n },
        { id: "b", cost: 11n },
        { id: "d", cost: 4n },
      ],
      budget: 30n,
      ballots: [["a", "d"], ["a"], ["b"]],
    };
    const plain = mesAdd1(election);
    expect(plain.selected).toEqual(["a"]);
    expect(plain.virtualBudget).toBe(30n);
    const completed = mesAdd1(election, { completion: "greedy" });
    expect(completed.selected).toEqual(["a", "d"]);
    expect(completed.cost).toBe(24n);
    expect(completed.outcomes.map((o) => o.reason)).toEqual(["selected", "exceeds-remaining-budget", "selected"]);
  });
});

function randomElection(random: () => number, scale = 40n, maxVoters = 9): Election {
  const projects = Array.from({ length: 1 + Math.floor(random() * 6) }, (_, i) => ({
    id: String(i + 1),
    cost: BigInt(Math.floor(random() * Number(scale))),
  }));
  const ballots: ApprovalBallot[] = Array.from({ length: 1 + Math.floor(random() * maxVoters) }, () =>
    projects.filter(() => random() < 0.5).map((p) => p.id),
  );
  const budget = BigInt(1 + Math.floor(random() * Number(scale) * 2));
  return { projects, budget, ballots, tieBreak: random() < 0.5 ? "lower-cost-first" : "lower-id-first" };
}

/** The payment cap of a project by its definition: the smallest rho with sum min(left, rho) = cost. */
function capByDefinition(cost: bigint, left: Rational[]): Rational | undefined {
  const price = Rational.of(cost);
  const pays = (rho: Rational) => left.reduce((sum, b) => sum.add(b.lt(rho) ? b : rho), Rational.ZERO);
  if (pays(left.reduce((a, b) => (a.lt(b) ? b : a), Rational.ZERO)).lt(price)) return undefined;
  // The cap is (cost - the budgets below it) / the rest, for some split of the sorted budgets.
  const sorted = [...left].sort((a, b) => a.cmp(b));
  const options: Rational[] = [];
  for (let poor = 0; poor < sorted.length; poor++) {
    const below = sorted.slice(0, poor).reduce((sum, b) => sum.add(b), Rational.ZERO);
    options.push(price.sub(below).div(Rational.of(BigInt(sorted.length - poor))));
  }
  return options.filter((rho) => rho.cmp(Rational.ZERO) >= 0 && pays(rho).cmp(price) === 0).sort((a, b) => a.cmp(b))[0];
}

/**
 * Replays a MES result from its voters' equal shares: every supporter of a selected project pays
 * min(what is left, rho), the payments make up the cost exactly, nobody goes below zero. With the
 * election, also checks that each step took an affordable project with the smallest rho/cost (ties:
 * the tie-break) and that at the end nothing else is affordable.
 */
function replayPayments(
  result: TallyResult,
  ballots: ApprovalBallot[],
  election?: Election,
): { ok: boolean; problems: string[] } {
  const problems: string[] = [];
  const share = Rational.of(result.virtualBudget!, BigInt(ballots.length));
  const left = ballots.map(() => share);
  const open = new Set(election?.projects.filter((p) => ballots.some((b) => b.includes(p.id))).map((p) => p.id));
  const capOf = (p: TallyProject) =>
    capByDefinition(
      p.cost,
      ballots.flatMap((b, i) => (b.includes(p.id) ? [left[i]!] : [])),
    );
  for (const id of result.selected) {
    const outcome = result.outcomes.find((o) => o.id === id)!;
    if (election) {
      const project = election.projects.find((p) => p.id === id)!;
      const rho = capOf(project);
      if (rho === undefined || rho.cmp(outcome.rho!) !== 0)
        problems.push(`${id}: rho ${outcome.rho} is not its cap ${rho}`);
      for (const otherId of open) {
        const other = election.projects.find((p) => p.id === otherId)!;
        const otherRho = capOf(other);
        if (otherId === id || otherRho === undefined) continue;
        // other must not rank before the selected one: rhoO/costO >= rho/cost, ties by tie-break
        const byPrice =
          other.cost === 0n || project.cost === 0n
            ? Number(other.cost !== 0n) - Number(project.cost !== 0n)
            : otherRho.mul(Rational.of(project.cost)).cmp(outcome.rho!.mul(Rational.of(other.cost)));
        const before = byPrice < 0 || (byPrice === 0 && compareByTieBreak(other, project, election.tieBreak!) < 0);
        if (before) problems.push(`${otherId} should have been chosen before ${id}`);
      }
      open.delete(id);
    }
    let paid = Rational.ZERO;
    ballots.forEach((ballot, voter) => {
      if (!ballot.includes(id)) return;
      const pay = left[voter]!.lt(outcome.rho!) ? left[voter]! : outcome.rho!;
      left[voter] = left[voter]!.sub(pay);
      paid = paid.add(pay);
    });
    if (paid.cmp(Rational.of(outcome.cost)) !== 0)
      problems.push(`${id}: payments ${paid} are not its cost ${outcome.cost}`);
    if (left.some((b) => b.sign() < 0)) problems.push(`${id}: a voter paid more than their share`);
  }
  if (election && result.rule === "mes") {
    for (const id of open) {
      const project = election.projects.find((p) => p.id === id)!;
      if (capOf(project) !== undefined) problems.push(`${id} is still affordable at the end`);
    }
  }
  return { ok: problems.length === 0, problems };
}
