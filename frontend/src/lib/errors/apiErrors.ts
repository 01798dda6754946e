/**
 * Every refusal code of the API and the relayer (`{ error: { code, message, details } }`) as a
 * plain B1 sentence in Dutch and English. The server's message names fields and values for
 * developers; a resident sees only these. test/frontend/errors.test.ts reads the codes the
 * backend throws from its source and fails when one has no sentence here.
 */
import type { ErrorArgs, Sentence } from "./contractErrors.js";

const LATER: readonly [string, string] = [
  "Probeer het over een paar minuten opnieuw.",
  "Please try again in a few minutes.",
];
const later =
  (nl: string, en: string): Sentence =>
  () => [`${nl} ${LATER[0]}`, `${en} ${LATER[1]}`];
const ourFault =
  (nl: string, en: string): Sentence =>
  () => [
    `${nl} Dit ligt niet aan u. Probeer het later opnieuw; blijft het misgaan, neem dan contact op met de gemeente.`,
    `${en} This is not your fault. Please try again later; if it keeps going wrong, contact the municipality.`,
  ];

/** Minutes until `retryAfterSeconds` in the details, at least 1. */
function minutes(details: ErrorArgs): number {
  return Math.max(1, Math.ceil(Number(details.retryAfterSeconds ?? 60) / 60));
}

