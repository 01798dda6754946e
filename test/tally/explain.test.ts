import { describe, expect, test } from "vitest";

import { explain, explainAll, greedy, Rational, type ProjectOutcome } from "../../lib/tally/index.js";

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
        "Gekozen als 1e: de 12 voorstanders betaalden het uit hun gelijke aandeel, ieder hooguit 41.66.",
        "Selected as number 1: its 12 supporters paid for it from their equal shares, each at most 41.66.",
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
});
