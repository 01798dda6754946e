/** Texts of the round form's result options and the shop list's rename (officials' pages). */
export const roundsMessages = {
  objectionWindowLabel: ["Bezwaartermijn in uren", "Objection window in hours"],
  objectionWindowHelp: [
    "Na de stemperiode wordt de uitslag per wijk op de chain vastgelegd. Daarna kan iedereen zo lang bezwaar maken; pas daarna staat de uitslag vast. Standaard 336 uur (14 dagen).",
    "After voting the result of each district is committed on chain. Anyone may then object for this long; only after that the result stands. Default 336 hours (14 days).",
  ],
  hideStandingsLabel: [
    "Tussenstand verbergen tot de stemperiode voorbij is",
    "Hide the interim standings until voting closes",
  ],
  hideStandingsHelp: [
    "Zo sturen vroege aantallen latere stemmers niet (zoals Decidim standaard doet). De stemmen staan wel openbaar op de chain; deze pagina's tonen ze pas na de stemperiode.",
    "So early numbers do not steer later voters (Decidim's default). The ballots are still public on chain; these pages show them only after voting.",
  ],
  problem_needs_approval_ballot: [
    "deze telregel werkt alleen met het stembiljet 'Kiezen binnen budget'",
    "this tally rule works only with the ballot 'Approval within budget'",
  ],
  renameShop: ["Naam wijzigen", "Rename"],
  renameShopHeading: ["Naam van {name} wijzigen", "Rename {name}"],
  renameShopSave: ["Nieuwe naam opslaan", "Save the new name"],
  shopRenamed: ["Naam van de winkel gewijzigd.", "Shop renamed."],
  cancel: ["Annuleren", "Cancel"],
} as const;
