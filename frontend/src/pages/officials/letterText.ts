/** The words on the household letters and paper ballots, in the page's language. */
import "../../lib/i18n/messages/backoffice.js";
import "../../lib/i18n/messages/letterDesk.js";
import { t } from "../../lib/i18n/index.svelte.js";
import type { BallotText, LetterText } from "./letters.js";

export function letterText(): LetterText {
  return {
    title: t("letterTitle"),
    greeting: t("letterGreeting"),
    body: [t("letterBody1"), t("letterBody2")],
    codeLabel: t("letterCode"),
    batchLabel: t("letterBatch"),
    districtLabel: t("proposalDistrict"),
    scan: t("letterScan"),
    typeAddress: t("letterTypeAddress"),
    paper: t("letterPaper"),
  };
}

export function ballotText(district: number, roundId: string): BallotText {
  return {
    title: t("paperBallotTitle", { round: roundId, district }),
    instructions: [t("paperBallotHow1"), t("paperBallotHow2")],
    codeBox: t("paperBallotCodeBox"),
    columns: { mark: t("paperBallotMark"), project: t("paperBallotProject"), cost: t("paperBallotCost") },
  };
}
