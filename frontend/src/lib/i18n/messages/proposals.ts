/** Texts of the proposal, ballot, help and plain-language work (issue 16), Dutch first, then English. */
export const proposalsMessages = {
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
  // proposals
  proposer: ["Ingediend door", "Submitted by"],
  // names
  nameYou: ["U", "You"],
  nameMunicipality: ["De gemeente", "The municipality"],
  nameTaskBoard: ["Klussenbord (beloningen)", "Task board (rewards)"],
  nameBudgetRound: ["Buurtbegroting", "Neighbourhood budget"],
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
  helpMore: ["Meer uitleg: hoe werkt het?", "More: how does it work?"],
  helpRoundTitle: ["Hoe werkt een ronde?", "How does a round work?"],
  helpRound1: [
    "Een ronde gaat in stappen. Eerst dienen bewoners voorstellen in. Daarna kunt u voorstellen steunen: een voorstel met genoeg steun gaat door.",
    "A round goes in steps. First residents submit proposals. Then you can support proposals: a proposal with enough support goes on.",
  ],
  helpRound2: [
    "De gemeente kijkt of elk voorstel kan en wat het kost. Dan stemt u: u kiest de projecten die u het liefst wilt, binnen het budget van uw wijk.",
    "The municipality checks whether each proposal is possible and what it costs. Then you vote: you choose the projects you want most, within your district's budget.",
  ],
  helpBallotTitle: ["Hoe stem ik?", "How do I vote?"],
  helpBallot1: [
    "Vink de projecten aan die u wilt. Onderaan ziet u steeds hoeveel geld u al heeft gekozen. U mag niet meer kiezen dan het budget.",
    "Tick the projects you want. At the bottom you always see how much money you have chosen. You may not choose more than the budget.",
  ],
  helpBallot2: [
    "Klik daarna op de knop om te stemmen. Tot het stemmen sluit, kunt u uw stem nog veranderen. Alleen uw laatste stem telt.",
    "Then press the button to vote. Until voting closes you can still change your vote. Only your last vote counts.",
  ],
  helpWalletTitle: ["Wat zijn buurtmunten?", "What are neighbourhood coins?"],
  helpWallet1: [
    "U verdient munten met klussen in de buurt. Eén munt is één euro waard. U betaalt er mee bij erkende winkels in de buurt.",
    "You earn coins with tasks in the neighbourhood. One coin is worth one euro. You pay with them at registered local shops.",
  ],
  helpWallet2: [
    "U kunt per jaar een maximum verdienen. Zo blijft het vrijwilligerswerk. Hieronder ziet u alles wat u ontving en uitgaf.",
    "You can earn up to a maximum each year. That keeps it volunteer work. Below you see everything you received and spent.",
  ],
  // how it works
  navHowItWorks: ["Hoe werkt het?", "How it works"],
} as const;
