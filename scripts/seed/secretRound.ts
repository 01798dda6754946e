/**
 * Demo step `secretRoundStep`: a round with secret ballots (Rules.secrecy, contracts/budget/
 * SecretBallots.sol), open for voting in districts 2 (Noord) and 3 (Zuid), so the demo shows the
 * anonymous flow end to end:
 *
 * - the issuer the API process runs (backend/issuer, the demo's issuer account and the keyring
 *   `npm start` gives it) names the round's district keys before voting;
 * - a few residents ask for a token (their blinded message on chain), the issuer answers with
 *   the blind signature, each resident unblinds it and casts from a fresh one-time key, the
 *   ballot submitted by another account (the relayer's role: the one-time key holds no ETH); one
 *   resident changes the vote. The results count them and the audit page checks every token;
 * - a batch of household letters for district 3 whose codes are all unused: the printed
 *   `#/stem?...` address of one votes in this round with nothing but the letter.
 */
import { HDNodeWallet, Wallet } from "ethers";

import { createIssuer, openKeyring } from "../../backend/issuer/index.js";
import { encodeApproval } from "../../lib/ballots/encoding.js";
import {
  BALLOT_TYPES,
  ballotDomain,
  blind,
  publicKeyFromBytes,
  toBigInt,
  toBytes,
  tokenMessage,
  unblind,
  verify,
  type PublicKey,
} from "../../lib/blind/index.js";
import { roundRules, scheduleFrom } from "../../lib/budget/index.js";
import { SecretBallots__factory } from "../../types/ethers-contracts/factories/contracts/budget/SecretBallots__factory.js";
import { batchRecord, createCodeBatch } from "../votecodes/batch.js";
import { demoDocument } from "./content.js";
import {
  DISTRICTS,
  HARDHAT_MNEMONIC,
  chainNow,
  mined,
  travel,
  type Demo,
  type DemoSeed,
  type Residents,
} from "./demo.js";
import { DEMO_ISSUER_PATH } from "./secret.js";

const DAY = 24 * 3600;
const PHASE = 600;
const LETTERS = 10;

/** What the printout and the tests need of the secret round. */
export interface DemoSecretRound {
  roundId: bigint;
  /** The district whose unused letters (batch `batchId`) vote in it. */
  district: number;
  batchId: number;
  /** Anonymous ballots the demo cast, per district. */
  ballots: Record<number, number>;
}

const PROPOSALS: { district: 2 | 3; title: string; summary: string; body: string; cost: bigint }[] = [
  {
    district: 2,
    title: "Jeu-de-boulesbaan in het Peelerpark",
    summary: "Een baan van 4 bij 15 meter met twee bankjes, naast het speelveld.",
    body: "De buurtvereniging Peelo onderhoudt de baan en leent ballen uit in het buurthuis. Aanleg door de gemeente, halfverharding op een laag puin.",
    cost: 6_500n,
  },
  {
    district: 2,
    title: "Beweegtoestellen voor ouderen bij De Pittelo",
    summary: "Vijf toestellen om balans en kracht te oefenen, met een wekelijkse beweegles.",
    body: "Bij het wijkcentrum komen vijf buitentoestellen voor ouderen. De fysiotherapeut uit de wijk geeft de eerste jaren elke dinsdag een gratis les.",
    cost: 14_000n,
  },
  {
    district: 2,
    title: "Regentuin in de Zeeheldenwijk",
    summary: "Een verlaagd plantvak dat regenwater van de straat opvangt, zodat de kelders droog blijven.",
    body: "Na de buien van vorige zomer stonden drie straten blank. Een wadi met inheemse planten vangt het water op; bewoners kiezen de beplanting.",
    cost: 11_000n,
  },
  {
    district: 3,
    title: "Natuurspeelplaats aan de Kloosterveense Vaart",
    summary: "Boomstammen, een wilgenhut en een waterpomp in plaats van het kale grasveld.",
    body: "Kinderen uit Kloosterveen spelen nu op straat. Een natuurspeelplaats met zand, water en wilgen is veilig en vraagt weinig onderhoud.",
    cost: 15_000n,
  },
  {
    district: 3,
    title: "Verlichting op het fietspad naar het station",
    summary: "Twintig zuinige lantaarns die alleen feller worden als er iemand fietst.",
    body: "Het fietspad langs het spoor is 's avonds donker; scholieren en forenzen rijden liever om. Bewegingssensoren houden het licht laag voor de vleermuizen.",
    cost: 9_500n,
  },
  {
    district: 3,
    title: "Buurtkast met boeken en zaden bij De Kloosterveste",
    summary: "Een weerbestendige kast waar bewoners boeken en plantenzaden ruilen.",
    body: "Gebouwd door leerlingen van het praktijkonderwijs, gevuld door de bibliotheek en de moestuinclub.",
    cost: 2_500n,
  },
];

