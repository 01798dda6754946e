/**
 * The demo `npm start` seeds on a new local chain, as small named steps:
 *
 * 1. `rolesStep`     the official, the merchant and the demo resident, from fixed recovery phrases;
 * 2. `residentsStep` Assen 2024's 84 real voters in district 1 (the real election), and residents of
 *                    districts 2 and 3;
 * 3. `coinsStep`     coins, the bakery "Het Brinkje", payments and a redemption;
 * 4. `tasksStep`     tasks in every state;
 * 5. `voteCodesStep` household vote-code letters: 25 unused codes for district 1, and a batch for
 *                    district 2 of which one code was used online and one on paper (in round 1);
 * 6. `electionStep`  round 1: every real Assen 2024 project and ballot (data/pabulib), open for voting;
 *                    a paper support form through the desk (scripts/seed/paperSupport.ts);
 * 7. `openRoundStep` round 2: open for proposals from the moment the chain runs, so a resident can
 *                    propose, support and later vote without an official first;
 * 8. `equalSharesStep` round 3 (scripts/seed/equalShares.ts): Assen 2024 again, decided by the
 *                    Method of Equal Shares with Add1 as Assen did: committed on chain and final.
 *
 * The chain's clock is wound back when it starts (scripts/start/chain.ts), so the history the
 * steps travel through (support, review and a claim window) ends before the wall clock; the chain
 * then follows the wall clock. Every account a person may want to act as comes from a printed
 * recovery phrase, so the front end's "restore" signs in as it.
 */
import { HDNodeWallet, JsonRpcProvider, Mnemonic, id, toBeHex, type ContractTransactionResponse } from "ethers";

import { encodeApproval } from "../../lib/ballots/encoding.js";
import { roundRules, scheduleFrom } from "../../lib/budget/index.js";
import { contentHashOf } from "../../lib/content/index.js";
import type { Deployment } from "../../lib/contracts/deployments.js";
import { parsePabulib, type PbElection } from "../../lib/pabulib/index.js";
import { codeWallet, signVoteCode } from "../../lib/votecodes/index.js";
import {
  BudgetRound__factory,
  LocalCoin__factory,
  ResidentRegistry__factory,
  TaskBoard__factory,
  type BudgetRound,
  type LocalCoin,
  type ResidentRegistry,
  type TaskBoard,
} from "../../types/ethers-contracts/index.js";
import { batchRecord, createCodeBatch, type BatchRecord, type CodeBatch } from "../votecodes/batch.js";
import { deskClerkStep, deskPaperBallotStep } from "./backoffice.js";
import { deskPaperSupportStep } from "./paperSupport.js";
import { placesStep } from "./places.js";
import { demoDocument, demoPhoto, type DemoDocument, type DemoPhoto } from "./content.js";
import { equalSharesStep } from "./equalShares.js";
import { DEMO_ISSUER_PATH, issuerRoleStep } from "./secret.js";
import { secretRoundStep, type DemoSecretRound } from "./secretRound.js";

/** Hardhat's and Anvil's well-known development mnemonic: account 0 deployed the contracts and holds the admin roles. */
export const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

export const DISTRICTS = [
  { district: 1, name: "Centrum" },
  { district: 2, name: "Noord (Peelo, Pittelo)" },
  { district: 3, name: "Zuid (Kloosterveen)" },
];

/** How far into the past the demo's history reaches: the chain's clock starts this far back. */
export const DEMO_HISTORY_SECONDS = 24 * 3600;

const DAY = 24 * 3600;
/** Residents of districts 2 and 3 (invented: the real election is district 1's). */
const RESIDENTS_PER_OTHER_DISTRICT = 12;
const LETTERS = 25;

export interface DemoContent {
  title: string;
  summary: string;
  body: string;
  images: string[];
}

export interface DemoRole {
  name: string;
  phrase: string;
  address: string;
}

export interface DemoLetters {
  batchId: number;
  district: number;
  /** Every letter's code, in letter order; `used` ones were redeemed by the demo itself. */
  codes: string[];
  used: string[];
  /** Codes that supported a proposal on a paper form (still usable: a support does not use a code up). */
  supported?: string[];
}

