import type { ProjectOutcome } from "./types.js";

export type Language = "nl" | "en";

/** One sentence a resident can read about why a project was or was not funded. */
export function explain(outcome: ProjectOutcome, language: Language = "nl"): string {
  const votes = outcome.votes.toString();
  switch (outcome.reason) {
    case "selected":
      if (outcome.rho !== undefined) {
        return language === "nl"
          ? `Gekozen als ${outcome.step}e; elke voorstander betaalde hooguit ${outcome.rho.toFixed(2)} van zijn aandeel.`
          : `Selected as number ${outcome.step}; each supporter paid at most ${outcome.rho.toFixed(2)} of their share.`;
      }
      return language === "nl"
        ? `Gekozen als ${outcome.step}e met ${votes} stemmen.`
        : `Selected as number ${outcome.step} with ${votes} votes.`;
    case "no-votes":
      return language === "nl" ? "Niet gekozen: niemand stemde erop." : "Not selected: nobody voted for it.";
    case "exceeds-remaining-budget":
      return language === "nl"
        ? `Niet gekozen: met ${votes} stemmen was het aan de beurt, maar het paste niet meer in het resterende budget.`
        : `Not selected: with ${votes} votes its turn came, but it no longer fit the remaining budget.`;
    case "category-cap":
      return language === "nl"
        ? "Niet gekozen: het budget voor deze categorie was op."
        : "Not selected: the budget for its category was used up.";
    case "not-affordable-by-supporters":
      return language === "nl"
        ? `Niet gekozen: de ${votes} voorstanders hadden samen niet genoeg over van hun gelijke aandeel.`
        : `Not selected: its ${votes} supporters together had too little left of their equal shares.`;
  }
}
