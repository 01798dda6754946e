/**
 * Texts of the content store's parts of the app (reasons, photos, notes, evidence, moderation):
 * [Nederlands, English]. Registered when a page or component that imports this module loads (those
 * are split off from the first visit's JavaScript, and so are these texts).
 */
import { registerMessages } from "../index.svelte.js";

export const contentMessages = {
  reviewReason: ["Reden van de gemeente", "The municipality's reason"],
  textHidden: ["Verborgen door een moderator: {reason}", "Hidden by a moderator: {reason}"],
  textMissing: ["De tekst is niet beschikbaar.", "The text is not available."],
  textMismatch: [
    "De opgeslagen tekst hoort niet bij de vingerafdruk op de blockchain en wordt niet getoond.",
    "The stored text does not match the fingerprint on the blockchain and is not shown.",
  ],
  photoMissing: ["Foto niet beschikbaar", "Photo not available"],
  photoAlt: ["Foto {n}", "Photo {n}"],
  progressTitle: ["Voortgang", "Progress"],
  rulesText: ["De regels in woorden", "The rules in words"],
  evidenceText: ["Wat is er gedaan", "What was done"],
  evidencePhotos: [
    "Foto's (JPEG, PNG of WebP; locatiegegevens worden verwijderd)",
    "Photos (JPEG, PNG or WebP; location data is removed)",
  ],
  evidenceTitle: ["Bewijs", "Evidence"],
  rejectedBecause: ["Afgekeurd: {reason}", "Rejected: {reason}"],
  merchantNamed: ["{name} ({address})", "{name} ({address})"],
  uploading: ["Foto's uploaden…", "Uploading photos…"],
  moderationTitle: ["Moderatie", "Moderation"],
  moderationIntro: [
    "Een moderator kan een tekst of foto verbergen, met een openbare reden. De vingerafdruk blijft op de blockchain; elke handeling staat hieronder.",
    "A moderator can hide a text or photo, with a public reason. The fingerprint stays on the blockchain; every action is listed below.",
  ],
  moderateItem: ["Verbergen of terugzetten", "Hide or restore"],
  moderationHash: ["Vingerafdruk (hash)", "Fingerprint (hash)"],
  moderationAction: ["Handeling", "Action"],
  moderation_hide: ["Verborgen", "Hidden"],
  moderation_restore: ["Teruggezet", "Restored"],
  moderationReason: ["Openbare reden", "Public reason"],
  moderationLog: ["Alle moderaties", "Every moderation"],
  moderationNone: ["Nog niets verborgen.", "Nothing hidden yet."],
  moderationWhen: ["Wanneer", "When"],
  moderationBy: ["Door", "By"],
  moderationDone: ["Moderatie vastgelegd.", "Moderation recorded."],
} as const;

registerMessages(contentMessages);