export interface DemoSeed {
  roles: { official: DemoRole; merchant: DemoRole; resident: DemoRole };
  /** The letters of district 1: all unused. */
  voteCodes: DemoLetters;
  /** Every batch the demo published, with its letters (secret: demo.json is mode 0600). */
  letters: DemoLetters[];
  /** Public batch records (served by the API at /api/codebatches/:batchId). */
  batchRecords: { batchId: number; record: BatchRecord }[];
  roundId: bigint;
  openRoundId: bigint;
  /** Round 3: Assen 2024 by the Method of Equal Shares, committed and final. */
  equalSharesRoundId: bigint;
  /** A round with secret ballots, open for voting (scripts/seed/secretRound.ts); none without an issuer keyring. */
  secretRound?: DemoSecretRound;
  /** Texts for the content store (a proposal's when no kind is given), written at start-up. */
  contents: DemoDocument[];
  /** Photos for the content store (scripts/seed/content.ts draws them). */
  photos: DemoPhoto[];
}

export interface SeedOptions {
  rpcUrl: string;
  deployment: Deployment;
  pabulibFile: string;
  /** The pabulib file's text (read by the caller). */
  pabulibText: string;
  log: (step: string) => void;
  /** The keyring file the API process's token issuer opens (ISSUER_KEYRING). */
  issuerKeyring?: string;
}

/** A fixed recovery phrase per label, so the demo's accounts are the same on every new chain. */
function walletOf(label: string): HDNodeWallet {
  const entropy = id(`buurtkas demo ${label}`).slice(0, 34); // 16 bytes -> 12 words
  return HDNodeWallet.fromPhrase(Mnemonic.fromEntropy(entropy).phrase);
}

/** What every step works with. */
export interface Demo {
  provider: JsonRpcProvider;
  deployment: Deployment;
  admin: HDNodeWallet;
  official: HDNodeWallet;
  merchant: HDNodeWallet;
  resident: HDNodeWallet;
  coin: LocalCoin;
  registry: ResidentRegistry;
  board: TaskBoard;
  budget: BudgetRound;
  contents: DemoSeed["contents"];
  photos: DemoSeed["photos"];
  log: (step: string) => void;
}

export const mined = async (tx: Promise<ContractTransactionResponse>) => {
  await (await tx).wait();
};
const coins = (amount: number) => BigInt(Math.round(amount * 100));

export async function chainNow(demo: Demo): Promise<number> {
  return (await demo.provider.getBlock("latest"))!.timestamp;
}

export async function travel(demo: Demo, seconds: number): Promise<void> {
  await demo.provider.send("evm_increaseTime", [seconds]);
  await demo.provider.send("evm_mine", []);
}

async function fund(demo: Demo, address: string): Promise<void> {
  await demo.provider.send("hardhat_setBalance", [address, toBeHex(10n ** 20n)]);
}

/** Content whose hash goes on chain; the API's content store gets the text at start-up. */
export function content(
  demo: Demo,
  title: string,
  summary: string,
  body = "",
  kind: "proposal" | "task" = "proposal",
  author = demo.official.address,
): string {
  const c = { title, summary, body, images: [] };
  const hash = contentHashOf(c);
  if (!demo.contents.some((known) => known.contentHash === hash))
    demo.contents.push({ contentHash: hash, content: c, kind, author: author.toLowerCase() });
  return hash;
}

/** A review reason (or any official's reason) as the store keeps it. */
const reviewReason = (demo: Demo, reason: string) => demoDocument(demo, "review", { reason }, demo.official.address);

// ---------------------------------------------------------------- 1. roles

async function rolesStep(demo: Demo): Promise<void> {
  demo.log("accounts and roles");
  for (const w of [demo.official, demo.merchant, demo.resident]) await fund(demo, w.address);
  const { coin, registry, board, budget, official } = demo;
  const grants: [{ grantRole(role: string, account: string): Promise<ContractTransactionResponse> }, string][] = [
    [coin, await coin.MINTER_ROLE()],
    [coin, await coin.MERCHANT_MANAGER_ROLE()],
    [registry, await registry.REGISTRAR_ROLE()],
    [registry, await registry.CODE_ISSUER_ROLE()],
    [board, await board.TASK_POSTER_ROLE()],
    [budget, await budget.ROUND_MANAGER_ROLE()],
    [budget, await budget.REVIEWER_ROLE()],
    // No BudgetRound CLERK_ROLE: the official records paper ballots as a clerk of PaperBallotDesk
    // (deskClerkStep), which uses the household's vote code up, so no household votes twice.
  ];
  for (const [contract, role] of grants) await mined(contract.grantRole(role, official.address));
}

