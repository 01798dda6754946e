/** Texts of the proposal form (loaded with the form). */
export const formTexts = {
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
  proposalThemeNone: ["Geen thema", "No theme"],
} as const;
