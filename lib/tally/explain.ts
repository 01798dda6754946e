import type { ProjectOutcome, TallyResult } from "./types.js";

export type Language = "nl" | "en";

/** One sentence a resident can read about why a project was or was not funded. */
export function explain(outcome: ProjectOutcome, language: Language = "nl"): string {
  const votes = outcome.votes.toString();
  const nl = language === "nl";
  switch (outcome.reason) {
    case "selected":
      if (outcome.rho !== undefined) {
        return nl
          ? `Gekozen als ${outcome.step}e: de ${votes} voorstanders betaalden het uit hun gelijke aandeel, ieder hooguit ${outcome.rho.toFixed(2)}.`
          : `Selected as number ${outcome.step}: its ${votes} supporters paid for it from their equal shares, each at most ${outcome.rho.toFixed(2)}.`;
      }
      return nl
        ? `Gekozen als ${outcome.step}e met ${votes} stemmen.`
        : `Selected as number ${outcome.step} with ${votes} votes.`;
    case "no-votes":
      return nl ? "Niet gekozen: niemand stemde erop." : "Not selected: nobody voted for it.";
    case "exceeds-remaining-budget":
      return nl
        ? `Niet gekozen: met ${votes} stemmen was het aan de beurt, maar het paste niet meer in het resterende budget.`
        : `Not selected: with ${votes} votes its turn came, but it no longer fit the remaining budget.`;
    case "category-cap":
      return nl
        ? `Niet gekozen: met ${votes} stemmen was het aan de beurt, maar dan ging de categorie over haar maximum.`
        : `Not selected: with ${votes} votes its turn came, but its category would have gone over its cap.`;
    case "not-affordable-by-supporters":
      return nl
        ? `Niet gekozen: de ${votes} voorstanders hadden samen niet genoeg over van hun gelijke aandeel.`
        : `Not selected: its ${votes} supporters together had too little left of their equal shares.`;
  }
}

/** {@link explain} for every project of a result, by project id. */
export function explainAll(result: TallyResult, language: Language = "nl"): Map<string, string> {
  return new Map(result.outcomes.map((o) => [o.id, explain(o, language)]));
}