// ---------------------------------------------------------------- 2. residents

export interface Residents {
  /** One per real Assen 2024 ballot, in the file's order; all in district 1. */
  voters: HDNodeWallet[];
  noord: HDNodeWallet[];
  zuid: HDNodeWallet[];
  expiresAt: number;
}

async function residentsStep(demo: Demo, election: PbElection): Promise<Residents> {
  const root = HDNodeWallet.fromPhrase(
    Mnemonic.fromEntropy(id("buurtkas demo voters").slice(0, 34)).phrase,
    undefined,
    "m/44'/60'/0'/0",
  );
  const voters = election.votes.map((_, i) => root.deriveChild(i).connect(demo.provider));
  const others = (offset: number) =>
    Array.from({ length: RESIDENTS_PER_OTHER_DISTRICT }, (_, i) => root.deriveChild(offset + i).connect(demo.provider));
  const noord = others(10_000);
  const zuid = others(20_000);
  const expiresAt = (await chainNow(demo)) + 2 * 365 * DAY;
  demo.log(`registering ${voters.length + noord.length + zuid.length + 1} residents`);
  const registry = demo.registry.connect(demo.official);
  await mined(registry.register(demo.resident.address, 1, expiresAt));
  for (const [district, wallets] of [
    [1, voters],
    [2, noord],
    [3, zuid],
  ] as const) {
    for (const wallet of wallets) {
      await fund(demo, wallet.address);
      await mined(registry.register(wallet.address, district, expiresAt));
    }
  }
  return { voters, noord, zuid, expiresAt };
}

// ---------------------------------------------------------------- 3. coins and a shop

async function coinsStep(demo: Demo, residents: Residents): Promise<void> {
  demo.log("coins, a shop and a redemption");
  const coin = demo.coin.connect(demo.official);
  await mined(coin.mint(demo.official.address, coins(20_000)));
  await mined(coin.mint(demo.resident.address, coins(40)));
  for (const voter of residents.voters.slice(0, 12)) await mined(coin.mint(voter.address, coins(25)));
  const listing = { name: "Bakkerij Het Brinkje", address: "Brink 12, Assen" };
  await mined(
    coin.registerMerchant(demo.merchant.address, demoDocument(demo, "merchant", listing, demo.official.address)),
  );
  await mined(demo.coin.connect(demo.resident).transfer(demo.merchant.address, coins(12.5)));
  await mined(demo.coin.connect(residents.voters[0]!).transfer(demo.merchant.address, coins(7.25)));
  await mined(demo.coin.connect(demo.merchant).redeem(coins(10), id("Buurtkas uitbetaling 2026-0001")));
}

// ---------------------------------------------------------------- 4. tasks in every state

