/**
 * The "how it works" page's texts, Dutch first, then English. They live with the page, not in the
 * app's message table, so they load only when the page is opened (the first visit's JavaScript
 * stays small).
 */
export const howTexts = {
  howTitle: ["Hoe werkt de buurtbegroting?", "How does the neighbourhood budget work?"],
  howIntro: [
    "{municipality} zet geld opzij voor plannen van bewoners. U bedenkt mee, u kiest mee, en iedereen kan nagaan of de telling klopt.",
    "{municipality} sets money aside for residents' plans. You help think of plans, you help choose, and anyone can check that the count is right.",
  ],
  howStepsHeading: ["In vijf stappen", "In five steps"],
  howStep1: [
    "U krijgt een brief met een stemcode. Met die code schrijft u zich in op de pagina Account. Eén code per huishouden.",
    "You get a letter with a vote code. With that code you register on the Account page. One code per household.",
  ],
  howStep2: [
    "U dient een voorstel in voor uw wijk, of u steunt voorstellen van anderen.",
    "You submit a proposal for your district, or you support other people's proposals.",
  ],
  howStep3: [
    "De gemeente kijkt of elk voorstel met genoeg steun kan, en wat het echt kost. Kan het niet, dan staat erbij waarom.",
    "The municipality checks whether each proposal with enough support is possible, and what it really costs. If it is not, it says why.",
  ],
  howStep4: [
    "U stemt: u kiest projecten tot het budget van uw wijk op is. U kunt uw stem veranderen tot het stemmen sluit.",
    "You vote: you choose projects until your district's budget is used up. You can change your vote until voting closes.",
  ],
  howStep5: [
    "Na het stemmen worden de projecten met de meeste stemmen gekozen, zolang er geld is. Daarna ziet u hoe ver de uitvoering is.",
    "After voting, the projects with the most votes are chosen while there is money. After that you see how far the work is.",
  ],
  howCheckHeading: ["Hoe kan iedereen de telling controleren?", "How can anyone check the count?"],
  howCheck1: [
    "Elke stem wordt bewaard in een openbaar register dat niemand achteraf kan veranderen, ook de gemeente niet. Uw naam staat er niet in, alleen een nummer dat bij uw account hoort.",
    "Every vote is kept in a public register that nobody can change afterwards, not even the municipality. Your name is not in it, only a number that belongs to your account.",
  ],
  howCheck2: [
    "Na het stemmen ziet u een bewijs dat uw stem is meegeteld. Dat bewijs komt rechtstreeks uit het register.",
    "After voting you see a receipt that your vote was counted. That receipt comes straight from the register.",
  ],
  howCheck3: [
    "Op de pagina Controle van een ronde telt uw eigen computer alle stemmen opnieuw, uit dat register. Komt er iets anders uit dan de gemeente zegt, dan ziet u dat meteen.",
    "On a round's Audit page your own computer counts all votes again, from that register. If the result differs from what the municipality says, you see it at once.",
  ],
  howCoinsHeading: ["Buurtmunten", "Neighbourhood coins"],
  howCoins: [
    "Met klussen in de buurt verdient u munten. Eén munt is één euro. U betaalt ermee bij winkels in de buurt; de winkel wisselt ze bij de gemeente om voor euro's.",
    "With tasks in the neighbourhood you earn coins. One coin is one euro. You pay with them at local shops; the shop exchanges them for euros at the municipality.",
  ],
  howPrivacyHeading: ["Uw gegevens", "Your data"],
  howPrivacy: [
    "Uw account is een sleutel die alleen in uw browser staat. Bewaar de herstelzin goed. Er staan geen namen of adressen van bewoners in het register.",
    "Your account is a key that is only in your browser. Keep the recovery phrase safe. The register holds no names or addresses of residents.",
  ],
} as const;

export type HowKey = keyof typeof howTexts;
