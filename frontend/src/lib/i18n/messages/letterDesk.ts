/**
 * Texts of the round the officials' letters name (pages/officials/LetterRoundField.svelte, used by
 * the vote-code desk and the register import) and of the address printed on the letters, Dutch
 * first, then English. Registered when those desks load, as messages/backoffice.ts is, so a first
 * visit does not download them.
 */
import { registerMessages } from "../index.svelte.js";

export const letterDeskMessages = {
  letterRoundLabel: ["Ronde waarvoor de brieven zijn (niet verplicht)", "Round the letters are for (optional)"],
  letterRoundNone: ["Geen: de ronde waarin de wijk dan kan stemmen", "None: whichever round the district can vote in"],
  letterRoundHelp: [
    "Met een ronde opent de QR-code op de brief het stembiljet van die ronde, ook als de wijk in meer rondes tegelijk kan stemmen.",
    "With a round, the letter's QR code opens that round's ballot, also when the district can vote in several rounds at once.",
  ],
  problem_round_lacks_district: [
    "in deze ronde stemt wijk {limit} niet",
    "district {limit} does not vote in this round",
  ],
  problem_round_lacks_districts: [
    "in deze ronde stemmen de wijken {limit} niet",
    "districts {limit} do not vote in this round",
  ],
  letterTypeAddress: ["Geen camera? Typ dit adres in uw browser:", "No camera? Type this address into your browser:"],
} as const;

registerMessages(letterDeskMessages);