async function tasksStep(demo: Demo, residents: Residents): Promise<void> {
  demo.log("tasks in every state");
  const board = demo.board.connect(demo.official);
  await mined(demo.coin.connect(demo.official).approve(await demo.board.getAddress(), coins(20_000)));
  let taskId = 0;
  const post = async (
    title: string,
    summary: string,
    reward: number,
    slots: number,
    district: number,
    claimWindow = 3 * DAY,
  ) => {
    await mined(
      board.createTask({
        reward: coins(reward),
        slots,
        district,
        deadline: (await chainNow(demo)) + 30 * DAY,
        claimWindow,
        verifier: demo.official.address,
        contentHash: content(demo, title, summary, "", "task"),
      }),
    );
    return ++taskId;
  };
  const as = (wallet: HDNodeWallet) => demo.board.connect(wallet);
  const [v0, v1, v2, v3, v4] = residents.voters;
  const evidence = async (by: HDNodeWallet, text: string, scene?: Parameters<typeof demoPhoto>[1]) =>
    demoDocument(
      demo,
      "evidence",
      { text, photos: scene ? [await demoPhoto(demo, scene, by.address)] : [] },
      by.address,
    );
  const { noord, zuid } = residents;

  await post(
    "Zwerfafval rapen langs de Vaart",
    "Een uur zwerfafval rapen langs de Vaart; grijper en zakken bij het wijkcentrum.",
    15,
    6,
    1,
  );
  await post("Plantenbakken Brink water geven", "Twee weken de plantenbakken op de Brink water geven.", 20, 2, 1);
  const claimed = await post("Speeltuin Kloosterveen vegen", "Bladeren en zand van het speeltoestel vegen.", 10, 3, 3);
  await mined(as(zuid[0]!).claim(claimed));
  const submitted = await post(
    "Bankjes Asserbos schoonmaken",
    "De zes bankjes bij de vijver afnemen en graffiti melden.",
    12.5,
    2,
    1,
  );
  await mined(as(v0!).claim(submitted));
  await mined(
    as(v0!).submitEvidence(
      submitted,
      await evidence(
        v0!,
        "Alle zes bankjes bij de vijver afgenomen. Graffiti op het bankje bij de brug gemeld.",
        "benches",
      ),
    ),
  );
  const approved = await post("Onkruid wieden Markt", "Onkruid tussen de stenen van de Markt wieden.", 25, 3, 1);
  for (const v of [v1!, v2!]) {
    await mined(as(v).claim(approved));
    await mined(
      as(v).submitEvidence(
        approved,
        await evidence(v, `Onkruid gewied op de Markt (${v.address.slice(0, 8)}).`, "square"),
      ),
    );
    await mined(board.approve(approved, v.address));
  }
  await mined(as(v3!).claim(approved));
  await mined(
    as(v3!).submitEvidence(approved, await evidence(v3!, "De noordkant van de Markt is gewied.", "squareNorth")),
  );
  await mined(board.reject(approved, v3!.address, "Alleen de noordkant is gedaan; graag ook de zuidkant."));
  const released = await post("Glasbak Peelo opruimen", "Glasscherven rond de glasbak opruimen.", 8, 1, 2, 3600);
  await mined(as(noord[0]!).claim(released));
  const cancelled = await post("Kerstverlichting ophangen", "Geannuleerd: de gemeente doet dit zelf.", 30, 4, 1);
  await mined(board.cancel(cancelled));
  await travel(demo, 2 * 3600);
  await mined(as(v4!).releaseExpiredClaim(released, noord[0]!.address));
}

// ---------------------------------------------------------------- 5. vote codes

interface PublishedBatch {
  batchId: number;
  batch: CodeBatch;
}

async function publishBatch(
  demo: Demo,
  district: number,
  count: number,
  label: string,
  expiresAt: number,
): Promise<PublishedBatch> {
  const batch = createCodeBatch(district, count, label, 90);
  const registry = demo.registry.connect(demo.official);
  await mined(
    registry.publishCodeBatch(district, batch.tree.root, batch.codes.length, batch.redeemableUntil!, expiresAt),
  );
  return { batchId: Number(await demo.registry.codeBatchCount()), batch };
}

/** A household letter the election step's clerk records on paper (then marked used in `letters`). */
interface PaperLetter {
  batch: PublishedBatch;
  code: string;
  letters: DemoLetters;
}

async function voteCodesStep(
  demo: Demo,
  residents: Residents,
): Promise<{ seed: Pick<DemoSeed, "voteCodes" | "letters" | "batchRecords">; paperLetter: PaperLetter }> {
  demo.log("household vote codes");
  const centrum = await publishBatch(demo, 1, LETTERS, "Demo Centrum", residents.expiresAt);
  const noord = await publishBatch(demo, 2, 10, "Demo Noord", residents.expiresAt);
  // One letter of Noord was already used, by a household that registered with it.
  const usedCode = noord.batch.codes[0]!;
  const household = HDNodeWallet.fromPhrase(
    Mnemonic.fromEntropy(id("buurtkas demo household").slice(0, 34)).phrase,
  ).connect(demo.provider);
  await fund(demo, household.address);
  const signature = await signVoteCode(usedCode, {
    registry: await demo.registry.getAddress(),
    chainId: demo.deployment.chainId,
    account: household.address,
    district: 2,
    batchId: BigInt(noord.batchId),
  });
  await mined(
    demo.registry
      .connect(household)
      .redeemVoteCode(noord.batchId, signature, noord.batch.tree.getProof([codeWallet(usedCode).address])),
  );
  const letters = (published: PublishedBatch, used: string[]): DemoLetters => ({
    batchId: published.batchId,
    district: published.batch.district,
    codes: published.batch.codes,
    used,
  });
  const noordLetters = letters(noord, [usedCode]);
  return {
    seed: {
      voteCodes: letters(centrum, []),
      letters: [letters(centrum, []), noordLetters],
      batchRecords: [centrum, noord].map(({ batchId, batch }) => ({ batchId, record: batchRecord(batch) })),
    },
    // The last Noord letter is the household that votes on paper in round 1.
    paperLetter: { batch: noord, code: noord.batch.codes.at(-1)!, letters: noordLetters },
  };
}

