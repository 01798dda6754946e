import type { ProjectOutcome, TallyResult } from "./types.js";
import type { Rational } from "./rational.js";

export type Language = "nl" | "en";

/**
 * A proposal that never reached the ballot, so no rule counted it:
 * - `below-support-threshold`: in the support phase it gathered `support` supporters where the
 *   round's rules asked `threshold`;
 * - `infeasible`: the reviewer found it not feasible, for `reviewReason` (the text whose hash the
 *   review anchored on chain; absent when the reviewer gave none or the text is not at hand).
 */
export type OffBallot =
  | { id: string; reason: "below-support-threshold"; support: bigint; threshold: bigint }
  | { id: string; reason: "infeasible"; reviewReason?: string };

/**
 * An amount in euros with cents, the Dutch or English way: "€ 4.443,89" / "€4,443.89". The
 * rational is cut to cents as a decimal string, which Intl formats exactly (no float on the way).
 */
function money(euros: Rational, language: Language): string {
  return new Intl.NumberFormat(language === "nl" ? "nl-NL" : "en-GB", {
    style: "currency",
    currency: "EUR",
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(euros.toFixed(2) as Intl.StringNumericLiteral);
}

/** One sentence a resident can read about why a proposal was or was not funded. */
export function explain(outcome: ProjectOutcome | OffBallot, language: Language = "nl"): string {
  const nl = language === "nl";
  switch (outcome.reason) {
    case "below-support-threshold":
      return nl
        ? `Niet op het stembiljet: ${outcome.support} inwoners steunden het voorstel, er waren er ${outcome.threshold} nodig.`
        : `Not on the ballot: ${outcome.support} residents supported the proposal where ${outcome.threshold} were needed.`;
    case "infeasible": {
      const reason = outcome.reviewReason?.trim();
      if (reason === undefined || reason === "") {
        return nl
          ? "Niet op het stembiljet: de gemeente beoordeelde het als niet uitvoerbaar (zonder opgegeven reden)."
          : "Not on the ballot: the municipality judged it not feasible (no reason given).";
      }
      const sentence = /[.!?]$/.test(reason) ? reason : `${reason}.`;
      return nl
        ? `Niet op het stembiljet: de gemeente beoordeelde het als niet uitvoerbaar. Reden: ${sentence}`
        : `Not on the ballot: the municipality judged it not feasible. Reason: ${sentence}`;
    }
  }
  const votes = outcome.votes.toString();
  switch (outcome.reason) {
    case "selected":
      if (outcome.rho !== undefined) {
        return nl
          ? `Gekozen als ${outcome.step}e: de ${votes} voorstanders betaalden het uit hun gelijke aandeel, ieder hooguit ${money(outcome.rho, language)}.`
          : `Selected as number ${outcome.step}: its ${votes} supporters paid for it from their equal shares, each at most ${money(outcome.rho, language)}.`;
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

/**
 * {@link explain} for every project of a result, by project id, and for every proposal that never
 * reached the ballot (`offBallot`, optional), so every proposal of a round has its sentence.
 */
export function explainAll(
  result: TallyResult,
  language: Language = "nl",
  offBallot: readonly OffBallot[] = [],
): Map<string, string> {
  return new Map<string, string>([
    ...result.outcomes.map((o) => [o.id, explain(o, language)] as const),
    ...offBallot.map((o) => [o.id, explain(o, language)] as const),
  ]);
}

/** A project's outcome as JSON (decimal strings for amounts), shared by the API's results and the audit. */
export function outcomeFields(outcome: ProjectOutcome) {
  return {
    proposalId: outcome.id,
    cost: outcome.cost.toString(),
    votes: outcome.votes.toString(),
    selected: outcome.selected,
    step: outcome.step ?? null,
    reason: outcome.reason,
  };
}
