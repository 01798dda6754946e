/**
 * The demo `npm start` seeds on a fresh local chain: a city (Assen) with three districts, a budget
 * round in its voting phase whose proposals and ballots are the real Assen 2024 election
 * (data/pabulib), tasks in every state, residents with coins, a shop that was paid and
 * redeemed, and a batch of household vote codes to try. Every account a person may want to act as
 * is derived from a printed recovery phrase, so the front end's "restore" signs in as it.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

import { Contract, HDNodeWallet, JsonRpcProvider, Mnemonic, Wallet, id, toBeHex } from "ethers";

import { BudgetRoundAbi, LocalCoinAbi, ResidentRegistryAbi, TaskBoardAbi } from "../../generated/abis.js";
import { encodeApproval } from "../../lib/ballots/encoding.js";
import { contentHashOf } from "../../lib/content/index.js";
import type { Deployment } from "../../lib/contracts/deployments.js";
import { parsePabulib } from "../../lib/pabulib/index.js";
import { codeWallet, signVoteCode } from "../../lib/votecodes/index.js";
import { batchRecord, createCodeBatch } from "../votecodes/batch.js";

/** Hardhat's well-known development mnemonic: account 0 deployed the contracts and holds the admin roles. */
export const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

export const DISTRICTS = [
  { district: 1, name: "Centrum" },
  { district: 2, name: "Noord (Peelo, Pittelo)" },
  { district: 3, name: "Zuid (Kloosterveen)" },
];

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

export interface DemoSeed {
  roles: { official: DemoRole; merchant: DemoRole; resident: DemoRole };
  voteCodes: { batchId: number; district: number; codes: string[] };
  roundId: bigint;
  contents: { contentHash: string; content: DemoContent }[];
}

/** A fixed recovery phrase per role, so the demo's accounts are the same on every start. */
function roleWallet(label: string): HDNodeWallet {
  const entropy = id(`buurtkas demo ${label}`).slice(0, 34); // 16 bytes -> 12 words
  return HDNodeWallet.fromPhrase(Mnemonic.fromEntropy(entropy).phrase);
}