// ---------------------------------------------------------------- 6. the real election

/**
 * Round 1: district 1 holds Assen 2024 exactly: its 14 projects (all feasible, at their real
 * cost) and every one of its 84 ballots, under the file's own ballot limits (`min_length`,
 * `max_length`; no spending cap, which Assen's ballot did not have). Districts 2 and 3 have
 * invented proposals, an infeasible one with its reason, and a paper ballot.
 */
async function electionStep(
  demo: Demo,
  election: PbElection,
  residents: Residents,
  paperLetter: PaperLetter,
): Promise<bigint> {
  const meta = election.meta;
  demo.log(
    `budget round from ${meta.get("description") ?? "a pabulib election"} (${election.projects.length} projects, ${election.votes.length} ballots)`,
  );
  const minLength = Number(meta.get("min_length") ?? 1);
  const maxLength = Number(meta.get("max_length") ?? 0);
  const start = (await chainNow(demo)) + 60;
  const rules = roundRules({
    districts: [
      { district: 1, budget: BigInt(meta.get("budget")!) },
      { district: 2, budget: 40_000n },
      { district: 3, budget: 40_000n },
    ],
    schedule: scheduleFrom(start, 600, 21 * DAY),
    supportThreshold: 2,
    minProjects: minLength,
    maxProjects: maxLength,
    maxBudgetShareBps: 0, // no spending cap per ballot, as in Assen
    rulesHash: demoDocument(
      demo,
      "rules",
      {
        title: `Buurtbudget ${meta.get("unit") ?? "Assen"} ${meta.get("instance") ?? ""}`.trim(),
        text: `Elke inwoner stemt op de projecten die hij of zij wil; de meeste stemmen winnen zolang het geld strekt.\n\nRegels: één stem per inwoner per wijk, met minstens ${minLength} projecten; opnieuw stemmen vervangt de eerdere stem tot het einde van de stemperiode. Uitslag: greedy, bij gelijke stemmen het goedkoopste project eerst.`,
        districts: DISTRICTS,
      },
      demo.official.address,
    ),
  });
  const budget = demo.budget.connect(demo.official);
  await mined(budget.createRound(rules));
  const roundId = await demo.budget.roundCount();
  await travel(demo, 61);

  const { voters, noord, zuid } = residents;
  const proposalOf = new Map<string, bigint>();
  const projects = [...election.projects].sort((a, b) => Number(a.id) - Number(b.id));
  for (const [i, project] of projects.entries()) {
    const hash = content(
      demo,
      project.name ?? `Project ${project.id}`,
      (project.row.description ?? project.name ?? "").slice(0, 1000) || "-",
      `Project ${project.id} uit ${meta.get("description") ?? "pabulib"} (pabulib.org), kosten € ${project.cost}.`,
      "proposal",
      voters[i % voters.length]!.address,
    );
    await mined(demo.budget.connect(voters[i % voters.length]!).submitProposal(roundId, 1, project.cost, hash));
    proposalOf.set(project.id, await demo.budget.proposalCount());
  }
  const invented: {
    district: number;
    title: string;
    cost: bigint;
    by: HDNodeWallet;
    feasible: boolean;
    reason?: string;
    scene?: "playground" | "benches";
  }[] = [
    { district: 2, title: "Pannakooi bij de Peelo-school", cost: 18_000n, by: noord[1]!, feasible: true },
    { district: 2, title: "Buurtmoestuin Pittelo", cost: 9_500n, by: noord[2]!, feasible: true },
    { district: 2, title: "Extra AED in de Zeeheldenwijk", cost: 3_000n, by: noord[3]!, feasible: true },
    {
      district: 3,
      title: "Skatebaan op het grasveld aan de Kloosterveense Vaart",
      cost: 35_000n,
      by: zuid[1]!,
      feasible: false,
      reason: "Niet haalbaar: de grond is niet van de gemeente.",
    },
    {
      district: 3,
      title: "Bankjes en een picknicktafel bij de speeltuin",
      cost: 6_500n,
      by: zuid[2]!,
      feasible: true,
      scene: "playground",
    },
  ];
  const inventedIds: bigint[] = [];
  for (const p of invented) {
    const images = p.scene ? [await demoPhoto(demo, p.scene, p.by.address)] : [];
    const summary = `${p.title}: een voorstel uit de wijk.`;
    const hash = demoDocument(demo, "proposal", { title: p.title, summary, body: "", images }, p.by.address);
    await mined(demo.budget.connect(p.by).submitProposal(roundId, p.district, p.cost, hash));
    inventedIds.push(await demo.budget.proposalCount());
  }

  await travel(demo, 600);
  demo.log("support and review");
  for (const proposalId of proposalOf.values()) {
    for (const supporter of voters.slice(0, 3)) await mined(demo.budget.connect(supporter).support(proposalId));
  }
  for (const [i, p] of invented.entries()) {
    const neighbours = p.district === 2 ? noord : zuid;
    for (const supporter of neighbours.slice(4, 7))
      await mined(demo.budget.connect(supporter).support(inventedIds[i]!));
  }
  // The household of Noord that votes on paper later hands in a support form for Noord's first
  // proposal now; the official, as the desk's clerk, records it with the letter's code.
  const paperSupported = inventedIds[invented.findIndex((p) => p.district === 2)]!;
  await deskPaperSupportStep(demo.deployment, demo.official, {
    proposalId: paperSupported,
    batchId: paperLetter.batch.batchId,
    code: paperLetter.code,
    tree: paperLetter.batch.batch.tree,
  });
  (paperLetter.letters.supported ??= []).push(paperLetter.code);
  demo.log(`a paper support form for proposal ${paperSupported} in district 2`);
  await travel(demo, 600);
  const feasible = reviewReason(demo, "Haalbaar: het project past binnen de regels en het budget van de wijk.");
  for (const [i, project] of projects.entries()) {
    await mined(budget.review(proposalOf.get(project.id)!, true, projects[i]!.cost, feasible));
  }
  for (const [i, p] of invented.entries()) {
    await mined(budget.review(inventedIds[i]!, p.feasible, p.cost, p.reason ? reviewReason(demo, p.reason) : feasible));
  }
  await travel(demo, 600);
  for (const district of [1, 2, 3]) await mined(budget.publishBallot(roundId, district));

  demo.log("casting the real ballots");
  const [onBallot] = await demo.budget.getBallot(roundId, 1);
  const positionOf = new Map(onBallot.map((proposalId, position) => [proposalId, position]));
  for (const [i, vote] of election.votes.entries()) {
    const positions = [...new Set(vote.projectIds)].map((pid) => positionOf.get(proposalOf.get(pid)!)!);
    await mined(demo.budget.connect(voters[i]!).castApprovalBallot(roundId, 1, encodeApproval(positions)));
  }
  const [noordBallot] = await demo.budget.getBallot(roundId, 2);
  for (const [i, voter] of noord.slice(0, 5).entries()) {
    await mined(
      demo.budget
        .connect(voter)
        .castApprovalBallot(roundId, 2, encodeApproval([i % noordBallot.length, (i + 1) % noordBallot.length])),
    );
  }
  // A household of Noord votes on paper: the official, as the desk's clerk, types its letter's code.
  await deskPaperBallotStep(demo.deployment, demo.official, {
    roundId,
    district: 2,
    selection: encodeApproval([0, 1]),
    batchId: paperLetter.batch.batchId,
    code: paperLetter.code,
    tree: paperLetter.batch.batch.tree,
  });
  paperLetter.letters.used.push(paperLetter.code);
  demo.log(`${election.votes.length} real ballots in district 1; 5 online and 1 paper ballot in district 2`);
  return roundId;
}