/** Each voter's choice as indexes into the district's PROPOSALS; one voter changes the vote. */
const VOTES: { district: 2 | 3; choice: number[]; changeTo?: number[] }[] = [
  { district: 2, choice: [0, 1] },
  { district: 2, choice: [1, 2] },
  { district: 2, choice: [0, 2], changeTo: [1, 2] },
  { district: 3, choice: [0, 2] },
  { district: 3, choice: [1, 2] },
];

export async function secretRoundStep(
  demo: Demo,
  residents: Residents,
  codes: Pick<DemoSeed, "letters" | "batchRecords">,
  /** The keyring file the API process's issuer opens (ISSUER_KEYRING); without one there is no secret round. */
  keyringFile: string | undefined,
): Promise<DemoSecretRound | undefined> {
  if (!keyringFile) {
    demo.log("no issuer keyring (data folder in memory): no secret round");
    return undefined;
  }
  demo.log("a round with secret ballots (blind-signed tokens, one-time keys)");
  const official = demo.budget.connect(demo.official);
  const rules = roundRules({
    districts: [
      { district: 2, budget: 30_000n },
      { district: 3, budget: 25_000n },
    ],
    schedule: scheduleFrom((await chainNow(demo)) + 60, PHASE, 28 * DAY),
    minProjects: 1,
    secrecy: "secret",
    rulesHash: demoDocument(
      demo,
      "rules",
      {
        title: "Wijkbudget Noord en Zuid: geheime stemming",
        text: "Stem geheim met de code uit uw brief: u krijgt een stembewijs dat de gemeente blind ondertekent, en u stemt met een eenmalige sleutel. Niemand, ook de gemeente niet, kan een stem aan een huishouden koppelen, en toch kan iedereen de telling nakijken.\n\nRegels: één stem per huishouden per wijk, binnen het budget van de wijk; opnieuw stemmen met hetzelfde stembewijs vervangt de eerdere stem. Uitslag: greedy, bij gelijke stemmen het goedkoopste project eerst.",
        districts: DISTRICTS,
      },
      demo.official.address,
    ),
  });
  await mined(official.createRound(rules));
  const roundId = await demo.budget.roundCount();
  await travel(demo, 61);

  const proposers = { 2: residents.noord, 3: residents.zuid };
  const proposalIds: bigint[] = [];
  for (const [i, p] of PROPOSALS.entries()) {
    const author = proposers[p.district][8 + (i % 3)]!;
    const hash = demoDocument(
      demo,
      "proposal",
      { title: p.title, summary: p.summary, body: p.body, images: [] },
      author.address,
    );
    await mined(demo.budget.connect(author).submitProposal(roundId, p.district, p.cost, hash));
    proposalIds.push(await demo.budget.proposalCount());
  }

  // The issuer names the district keys before voting, with the keyring the API process opens later.
  const issuerWallet = HDNodeWallet.fromPhrase(HARDHAT_MNEMONIC, undefined, DEMO_ISSUER_PATH).connect(demo.provider);
  const issuer = createIssuer({
    provider: demo.provider,
    signer: issuerWallet,
    deployment: demo.deployment,
    keyring: await openKeyring(keyringFile),
  });
  await travel(demo, 2 * PHASE);
  const feasible = demoDocument(
    demo,
    "review",
    { reason: "Haalbaar: past binnen de regels en het budget van de wijk." },
    demo.official.address,
  );
  for (const [i, p] of PROPOSALS.entries()) await mined(official.review(proposalIds[i]!, true, p.cost, feasible));
  const named = await issuer.scan();
  if (!named.keysSet.includes(roundId)) throw new Error(`the issuer did not name the keys of secret round ${roundId}`);
  await travel(demo, PHASE);
  for (const district of [2, 3]) await mined(official.publishBallot(roundId, district));

  // Voters: residents who ask for a token each (as the browser does: blinded, so the issuer never sees the one-time key).
  const ballots = SecretBallots__factory.connect(demo.deployment.contracts.SecretBallots.address, demo.admin);
  const contract = await ballots.getAddress();
  const chainId = BigInt(demo.deployment.chainId);
  const keyOf = new Map<number, PublicKey>();
  for (const district of [2, 3]) keyOf.set(district, publicKeyFromBytes(await ballots.issuerKey(roundId, district)));
  // A district's n-th voter is its resident 9 + n (registered, with gas; none has asked for a token).
  const voters = VOTES.map((vote, i) => {
    const resident =
      proposers[vote.district][9 + VOTES.slice(0, i).filter((v) => v.district === vote.district).length]!;
    const oneTime = Wallet.createRandom();
    const key = keyOf.get(vote.district)!;
    const context = { chainId, contract, roundId, district: vote.district };
    const message = tokenMessage(context, oneTime.address, key);
    return { vote, resident, oneTime, key, message, ...blind(message, key) };
  });
  for (const v of voters) await mined(ballots.connect(v.resident).requestToken(roundId, toBytes(v.blinded, v.key.k)));
  const answered = await issuer.scan();
  if (answered.issued !== voters.length)
    throw new Error(`the issuer answered ${answered.issued} of ${voters.length} token requests`);

  // A choice as the ballot's positions: the published ballot's order, not the proposals' numbers.
  const ballotOrder = new Map<number, bigint[]>();
  for (const district of [2, 3]) ballotOrder.set(district, [...(await demo.budget.getBallot(roundId, district))[0]]);
  const selectionOf = (district: number, choice: number[]) => {
    const inDistrict = proposalIds.filter((_, i) => PROPOSALS[i]!.district === district);
    return encodeApproval(choice.map((c) => ballotOrder.get(district)!.indexOf(inDistrict[c]!)));
  };
  const domain = ballotDomain(chainId, contract);
  const sign = (v: (typeof voters)[number], selection: bigint, sequence: bigint) =>
    v.oneTime.signTypedData(domain, BALLOT_TYPES, { roundId, district: v.vote.district, selection, sequence });
  const cast: Record<number, number> = { 2: 0, 3: 0 };
  for (const v of voters) {
    const [issued] = await ballots.queryFilter(
      ballots.filters.TokenIssued(roundId, v.vote.district, v.resident.address),
    );
    if (!issued) throw new Error(`no token issued to ${v.resident.address}`);
    const token = unblind(toBigInt(issued.args.blindSignature), v.r, v.key);
    if (!verify(token, v.message, v.key)) throw new Error(`the token of ${v.resident.address} does not verify`);
    const selection = selectionOf(v.vote.district, v.vote.choice);
    // Submitted by the admin, as the relayer would: the one-time key holds no ETH.
    await mined(
      ballots.castBallot(
        roundId,
        v.vote.district,
        selection,
        { roundId, district: v.vote.district, signature: toBytes(token, v.key.k) },
        await sign(v, selection, 0n),
      ),
    );
    cast[v.vote.district] = (cast[v.vote.district] ?? 0) + 1;
  }
  for (const v of voters.filter((voter) => voter.vote.changeTo)) {
    const selection = selectionOf(v.vote.district, v.vote.changeTo!);
    await mined(ballots.replaceBallot(roundId, v.vote.district, selection, 1n, await sign(v, selection, 1n)));
  }

  // Letters for district 3, all unused: one of them votes in this round with nothing but the letter.
  const district = 3;
  const batch = createCodeBatch(district, LETTERS, "Demo Zuid, geheime stemming", 90);
  await mined(
    demo.registry
      .connect(demo.official)
      .publishCodeBatch(district, batch.tree.root, batch.codes.length, batch.redeemableUntil!, residents.expiresAt),
  );
  const batchId = Number(await demo.registry.codeBatchCount());
  codes.letters.push({ batchId, district, codes: batch.codes, used: [] });
  codes.batchRecords.push({ batchId, record: batchRecord(batch) });
  demo.log(
    `round ${roundId}: secret, ${cast[2]} + ${cast[3]} anonymous ballots (one changed), letters in batch ${batchId}`,
  );
  return { roundId, district, batchId, ballots: cast };
}