export async function seedDemo(options: {
  rpcUrl: string;
  deployment: Deployment;
  pabulibFile: string;
  /** Where the front end finds vote-code batch records (`<dir>/codebatches/batch-N.json`). */
  staticDir: string | undefined;
  log: (step: string) => void;
}): Promise<DemoSeed> {
  const { deployment, log } = options;
  const provider = new JsonRpcProvider(options.rpcUrl, deployment.chainId, { staticNetwork: true, cacheTimeout: -1 });
  const rpc = (method: string, params: unknown[]) => provider.send(method, params);
  const admin = HDNodeWallet.fromPhrase(HARDHAT_MNEMONIC, undefined, "m/44'/60'/0'/0/0").connect(provider);
  const at = (name: keyof Deployment["contracts"]) => deployment.contracts[name]!.address;
  const coin = new Contract(at("LocalCoin"), LocalCoinAbi, admin);
  const registry = new Contract(at("ResidentRegistry"), ResidentRegistryAbi, admin);
  const board = new Contract(at("TaskBoard"), TaskBoardAbi, admin);
  const budget = new Contract(at("BudgetRound"), BudgetRoundAbi, admin);
  const send = async (contract: Contract, signer: Wallet | HDNodeWallet, method: string, ...args: unknown[]) => {
    const tx = (await (contract.connect(signer) as Contract).getFunction(method)(...args)) as {
      wait(): Promise<unknown>;
    };
    await tx.wait();
  };
  const fund = (address: string) => rpc("hardhat_setBalance", [address, toBeHex(10n ** 20n)]);
  const now = async () => (await provider.getBlock("latest"))!.timestamp;
  const travel = async (seconds: number) => {
    await rpc("evm_increaseTime", [seconds]);
    await rpc("evm_mine", []);
  };

  // ---------------------------------------------------------------- people and roles
  log("accounts and roles");
  const officialWallet = roleWallet("official").connect(provider);
  const merchantWallet = roleWallet("merchant").connect(provider);
  const residentWallet = roleWallet("resident").connect(provider);
  for (const w of [officialWallet, merchantWallet, residentWallet]) await fund(w.address);
  const official = officialWallet.address;
  for (const [contract, role] of [
    [coin, "MINTER_ROLE"],
    [coin, "MERCHANT_MANAGER_ROLE"],
    [registry, "REGISTRAR_ROLE"],
    [registry, "CODE_ISSUER_ROLE"],
    [board, "TASK_POSTER_ROLE"],
    [budget, "ROUND_MANAGER_ROLE"],
    [budget, "REVIEWER_ROLE"],
    [budget, "CLERK_ROLE"],
  ] as const) {
    await send(contract, admin, "grantRole", await contract.getFunction(role)(), official);
  }

  const election = parsePabulib(await readFile(options.pabulibFile, "utf8"));
  const voterRoot = HDNodeWallet.fromPhrase(
    Mnemonic.fromEntropy(id("buurtkas demo voters").slice(0, 34)).phrase,
    undefined,
    "m/44'/60'/0'/0",
  );
  const voters = election.votes.map((_, i) => voterRoot.deriveChild(i).connect(provider));
  const expiresAt = (await now()) + 2 * 365 * 24 * 3600;
  log(`registering ${voters.length + 1} residents`);
  await send(registry, officialWallet, "register", residentWallet.address, 1, expiresAt);
  for (const [i, voter] of voters.entries()) {
    await fund(voter.address);
    await send(registry, officialWallet, "register", voter.address, DISTRICTS[i % 3]!.district, expiresAt);
  }

  // ---------------------------------------------------------------- coins and a shop
  log("coins, a shop and a redemption");
  const coins = (amount: number) => BigInt(Math.round(amount * 100));
  await send(coin, officialWallet, "mint", official, coins(20_000));
  await send(coin, officialWallet, "mint", residentWallet.address, coins(40));
  for (const voter of voters.slice(0, 12)) await send(coin, officialWallet, "mint", voter.address, coins(25));
  await send(coin, officialWallet, "registerMerchant", merchantWallet.address, id("Bakkerij Het Brinkje, Assen"));
  await send(coin, residentWallet, "transfer", merchantWallet.address, coins(12.5));
  await send(coin, voters[0]!, "transfer", merchantWallet.address, coins(7.25));
  await send(coin, merchantWallet, "redeem", coins(10), id("Buurtkas uitbetaling 2026-0001"));

  // ---------------------------------------------------------------- tasks in every state
  log("tasks in every state");
  const contents: DemoSeed["contents"] = [];
  const content = (title: string, summary: string, body = "") => {
    const c = { title, summary, body, images: [] };
    contents.push({ contentHash: contentHashOf(c), content: c });
    return contentHashOf(c);
  };
  await send(coin, officialWallet, "approve", at("TaskBoard"), coins(20_000));
  const day = 24 * 3600;
  let taskId = 0;
  const post = async (
    title: string,
    summary: string,
    reward: number,
    slots: number,
    district: number,
    claimWindow = 3 * day,
  ) => {
    await send(board, officialWallet, "createTask", {
      reward: coins(reward),
      slots,
      district,
      deadline: (await now()) + 30 * day,
      claimWindow,
      verifier: official,
      contentHash: content(title, summary),
    });
    return ++taskId;
  };
  const [v0, v1, v2, v3, v4] = voters.filter((_, i) => i % 3 === 0); // district 1
  const evidence = (text: string) => id(`evidence: ${text}`);
  await post(
    "Zwerfafval rapen langs de Vaart",
    "Een uur zwerfafval rapen langs de Vaart; grijper en zakken bij het wijkcentrum.",
    15,
    6,
    1,
  );
  await post("Plantenbakken Brink water geven", "Twee weken de plantenbakken op de Brink water geven.", 20, 2, 1);
  const claimed = await post("Speeltuin Kloosterveen vegen", "Bladeren en zand van het speeltoestel vegen.", 10, 3, 3);
  const zuid = voters.filter((_, i) => i % 3 === 2);
  await send(board, zuid[0]!, "claim", claimed);
  const submitted = await post(
    "Bankjes Asserbos schoonmaken",
    "De zes bankjes bij de vijver afnemen en graffiti melden.",
    12.5,
    2,
    1,
  );
  await send(board, v0!, "claim", submitted);
  await send(board, v0!, "submitEvidence", submitted, evidence("foto's van de bankjes"));
  const approved = await post("Onkruid wieden Markt", "Onkruid tussen de stenen van de Markt wieden.", 25, 3, 1);
  for (const v of [v1!, v2!]) {
    await send(board, v, "claim", approved);
    await send(board, v, "submitEvidence", approved, evidence(`markt ${v.address}`));
    await send(board, officialWallet, "approve", approved, v.address);
  }
  await send(board, v3!, "claim", approved);
  await send(board, v3!, "submitEvidence", approved, evidence("markt, alleen de noordkant"));
  await send(
    board,
    officialWallet,
    "reject",
    approved,
    v3!.address,
    "Alleen de noordkant is gedaan; graag ook de zuidkant.",
  );
  const noord = voters.filter((_, i) => i % 3 === 1);
  const released = await post("Glasbak Peelo opruimen", "Glasscherven rond de glasbak opruimen.", 8, 1, 2, 3600);
  await send(board, noord[0]!, "claim", released);
  const cancelled = await post("Kerstverlichting ophangen", "Geannuleerd: de gemeente doet dit zelf.", 30, 4, 1);
  await send(board, officialWallet, "cancel", cancelled);
  await travel(2 * 3600);
  await send(board, v4!, "releaseExpiredClaim", released, noord[0]!.address);

  // ---------------------------------------------------------------- vote codes
  log("household vote codes");
  const batch = createCodeBatch(1, 25, "Demo Centrum", 90);
  await send(
    registry,
    officialWallet,
    "publishCodeBatch",
    1,
    batch.tree.root,
    batch.codes.length,
    batch.redeemableUntil,
    expiresAt,
  );
  const batchId = Number(await registry.getFunction("codeBatchCount")());
  // one code already used, by a resident of the demo
  const used = voterRoot.deriveChild(9_999).connect(provider);
  const signature = await signVoteCode(batch.codes[0]!, {
    registry: at("ResidentRegistry"),
    chainId: deployment.chainId,
    account: used.address,
    district: 1,
    batchId: BigInt(batchId),
  });
  await fund(used.address);
  await send(
    registry,
    used,
    "redeemVoteCode",
    batchId,
    signature,
    batch.tree.getProof([codeWallet(batch.codes[0]!).address]),
  );
  if (options.staticDir) {
    await mkdir(path.join(options.staticDir, "codebatches"), { recursive: true });
    await writeFile(
      path.join(options.staticDir, "codebatches", `batch-${batchId}.json`),
      JSON.stringify(batchRecord(batch)),
    );
  }

  // ---------------------------------------------------------------- the budget round
  const meta = election.meta;
  log(
    `budget round from ${meta.get("description") ?? "a pabulib election"} (${election.projects.length} projects, ${election.votes.length} ballots)`,
  );
  const budgetAmount = BigInt(meta.get("budget")!);
  const start = (await now()) + 60;
  const rules = {
    districts: [1, 2, 3],
    budgets: [budgetAmount, 40_000n, 40_000n],
    schedule: {
      proposalsStart: start,
      supportStart: start + 600,
      reviewStart: start + 1200,
      votingStart: start + 1800,
      votingEnd: start + 1800 + 21 * day,
    },
    supportThreshold: 2,
    ballotType: 0,
    minProjects: 1,
    maxProjects: 0,
    minBudgetShareBps: 0,
    maxBudgetShareBps: 10_000,
    totalPoints: 0,
    maxPointsPerProject: 0,
    tallyRule: 0,
    tieBreak: 0,
    rulesHash: content(
      `Buurtbudget ${meta.get("unit") ?? "Assen"} ${meta.get("instance") ?? ""}`.trim(),
      "Elke inwoner stemt op projecten binnen het budget van de wijk; de meeste stemmen winnen zolang het geld strekt.",
      "Regels: één stem per inwoner per wijk, opnieuw stemmen vervangt de eerdere stem tot het einde van de stemperiode. Uitslag: greedy, bij gelijke stemmen het goedkoopste project eerst.",
    ),
  };
  await send(budget, officialWallet, "createRound", rules);
  const roundId = (await budget.getFunction("roundCount")()) as bigint;
  await travel(61);
  const centrum = voters.filter((_, i) => i % 3 === 0);
  const proposalOf = new Map<string, bigint>();
  const projects = [...election.projects].sort((a, b) => Number(a.id) - Number(b.id));
  for (const [i, project] of projects.entries()) {
    const proposer = centrum[i % centrum.length]!;
    const hash = content(
      project.name ?? `Project ${project.id}`,
      (project.row.description ?? project.name ?? "").slice(0, 1000) || "-",
      `Project ${project.id} uit ${meta.get("description") ?? "pabulib"} (pabulib.org), kosten € ${project.cost}.`,
    );
    await send(budget, proposer, "submitProposal", roundId, 1, project.cost, hash);
    proposalOf.set(project.id, (await budget.getFunction("proposalCount")()) as bigint);
  }
  const noordProposals: [bigint, bigint][] = [];
  for (const [title, cost] of [
    ["Pannakooi bij de Peelo-school", 18_000n],
    ["Buurtmoestuin Pittelo", 9_500n],
    ["Extra AED in de Zeeheldenwijk", 3_000n],
  ] as const) {
    await send(
      budget,
      noord[1]!,
      "submitProposal",
      roundId,
      2,
      cost,
      content(title, `${title}: een voorstel uit de wijk.`),
    );
    noordProposals.push([(await budget.getFunction("proposalCount")()) as bigint, cost]);
  }
  await travel(600);
  log("support and review");
  for (const proposalId of [...proposalOf.values()]) {
    for (const supporter of centrum.slice(0, 3)) await send(budget, supporter, "support", proposalId);
  }
  for (const [proposalId] of noordProposals.slice(0, 2)) {
    for (const supporter of noord.slice(0, 3)) await send(budget, supporter, "support", proposalId);
  }
  await travel(600);
  for (const [i, proposalId] of [...proposalOf.values()].entries()) {
    const feasible = i !== 5;
    const cost = projects[i]!.cost;
    await send(
      budget,
      officialWallet,
      "review",
      proposalId,
      feasible,
      cost,
      id(feasible ? "haalbaar" : "Niet haalbaar: de grond is niet van de gemeente."),
    );
  }
  for (const [proposalId, cost] of noordProposals)
    await send(budget, officialWallet, "review", proposalId, true, cost, id("haalbaar"));
  await travel(600);
  for (const district of [1, 2, 3]) await send(budget, officialWallet, "publishBallot", roundId, district);

  log("casting the real ballots");
  const positions = new Map<bigint, number>();
  const onBallot = await readBallot(budget, roundId, 1);
  onBallot.forEach((proposalId, position) => positions.set(proposalId, position));
  let cast = 0;
  for (const [i, vote] of election.votes.entries()) {
    const voter = voters[i]!;
    if (i % 3 !== 0) continue; // the round's district 1 holds the real election; its residents vote
    const chosen = vote.projectIds
      .map((pid) => positions.get(proposalOf.get(pid)!))
      .filter((p): p is number => p !== undefined);
    let cost = 0n;
    const fitting: number[] = [];
    for (const position of chosen) {
      const projectCost = projects.find((p) => proposalOf.get(p.id) === onBallot[position])!.cost;
      if (cost + projectCost <= budgetAmount) {
        fitting.push(position);
        cost += projectCost;
      }
    }
    if (fitting.length === 0) continue;
    await send(budget, voter, "castApprovalBallot", roundId, 1, encodeApproval(fitting));
    cast++;
  }
  const noordOnBallot = await readBallot(budget, roundId, 2);
  for (const [i, voter] of noord.slice(0, 5).entries()) {
    await send(budget, voter, "castApprovalBallot", roundId, 2, encodeApproval([i % noordOnBallot.length]));
  }
  await send(
    budget,
    officialWallet,
    "recordPaperApprovalBallot",
    roundId,
    1,
    id("papieren stembiljet 0001"),
    encodeApproval([0, 1]),
  );
  log(`${cast} online ballots and 1 paper ballot in district 1`);

  const role = (name: string, wallet: HDNodeWallet): DemoRole => ({
    name,
    phrase: wallet.mnemonic!.phrase,
    address: wallet.address,
  });
  return {
    roles: {
      official: role("official", officialWallet),
      merchant: role("merchant", merchantWallet),
      resident: role("resident", residentWallet),
    },
    voteCodes: { batchId, district: 1, codes: batch.codes.slice(1, 6) },
    roundId,
    contents,
  };
}

/** The proposal id at each position of a district's published ballot. */
async function readBallot(budget: Contract, roundId: bigint, district: number): Promise<bigint[]> {
  const [proposalIds] = (await budget.getFunction("getBallot")(roundId, district)) as [bigint[], bigint[]];
  return [...proposalIds];
}
