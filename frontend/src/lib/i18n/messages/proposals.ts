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
  chartCostVotes: ["Kosten en stemmen per project", "Cost and votes per project"],
  chartCostVotesHelp: [
    "Rechts staan dure projecten, bovenaan projecten met veel stemmen. Het nummer hoort bij de tabel eronder.",
    "Expensive projects are on the right, projects with many votes at the top. The number belongs to the table below.",
  ],
  chartCostVotesDesc: [
    "Spreidingsdiagram: kosten horizontaal, stemmen verticaal. Een vierkant: gekozen door de officiële telling. Een ring: gekozen door de methode van gelijke delen. Een kruis: door geen van beide gekozen. De tabel eronder geeft dezelfde gegevens.",
    "Scatter plot: cost across, votes up. A square: chosen by the official count. A ring: chosen by the Method of Equal Shares. A cross: chosen by neither. The table below gives the same data.",
  ],
  legendGreedy: [
    "Vierkant: gekozen door de officiële telling (meeste stemmen eerst)",
    "Square: chosen by the official count (most votes first)",
  ],
  legendMes: ["Ring: gekozen door de methode van gelijke delen", "Ring: chosen by the Method of Equal Shares"],
  legendNone: ["Kruis: niet gekozen", "Cross: not chosen"],
  ruleGreedyShort: ["Officiële telling", "Official count"],
  ruleMesShort: ["Gelijke delen", "Equal shares"],
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
  commentsTitle: ["Reacties", "Comments"],
  commentsHelp: [
    "Ingeschreven bewoners kunnen reageren. Blijf vriendelijk en noem geen namen of adressen van anderen. Een moderator kan een reactie verbergen en zegt dan waarom.",
    "Registered residents can comment. Be kind and do not name other people or their addresses. A moderator can hide a comment and then says why.",
  ],
  commentsNone: ["Nog geen reacties.", "No comments yet."],
  commentsRegister: ["Schrijf u in als bewoner om te reageren.", "Register as a resident to comment."],
  commentLabel: ["Uw reactie", "Your comment"],
  commentSend: ["Reactie plaatsen", "Post comment"],
  replyLabel: ["Uw antwoord", "Your reply"],
  replySend: ["Antwoord plaatsen", "Post reply"],
  reply: ["Antwoorden", "Reply"],
  commentPosted: ["Uw reactie is geplaatst.", "Your comment was posted."],
  commentBy: ["Reactie van {date}", "Comment of {date}"],
  flag: ["Melden bij moderator", "Report to a moderator"],
  flagged: ["Gemeld. Een moderator kijkt ernaar.", "Reported. A moderator will look at it."],
  flagsOne: ["{n} keer gemeld", "reported {n} time"],
  flagsMany: ["{n} keer gemeld", "reported {n} times"],
  commentHidden: [
    "Deze reactie is verborgen door een moderator. Reden: {reason} ({date})",
    "This comment was hidden by a moderator. Reason: {reason} ({date})",
  ],
  moderationNote: ["Openbare reden om te verbergen", "Public reason for hiding"],
  hideComment: ["Reactie verbergen", "Hide comment"],
  commentHiddenDone: ["De reactie is verborgen, met uw reden erbij.", "The comment is hidden, with your reason shown."],
  commentsCount: ["{n} reacties", "{n} comments"],
  // proposal form
  proposalTheme: ["Thema", "Theme"],
  proposalThemeNone: ["Geen thema", "No theme"],
  proposalPhotos: ["Foto's (hoogstens {n})", "Photos (at most {n})"],
  proposalPhotosHelp: [
    "JPEG, PNG of WebP. Gegevens in de foto, zoals de plek waar die is gemaakt, halen wij eraf.",
    "JPEG, PNG or WebP. Data in the photo, such as where it was taken, is removed.",
  ],
  tooManyPhotos: ["Kies hoogstens {n} foto's.", "Choose at most {n} photos."],
  proposalLocation: ["Plek (niet verplicht)", "Place (optional)"],
  locationChosen: ["Gekozen plek: {lat}, {lon}", "Chosen place: {lat}, {lon}"],
  locationNone: ["Nog geen plek gekozen.", "No place chosen yet."],
  locationClear: ["Plek weghalen", "Remove the place"],
  // maps
  mapPin: ["Gekozen plek", "Chosen place"],
  mapOutlinesOnly: [
    "De kaart zelf kon niet worden geladen. U ziet alleen de grenzen van de wijken.",
    "The map itself could not be loaded. You only see the district borders.",
  ],
  mapNotLoaded: [
    "De kaart kon niet worden geladen. De lijst hieronder toont alles.",
    "The map could not be loaded. The list below shows everything.",
  ],
  mapPickCentre: ["Zet de plek in het midden van de kaart", "Put the place at the centre of the map"],
  mapRound: ["Kaart met de voorstellen van deze ronde", "Map of this round's proposals"],
  mapRoundHelp: [
    "{n} van de {total} voorstellen hieronder hebben een plek op de kaart. De lijst eronder toont ze allemaal.",
    "{n} of the {total} proposals below have a place on the map. The list below shows them all.",
  ],
  mapOfProposal: ["Kaart: de plek van {title}", "Map: the place of {title}"],
  proposalPlace: ["Plek", "Place"],
  mapPickLabel: ["Kaart: kies de plek van uw voorstel", "Map: choose the place of your proposal"],
  mapPickHelp: [
    "Klik op de kaart om de plek te kiezen. Met het toetsenbord: schuif de kaart met de pijltjestoetsen en druk dan op de knop onder de kaart.",
    "Click the map to choose the place. With the keyboard: move the map with the arrow keys, then press the button below the map.",
  ],
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
