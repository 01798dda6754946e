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
