/**
 * Every custom error of every contract's ABI as a plain B1 sentence in Dutch and English: what
 * happened and what the resident can do. No error name, no hex value, no raw number without its
 * unit. test/frontend/errors.test.ts walks the generated ABIs and fails when an error has no
 * sentence here, so an error a contract adds cannot reach a resident untranslated.
 */
import { PhaseLabels } from "../../../../generated/enums.js";
import { messages } from "../i18n/messages.js";
import { formatCoins, formatCount, formatDate, formatEuros, type Lang } from "../format.js";

/** A decoded error's arguments by parameter name: integers as decimal strings (lib/chain/revert.ts). */
export type ErrorArgs = Record<string, unknown>;

export interface SentenceTools {
  lang: Lang;
  euros: (value: unknown) => string;
  coins: (value: unknown) => string;
  count: (value: unknown) => string;
  date: (value: unknown) => string;
  /** A phase index of the contract as its name in the current language. */
  phase: (value: unknown) => string;
}

export type Sentence = (args: ErrorArgs, tools: SentenceTools) => readonly [nl: string, en: string];

const text = (value: unknown): string => (typeof value === "bigint" ? value.toString() : String(value ?? "0"));

export function sentenceTools(lang: Lang): SentenceTools {
  return {
    lang,
    euros: (value) => formatEuros(text(value), lang),
    coins: (value) => formatCoins(text(value), lang),
    count: (value) => formatCount(text(value), lang),
    date: (value) => formatDate(text(value), lang),
    phase: (value) => {
      const label = PhaseLabels[Number(text(value))];
      const key = `phase_${label}` as keyof typeof messages;
      const names = label ? messages[key] : undefined;
      return names ? names[lang === "nl" ? 0 : 1] : lang === "nl" ? "een andere fase" : "another phase";
    },
  };
}

const TRY_AGAIN: readonly [string, string] = [
  "Probeer het over een paar minuten opnieuw. Blijft het misgaan? Neem dan contact op met de gemeente.",
  "Please try again in a few minutes. If it keeps going wrong, contact the municipality.",
];
const technical = (nl: string, en: string): readonly [string, string] => [
  `${nl} ${TRY_AGAIN[0]}`,
  `${en} ${TRY_AGAIN[1]}`,
];
const officialsOnly: Sentence = () => [
  "Dit mag alleen een medewerker van de gemeente met de juiste rol doen. Heeft u die rol nodig? Vraag het de gemeente.",
  "Only a municipal official with the right role may do this. Do you need that role? Ask the municipality.",
];
const badSignature: Sentence = () =>
  technical("Uw handtekening werd niet geaccepteerd.", "Your signature was not accepted.");

