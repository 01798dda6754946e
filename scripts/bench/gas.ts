/**
 * `npm run bench:gas`: gas per operation of the Buurtkas contracts, measured in one run on an
 * in-process Hardhat chain, next to OpenZeppelin Governor's `castVote` as the baseline a ballot is
 * compared against. Prints a table and then one JSON document (`--json` prints only the JSON).
 *
 * Ballot figures are for a *typical* voter: earlier voters have already voted for every position,
 * so tally words are non-zero, as they are for all but the first voter of a real round (the first
 * voter's extra cost is listed separately, as for the Governor).
 */
import { network } from "hardhat";
import type { ContractTransactionResponse, Signer } from "ethers";

import BuurtkasModule from "../../ignition/modules/Buurtkas.js";
import { buildCodeTree, codeWallet, generateCode, proofFor, signVoteCode } from "../../lib/votecodes/index.js";
import { signPaperSupport } from "../../lib/paper/index.js";
import { signForwardRequest } from "../../lib/relay/forwardRequest.js";
import { connectContract } from "../../generated/contracts.js";
import { roundRules } from "../../lib/budget/index.js";
import {
  BALLOT_TYPES,
  ballotDomain,
  blind,
  publicKeyFromBytes,
  signBlinded,
  toBigInt,
  toBytes,
  tokenMessage,
  unblind,
} from "../../lib/blind/index.js";
import { generateKey, modulusBytes } from "../../backend/issuer/keys.js";

interface Measurement {
  group: string;
  operation: string;
  gas: number;
  /** Acceptance limit from the issue, when there is one. */
  limit?: number;
}

const jsonOnly = process.argv.includes("--json");
const results: Measurement[] = [];
const DISTRICT = 1;
const HOUR = 3600;

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await tx).wait();
  return Number(receipt!.gasUsed);
}

function record(group: string, operation: string, gas: number, limit?: number): void {
  results.push(limit === undefined ? { group, operation, gas } : { group, operation, gas, limit });
}

const connection = await network.connect();
const { ethers, networkHelpers } = connection;
const signers = await ethers.getSigners();
const [admin, official, verifier, merchant, relayer] = signers;
const residents = signers.slice(5);
const deployed = await connection.ignition.deploy(BuurtkasModule, {
  parameters: { Buurtkas: { admin: admin!.address } },
});
// Ignition answers untyped contracts connected to the first account; the same, typed:
const forwarder = connectContract("BuurtkasForwarder", await deployed.forwarder.getAddress(), admin);
const coin = connectContract("LocalCoin", await deployed.coin.getAddress(), admin);
const registry = connectContract("ResidentRegistry", await deployed.registry.getAddress(), admin);
const taskBoard = connectContract("TaskBoard", await deployed.taskBoard.getAddress(), admin);
const budgetRound = connectContract("BudgetRound", await deployed.budgetRound.getAddress(), admin);
const secretBallots = connectContract("SecretBallots", await deployed.secretBallots.getAddress(), admin);
const chainId = (await ethers.provider.getNetwork()).chainId;

await coin.grantRole(await coin.MINTER_ROLE(), admin!.address);
await coin.grantRole(await coin.MERCHANT_MANAGER_ROLE(), admin!.address);
await registry.grantRole(await registry.REGISTRAR_ROLE(), admin!.address);
await registry.grantRole(await registry.CODE_ISSUER_ROLE(), admin!.address);
await taskBoard.grantRole(await taskBoard.TASK_POSTER_ROLE(), official!.address);
for (const role of [
  await budgetRound.ROUND_MANAGER_ROLE(),
  await budgetRound.REVIEWER_ROLE(),
  await budgetRound.CLERK_ROLE(),
]) {
  await budgetRound.grantRole(role, official!.address);
}

const farFuture = BigInt((await networkHelpers.time.latest()) + 10 * 365 * 24 * HOUR);
for (const resident of residents) await registry.register(resident.address, DISTRICT, farFuture);

