import { describe, expect, test } from "vitest";

import { explain, explainAll, greedy, Rational, type OffBallot, type ProjectOutcome } from "../../lib/tally/index.js";

describe("explanations", () => {
  const base = { id: "7", cost: 500n, votes: 12n, selected: false } as const;

  test("one sentence per reason, in Dutch (the default) and English", () => {
    const cases: [ProjectOutcome, string, string][] = [
      [
        { ...base, selected: true, step: 2, reason: "selected" },
        "Gekozen als 2e met 12 stemmen.",
        "Selected as number 2 with 12 votes.",
      ],
      [
        { ...base, selected: true, step: 1, rho: Rational.of(125n, 3n), reason: "selected" },
        "Gekozen als 1e: de 12 voorstanders betaalden het uit hun gelijke aandeel, ieder hooguit €\u00a041,66.",
        "Selected as number 1: its 12 supporters paid for it from their equal shares, each at most €41.66.",
      ],
      [
        { ...base, votes: 0n, reason: "no-votes" },
        "Niet gekozen: niemand stemde erop.",
        "Not selected: nobody voted for it.",
      ],
      [
        { ...base, reason: "exceeds-remaining-budget" },
        "Niet gekozen: met 12 stemmen was het aan de beurt, maar het paste niet meer in het resterende budget.",
        "Not selected: with 12 votes its turn came, but it no longer fit the remaining budget.",
      ],
      [
        { ...base, reason: "category-cap" },
        "Niet gekozen: met 12 stemmen was het aan de beurt, maar dan ging de categorie over haar maximum.",
        "Not selected: with 12 votes its turn came, but its category would have gone over its cap.",
      ],
      [
        { ...base, reason: "not-affordable-by-supporters" },
        "Niet gekozen: de 12 voorstanders hadden samen niet genoeg over van hun gelijke aandeel.",
        "Not selected: its 12 supporters together had too little left of their equal shares.",
      ],
    ];
    for (const [outcome, nl, en] of cases) {
      expect(explain(outcome)).toBe(nl);
      expect(explain(outcome, "en")).toBe(en);
    }
  });

  test("explainAll gives one sentence per project", () => {
    const result = greedy({
      projects: [
        { id: "1", cost: 5n },
        { id: "2", cost: 5n },
      ],
      budget: 5n,
      ballots: [["1", "2"], ["1"]],
    });
    expect([...explainAll(result, "en")]).toEqual([
      ["1", "Selected as number 1 with 2 votes."],
      ["2", "Not selected: with 1 votes its turn came, but it no longer fit the remaining budget."],
    ]);
  });

  test("proposals that never reached the ballot: below the support threshold, or infeasible with the reviewer's reason", () => {
    const cases: [OffBallot, string, string][] = [
      [
        { id: "8", reason: "below-support-threshold", support: 4n, threshold: 10n },
        "Niet op het stembiljet: 4 inwoners steunden het voorstel, er waren er 10 nodig.",
        "Not on the ballot: 4 residents supported the proposal where 10 were needed.",
      ],
      [
        { id: "9", reason: "infeasible", reviewReason: "De grond is niet van de gemeente" },
        "Niet op het stembiljet: de gemeente beoordeelde het als niet uitvoerbaar. Reden: De grond is niet van de gemeente.",
        "Not on the ballot: the municipality judged it not feasible. Reason: De grond is niet van de gemeente.",
      ],
      [
        { id: "10", reason: "infeasible", reviewReason: "Too expensive to maintain!" },
        "Niet op het stembiljet: de gemeente beoordeelde het als niet uitvoerbaar. Reden: Too expensive to maintain!",
        "Not on the ballot: the municipality judged it not feasible. Reason: Too expensive to maintain!",
      ],
      [
        { id: "11", reason: "infeasible" },
        "Niet op het stembiljet: de gemeente beoordeelde het als niet uitvoerbaar (zonder opgegeven reden).",
        "Not on the ballot: the municipality judged it not feasible (no reason given).",
      ],
    ];
    for (const [proposal, nl, en] of cases) {
      expect(explain(proposal)).toBe(nl);
      expect(explain(proposal, "en")).toBe(en);
    }
  });

  test("explainAll covers the proposals that never reached the ballot too", () => {
    const result = greedy({ projects: [{ id: "1", cost: 5n }], budget: 5n, ballots: [["1"]] });
    expect([
      ...explainAll(result, "en", [
        { id: "2", reason: "below-support-threshold", support: 1n, threshold: 3n },
        { id: "3", reason: "infeasible", reviewReason: "Not on public land" },
      ]),
    ]).toEqual([
      ["1", "Selected as number 1 with 1 votes."],
      ["2", "Not on the ballot: 1 residents supported the proposal where 3 were needed."],
      ["3", "Not on the ballot: the municipality judged it not feasible. Reason: Not on public land."],
    ]);
  });
});
