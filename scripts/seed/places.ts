/**
 * Demo step: proposals with a theme and a place on the map in the round open for proposals, so
 * the demo shows the round's map, the theme filter and the search with real-looking Assen ideas.
 * The places are in the three demo districts (schematic outlines in frontend/themes/assen); the
 * themes are the Assen theme's `proposalThemes`.
 */
import type { ContractTransactionResponse, JsonRpcProvider, Signer } from "ethers";

import { contentHashOf, normalizeDocument } from "../../lib/content/index.js";
import type { BudgetRound } from "../../types/ethers-contracts/index.js";
import type { DemoSeed } from "./demo.js";

export interface PlacesDeps {
  provider: JsonRpcProvider;
  budget: BudgetRound;
  /** One registered resident per district, who submits that district's ideas. */
  proposers: Record<1 | 2 | 3, Signer>;
  contents: DemoSeed["contents"];
  log: (step: string) => void;
}

const IDEAS = [
  {
    district: 1,
    title: "Waterspeelplaats op de Brink",
    summary: "Fonteintjes in de bestrating waar kinderen in de zomer kunnen spelen.",
    body: "In de zomer is het heet op de Brink. Fonteintjes in de grond geven verkoeling en zijn 's winters gewoon plein.",
    cost: 35_000n,
    theme: "Spelen en sport",
    location: { lat: 52.9927, lon: 6.5641 },
  },
  {
    district: 1,
    title: "Bloemenlint langs de Vaart",
    summary: "Inheemse bloemen en struiken langs het water, goed voor bijen en vlinders.",
    body: "Een strook van 400 meter met inheemse planten, onderhouden door buurtbewoners met een klus in de Buurtkas.",
    cost: 12_500n,
    theme: "Groen en natuur",
    location: { lat: 52.9968, lon: 6.5598 },
  },
  {
    district: 2,
    title: "Veilig oversteken bij de Peelo-school",
    summary: "Een verhoogde oversteekplaats met verlichting bij de basisschool.",
    body: "Ouders maken zich zorgen over de drukte bij het begin en einde van de schooldag.",
    cost: 22_000n,
    theme: "Verkeer",
    location: { lat: 53.0125, lon: 6.5702 },
  },
  {
    district: 3,
    title: "Buurtkamer in Kloosterveen",
    summary: "Een ruimte waar buren elkaar ontmoeten: koffie, spelletjes en een repair café.",
    body: "De ruimte in het wijkcentrum staat overdag leeg. Met meubels en een keukentje wordt het een buurtkamer.",
    cost: 15_000n,
    theme: "Ontmoeten en cultuur",
    location: { lat: 52.9716, lon: 6.5351 },
  },
] as const;

const mined = async (tx: Promise<ContractTransactionResponse>) => {
  await (await tx).wait();
};

export async function placesStep(deps: PlacesDeps, roundId: bigint): Promise<void> {
  deps.log("ideas with a theme and a place in the open round");
  // The round opens at the wall clock's now; the chain may be a few seconds behind it.
  const rules = await deps.budget.getRules(roundId);
  const latest = (await deps.provider.getBlock("latest"))!.timestamp;
  if (latest < Number(rules.schedule.proposalsStart)) {
    await deps.provider.send("evm_setNextBlockTimestamp", [Number(rules.schedule.proposalsStart)]);
    await deps.provider.send("evm_mine", []);
  }
  for (const idea of IDEAS) {
    const document = normalizeDocument("proposal", {
      title: idea.title,
      summary: idea.summary,
      body: idea.body,
      theme: idea.theme,
      location: { ...idea.location },
    });
    const contentHash = contentHashOf(document);
    if (!deps.contents.some((known) => known.contentHash === contentHash))
      deps.contents.push({ contentHash, content: document });
    const proposer = deps.proposers[idea.district];
    await mined(deps.budget.connect(proposer).submitProposal(roundId, idea.district, idea.cost, contentHash));
  }
}
