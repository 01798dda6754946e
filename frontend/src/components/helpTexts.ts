/** The help texts of the round, ballot and wallet pages (loaded with those pages). */
export const helpTexts = {
  helpMore: ["Meer uitleg: hoe werkt het?", "More: how does it work?"],
  helpRoundTitle: ["Hoe werkt een ronde?", "How does a round work?"],
  helpRound1: [
    "Een ronde gaat in stappen. Eerst dienen bewoners voorstellen in. Daarna kunt u voorstellen steunen: een voorstel met genoeg steun gaat door.",
    "A round goes in steps. First residents submit proposals. Then you can support proposals: a proposal with enough support goes on.",
  ],
  helpRound2: [
    "De gemeente kijkt of elk voorstel kan en wat het kost. Dan stemt u: u kiest de projecten die u het liefst wilt, binnen het budget van uw wijk.",
    "The municipality checks whether each proposal is possible and what it costs. Then you vote: you choose the projects you want most, within your district's budget.",
  ],
  helpBallotTitle: ["Hoe stem ik?", "How do I vote?"],
  helpBallot1: [
    "Vink de projecten aan die u wilt. Onderaan ziet u steeds hoeveel geld u al heeft gekozen. U mag niet meer kiezen dan het budget.",
    "Tick the projects you want. At the bottom you always see how much money you have chosen. You may not choose more than the budget.",
  ],
  helpBallot2: [
    "Klik daarna op de knop om te stemmen. Tot het stemmen sluit, kunt u uw stem nog veranderen. Alleen uw laatste stem telt.",
    "Then press the button to vote. Until voting closes you can still change your vote. Only your last vote counts.",
  ],
  helpWalletTitle: ["Wat zijn buurtmunten?", "What are neighbourhood coins?"],
  helpWallet1: [
    "U verdient munten met klussen in de buurt. Eén munt is één euro waard. U betaalt er mee bij erkende winkels in de buurt.",
    "You earn coins with tasks in the neighbourhood. One coin is worth one euro. You pay with them at registered local shops.",
  ],
  helpWallet2: [
    "U kunt per jaar een maximum verdienen. Zo blijft het vrijwilligerswerk. Hieronder ziet u alles wat u ontving en uitgaf.",
    "You can earn up to a maximum each year. That keeps it volunteer work. Below you see everything you received and spent.",
  ],
} as const;
