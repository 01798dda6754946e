/** Texts of the account's PIN: choosing one, unlocking, locking (issue 15), Dutch first, then English. */
export const accountMessages = {
  pinChooseTitle: ["Kies een pincode", "Choose a PIN"],
  pinChooseIntro: [
    "Uw account wordt versleuteld bewaard in deze browser. Kies een pincode of wachtwoord van minstens {min} tekens; u heeft het nodig bij elk nieuw bezoek.",
    "Your account is stored encrypted in this browser. Choose a PIN or passphrase of at least {min} characters; you need it on every new visit.",
  ],
  pinMigrateIntro: [
    "Uw account staat nog onbeveiligd in deze browser. Kies een pincode of wachtwoord van minstens {min} tekens: daarna bewaren we het alleen versleuteld.",
    "Your account is still stored unprotected in this browser. Choose a PIN or passphrase of at least {min} characters: from then on it is stored encrypted only.",
  ],
  pinMigrateNotice: [
    "Uw account staat nog onbeveiligd in deze browser.",
    "Your account is still stored unprotected in this browser.",
  ],
  pinMigrateLink: ["Beveilig het met een pincode", "Protect it with a PIN"],
  pinNew: ["Pincode of wachtwoord", "PIN or passphrase"],
  pinRepeat: ["Herhaal de pincode of het wachtwoord", "Repeat the PIN or passphrase"],
  pinSave: ["Account beveiligen", "Protect account"],
  pinTooShort: ["Kies minstens {min} tekens.", "Choose at least {min} characters."],
  pinMismatch: [
    "De twee pincodes zijn niet gelijk. Typ ze opnieuw.",
    "The two PINs are not the same. Please type them again.",
  ],
  pinCancel: ["Terug", "Back"],
  unlockTitle: ["Account ontgrendelen", "Unlock your account"],
  unlockIntro: [
    "Uw account is vergrendeld. Typ uw pincode of wachtwoord om verder te gaan.",
    "Your account is locked. Type your PIN or passphrase to continue.",
  ],
  unlockPin: ["Pincode of wachtwoord", "PIN or passphrase"],
  unlockButton: ["Ontgrendelen", "Unlock"],
  unlockWrong: [
    "Die pincode klopt niet. U kunt het nog {n} keer proberen, daarna moet u even wachten.",
    "That PIN is not right. You can try {n} more times, then you have to wait a while.",
  ],
  unlockWait: [
    "Te vaak een verkeerde pincode. Probeer het over {time} opnieuw.",
    "Too many wrong PINs. Please try again in {time}.",
  ],
  unlockForgotten: [
    "Pincode vergeten? Herstel uw account met uw herstelzin.",
    "Forgotten your PIN? Restore your account with your recovery phrase.",
  ],
  unlockRestoreNote: [
    "Herstellen met uw herstelzin kan altijd. Het vervangt het account dat in deze browser staat.",
    "You can always restore with your recovery phrase. It replaces the account stored in this browser.",
  ],
  unlockSeconds: ["{n} seconden", "{n} seconds"],
  lockButton: ["Vergrendelen", "Lock"],
  lockHelp: [
    "Vergrendel uw account als u van deze computer weggaat. Als u het tabblad sluit, gebeurt dat vanzelf.",
    "Lock your account when you leave this computer. Closing the tab does it automatically.",
  ],
  lockedNote: ["Uw account is vergrendeld.", "Your account is locked."],
} as const;