// ------------------------------------------------------------------ coin and registry
await coin.mint(residents[0]!.address, 10_000n);
await coin.mint(merchant!.address, 10_000n);
await coin.registerMerchant(merchant!.address, ethers.id("Bakkerij Jansen"));
record(
  "coin",
  "transfer (resident pays a shop)",
  await gasOf(coin.connect(residents[0]!).transfer(merchant!.address, 250n)),
);
record(
  "coin",
  "redeem (merchant burns coins)",
  await gasOf(coin.connect(merchant!).redeem(1_000n, ethers.id("invoice-1"))),
);

const codes = Array.from({ length: 1000 }, () => generateCode());
const tree = buildCodeTree(codes.map((code) => codeWallet(code).address));
await registry.publishCodeBatch(2, tree.root, codes.length, farFuture, farFuture);
const newcomer = ethers.Wallet.createRandom().connect(ethers.provider);
await admin!.sendTransaction({ to: newcomer.address, value: ethers.parseEther("1") });
const signature = await signVoteCode(codes[7]!, {
  registry: await registry.getAddress(),
  chainId,
  account: newcomer.address,
  district: 2,
  batchId: 1n,
});
record(
  "registry",
  "vote-code redemption (1,000-code batch)",
  await gasOf(registry.connect(newcomer).redeemVoteCode(1n, signature, proofFor(tree, codeWallet(codes[7]!).address))),
);

// ------------------------------------------------------------------ task board
const reward = 1_500n;
await coin.mint(official!.address, 10_000_000n);
await coin.connect(official!).approve(await taskBoard.getAddress(), ethers.MaxUint256);
const deadline = BigInt((await networkHelpers.time.latest()) + 30 * 24 * HOUR);
const taskParams = {
  reward,
  slots: 20,
  district: DISTRICT,
  deadline,
  claimWindow: 7 * 24 * HOUR,
  verifier: verifier!.address,
  contentHash: ethers.id("Veeg het Pancratiusplein"),
};
record("tasks", "create task (20 slots escrowed)", await gasOf(taskBoard.connect(official!).createTask(taskParams)));
const worker = residents[1]!; // holds no coins yet: worst case for approve
const claimGas = await gasOf(taskBoard.connect(worker).claim(1n));
const submitGas = await gasOf(taskBoard.connect(worker).submitEvidence(1n, ethers.id("photo-before-after")));
const approveGas = await gasOf(taskBoard.connect(verifier!).approve(1n, worker.address));
record("tasks", "claim", claimGas, 80_000);
record("tasks", "submit evidence", submitGas);
record("tasks", "approve (resident's first reward ever)", approveGas, 90_000);
record("tasks", "claim + submit + approve", claimGas + submitGas + approveGas, 220_000);
await taskBoard.connect(official!).createTask({ ...taskParams, contentHash: ethers.id("Wied de plantenbakken") });
await taskBoard.connect(worker).claim(2n);
await taskBoard.connect(worker).submitEvidence(2n, ethers.id("photo-2"));
record(
  "tasks",
  "approve (resident already paid this year)",
  await gasOf(taskBoard.connect(verifier!).approve(2n, worker.address)),
);

async function relay(signer: Signer, to: string, data: string): Promise<number> {
  const request = await signForwardRequest(signer, {
    forwarder: await forwarder.getAddress(),
    chainId,
    to,
    data,
    gas: 300_000n,
    nonce: await forwarder.nonces(await signer.getAddress()),
    deadline: BigInt((await networkHelpers.time.latest()) + HOUR),
  });
  return gasOf(forwarder.connect(relayer!).execute(request));
}

const gasless = ethers.Wallet.createRandom().connect(ethers.provider);
await registry.register(gasless.address, DISTRICT, farFuture);
record(
  "tasks",
  "claim, relayed (ERC-2771, resident holds no ETH)",
  await relay(gasless, await taskBoard.getAddress(), taskBoard.interface.encodeFunctionData("claim", [1n])),
);

