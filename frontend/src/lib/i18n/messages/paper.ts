/** Texts of the clerk's paper support forms (issue 14), Dutch first, then English. */
export const paperMessages = {
  auditSupportsTitle: ["Steun per voorstel (drempel {threshold})", "Supports per proposal (threshold {threshold})"],
  auditSupportsOnline: ["Online", "Online"],
  auditSupportsPaper: ["Op papier", "On paper"],
  auditSupportsReached: ["Drempel gehaald", "Threshold reached"],
  paperSupporters: ["Waarvan op papier", "Of which on paper"],
  paperSupportTitle: ["Papieren steunformulier invoeren", "Record a paper support form"],
  paperSupportIntro: [
    "Een huishouden zonder account kan een voorstel op papier steunen, met de stemcode van zijn brief. De code blijft daarbij geldig voor het stemmen. Elk huishouden steunt een voorstel één keer: op papier of online.",
    "A household without an account can support a proposal on paper, with the vote code from its letter. The code stays valid for voting. Each household supports a proposal once: on paper or online.",
  ],
  paperSupportProposal: ["Voorstel op het formulier", "Proposal on the form"],
  paperSupportNoProposals: [
    "Er zijn in deze wijk nog geen voorstellen om te steunen.",
    "There are no proposals to support in this district yet.",
  ],
  paperSupportChoose: ["Kies het voorstel op het formulier.", "Choose the proposal on the form."],
  recordPaperSupport: ["Steun invoeren", "Record the support"],
  paperSupportRecorded: [
    "Papieren steun ingevoerd; de code blijft geldig voor het stemmen.",
    "Paper support recorded; the code stays valid for voting.",
  ],
  paperSupportCodeUsed: [
    "Met deze code is al een account gemaakt (of op papier gestemd). Het huishouden steunt online, met dat account, op de pagina van het voorstel.",
    "This code has already been used to make an account (or to vote on paper). The household supports online, with that account, on the proposal's page.",
  ],
  paperSupportAlready: [
    "Met deze code is dit voorstel al gesteund. Elk huishouden steunt een voorstel één keer.",
    "This proposal has already been supported with this code. Each household supports a proposal once.",
  ],
  paperSupportOnlyInSupport: [
    "Papieren steunformulieren kunnen worden ingevoerd zolang de steunfase loopt.",
    "Paper support forms can be recorded while the support phase is open.",
  ],
} as const;
