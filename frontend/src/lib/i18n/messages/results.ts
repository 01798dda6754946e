/** Texts of the results page's committed-result panel (Method of Equal Shares rounds). */
export const resultsMessages = {
  ruleGreedyBinding: [
    "Uitslagregel: greedy (meeste stemmen eerst), berekend door het contract zelf.",
    "Result rule: greedy (most votes first), computed by the contract itself.",
  ],
  ruleMesBinding: [
    "Uitslagregel: Method of Equal Shares met Add1. De uitslag wordt na de stemperiode vastgelegd op de chain; daarna kan iedereen {window} lang bezwaar maken.",
    "Result rule: Method of Equal Shares with Add1. The result is committed on chain after voting; then anyone may object for {window}.",
  ],
  hours: ["{n} uur", "{n} hours"],
  commitmentTitle: ["Vastgelegde uitslag", "Committed result"],
  greedyComparison: ["Meeste stemmen eerst (ter vergelijking)", "Most votes first (for comparison)"],
  mesOfficial: ["Methode van gelijke delen (officieel)", "Method of Equal Shares (official)"],
  commitmentPending: [
    "Nog niet vastgelegd: dat gebeurt zodra de stemperiode voorbij is.",
    "Not committed yet: that happens once voting has closed.",
  ],
  commitmentSelected: ["Gekozen: {ids} (€ {cost})", "Selected: {ids} (€ {cost})"],
  commitmentCounted: [
    "Geteld: blokken {from} t/m {to} (hash {hash}), met rekenbibliotheek {version}.",
    "Counted: blocks {from} to {to} (hash {hash}), with tally library {version}.",
  ],
  commitmentRecounts: ["{n} keer vervangen door een hertelling.", "Replaced by a recount {n} times."],
  windowOpen: ["Bezwaar mogelijk tot {end}.", "Objections possible until {end}."],
  windowFrozen: [
    "Bevroren: {n} bezwaar(en) wachten op een besluit van de gemeente.",
    "Frozen: {n} objection(s) awaiting the municipality's decision.",
  ],
  windowFinal: [
    "Bezwaartermijn voorbij op {end}: de uitslag is definitief.",
    "Objection window ended {end}: the result is final.",
  ],
  recountMatches: [
    "Deze browser telde de stemmen opnieuw: dezelfde uitslag.",
    "This browser recounted the ballots: the same result.",
  ],
  recountDiffers: [
    "Let op: deze browser telde de stemmen opnieuw en komt op {ids}.",
    "Note: this browser recounted the ballots and gets {ids}.",
  ],
  objectionsTitle: ["Bezwaren", "Objections"],
  objectionLine: [
    "Bezwaar {id} van {by}: voorgestelde uitslag {ids}.",
    "Objection {id} by {by}: proposed outcome {ids}.",
  ],
  objectionOpen: ["Nog niet beslist.", "Not decided yet."],
  objectionUpheld: ["Besluit: de vastgelegde uitslag blijft staan.", "Decision: the committed result stands."],
  objectionReplaced: ["Besluit: vervangen door een hertelling.", "Decision: replaced by a recount."],
  "tally_equal-shares-add1": [
    "Methode van gelijke delen met Add1 (vastgelegd, met bezwaartermijn)",
    "Method of Equal Shares with Add1 (committed, with an objection window)",
  ],
  ruleGreedyOption: [
    "Greedy: meeste stemmen eerst (berekend op de chain)",
    "Greedy: most votes first (computed on chain)",
  ],
  ruleMesOption: [
    "Method of Equal Shares met Add1 (vastgelegd, met bezwaartermijn)",
    "Method of Equal Shares with Add1 (committed, with an objection window)",
  ],
  objectionDays: ["Bezwaartermijn (dagen)", "Objection window (days)"],
  objectionDaysHelp: [
    "Na het vastleggen van de uitslag kan iedereen zo lang bezwaar maken; de termijn staat vast bij het aanmaken van de ronde.",
    "After the result is committed anyone may object for this long; it is fixed when the round is created.",
  ],
} as const;