// ------------------------------------------------------------------ budget rounds
async function createRound(
  proposals: number,
  budget: bigint,
  secret?: { beforeVoting: (roundId: bigint) => Promise<void> },
): Promise<bigint> {
  const t = await networkHelpers.time.latest();
  await budgetRound.connect(official!).createRound(
    roundRules({
      districts: [{ district: DISTRICT, budget }],
      schedule: {
        proposalsStart: t + 1_000,
        supportStart: t + 100_000,
        reviewStart: t + 100_000,
        votingStart: t + 200_000,
        votingEnd: t + 300_000,
      },
      rulesHash: ethers.id(`benchmark round with ${proposals} proposals`),
      secrecy: secret ? "secret" : "public",
    }),
  );
  const roundId = await budgetRound.roundCount();
  await networkHelpers.time.increaseTo(t + 1_000);
  const first = (await budgetRound.proposalCount()) + 1n;
  for (let i = 0; i < proposals; i++) {
    await budgetRound
      .connect(residents[i % residents.length]!)
      .submitProposal(roundId, DISTRICT, 1_000n + BigInt(i * 37), ethers.id(`proposal ${i}`));
  }
  await networkHelpers.time.increaseTo(t + 100_000);
  for (let i = 0; i < proposals; i++) {
    await budgetRound.connect(official!).review(first + BigInt(i), true, 1_000n + BigInt(i * 37), ethers.ZeroHash);
  }
  await budgetRound.connect(official!).publishBallot(roundId, DISTRICT);
  await secret?.beforeVoting(roundId);
  await networkHelpers.time.increaseTo(t + 200_000);
  return roundId;
}

// Supports, in a round with a support phase: a typical one (the proposal has a support already),
// online by a resident and on a paper form typed in by the desk's clerk (the code's signature and
// its proof in a 1,000-code batch checked, the support recorded under the code's address).
{
  const desk = connectContract("PaperBallotDesk", await deployed.paperDesk.getAddress(), admin);
  await desk.grantRole(await desk.CLERK_ROLE(), official!.address);
  const paperCodes = Array.from({ length: 1000 }, () => generateCode());
  const paperTree = buildCodeTree(paperCodes.map((code) => codeWallet(code).address));
  await registry.publishCodeBatch(DISTRICT, paperTree.root, paperCodes.length, farFuture, farFuture);
  const batchId = await registry.codeBatchCount();
  const t = await networkHelpers.time.latest();
  await budgetRound.connect(official!).createRound(
    roundRules({
      districts: [{ district: DISTRICT, budget: 1_000_000n }],
      schedule: {
        proposalsStart: t + 1_000,
        supportStart: t + 2_000,
        reviewStart: t + 100_000,
        votingStart: t + 200_000,
        votingEnd: t + 300_000,
      },
      rulesHash: ethers.id("benchmark round with supports"),
    }),
  );
  const supportRound = await budgetRound.roundCount();
  await networkHelpers.time.increaseTo(t + 1_000);
  await budgetRound.connect(residents[0]!).submitProposal(supportRound, DISTRICT, 1_000n, ethers.id("supported"));
  const proposalId = await budgetRound.proposalCount();
  await networkHelpers.time.increaseTo(t + 2_000);
  await budgetRound.connect(residents[1]!).support(proposalId);
  record(
    "supports",
    "support (online, the proposal has a support already)",
    await gasOf(budgetRound.connect(residents[2]!).support(proposalId)),
  );
  const code = paperCodes[11]!;
  const supportSignature = await signPaperSupport(
    code,
    { desk: await desk.getAddress(), chainId, batchId },
    proposalId,
  );
  record(
    "supports",
    "paper support (clerk through the desk, 1,000-code batch)",
    await gasOf(
      desk
        .connect(official!)
        .recordSupport(proposalId, batchId, supportSignature, proofFor(paperTree, codeWallet(code).address)),
    ),
  );
}

const bits = (positions: number[]): bigint => positions.reduce((acc, p) => acc | (1n << BigInt(p)), 0n);
const range = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + i);

const round = await createRound(24, 1_000_000n);
record(
  "ballots",
  "approval, all 24 projects, first voter of the district (creates the tally words)",
  await gasOf(budgetRound.connect(residents[0]!).castApprovalBallot(round, DISTRICT, bits(range(0, 24)))),
);
for (const [index, size] of [1, 5, 20].entries()) {
  const voter = residents[2 + index]!;
  const first = await gasOf(budgetRound.connect(voter).castApprovalBallot(round, DISTRICT, bits(range(0, size))));
  const revote = await gasOf(
    budgetRound.connect(voter).castApprovalBallot(round, DISTRICT, bits(range(24 - size, size))),
  );
  record(
    "ballots",
    `approval, ${size} project${size === 1 ? "" : "s"}, first vote`,
    first,
    size === 5 ? 75_000 : undefined,
  );
  record(
    "ballots",
    `approval, ${size} project${size === 1 ? "" : "s"}, re-vote`,
    revote,
    size === 5 ? first : undefined,
  );
}
const five = results.find((r) => r.operation === "approval, 5 projects, first vote")!.gas;
const twenty = results.find((r) => r.operation === "approval, 20 projects, first vote")!.gas;
record("ballots", "approval, each additional project (20 vs 5) / 15", Math.round((twenty - five) / 15), 3_000);