export const apiErrorSentences = {
  invalid_request: () => [
    "Een van de ingevulde gegevens klopt niet. Controleer het formulier en probeer het opnieuw.",
    "Some of the information you entered is not valid. Check the form and try again.",
  ],
  invalid_json: ourFault("Uw verzoek kwam niet goed aan.", "Your request did not arrive properly."),
  bad_request: ourFault("Uw verzoek kwam niet goed aan.", "Your request did not arrive properly."),
  unsupported_media_type: ourFault("Uw verzoek kwam niet goed aan.", "Your request did not arrive properly."),
  payload_too_large: () => [
    "Wat u wilt versturen is te groot. Maak de tekst korter of kies een kleinere foto.",
    "What you want to send is too large. Make the text shorter or choose a smaller photo.",
  ],
  not_found: () => [
    "Dit konden we niet vinden. Misschien is het nog niet verwerkt: wacht even en laad de pagina opnieuw.",
    "We could not find this. Perhaps it has not been processed yet: wait a moment and reload the page.",
  ],
  origin_not_allowed: ourFault("Deze website mag de gegevens niet gebruiken.", "This website may not use the data."),
  method_not_allowed: ourFault("Dit verzoek wordt niet ondersteund.", "This request is not supported."),
  target_not_allowed: ourFault("Dit verzoek wordt niet ondersteund.", "This request is not supported."),
  function_not_allowed: () => [
    "De gemeente betaalt niet voor deze handeling. De beheerder doet dit met een eigen wallet.",
    "The municipality does not pay for this action. The administrator does it with their own wallet.",
  ],
  not_eligible: (details) =>
    details.reason === "missing_role"
      ? [
          "Uw account heeft niet de taak die hiervoor nodig is. Vraag de beheerder om die taak.",
          "Your account does not hold the task this needs. Ask the administrator for it.",
        ]
      : details.reason === "registration_expired"
        ? [
            "Uw inschrijving als bewoner is verlopen. Schrijf u opnieuw in met een stemcode van de gemeente.",
            "Your registration as a resident has expired. Register again with a vote code from the municipality.",
          ]
        : details.reason === "registration_revoked"
          ? [
              "Uw inschrijving als bewoner is ingetrokken. Neem contact op met de gemeente.",
              "Your registration as a resident was withdrawn. Contact the municipality.",
            ]
          : [
              "U bent nog niet ingeschreven als bewoner. Schrijf u eerst in met de stemcode uit de brief van de gemeente (op de pagina Account).",
              "You are not registered as a resident yet. First register with the vote code from the municipality's letter (on the Account page).",
            ],
  // the content store (backend/content)
  signature_expired: () => [
    "Uw verzoek was te lang onderweg en is verlopen. Probeer het opnieuw.",
    "Your request took too long and has expired. Please try again.",
  ],
  not_allowed: () => [
    "Dit mag alleen een ingeschreven bewoner of een medewerker met de juiste taak. Schrijf u eerst in met de stemcode uit uw brief.",
    "Only a registered resident or an official with the right task may do this. First register with the vote code from your letter.",
  ],
  not_a_photo: () => [
    "Dit bestand is geen foto. Kies een foto in JPEG-, PNG- of WebP-formaat.",
    "This file is not a photo. Choose a photo in JPEG, PNG or WebP format.",
  ],
  invalid_photo: () => [
    "Deze foto kunnen we niet openen. Misschien is het bestand beschadigd. Kies een andere foto.",
    "We cannot open this photo. The file may be damaged. Choose another photo.",
  ],
  photo_too_large: () => [
    "Deze foto is te groot. Kies een kleinere foto of maak hem kleiner.",
    "This photo is too large. Choose a smaller photo or make it smaller.",
  ],
  unknown_photo: () => [
    "Een foto bij uw tekst is nog niet geüpload. Voeg de foto opnieuw toe en probeer het nog eens.",
    "A photo in your text has not been uploaded yet. Add the photo again and try once more.",
  ],
  hidden: () => [
    "Dit is verborgen door een moderator. De reden staat bij het bericht.",
    "This was hidden by a moderator. The reason is shown with the item.",
  ],
  already_hidden: () => [
    "Dit is al verborgen. U hoeft niets meer te doen.",
    "This is already hidden. You do not need to do anything.",
  ],
  not_hidden: () => [
    "Dit is niet verborgen, dus er is niets terug te zetten.",
    "This is not hidden, so there is nothing to restore.",
  ],
  not_author: () => [
    "Alleen wie een reactie schreef, kan die wijzigen of verwijderen.",
    "Only the person who wrote a comment can change or delete it.",
  ],
  comment_hidden: () => [
    "Een moderator heeft deze reactie verborgen. Daarom kunt u die niet meer wijzigen.",
    "A moderator has hidden this comment, so it can no longer be changed.",
  ],
  comment_deleted: () => [
    "Deze reactie is al verwijderd. U kunt die niet meer wijzigen.",
    "This comment has already been deleted. It can no longer be changed.",
  ],
  edit_outdated: () => [
    "Uw reactie is intussen al gewijzigd. Laad de pagina opnieuw en probeer het nog eens.",
    "Your comment was changed in the meantime. Reload the page and try again.",
  ],
  bad_signature: () => [
    "Uw verzoek kon niet worden gecontroleerd. Wacht even, laad de pagina opnieuw en probeer het nog eens.",
    "Your request could not be checked. Wait a moment, reload the page and try again.",
  ],
  expired: () => [
    "Uw verzoek is te laat aangekomen en is verlopen. Probeer het opnieuw.",
    "Your request arrived too late and has expired. Please try again.",
  ],
  replayed: () => [
    "Dit verzoek is al verstuurd. U hoeft niets meer te doen; laad de pagina opnieuw om het resultaat te zien.",
    "This request has already been sent. You do not need to do anything; reload the page to see the result.",
  ],
  rate_limited: (details) => [
    `U heeft in korte tijd veel verzoeken gedaan. Wacht ${minutes(details)} minuut en probeer het dan opnieuw.`,
    `You made many requests in a short time. Wait ${minutes(details)} minute(s) and try again.`,
  ],
  quota_exceeded: () => [
    "U heeft vandaag het hoogste aantal handelingen bereikt. Morgen kunt u weer verder.",
    "You have reached today's maximum number of actions. You can continue tomorrow.",
  ],
  too_many_connections: later("Het is nu erg druk.", "It is very busy right now."),
  at_capacity: later("Het is nu erg druk.", "It is very busy right now."),
  gas_too_high: () => [
    "Dit verzoek is te groot om door de gemeente te laten betalen. Kies minder tegelijk.",
    "This request is too large for the municipality to pay for. Choose fewer things at once.",
  ],
  chain_unavailable: later("De blockchain is even niet bereikbaar.", "The blockchain cannot be reached for a moment."),
  chain_timeout: later("De blockchain antwoordt even niet.", "The blockchain is not answering for a moment."),
  relayer_unavailable: later("Het versturen is even niet mogelijk.", "Sending is not possible for a moment."),
  database_unavailable: later("De gegevens zijn even niet bereikbaar.", "The data cannot be reached for a moment."),
  internal: ourFault("Er ging aan onze kant iets mis.", "Something went wrong on our side."),
  response_mismatch: ourFault("Er ging aan onze kant iets mis.", "Something went wrong on our side."),
  range_not_satisfiable: ourFault("Dit bestand kon niet worden geladen.", "This file could not be loaded."),
  precondition_failed: ourFault("Dit bestand kon niet worden geladen.", "This file could not be loaded."),
  // Raised by the front end's own client (lib/api/client.ts), not by the server.
  not_json: ourFault("De server gaf een onverwacht antwoord.", "The server gave an unexpected answer."),
  http_error: ourFault("De server gaf een onverwacht antwoord.", "The server gave an unexpected answer."),
  unexpected_answer: ourFault("De server gaf een onverwacht antwoord.", "The server gave an unexpected answer."),
} satisfies Record<string, Sentence>;

/** A code no sentence knows (a newer server): still a plain sentence. */
export const unknownRefusal: Sentence = ourFault("Uw verzoek werd geweigerd.", "Your request was refused.");