// ---------------------------------------------------------------- 7. a round open for proposals

/** Round 2 opens for proposals when the chain starts following the wall clock. */
async function openRoundStep(demo: Demo): Promise<bigint> {
  demo.log("a second round, open for proposals");
  // The chain's clock is behind the wall clock while seeding: the round opens at the wall clock's now.
  const opens = Math.max(Math.floor(Date.now() / 1000), (await chainNow(demo)) + 1);
  const rules = roundRules({
    districts: [
      { district: 1, budget: 60_000n },
      { district: 2, budget: 40_000n },
      { district: 3, budget: 40_000n },
    ],
    schedule: {
      proposalsStart: opens,
      supportStart: opens + 14 * DAY,
      reviewStart: opens + 28 * DAY,
      votingStart: opens + 35 * DAY,
      votingEnd: opens + 49 * DAY,
    },
    supportThreshold: 3,
    maxProposalsPerProposer: 3,
    minProjects: 1,
    rulesHash: demoDocument(
      demo,
      "rules",
      {
        title: "Wijkbudget Assen 2027",
        text: "Dien een idee in voor je wijk, steun de ideeën van anderen en stem later op de projecten binnen het budget van de wijk.\n\nRegels: twee weken indienen (hooguit 3 voorstellen per inwoner), twee weken steunen (3 steunbetuigingen nodig), een week toetsing door de gemeente, twee weken stemmen. Elke stem blijft binnen het budget van de wijk. Uitslag: greedy, bij gelijke stemmen het goedkoopste project eerst.",
        districts: DISTRICTS,
      },
      demo.official.address,
    ),
  });
  await mined(demo.budget.connect(demo.official).createRound(rules));
  return demo.budget.roundCount();
}