const relayedVoter = ethers.Wallet.createRandom().connect(ethers.provider);
await registry.register(relayedVoter.address, DISTRICT, farFuture);
const ballotData = (selection: bigint) =>
  budgetRound.interface.encodeFunctionData("castApprovalBallot", [round, DISTRICT, selection]);
record(
  "ballots",
  "approval, 5 projects, first vote, relayed",
  await relay(relayedVoter, await budgetRound.getAddress(), ballotData(bits(range(0, 5)))),
);
record(
  "ballots",
  "approval, 5 projects, re-vote, relayed",
  await relay(relayedVoter, await budgetRound.getAddress(), ballotData(bits(range(10, 5)))),
);
record(
  "ballots",
  "paper ballot, 5 projects (clerk)",
  await gasOf(
    budgetRound
      .connect(official!)
      .recordPaperApprovalBallot(round, DISTRICT, ethers.id("paper-000123"), bits(range(3, 5))),
  ),
);

for (const proposals of [20, 100, 200]) {
  const finalRound = await createRound(proposals, 1_000_000n);
  for (let v = 0; v < 25; v++) {
    const picks = range(0, 5).map((k) => (v * 7 + k * 13) % proposals);
    await budgetRound.connect(residents[v % residents.length]!).castApprovalBallot(finalRound, DISTRICT, bits(picks));
  }
  const state = await budgetRound.getDistrict(finalRound, DISTRICT);
  await networkHelpers.time.increaseTo(Number((await budgetRound.getRules(finalRound)).schedule.votingEnd));
  record(
    "finalize",
    `finalize, ${proposals} proposals in one district (${state.ballotLength} on the ballot)`,
    await gasOf(budgetRound.finalize(finalRound)),
    proposals === 100 ? 10_000_000 : undefined,
  );
}

