/** Texts of the proposal, ballot, help and plain-language work (issue 16), Dutch first, then English. */
export const proposalsMessages = {
  errorGeneric: [
    "Er ging iets mis. Probeer het over een paar minuten opnieuw.",
    "Something went wrong. Please try again in a few minutes.",
  ],
  // ballot
  ballotMoreAbout: ["Meer over {title}", "More about {title}"],
  ballotOpenProposal: ["Bekijk het hele voorstel", "See the whole proposal"],
  imageOf: ["Foto bij {title}", "Photo for {title}"],
  // results and standings
  votersOne: ["{n} stemmer", "{n} voter"],
  standingsTitle: ["Tussenstand ronde {id}", "Interim standings round {id}"],
  standingsNote: [
    "Dit is een tussenstand: er kan nog gestemd worden tot {date}. De uitslag staat pas vast als het stemmen voorbij is.",
    "These are interim standings: voting is open until {date}. The result is fixed only when voting has closed.",
  ],
  toStandings: ["Tussenstand", "Interim standings"],
  standingsHiddenNote: [
    "In deze ronde blijft de tussenstand verborgen tot het stemmen sluit ({date}), zodat niemand zich laat leiden door de eerste stemmen.",
    "In this round the standings stay hidden until voting closes ({date}), so that nobody is steered by the first votes.",
  ],
  // proposals
  proposer: ["Ingediend door", "Submitted by"],
  // names
  nameYou: ["U", "You"],
  nameMunicipality: ["De gemeente", "The municipality"],
  nameTaskBoard: ["Klussenbord (beloningen)", "Task board (rewards)"],
  nameBudgetRound: ["Buurtbegroting", "Neighbourhood budget"],
  nameResultCommitments: ["Vastgestelde uitslagen", "Committed results"],
  nameSecretBallots: ["Geheime stembus", "Secret ballot box"],
  nameRegistry: ["Bewonersregister", "Resident register"],
  nameForwarder: ["Verzendservice van de gemeente", "The municipality's sending service"],
  nameShop: ["Winkel: {name}", "Shop: {name}"],
  nameResident: ["Bewoner {short}", "Resident {short}"],
  merchantNamed: ["{name}", "{name}"],
  merchantUnnamed: ["Erkende winkel {short}", "Registered shop {short}"],
  // life cycle of a proposal
  stage_submitted: ["Ingediend: verzamelt steun", "Submitted: gathering support"],
  stage_feasible: ["Goedgekeurd door de gemeente", "Approved by the municipality"],
  stage_infeasible: ["Niet uitvoerbaar", "Not feasible"],
  stage_onBallot: ["Op het stembiljet", "On the ballot"],
  stage_chosen: ["Gekozen", "Chosen"],
  stage_notChosen: ["Niet gekozen", "Not chosen"],
  stage_inProgress: ["In uitvoering", "In progress"],
  stage_done: ["Klaar", "Done"],
  supportOf: ["{n} van {threshold} steunbetuigingen nodig", "{n} of {threshold} supporters needed"],
  supportReached: [
    "{n} steunbetuigingen: genoeg (er waren {threshold} nodig)",
    "{n} supporters: enough ({threshold} were needed)",
  ],
  infeasibleReason: ["Waarom niet: {reason}", "Why not: {reason}"],
  requestedCost: ["gevraagd: {cost}", "requested: {cost}"],
  fingerprint: ["Vingerafdruk op de blockchain", "Fingerprint on the blockchain"],
  // results chart
  // finding proposals
  findProposals: ["Voorstellen zoeken", "Find proposals"],
  searchLabel: ["Zoek in de voorstellen", "Search the proposals"],
  searchButton: ["Zoeken", "Search"],
  sortLabel: ["Volgorde", "Order"],
  sortNumber: ["Op nummer", "By number"],
  sortNewest: ["Nieuwste eerst", "Newest first"],
  sortSupport: ["Meeste steun eerst", "Most supported first"],
  sortCost: ["Goedkoopste eerst", "Cheapest first"],
  foundOne: ["{n} voorstel gevonden.", "{n} proposal found."],
  foundMany: ["{n} voorstellen gevonden.", "{n} proposals found."],
  noneFound: [
    'Geen voorstellen gevonden. Probeer een ander woord of kies "Alle".',
    'No proposals found. Try another word or choose "All".',
  ],
  photoUnavailable: ["Deze foto is niet beschikbaar.", "This photo is not available."],
  // comments
  // proposal form
  proposalTheme: ["Thema", "Theme"],
  // maps
  // phases
  countdownEnds: [
    'De fase "{phase}" loopt nog {left} (tot {date}).',
    'The "{phase}" phase runs for another {left} (until {date}).',
  ],
  countdownStarts: [
    'De fase "{phase}" begint over {left} (op {date}).',
    'The "{phase}" phase starts in {left} (on {date}).',
  ],
  // help texts
  // how it works
  navHowItWorks: ["Hoe werkt het?", "How it works"],
} as const;