export const contractErrorSentences = {
  // --- ballots
  BallotEmpty: () => [
    "Uw stembiljet is leeg. Kies minstens één project.",
    "Your ballot is empty. Choose at least one project.",
  ],
  BallotOtherDistrict: () => [
    "U heeft in deze ronde al gestemd in een andere wijk. U kunt alleen uw stem in die wijk wijzigen.",
    "You have already voted in another district in this round. You can only change your vote in that district.",
  ],
  BallotOverBudget: (a, f) => [
    `Uw keuze kost ${f.euros(a.cost)}. Dat is meer dan de ${f.euros(a.limit)} die u mag verdelen. Haal een of meer projecten weg.`,
    `Your choice costs ${f.euros(a.cost)}. That is more than the ${f.euros(a.limit)} you may spend. Remove one or more projects.`,
  ],
  BallotPaperSerialUsed: () => [
    "Dit papieren stembiljet is al geteld. Elk biljet telt maar één keer.",
    "This paper ballot has already been counted. Each ballot counts only once.",
  ],
  BallotTooFewProjects: (a, f) => [
    `U heeft ${f.count(a.count)} project(en) gekozen. Kies er minstens ${f.count(a.minimum)}.`,
    `You chose ${f.count(a.count)} project(s). Choose at least ${f.count(a.minimum)}.`,
  ],
  BallotTooManyPoints: (a, f) => [
    `U verdeelt ${f.count(a.points)} punten, maar u heeft er ${f.count(a.maximum)}. Haal punten weg.`,
    `You hand out ${f.count(a.points)} points, but you have ${f.count(a.maximum)}. Remove some points.`,
  ],
  BallotTooManyPointsForProject: (a, f) => [
    `U geeft één project ${f.count(a.points)} punten. Per project mag u er hoogstens ${f.count(a.maximum)} geven.`,
    `You give one project ${f.count(a.points)} points. You may give at most ${f.count(a.maximum)} per project.`,
  ],
  BallotTooManyProjects: (a, f) => [
    `U heeft ${f.count(a.count)} projecten gekozen. Kies er hoogstens ${f.count(a.maximum)}.`,
    `You chose ${f.count(a.count)} projects. Choose at most ${f.count(a.maximum)}.`,
  ],
  BallotUnderMinimumSpend: (a, f) => [
    `Uw keuze kost ${f.euros(a.cost)}. U moet minstens ${f.euros(a.minimum)} verdelen. Kies nog een project.`,
    `Your choice costs ${f.euros(a.cost)}. You must spend at least ${f.euros(a.minimum)}. Choose another project.`,
  ],
  BallotUnknownPosition: () => [
    "Een gekozen project staat niet (meer) op het stembiljet. Laad de pagina opnieuw en kies opnieuw.",
    "A chosen project is not (or no longer) on the ballot. Reload the page and choose again.",
  ],
  BallotWrongType: () => [
    "Dit stembiljet past niet bij deze ronde. Laad de pagina opnieuw en stem opnieuw.",
    "This ballot does not fit this round. Reload the page and vote again.",
  ],
  // --- rounds and proposals
  RoundAlreadyReviewed: () => [
    "Dit voorstel is al beoordeeld. Een beoordeling kan niet worden veranderd.",
    "This proposal has already been reviewed. A review cannot be changed.",
  ],
  RoundAlreadySupported: () => [
    "U steunt dit voorstel al. U kunt maar één keer steunen.",
    "You already support this proposal. You can support it only once.",
  ],
  RoundSupportedOnPaper: () => [
    "Uw huishouden steunt dit voorstel al: met de stemcode van uw brief is een papieren steunformulier ingevoerd. U kunt maar één keer steunen.",
    "Your household already supports this proposal: a paper support form was entered with the vote code from your letter. You can support it only once.",
  ],
  RoundBallotAlreadyPublished: () => [
    "Het stembiljet van deze wijk is al gepubliceerd.",
    "This district's ballot has already been published.",
  ],
  RoundBallotNotPublished: () => [
    "Het stembiljet van uw wijk is nog niet gepubliceerd. Kom later terug.",
    "Your district's ballot has not been published yet. Please come back later.",
  ],
  RoundEmptyContent: () => [
    "Het voorstel heeft geen tekst. Vul een titel en beschrijving in.",
    "The proposal has no text. Fill in a title and a description.",
  ],
  RoundInvalidCost: (a, f) => [
    `De kosten moeten meer dan € 0 zijn en mogen niet hoger zijn dan het budget van de wijk (${f.euros(a.budget)}). Pas het bedrag aan.`,
    `The cost must be more than €0 and no higher than the district's budget (${f.euros(a.budget)}). Change the amount.`,
  ],
  RoundInvalidRule: () => [
    "Een van de regels van de ronde klopt niet. Controleer de budgetten, de data en de aantallen.",
    "One of the round's rules is not valid. Check the budgets, the dates and the numbers.",
  ],
  RoundNotResident: () => [
    "U bent (nog) niet ingeschreven als bewoner van deze wijk. Schrijf u in met de stemcode uit de brief van de gemeente.",
    "You are not (yet) registered as a resident of this district. Register with the vote code from the municipality's letter.",
  ],
  RoundProposalNotFunded: () => [
    "Dit project is niet gekozen, dus er is geen uitvoering te melden.",
    "This project was not chosen, so there is no implementation to report.",
  ],
  RoundProposerLimitReached: (a, f) => [
    `U heeft in deze ronde al het hoogste aantal voorstellen ingediend (${f.count(a.max)}).`,
    `You have already submitted the maximum number of proposals in this round (${f.count(a.max)}).`,
  ],
  RoundTooManyProposals: (a, f) => [
    `Deze wijk heeft al het hoogste aantal voorstellen (${f.count(a.max)}). Er kunnen geen voorstellen meer bij.`,
    `This district already has the maximum number of proposals (${f.count(a.max)}). No more proposals can be added.`,
  ],
  RoundUnknown: () => [
    "Deze ronde bestaat niet. Kies een ronde uit de lijst.",
    "This round does not exist. Choose a round from the list.",
  ],
  RoundUnknownDistrict: () => [
    "Deze wijk doet niet mee aan deze ronde.",
    "This district does not take part in this round.",
  ],
  RoundUnknownProposal: () => [
    "Dit voorstel bestaat niet. Kies een voorstel uit de lijst.",
    "This proposal does not exist. Choose a proposal from the list.",
  ],
  RoundUnreviewedProposal: () => [
    "Nog niet elk voorstel met genoeg steun is beoordeeld. Beoordeel eerst alle voorstellen.",
    "Not every proposal with enough support has been reviewed. Review all proposals first.",
  ],
  RoundWrongPhase: (a, f) => [
    `Dit kan nu niet. De ronde is in de fase "${f.phase(a.phase)}", en dit kan alleen in de fase "${f.phase(a.expected)}". Kijk op de pagina van de ronde wanneer die fase is.`,
    `This is not possible now. The round is in the "${f.phase(a.phase)}" phase, and this can only be done in the "${f.phase(a.expected)}" phase. See the round's page for when that phase is.`,
  ],
  RoundCommittedOutcomeInvalid: () =>
    technical("De vastgestelde uitslag past niet bij deze wijk.", "The committed result does not fit this district."),
  RoundResultSourceAlreadySet: () =>
    technical("De bron van de uitslagen is al vastgelegd.", "The source of the results is already set."),
  // --- result commitments (Method of Equal Shares)
  ResultZeroAddress: () => technical("Het systeem is niet goed ingesteld.", "The system is not set up correctly."),
  ResultRuleOnChain: () => [
    "Deze ronde telt de stemmen zelf op de blockchain. Er hoeft geen uitslag te worden vastgelegd.",
    "This round counts the votes itself on the blockchain. No result needs to be committed.",
  ],
  ResultWrongPhase: (a, f) => [
    `Dit kan nu niet. De ronde is in de fase "${f.phase(a.current)}". Een uitslag kan pas worden vastgelegd als het stemmen voorbij is.`,
    `This is not possible now. The round is in the "${f.phase(a.current)}" phase. A result can only be committed after voting has ended.`,
  ],
  ResultAlreadyCommitted: (a, f) => [
    `De uitslag van wijk ${f.count(a.district)} is al vastgelegd. Bent u het er niet mee eens? Dien dan een bezwaar in.`,
    `The result of district ${f.count(a.district)} has already been committed. Do you disagree? Then lodge an objection.`,
  ],
  ResultNotCommitted: (a, f) => [
    `De uitslag van wijk ${f.count(a.district)} is nog niet vastgelegd. Wacht tot de gemeente de uitslag heeft vastgelegd.`,
    `The result of district ${f.count(a.district)} has not been committed yet. Wait until the municipality has committed it.`,
  ],
  ResultInvalidBlockRange: () =>
    technical("De getelde blokken zijn niet juist opgegeven.", "The counted blocks were not given correctly."),
  ResultBlockHashMismatch: () =>
    technical(
      "De telling hoort bij een andere versie van de blockchain.",
      "The count belongs to a different version of the blockchain.",
    ),
  ResultInvalidLibraryVersion: () =>
    technical(
      "De versie van de telsoftware ontbreekt of is te lang.",
      "The counting software's version is missing or too long.",
    ),
  ResultUnknownProposal: () => [
    "De uitslag noemt een project dat niet op het stembiljet van deze wijk stond. Kies alleen projecten van het stembiljet.",
    "The result names a project that was not on this district's ballot. Choose only projects from the ballot.",
  ],
  ResultOverBudget: (a, f) => [
    `Deze projecten kosten samen ${f.euros(a.cost)}, meer dan het budget van ${f.euros(a.budget)}. Kies minder projecten.`,
    `These projects cost ${f.euros(a.cost)} together, more than the budget of ${f.euros(a.budget)}. Choose fewer projects.`,
  ],
  ResultObjectionWindowClosed: (a, f) => [
    `De termijn voor bezwaar is voorbij (tot ${f.date(a.windowEnd)}). U kunt geen bezwaar meer indienen.`,
    `The objection period is over (until ${f.date(a.windowEnd)}). You can no longer lodge an objection.`,
  ],
  ResultObjectionSameOutcome: () => [
    "Uw bezwaar noemt precies de vastgestelde uitslag. Kies de projecten die volgens u gekozen hadden moeten worden.",
    "Your objection names exactly the committed result. Choose the projects that you think should have been chosen.",
  ],
  ResultNoOpenObjection: () => [
    "Er is geen open bezwaar om te beoordelen. U hoeft niets te doen.",
    "There is no open objection to decide. You do not need to do anything.",
  ],
  ResultObjectionWindowOpen: (a, f) => [
    `De uitslag is nog niet definitief: bezwaar kan tot ${f.date(a.windowEnd)}. Probeer het daarna opnieuw.`,
    `The result is not final yet: objections are possible until ${f.date(a.windowEnd)}. Try again after that.`,
  ],
  ResultObjectionsOpen: (a, f) => [
    `De uitslag is nog niet definitief: er ${Number(a.openObjections) === 1 ? "is 1 bezwaar" : `zijn ${f.count(a.openObjections)} bezwaren`} nog niet beoordeeld. De gemeente beoordeelt ze eerst.`,
    `The result is not final yet: ${Number(a.openObjections) === 1 ? "1 objection has" : `${f.count(a.openObjections)} objections have`} not been decided. The municipality decides them first.`,
  ],
  BallotWrongSecrecy: (a) =>
    Number(a.secrecy) === 1
      ? [
          "In deze ronde stemt u geheim. Stem via de pagina Stemmen met de code uit uw brief; uw stem wordt dan niet aan uw account gekoppeld.",
          "In this round you vote in secret. Vote on the Vote page with the code from your letter; your vote is then not linked to your account.",
        ]
      : [
          "In deze ronde stemt u met uw eigen account, niet geheim. Stem op de pagina van het stembiljet.",
          "In this round you vote with your own account, not in secret. Vote on the ballot page.",
        ],
  // --- secret ballots (blind-signature tokens)
  SecretZeroAddress: () => technical("Het systeem is niet goed ingesteld.", "The system is not set up correctly."),
  SecretRoundNotSecret: () => [
    "In deze ronde wordt niet geheim gestemd. U stemt met uw eigen account op de pagina van het stembiljet.",
    "This round does not have secret ballots. You vote with your own account on the ballot page.",
  ],
  SecretKeysAlreadySet: () => [
    "De sleutels voor geheim stemmen zijn al vastgelegd. Ze kunnen niet meer veranderen.",
    "The keys for secret voting have already been set. They can no longer change.",
  ],
  SecretKeysNotSet: () => [
    "Geheim stemmen is in deze ronde nog niet geopend: de gemeente heeft de sleutels nog niet vastgelegd. Probeer het later opnieuw.",
    "Secret voting is not open yet in this round: the municipality has not set the keys. Please try again later.",
  ],
  SecretWrongPhase: (a, f) => [
    `Dit kan nu niet. De ronde is in de fase "${f.phase(a.phase)}". Kijk op de pagina van de ronde wanneer u kunt stemmen.`,
    `This is not possible now. The round is in the "${f.phase(a.phase)}" phase. See the round's page for when you can vote.`,
  ],
  SecretKeyCount: () =>
    technical("Er is niet voor elke wijk één sleutel opgegeven.", "Not exactly one key per district was given."),
  SecretInvalidKey: () =>
    technical("Een sleutel voor geheim stemmen is niet geldig.", "A key for secret voting is not valid."),
  SecretNotResident: () => [
    "U bent niet ingeschreven als bewoner van een wijk in deze ronde. Schrijf u eerst in met de stemcode uit de brief van de gemeente.",
    "You are not registered as a resident of a district in this round. First register with the vote code from the municipality's letter.",
  ],
  SecretTokenAlreadyRequested: () => [
    "U heeft voor deze ronde al een stembewijs aangevraagd. Stem op hetzelfde apparaat verder; een tweede stembewijs is niet mogelijk.",
    "You have already asked for a voting token for this round. Continue voting on the same device; a second token is not possible.",
  ],
  SecretInvalidBlindedMessage: () =>
    technical("Uw aanvraag voor een stembewijs klopt niet.", "Your request for a voting token is not valid."),
  SecretNotIssuer: officialsOnly,
  SecretNoPendingRequest: () => [
    "Er wacht geen aanvraag voor een stembewijs op een antwoord. U hoeft niets te doen.",
    "No request for a voting token is waiting for an answer. You do not need to do anything.",
  ],
  SecretBlindedMessageMismatch: () =>
    technical("Het antwoord hoort bij een andere aanvraag.", "The answer belongs to another request."),
  SecretInvalidBlindSignature: () =>
    technical("Het antwoord op de aanvraag is niet geldig.", "The answer to the request is not valid."),
  SecretTokenForOtherRound: () => [
    "Dit stembewijs hoort bij een andere ronde. Vraag in deze ronde een nieuw stembewijs aan.",
    "This voting token belongs to another round. Ask for a new token in this round.",
  ],
  SecretTokenForOtherDistrict: (a, f) => [
    `Dit stembewijs hoort bij wijk ${f.count(a.tokenDistrict)}. U kunt er alleen in die wijk mee stemmen.`,
    `This voting token belongs to district ${f.count(a.tokenDistrict)}. You can only vote with it in that district.`,
  ],
  SecretInvalidToken: () => [
    "Dit stembewijs is niet geldig. Vraag via de code uit uw brief opnieuw een stembewijs aan op dit apparaat.",
    "This voting token is not valid. Ask for a token again on this device with the code from your letter.",
  ],
  SecretTokenAlreadyUsed: () => [
    "Met dit stembewijs is al gestemd. Wilt u uw stem veranderen? Doe dat op hetzelfde apparaat via Stem wijzigen.",
    "This voting token has already been used. Do you want to change your vote? Do it on the same device with Change vote.",
  ],
  SecretNoBallotToReplace: () => [
    "U heeft nog niet gestemd, dus er is niets te wijzigen. Breng eerst uw stem uit.",
    "You have not voted yet, so there is nothing to change. Cast your vote first.",
  ],
  SecretStaleSequence: () => [
    "Een nieuwere versie van uw stem is al verwerkt. Laad de pagina opnieuw om uw huidige stem te zien.",
    "A newer version of your vote has already been processed. Reload the page to see your current vote.",
  ],
  SecretDistrictFull: () =>
    technical(
      "In deze wijk zijn al evenveel geheime stemmen uitgebracht als er stembewijzen zijn uitgegeven.",
      "This district already has as many secret votes as tokens were issued.",
    ),
  // --- registry
  RegistryAlreadyRegistered: (a, f) => [
    `U bent al ingeschreven (wijk ${f.count(a.district)}). U hoeft geen stemcode meer in te vullen.`,
    `You are already registered (district ${f.count(a.district)}). You do not need to enter a vote code.`,
  ],
  RegistryBatchClosed: (a, f) => [
    `De stemcodes uit deze brief konden worden gebruikt tot ${f.date(a.redeemableUntil)}. Vraag de gemeente om een nieuwe code.`,
    `The vote codes from this letter could be used until ${f.date(a.redeemableUntil)}. Ask the municipality for a new code.`,
  ],
  RegistryBatchWithdrawn: () => [
    "De gemeente heeft de codes uit deze brief ingetrokken. Vraag de gemeente om een nieuwe code.",
    "The municipality has withdrawn the codes from this letter. Ask the municipality for a new code.",
  ],
  RegistryEarningsForUnregistered: () => [
    "Dit account is niet ingeschreven als bewoner, dus het kan geen beloning krijgen.",
    "This account is not registered as a resident, so it cannot receive a reward.",
  ],
  RegistryEmptyRoot: () => [
    "Deze reeks stemcodes is leeg. Maak eerst de codes aan.",
    "This set of vote codes is empty. Create the codes first.",
  ],
  RegistryExpiryInPast: () => [
    "De einddatum ligt in het verleden. Kies een datum in de toekomst.",
    "The end date is in the past. Choose a date in the future.",
  ],
  RegistryInvalidDistrict: () => [
    "Deze wijk bestaat niet. Kies een wijk uit de lijst.",
    "This district does not exist. Choose a district from the list.",
  ],
  RegistryInvalidVoteCode: () => [
    "Deze stemcode hoort niet bij dit briefnummer. Controleer de code en het briefnummer in de brief.",
    "This vote code does not belong to this letter number. Check the code and the letter number in the letter.",
  ],
  RegistryNotRegistered: () => [
    "Dit account is niet ingeschreven als bewoner. Schrijf u eerst in met de stemcode uit de brief.",
    "This account is not registered as a resident. First register with the vote code from the letter.",
  ],
  RegistryUnknownBatch: () => [
    "Dit briefnummer bestaat niet. Controleer het nummer in de brief.",
    "This letter number does not exist. Check the number in the letter.",
  ],
  DeskWrongDistrict: (a) => [
    `Deze stemcode hoort bij wijk ${text(a.codeDistrict)}, niet bij wijk ${text(a.ballotDistrict)}. Gebruik het stembiljet van wijk ${text(a.codeDistrict)}.`,
    `This vote code belongs to district ${text(a.codeDistrict)}, not district ${text(a.ballotDistrict)}. Use the ballot of district ${text(a.codeDistrict)}.`,
  ],
  DeskVoteCodeUsed: () => [
    "Met deze stemcode is al een account gemaakt (of een papieren stem ingevoerd). Het huishouden steunt voorstellen dan online, met dat account, op de pagina van het voorstel.",
    "This vote code has already been used to make an account (or for a paper ballot). The household then supports proposals online, with that account, on the proposal's page.",
  ],
  DeskZeroAddress: () => [
    "De balie voor papieren stemmen is verkeerd ingesteld. Neem contact op met de beheerder.",
    "The paper ballot desk is set up wrongly. Contact the administrator.",
  ],
  RegistryVoteCodeUsed: () => [
    "Deze stemcode is al gebruikt. Elke code werkt maar één keer. Heeft u de code niet zelf gebruikt? Neem contact op met de gemeente.",
    "This vote code has already been used. Each code works only once. Did you not use it yourself? Contact the municipality.",
  ],
  RegistryZeroAddress: () => [
    "Er is geen account ingevuld. Vul een account in.",
    "No account was filled in. Fill in an account.",
  ],
  // --- tasks
  TaskAlreadyClaimed: () => [
    "U heeft deze klus al aangenomen. U kunt maar één plek per klus hebben.",
    "You have already claimed this task. You can have only one slot per task.",
  ],
  TaskCancelled: () => [
    "Deze klus is geannuleerd. Kies een andere klus.",
    "This task was cancelled. Choose another task.",
  ],
  TaskClaimExpired: (a, f) => [
    `Uw tijd voor deze klus is voorbij (tot ${f.date(a.expiresAt)}). Neem de klus opnieuw aan als er nog een plek vrij is.`,
    `Your time for this task is over (until ${f.date(a.expiresAt)}). Claim the task again if a slot is still free.`,
  ],
  TaskClaimNotExpired: (a, f) => [
    `Deze aanmelding loopt nog tot ${f.date(a.expiresAt)}. Pas daarna kan de plek worden vrijgegeven.`,
    `This claim runs until ${f.date(a.expiresAt)}. Only after that can the slot be released.`,
  ],
  TaskClaimsClosed: (a, f) => [
    `Aanmelden voor deze klus kon tot ${f.date(a.deadline)}. Kies een andere klus.`,
    `You could claim this task until ${f.date(a.deadline)}. Choose another task.`,
  ],
  TaskEmptyEvidence: () => [
    "Vul een bewijs in: een korte beschrijving of een link naar een foto.",
    "Fill in evidence: a short description or a link to a photo.",
  ],
  TaskEmptyReason: () => [
    "Vul een reden in, zodat de bewoner weet wat er beter moet.",
    "Fill in a reason, so the resident knows what to improve.",
  ],
  TaskInvalidParam: () => [
    "Een van de gegevens van de klus klopt niet. Controleer de beloning, het aantal plekken en de datum.",
    "One of the task's details is not valid. Check the reward, the number of slots and the date.",
  ],
  TaskNoOpenSlot: () => [
    "Alle plekken voor deze klus zijn al bezet. Kies een andere klus of kijk later nog eens.",
    "All slots for this task are taken. Choose another task or look again later.",
  ],
  TaskNotCreator: () => [
    "Alleen wie de klus heeft geplaatst, kan dit doen.",
    "Only the person who posted the task can do this.",
  ],
  TaskNotResident: () => [
    "U bent niet ingeschreven als bewoner van de wijk van deze klus. Schrijf u in met de stemcode uit de brief.",
    "You are not registered as a resident of this task's district. Register with the vote code from the letter.",
  ],
  TaskNotVerifier: () => ["Alleen de controleur van deze klus kan dit doen.", "Only this task's verifier can do this."],
  TaskUnknown: () => [
    "Deze klus bestaat niet. Kies een klus uit de lijst.",
    "This task does not exist. Choose a task from the list.",
  ],
  TaskVerifierCannotClaim: () => [
    "U controleert deze klus, dus u kunt hem niet zelf doen.",
    "You verify this task, so you cannot do it yourself.",
  ],
  TaskWrongClaimStatus: () => [
    "Dit kan niet bij deze aanmelding, omdat die al verder of afgerond is. Laad de pagina opnieuw.",
    "This is not possible for this claim, because it has moved on or is finished. Reload the page.",
  ],
  TaskYearlyCapExceeded: (a, f) => [
    `U heeft dit jaar al ${f.coins(a.earned)} munten verdiend. Met deze klus komt u boven het maximum van ${f.coins(a.cap)} munten per jaar. Volgend jaar kan het weer.`,
    `You have already earned ${f.coins(a.earned)} coins this year. This task would take you over the limit of ${f.coins(a.cap)} coins a year. You can earn again next year.`,
  ],
  // --- coin and shops
  CoinEmptyRedemptionReference: () => ["Vul een betalingskenmerk in.", "Fill in a payment reference."],
  CoinMerchantAlreadyRegistered: () => ["Deze winkel is al erkend.", "This shop is already registered."],
  CoinNotMerchant: () => [
    "Dit account is geen erkende winkel. Kies een winkel uit de lijst.",
    "This account is not a registered shop. Choose a shop from the list.",
  ],
  CoinZeroAddress: () => [
    "Er is geen ontvanger ingevuld. Kies een winkel.",
    "No receiver was filled in. Choose a shop.",
  ],
  CoinZeroAmount: () => ["Vul een bedrag in dat groter is dan 0.", "Fill in an amount above 0."],
  ERC20InsufficientBalance: (a, f) => [
    `U heeft ${f.coins(a.balance)} munten, maar hiervoor zijn ${f.coins(a.needed)} munten nodig. Kies een lager bedrag.`,
    `You have ${f.coins(a.balance)} coins, but this needs ${f.coins(a.needed)} coins. Choose a lower amount.`,
  ],
  ERC20InsufficientAllowance: (a, f) => [
    `U heeft toestemming gegeven voor ${f.coins(a.allowance)} munten, maar er zijn ${f.coins(a.needed)} nodig. Geef opnieuw toestemming.`,
    `You gave permission for ${f.coins(a.allowance)} coins, but ${f.coins(a.needed)} are needed. Give permission again.`,
  ],
  ERC20InvalidApprover: () => [
    "Er is geen geldig account om toestemming te geven.",
    "There is no valid account to give permission.",
  ],
  ERC20InvalidReceiver: () => [
    "Deze ontvanger kan geen munten krijgen. Kies een andere ontvanger.",
    "This receiver cannot receive coins. Choose another receiver.",
  ],
  ERC20InvalidSender: () => ["Dit account kan geen munten versturen.", "This account cannot send coins."],
  ERC20InvalidSpender: () => [
    "Dit account kan geen toestemming krijgen om munten te gebruiken.",
    "This account cannot be given permission to use coins.",
  ],
  ERC2612ExpiredSignature: () => [
    "Uw toestemming is verlopen. Probeer het opnieuw.",
    "Your permission has expired. Please try again.",
  ],
  ERC2612InvalidSigner: badSignature,
  EnforcedPause: () => [
    "De munten zijn tijdelijk stilgezet door de gemeente. Probeer het later opnieuw.",
    "The coins have been paused by the municipality for a while. Please try again later.",
  ],
  ExpectedPause: () => [
    "Dit kan alleen als de munten zijn stilgezet.",
    "This is only possible while the coins are paused.",
  ],
  SafeERC20FailedOperation: () =>
    technical("Het overmaken van de munten is niet gelukt.", "Transferring the coins did not work."),
  // --- roles, signatures and the forwarder
  AccessControlUnauthorizedAccount: officialsOnly,
  AccessControlBadConfirmation: () => [
    "U kunt alleen uw eigen rol opgeven. Controleer welk account is gekozen.",
    "You can only give up your own role. Check which account is selected.",
  ],
  ECDSAInvalidSignature: badSignature,
  ECDSAInvalidSignatureLength: badSignature,
  ECDSAInvalidSignatureS: badSignature,
  InvalidAccountNonce: () => [
    "Er was al een ander verzoek van u onderweg. Wacht even en probeer het dan opnieuw.",
    "Another request of yours was already on its way. Wait a moment and try again.",
  ],
  ERC2771ForwarderExpiredRequest: () => [
    "Uw verzoek is te laat aangekomen en is verlopen. Probeer het opnieuw.",
    "Your request arrived too late and has expired. Please try again.",
  ],
  ERC2771ForwarderInvalidSigner: badSignature,
  ERC2771ForwarderMismatchedValue: () => technical("Het verzoek klopt niet.", "The request is not valid."),
  ERC2771ForwarderNoRefundReceiver: () => technical("Het verzoek klopt niet.", "The request is not valid."),
  ERC2771UntrustfulTarget: () =>
    technical(
      "Dit onderdeel kan niet via de gemeente worden gebruikt.",
      "This part cannot be used through the municipality.",
    ),
  FailedCall: () => technical("Uw verzoek kon niet worden uitgevoerd.", "Your request could not be carried out."),
  InsufficientBalance: () =>
    technical(
      "De gemeente kan dit verzoek nu niet betalen.",
      "The municipality cannot pay for this request right now.",
    ),
  InvalidShortString: () =>
    technical("Er ging iets mis bij het lezen van een tekst.", "Something went wrong reading a text."),
  StringTooLong: () => ["Een tekst is te lang. Maak hem korter.", "A text is too long. Make it shorter."],
} satisfies Record<string, Sentence>;

/** Reverts that are not custom errors: `Error(string)`, `Panic(uint256)`, or no reason at all. */
export const unknownRevert: Sentence = () => technical("Uw verzoek werd geweigerd.", "Your request was refused.");