// ------------------------------------------------------------------ secret ballots
// A 2048-bit district key; residents blind for real (lib/blind), the issuer signs, the browser
// unblinds, and a relayer submits each one-time key's ballot.
const issuerKey = generateKey();
await secretBallots.grantRole(await secretBallots.ISSUER_ROLE(), verifier!.address);
const secretContract = await secretBallots.getAddress();
const oneTimeKeys = residents.slice(0, 5).map(() => ethers.Wallet.createRandom());
const tokens: string[] = [];
let requestGas = 0;
let relayedRequestGas = 0;
let issueGas = 0;
const secretRound = await createRound(24, 1_000_000n, {
  beforeVoting: async (roundId) => {
    await secretBallots.connect(verifier!).setIssuerKeys(roundId, [modulusBytes(issuerKey)]);
    const key = publicKeyFromBytes(await secretBallots.issuerKey(roundId, DISTRICT));
    const context = { chainId, contract: secretContract, roundId, district: DISTRICT };
    for (const [i, oneTime] of oneTimeKeys.entries()) {
      const { blinded, r } = blind(tokenMessage(context, oneTime.address, key), key);
      const blindedBytes = toBytes(blinded, key.k);
      if (i === 4) {
        // The browser's way: the resident's registered key signs, the relayer pays.
        relayedRequestGas = await relay(
          gasless,
          secretContract,
          secretBallots.interface.encodeFunctionData("requestToken", [roundId, blindedBytes]),
        );
      } else {
        const gas = await gasOf(secretBallots.connect(residents[i]!).requestToken(roundId, blindedBytes));
        if (i === 1) requestGas = gas;
      }
      const requester = i === 4 ? gasless.address : residents[i]!.address;
      const blindSignature = toBytes(signBlinded(blinded, issuerKey), key.k);
      const gas = await gasOf(
        secretBallots.connect(verifier!).issueToken(roundId, requester, blindedBytes, blindSignature),
      );
      if (i === 1) issueGas = gas;
      tokens.push(toBytes(unblind(toBigInt(blindSignature), r, key), key.k));
    }
  },
});
record("secret", "token request (blinded 2048-bit message)", requestGas);
record("secret", "token request, relayed (ERC-2771)", relayedRequestGas);
record("secret", "token issued (issuer's blind signature, checked on chain)", issueGas);
const domain = ballotDomain(chainId, secretContract);
async function anonymousBallot(i: number, selection: bigint): Promise<number> {
  const signature = await oneTimeKeys[i]!.signTypedData(domain, BALLOT_TYPES, {
    roundId: secretRound,
    district: DISTRICT,
    selection,
    sequence: 0n,
  });
  const token = { roundId: secretRound, district: DISTRICT, signature: tokens[i]! };
  return gasOf(secretBallots.connect(relayer!).castBallot(secretRound, DISTRICT, selection, token, signature));
}
async function anonymousReplacement(i: number, selection: bigint, sequence: bigint): Promise<number> {
  const signature = await oneTimeKeys[i]!.signTypedData(domain, BALLOT_TYPES, {
    roundId: secretRound,
    district: DISTRICT,
    selection,
    sequence,
  });
  return gasOf(secretBallots.connect(relayer!).replaceBallot(secretRound, DISTRICT, selection, sequence, signature));
}
record(
  "secret",
  "anonymous approval, all 24 projects, first voter of the district",
  await anonymousBallot(0, bits(range(0, 24))),
);
const anonymousFirst = await anonymousBallot(1, bits(range(0, 5)));
record("secret", "anonymous approval, 5 projects, first vote (relayer submits)", anonymousFirst, 120_000);
record(
  "secret",
  "anonymous approval, 5 projects, re-vote (first replacement)",
  await anonymousReplacement(1, bits(range(10, 5)), 1n),
);
record(
  "secret",
  "anonymous approval, 5 projects, re-vote (later replacements)",
  await anonymousReplacement(1, bits(range(5, 5)), 2n),
);

// ------------------------------------------------------------------ OpenZeppelin Governor baseline
const token = await ethers.deployContract("BaselineVotesToken");
const governor = await ethers.deployContract("BaselineGovernor", [await token.getAddress()]);
const govVoters = residents.slice(0, 3);
for (const voter of govVoters) {
  await token.mint(voter.address, 100n);
  await token.connect(voter).delegate(voter.address);
}
await governor.propose([await token.getAddress()], [0n], ["0x"], "Baseline proposal");
const proposalId = await governor.hashProposal(
  [await token.getAddress()],
  [0n],
  ["0x"],
  ethers.id("Baseline proposal"),
);
await networkHelpers.mine(2);
record(
  "governor",
  "OpenZeppelin Governor castVote, first voter",
  await gasOf(governor.connect(govVoters[0]!).castVote(proposalId, 1)),
);
record(
  "governor",
  "OpenZeppelin Governor castVote, later voter",
  await gasOf(governor.connect(govVoters[1]!).castVote(proposalId, 1)),
);

// ------------------------------------------------------------------ report
const failures = results.filter((r) => r.limit !== undefined && r.gas > r.limit);
if (!jsonOnly) {
  const width = Math.max(...results.map((r) => r.operation.length));
  console.log(`${"group".padEnd(9)} ${"operation".padEnd(width)} ${"gas".padStart(10)} ${"limit".padStart(10)}`);
  for (const r of results) {
    const limit = r.limit === undefined ? "" : `${r.limit.toLocaleString("en")} ${r.gas <= r.limit ? "ok" : "OVER"}`;
    console.log(
      `${r.group.padEnd(9)} ${r.operation.padEnd(width)} ${r.gas.toLocaleString("en").padStart(10)} ${limit.padStart(10)}`,
    );
  }
  console.log();
}
console.log(
  JSON.stringify({ benchmark: "gas", measuredAt: new Date().toISOString(), results }, null, jsonOnly ? 0 : 2),
);
if (failures.length > 0) {
  console.error(`over the limit: ${failures.map((f) => f.operation).join("; ")}`);
  process.exitCode = 1;
}
await connection.close();