// ---------------------------------------------------------------- the whole demo

export async function seedDemo(options: SeedOptions): Promise<DemoSeed> {
  const { deployment } = options;
  const provider = new JsonRpcProvider(options.rpcUrl, deployment.chainId, { staticNetwork: true, cacheTimeout: -1 });
  const admin = HDNodeWallet.fromPhrase(HARDHAT_MNEMONIC, undefined, "m/44'/60'/0'/0/0").connect(provider);
  const at = (name: keyof Deployment["contracts"]) => deployment.contracts[name]!.address;
  const demo: Demo = {
    provider,
    deployment,
    admin,
    official: walletOf("official").connect(provider),
    merchant: walletOf("merchant").connect(provider),
    resident: walletOf("resident").connect(provider),
    coin: LocalCoin__factory.connect(at("LocalCoin"), admin),
    registry: ResidentRegistry__factory.connect(at("ResidentRegistry"), admin),
    board: TaskBoard__factory.connect(at("TaskBoard"), admin),
    budget: BudgetRound__factory.connect(at("BudgetRound"), admin),
    contents: [],
    photos: [],
    log: options.log,
  };
  try {
    const election = parsePabulib(options.pabulibText);
    await rolesStep(demo);
    await deskClerkStep(deployment, admin, demo.official.address);
    await issuerRoleStep(demo, HDNodeWallet.fromPhrase(HARDHAT_MNEMONIC, undefined, DEMO_ISSUER_PATH).address);
    const residents = await residentsStep(demo, election);
    await coinsStep(demo, residents);
    await tasksStep(demo, residents);
    const codes = await voteCodesStep(demo, residents);
    const roundId = await electionStep(demo, election, residents, codes.paperLetter);
    const openRoundId = await openRoundStep(demo);
    // Before the places step, which moves the chain's clock up to round 2's opening (the wall
    // clock): this step's own hours of history must come before that.
    const equalSharesRoundId = await equalSharesStep(demo, election, residents);
    const secretRound = await secretRoundStep(demo, residents, codes.seed, options.issuerKeyring);
    await placesStep(
      {
        ...demo,
        proposers: { 1: residents.voters[1]!, 2: residents.noord[0]!, 3: residents.zuid[0]! },
      },
      openRoundId,
    );
    const role = (name: string, wallet: HDNodeWallet): DemoRole => ({
      name,
      phrase: wallet.mnemonic!.phrase,
      address: wallet.address,
    });
    return {
      roles: {
        official: role("official", demo.official),
        merchant: role("merchant", demo.merchant),
        resident: role("resident", demo.resident),
      },
      ...codes.seed,
      roundId,
      openRoundId,
      equalSharesRoundId,
      ...(secretRound ? { secretRound } : {}),
      contents: demo.contents,
      photos: demo.photos,
    };
  } finally {
    provider.destroy();
  }
}
