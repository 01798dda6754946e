/** Texts of the maps (loaded with the pages that show one). */
export const mapTexts = {
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
  mapPickLabel: ["Kaart: kies de plek van uw voorstel", "Map: choose the place of your proposal"],
  mapPickHelp: [
    "Klik op de kaart om de plek te kiezen. Met het toetsenbord: schuif de kaart met de pijltjestoetsen en druk dan op de knop onder de kaart.",
    "Click the map to choose the place. With the keyboard: move the map with the arrow keys, then press the button below the map.",
  ],
  mapRoundHelp: [
    "{n} van de {total} voorstellen hieronder hebben een plek op de kaart. De lijst eronder toont ze allemaal.",
    "{n} of the {total} proposals below have a place on the map. The list below shows them all.",
  ],
  mapOfProposal: ["Kaart: de plek van {title}", "Map: the place of {title}"],
  proposalPlace: ["Plek", "Place"],
} as const;
