/** Texts of the content store's parts of the app (reasons, photos, notes, evidence, names). */
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
} as const;
