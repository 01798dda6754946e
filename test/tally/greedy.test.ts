import { describe, expect, test } from "vitest";

import {
  compareIds,
  greedy,
  TallyError,
  type ApprovalBallot,
  type Election,
  type TallyProject,
} from "../../lib/tally/index.js";
import { prng } from "../helpers/pabulib.js";

const projects = (costs: number[]): TallyProject[] =>
  costs.map((cost, i) => ({ id: String(i + 1), cost: BigInt(cost) }));

describe("greedy", () => {
  test("takes projects by votes, skips one that no longer fits, then takes a cheaper later one", () => {
    const election: Election = {
      projects: projects([60, 50, 30, 10]),
      budget: 100n,
      ballots: [["1", "2", "3", "4"], ["1", "2", "3"], ["1", "2"], ["1"]],
    };
    const result = greedy(election);
    expect(result.selected).toEqual(["1", "3", "4"]);
    expect(result.cost).toBe(100n);
    expect(result.outcomes.map((o) => [o.id, o.reason, o.step])).toEqual([
      ["1", "selected", 1],
      ["2", "exceeds-remaining-budget", undefined],
      ["3", "selected", 2],
      ["4", "selected", 3],
    ]);
  });

  test("breaks equal votes by lower cost then lower id (the default), or by lower id alone", () => {
    const election: Election = { projects: projects([40, 30, 30]), budget: 60n, ballots: [["1", "2", "3"]] };
    expect(greedy(election).selected).toEqual(["2", "3"]);
    expect(greedy({ ...election, tieBreak: "lower-cost-first" }).selected).toEqual(["2", "3"]);
    expect(greedy({ ...election, tieBreak: "lower-id-first" }).selected).toEqual(["1"]);
  });

  test("compares integer ids as numbers, integer ids before other ids, others as text", () => {
    const election: Election = {
      projects: [
        { id: "b", cost: 5n },
        { id: "10", cost: 5n },
        { id: "9", cost: 5n },
        { id: "a", cost: 5n },
      ],
      budget: 20n,
      ballots: [["10", "9", "a", "b"]],
      tieBreak: "lower-id-first",
    };
    expect(greedy(election).selected).toEqual(["9", "10", "a", "b"]);
    expect(["1a", "10", "9", "07", "7"].sort(compareIds)).toEqual(["07", "7", "9", "10", "1a"]);
  });

  test("never funds a project nobody voted for", () => {
    const result = greedy({ projects: projects([10, 10]), budget: 100n, ballots: [["1"]] });
    expect(result.selected).toEqual(["1"]);
    expect(result.outcomes[1]!.reason).toBe("no-votes");
  });

  test("skips a project that would take its category over its cap, and goes on", () => {
    const result = greedy({
      projects: [
        { id: "a", cost: 30n, category: "groen" },
        { id: "b", cost: 30n, category: "groen" },
        { id: "c", cost: 30n, category: "sport" },
        { id: "d", cost: 10n, category: "groen" },
        { id: "e", cost: 10n },
      ],
      budget: 100n,
      ballots: [
        ["a", "b", "c", "d", "e"],
        ["a", "b", "c", "d"],
        ["a", "b", "c"],
        ["a", "b"],
      ],
      categoryCaps: new Map([
        ["groen", 40n],
        ["sport", 40n],
      ]),
    });
    expect(result.selected).toEqual(["a", "c", "d", "e"]);
    expect(result.outcomes[1]!.reason).toBe("category-cap");
  });

  test("counts cumulative points, from Maps or plain records", () => {
    const asMaps = greedy({
      projects: projects([50, 50]),
      budget: 50n,
      ballots: [
        new Map([
          ["1", 1n],
          ["2", 3n],
        ]),
        new Map([["1", 1n]]),
      ],
    });
    expect(asMaps.selected).toEqual(["2"]);
    expect(asMaps.outcomes.map((o) => o.votes)).toEqual([2n, 3n]);
    const asRecords = greedy({
      projects: projects([50, 50]),
      budget: 50n,
      ballots: [{ "1": 1n, "2": 3n }, { "1": 1n }],
    });
    expect(asRecords).toEqual(asMaps);
  });

  test("rejects ballots naming unknown projects, negative costs, mixed ballot kinds", () => {
    expect(() => greedy({ projects: projects([1]), budget: 1n, ballots: [["2"]] })).toThrow(
      new TallyError("ballot 1 names unknown project 2"),
    );
    expect(() => greedy({ projects: [{ id: "1", cost: -1n }], budget: 1n, ballots: [] })).toThrow(TallyError);
    expect(() =>
      greedy({
        projects: projects([1]),
        budget: 1n,
        ballots: [["1"], new Map([["1", 1n]])] as unknown as Election["ballots"],
      }),
    ).toThrow(TallyError);
  });

  test("equals a brute-force reading of its definition and never exceeds the budget (600 random elections)", () => {
    // The greedy outcome is the one set S such that, walking the projects by votes (ties: lower
    // cost, then lower id), each project with votes is in S exactly when it fits in what the
    // projects of S before it leave of the budget and of its category's cap. Search all subsets.
    const random = prng(2024);
    for (let run = 0; run < 600; run++) {
      const count = 1 + Math.floor(random() * 7);
      const ps = projects(Array.from({ length: count }, () => 1 + Math.floor(random() * 50))).map((p) =>
        random() < 0.5 ? { ...p, category: random() < 0.5 ? "x" : "y" } : p,
      );
      const ballots: ApprovalBallot[] = Array.from({ length: Math.floor(random() * 12) }, () =>
        ps.filter(() => random() < 0.4).map((p) => p.id),
      );
      const budget = BigInt(Math.floor(random() * 120));
      const caps = random() < 0.5 ? new Map([["x", BigInt(Math.floor(random() * 60))]]) : undefined;
      const result = greedy({ projects: ps, budget, ballots, ...(caps ? { categoryCaps: caps } : {}) });
      expect(result.cost).toBeLessThanOrEqual(budget);

      const votes = new Map(ps.map((p) => [p.id, ballots.filter((b) => b.includes(p.id)).length]));
      const walk = [...ps].sort(
        (a, b) => votes.get(b.id)! - votes.get(a.id)! || Number(a.cost - b.cost) || Number(a.id) - Number(b.id),
      );
      const consistent: string[][] = [];
      for (let mask = 0; mask < 1 << count; mask++) {
        const inSet = (p: TallyProject) => (mask >> (Number(p.id) - 1)) & 1;
        let spent = 0n;
        const perCategory = new Map<string, bigint>();
        const ok = walk.every((p) => {
          const categorySpent = perCategory.get(p.category ?? "") ?? 0n;
          const cap = p.category === undefined ? undefined : caps?.get(p.category);
          const fits =
            votes.get(p.id)! > 0 && spent + p.cost <= budget && (cap === undefined || categorySpent + p.cost <= cap);
          if (inSet(p)) {
            spent += p.cost;
            perCategory.set(p.category ?? "", categorySpent + p.cost);
          }
          return fits === Boolean(inSet(p));
        });
        if (ok) consistent.push(walk.filter(inSet).map((p) => p.id));
      }
      expect(consistent).toEqual([result.selected]);
    }
  });
});
