/** Texts of secret ballots and voting with the letter only (issue 15), Dutch first, then English. */
export const secretMessages = {
  letterTitle: ["Stemmen met uw brief", "Vote with your letter"],
  letterIntro: [
    "Met de code uit uw brief kunt u meteen stemmen. U hoeft geen account te maken of woorden op te schrijven.",
    "With the code from your letter you can vote straight away. You do not need to create an account or write down any words.",
  ],
  letterCode: ["Code uit de brief", "Code from the letter"],
  letterBatch: ["Nummer van de brief (reeks)", "Letter number (batch)"],
  letterPin: [
    "Kies een pincode of wachtwoord (minstens 4 tekens)",
    "Choose a PIN or passphrase (at least 4 characters)",
  ],
  letterPinHelp: [
    "Hiermee beveiligt u uw sleutels in deze browser. U heeft de code nodig om later uw stem te wijzigen op dit apparaat.",
    "This protects your keys in this browser. You need it to change your vote on this device later.",
  ],
  letterStart: ["Ga naar het stembiljet", "Go to the ballot"],
  letterUnlockTitle: ["Welkom terug", "Welcome back"],
  letterUnlock: ["Openen", "Open"],
  letterPinWrong: ["Die pincode klopt niet. Probeer het opnieuw.", "That PIN is not right. Please try again."],
  letterPinShort: ["Kies minstens 4 tekens.", "Choose at least 4 characters."],
  letterNoRound: [
    "Er is nu geen ronde waarin uw wijk kan stemmen.",
    "There is no round in which your district can vote right now.",
  ],
  letterRegistering: ["Uw code wordt gebruikt om u in te schrijven...", "Registering you with your code..."],
  secretBallotNote: [
    "Deze stemming is geheim: uw stem wordt uitgebracht met een eenmalige sleutel. Niemand, ook de gemeente niet, kan zien wat u kiest.",
    "This is a secret ballot: your vote is cast with a one-time key. Nobody, not even the municipality, can see what you choose.",
  ],
  secretNeedsLetter: [
    "Geheim stemmen gaat met de code uit uw brief.",
    "Secret voting works with the code from your letter.",
  ],
  secretToLetter: ["Stem met uw brief", "Vote with your letter"],
  tokenAlreadyRequested: [
    "Voor uw huishouden is al een stembewijs aangevraagd op een ander apparaat. Wijzig uw stem daar.",
    "A voting token was already requested for your household on another device. Change your vote there.",
  ],
  tokenNotIssued: [
    "De gemeente heeft uw stembewijs nog niet gegeven. Probeer het over een paar minuten opnieuw.",
    "The municipality has not given your voting token yet. Please try again in a few minutes.",
  ],
  tokenInvalid: [
    "Uw stembewijs klopt niet. Neem contact op met de gemeente.",
    "Your voting token is not valid. Please contact the municipality.",
  ],
  auditTokensTitle: ["Stembewijzen (geheime stemming)", "Voting tokens (secret ballot)"],
  auditTokensDistrict: [
    "Wijk {district}: {requested} aangevraagd, {issued} uitgegeven ({blind} gecontroleerd), {redeemed} gebruikt ({valid} gecontroleerd), {ballots} geheime stemmen, {unused} ongebruikt.",
    "District {district}: {requested} requested, {issued} issued ({blind} checked), {redeemed} used ({valid} checked), {ballots} secret ballots, {unused} unused.",
  ],
  auditTokensOk: ["Alle stembewijzen kloppen.", "Every voting token checks out."],
  rulesSecrecySecret: ["Geheime stemming", "Secret ballot"],
  rulesSecrecyPublic: ["Openbare stemming", "Public ballot"],
} as const;
