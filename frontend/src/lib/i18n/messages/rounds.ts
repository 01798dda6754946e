/**
 * Texts of the round form's result and ballot options and the shop list's rename (officials'
 * pages): [Nederlands, English]. Registered when a page that imports this module loads (those pages
 * are split off from the first visit's JavaScript, and so are these texts).
 */
import { registerMessages } from "../index.svelte.js";

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
  ballotSecrecyLabel: ["Stemgeheim", "Ballot secrecy"],
  secrecy_public: ["Openbare stemming", "Public ballots"],
  secrecy_secret: ["Geheime stemming", "Secret ballots"],
  ballotSecrecyHelp: [
    "Openbaar: elke stem staat met het account van de bewoner op de chain. Geheim: de bewoner stemt met de code uit de brief en een eenmalige sleutel in de browser, met een blind ondertekend stembewijs voor de wijk; niemand, ook de gemeente niet, kan zien wat een bewoner koos, en iedereen kan de telling nog nagaan. De tokenuitgever (backend/issuer, in het API-proces als ISSUER_PRIVATE_KEY is ingesteld) legt vóór de stemperiode per wijk een sleutel vast; zonder die sleutels kan in een geheime ronde niemand online stemmen. Geheim werkt alleen met het stembiljet 'Kiezen binnen budget'; papieren stemmen blijven mogelijk.",
    "Public: every ballot is on chain with the resident's account. Secret: the resident votes with the code from the letter and a one-time key in the browser, with a blind-signed token for the district; nobody, not even the municipality, can see what a resident chose, and anyone can still check the count. The token issuer (backend/issuer, run by the API process when ISSUER_PRIVATE_KEY is set) names a key per district before voting opens; without those keys nobody can vote online in a secret round. Secret works only with the ballot 'Approval within budget'; paper ballots remain possible.",
  ],
  problem_secret_needs_approval_ballot: [
    "geheime stemming werkt alleen met het stembiljet 'Kiezen binnen budget'",
    "secret ballots work only with the ballot 'Approval within budget'",
  ],
  renameShop: ["Naam wijzigen", "Rename"],
  renameShopHeading: ["Naam van {name} wijzigen", "Rename {name}"],
  renameShopSave: ["Nieuwe naam opslaan", "Save the new name"],
  shopRenamed: ["Naam van de winkel gewijzigd.", "Shop renamed."],
  cancel: ["Annuleren", "Cancel"],
} as const;

registerMessages(roundsMessages);
