/**
 * What a resident reads when something fails: one plain sentence, never an error name, a hex value
 * or a stack. `plainError` takes whatever was thrown — an API refusal (ApiError), a relayed call
 * the contract refused (the relayer's `reverted`, carrying the decoded custom error), a direct
 * call's revert (decoded here with lib/chain/revert.ts, the one decoder), a dropped connection —
 * and picks the sentence. The technical detail goes to the console for whoever debugs it.
 */
import { revertOf } from "../../../../lib/chain/revert.js";
import type { ContractName } from "../../../../generated/abis.js";
import { ApiError } from "../api/client.js";
import type { Lang } from "../format.js";
import { apiErrorSentences, unknownRefusal } from "./apiErrors.js";
import {
  contractErrorSentences,
  sentenceTools,
  unknownRevert,
  type ErrorArgs,
  type Sentence,
} from "./contractErrors.js";

export { apiErrorSentences, contractErrorSentences };

/** An error that already carries a plain sentence (a check the page itself made). */
export class PlainError extends Error {
  override name = "PlainError";
  constructor(readonly sentence: readonly [nl: string, en: string]) {
    super(sentence[1]);
  }
}

/**
 * A failure while sending. Without a cause its message is already a sentence for the resident (a
 * check the page made, in the current language); with a cause, the cause decides the sentence.
 */
export class SendError extends Error {
  override name = "SendError";
  /** The contract called, whose ABI decodes the cause's revert first. */
  readonly contract: ContractName | null;
  constructor(message: string, options: { cause?: unknown; contract?: ContractName | null } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.contract = options.contract ?? null;
  }
}

/** The sentence of a contract's custom error, or null when no ABI error has that name. */
export function contractSentence(name: string | null | undefined, args: ErrorArgs, lang: Lang): string | null {
  const sentence = name ? (contractErrorSentences as Record<string, Sentence>)[name] : undefined;
  return sentence ? pick(sentence(args, sentenceTools(lang)), lang) : null;
}

/** The sentence of an API refusal `code` with its details. */
export function apiSentence(code: string, details: unknown, lang: Lang): string {
  const record = details && typeof details === "object" && !Array.isArray(details) ? (details as ErrorArgs) : {};
  if (code === "reverted") {
    // The relayer simulated the call and the contract refused: details are the decoded error.
    return (
      contractSentence(record.name as string | undefined, (record.namedArgs ?? {}) as ErrorArgs, lang) ??
      pick(unknownRevert({}, sentenceTools(lang)), lang)
    );
  }
  const sentence = (apiErrorSentences as Record<string, Sentence>)[code] ?? unknownRefusal;
  return pick(sentence(record, sentenceTools(lang)), lang);
}

/** The plain sentence for anything thrown while loading or sending. */
export function plainError(error: unknown, lang: Lang, contract?: ContractName | null): string {
  if (typeof console !== "undefined") console.warn("[buurtkas]", error);
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof PlainError) return pick(current.sentence, lang);
    if (current instanceof SendError) {
      if (current.cause === undefined) return current.message;
      contract ??= current.contract;
    }
    if (current instanceof ApiError) return apiSentence(current.code, current.details, lang);
    const revert = revertOf(current, contract);
    if (revert) {
      return (
        contractSentence(revert.name, revert.namedArgs, lang) ?? pick(unknownRevert({}, sentenceTools(lang)), lang)
      );
    }
    current = (current as { cause?: unknown }).cause;
  }
  const issues = (error as { name?: string; issues?: { path?: PropertyKey[] }[] } | null)?.issues;
  if ((error as { name?: string } | null)?.name === "ZodError" && Array.isArray(issues)) {
    // A document the browser checked before signing: name the field in words, never the schema's message.
    const field = String(issues[0]?.path?.[0] ?? "");
    const names = FIELD_NAMES[field] ?? (["een van de velden", "one of the fields"] as const);
    return lang === "nl"
      ? `Controleer ${names[0]}: die is niet goed ingevuld (te kort, te lang of leeg). Pas het aan en probeer het opnieuw.`
      : `Check ${names[1]}: it is not filled in properly (too short, too long or empty). Change it and try again.`;
  }
  if ((error as { name?: string } | null)?.name === "ContentMismatchError") {
    return lang === "nl"
      ? "De server bewaarde iets anders dan u schreef. Daarom is er niets verstuurd. Probeer het later opnieuw."
      : "The server stored something other than what you wrote, so nothing was sent. Please try again later.";
  }
  if (error instanceof TypeError && /fetch|network|load failed/i.test(error.message)) {
    return lang === "nl"
      ? "Er is geen verbinding met de server. Controleer uw internet en probeer het opnieuw."
      : "There is no connection to the server. Check your internet connection and try again.";
  }
  if ((error as { code?: unknown } | null)?.code === "ACTION_REJECTED") {
    return lang === "nl"
      ? "U heeft het ondertekenen geannuleerd. Er is niets verstuurd."
      : "You cancelled the signing. Nothing was sent.";
  }
  if ((error as { code?: unknown } | null)?.code === "TIMEOUT") {
    return lang === "nl"
      ? "Het duurt lang voordat uw verzoek is verwerkt. Laad de pagina over een minuut opnieuw om te zien of het gelukt is."
      : "Your request is taking long to process. Reload the page in a minute to see whether it worked.";
  }
  return pick(unknownRefusal({}, sentenceTools(lang)), lang);
}

/** Fields of the documents a resident writes, in words (lib/content/kinds.ts). */
const FIELD_NAMES: Record<string, readonly [string, string]> = {
  title: ["de titel", "the title"],
  summary: ["de korte samenvatting", "the short summary"],
  body: ["de beschrijving", "the description"],
  theme: ["het thema", "the theme"],
  location: ["de plek op de kaart", "the place on the map"],
  images: ["de foto's", "the photos"],
  photos: ["de foto's", "the photos"],
  text: ["de tekst", "the text"],
  reason: ["de reden", "the reason"],
  note: ["de toelichting", "the note"],
  name: ["de naam", "the name"],
};

const pick = (sentence: readonly [string, string], lang: Lang): string => sentence[lang === "nl" ? 0 : 1];
