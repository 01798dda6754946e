/**
 * Secret rounds end to end on an in-process chain: tokens blinded for real (lib/blind), the
 * contract's full-domain hash equal to lib/blind's, ballots cast by a relayer for one-time keys,
 * re-votes replacing, and nothing on chain linking a blinded request to the ballot it authorised.
 */
import type { SnapshotRestorer } from "@nomicfoundation/hardhat-network-helpers/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { Wallet, id, keccak256 } from "ethers";
import { beforeAll, beforeEach, describe, expect, test } from "vitest";

import { auditRound } from "../../lib/audit/index.js";
import { fullDomainHash, publicKeyFromBytes, toBytes, tokenMessage, tokenSeed, verify } from "../../lib/blind/index.js";
import { expectRevert } from "../helpers/errors.js";
import { bits, registerResidents } from "../helpers/rounds.js";
import {
  bare,
  castSecretBallot,
  issueToken,
  openSecretVoting,
  prepareSecretRound,
  replaceSecretBallot,
  requestToken,
  tokenContext,
  unblindToken,
  type SecretRound,
  type Voter,
} from "../helpers/secret.js";
import { type System, deploySystem } from "../helpers/system.js";

let system: System;
let clean: SnapshotRestorer;
let residents: HardhatEthersSigner[];
let relayer: HardhatEthersSigner;
let round: SecretRound;
/** The token holders of districts 1 (two) and 2 (one), unblinded. */
let voters: Voter[];

const PLANS = [
  { district: 1, cost: 100 },
  { district: 1, cost: 200 },
  { district: 1, cost: 300 },
  { district: 2, cost: 100 },
  { district: 2, cost: 150 },
];

beforeAll(async () => {
  system = await deploySystem();
  residents = system.residents.slice(0, 3);
  relayer = system.outsider;
  await registerResidents(system, 1, residents.slice(0, 2));
  await registerResidents(system, 2, residents.slice(2));
  round = await prepareSecretRound(system, PLANS, { 1: residents.slice(0, 2), 2: residents.slice(2) });
  voters = [];
  for (const [i, resident] of residents.entries()) {
    const district = i < 2 ? 1 : 2;
    const { voter } = await requestToken(system, round, resident, district);
    await issueToken(system, round, resident.address, voter.blinded, district);
    await unblindToken(system, round, resident.address, voter);
    voters.push(voter);
  }
  await openSecretVoting(system, round);
  clean = await system.networkHelpers.takeSnapshot();
}, 120_000);

beforeEach(async () => {
  await clean.restore();
});

describe("tokens", () => {
  test("lib/blind's full-domain hash is the contract's, for every district key", async () => {
    for (const district of [1, 2]) {
      const voter = Wallet.createRandom().address;
      const key = publicKeyFromBytes(await system.secretBallots.issuerKey(round.roundId, district));
      const context = await tokenContext(system, round.roundId, district);
      const onChain = await system.secretBallots.tokenMessage(round.roundId, district, voter);
      expect(onChain).toBe(toBytes(tokenMessage(context, voter, key), key.k));
    }
  });

  test("the full-domain hash reduces an expansion above the modulus (known vector)", () => {
    // A modulus just above 2^2047: nearly every expansion is above it and must be reduced.
    const n = (1n << 2047n) + 1n;
    const key = { n, k: 256 };
    const seed = "0x" + "11".repeat(32);
    const value = fullDomainHash(seed, key);
    expect(value < n).toBe(true);
    expect(value).toBe(BigInt("0x" + Array.from({ length: 8 }, (_, i) => bare(tokenSeedBlock(seed, i))).join("")) % n);
  });

  test("each unblinded token verifies off chain and the request shows only the blinded message", async () => {
    for (const voter of voters) {
      const key = publicKeyFromBytes(await system.secretBallots.issuerKey(round.roundId, voter.district));
      const context = await tokenContext(system, round.roundId, voter.district);
      const message = tokenMessage(context, voter.wallet.address, key);
      expect(verify(BigInt(voter.token!), message, key)).toBe(true);
      expect(BigInt(voter.blinded)).not.toBe(message);
    }
    const counts = await system.secretBallots.countsOf(round.roundId, 1);
    expect([counts.requested, counts.issued, counts.ballots]).toEqual([2n, 2n, 0n]);
  });
});

describe("anonymous ballots", () => {
  test("count like public ones, and a re-vote with the same token replaces the ballot", async () => {
    const [first, second] = voters;
    await (await castSecretBallot(system, relayer, round.roundId, first!, bits(0, 1))).wait();
    await (await castSecretBallot(system, relayer, round.roundId, second!, bits(1))).wait();
    expect(await system.budgetRound.getTallies(round.roundId, 1)).toEqual([1n, 2n, 0n]);
    await (await replaceSecretBallot(system, relayer, round.roundId, first!, bits(2), 1n)).wait();
    expect(await system.budgetRound.getTallies(round.roundId, 1)).toEqual([0n, 1n, 1n]);
    expect((await system.secretBallots.countsOf(round.roundId, 1)).ballots).toBe(2n);
  });

  test("a used token, a forged one, and one for another district are refused by name", async () => {
    const [first, , third] = voters;
    await (await castSecretBallot(system, relayer, round.roundId, first!, bits(0))).wait();
    await expectRevert(
      castSecretBallot(system, relayer, round.roundId, first!, bits(1)),
      system.secretBallots,
      "SecretTokenAlreadyUsed",
      [round.roundId, first!.wallet.address],
    );
    const forged = { ...third!, token: toBytes(BigInt(third!.token!) ^ 1n, 256) };
    await expectRevert(
      castSecretBallot(system, relayer, round.roundId, forged, bits(0)),
      system.secretBallots,
      "SecretInvalidToken",
      [round.roundId, 2, third!.wallet.address],
    );
    const elsewhere = { ...third!, district: 1 };
    await expectRevert(
      castSecretBallot(system, relayer, round.roundId, elsewhere, bits(0)),
      system.secretBallots,
      "SecretInvalidToken",
      [round.roundId, 1, third!.wallet.address],
    );
  });

  test("the public's ballots are refused in a secret round", async () => {
    await expectRevert(
      system.budgetRound.connect(residents[0]!).castApprovalBallot(round.roundId, 1, bits(0)),
      system.budgetRound,
      "BallotWrongSecrecy",
      [round.roundId, 1],
    );
  });
});

describe("audit", () => {
  test("verifies every blind signature and token and the per-district counts, and the recount matches", async () => {
    const [first, second, third] = voters;
    await (await castSecretBallot(system, relayer, round.roundId, first!, bits(0))).wait();
    await (await castSecretBallot(system, relayer, round.roundId, second!, bits(1, 2))).wait();
    await (await replaceSecretBallot(system, relayer, round.roundId, first!, bits(2), 1n)).wait();
    await (await castSecretBallot(system, relayer, round.roundId, third!, bits(0))).wait();
    await (
      await system.budgetRound
        .connect(system.official)
        .recordPaperApprovalBallot(round.roundId, 2, id("paper 1"), bits(1))
    ).wait();
    const report = await auditRound({
      provider: system.ethers.provider,
      address: await system.budgetRound.getAddress(),
      roundId: round.roundId,
      secretBallots: await system.secretBallots.getAddress(),
    });
    expect(report.mismatches).toEqual([]);
    expect(report.match).toBe(true);
    expect(report.rules.secrecy).toBe("secret");
    expect(report.tokens!.issuer).toBe(round.issuer.address.toLowerCase());
    expect(report.tokens!.problems).toEqual([]);
    expect(
      report.tokens!.districts.map((d) => [
        d.district,
        d.requested,
        d.issued,
        d.validBlindSignatures,
        d.redeemed,
        d.validTokens,
        d.anonymousBallots,
        d.unused,
      ]),
    ).toEqual([
      [1, 2, 2, 2, 2, 2, 2, 0],
      [2, 1, 1, 1, 1, 1, 1, 0],
    ]);
    expect(report.tokens!.districts[0]!.contract).toEqual({ requested: 2, issued: 2, ballots: 2 });
    expect(report.districts[0]!.recount.tallies.map((t) => t.votes)).toEqual(["0", "1", "2"]);
    expect(report.districts[1]!.ballots).toMatchObject({ online: 1, paper: 1 });
  });
});

describe("unlinkability", () => {
  test("no value a ballot carries appears in the token request or answer, and no request value in the ballot", async () => {
    const [voter] = voters;
    const resident = residents[0]!;
    const ballot = await castSecretBallot(system, relayer, round.roundId, voter!, bits(0, 2));
    const ballotReceipt = (await ballot.wait())!;
    const revote = await replaceSecretBallot(system, relayer, round.roundId, voter!, bits(1), 1n);
    const revoteReceipt = (await revote.wait())!;

    const requests = await system.secretBallots.queryFilter(
      system.secretBallots.filters.TokenRequested(round.roundId, 1, resident.address),
    );
    const answers = await system.secretBallots.queryFilter(
      system.secretBallots.filters.TokenIssued(round.roundId, 1, resident.address),
    );
    const issuanceTxs = await Promise.all(
      [...requests, ...answers].map((log) => system.ethers.provider.getTransaction(log.transactionHash)),
    );
    const issuanceReceipts = await Promise.all(
      [...requests, ...answers].map((log) => system.ethers.provider.getTransactionReceipt(log.transactionHash)),
    );
    const issuanceText = [
      ...issuanceTxs.map((tx) => bare(tx!.data) + bare(tx!.from)),
      ...issuanceReceipts.flatMap((receipt) =>
        receipt!.logs.map((log) => log.topics.map(bare).join("") + bare(log.data)),
      ),
    ].join("|");
    const ballotTxs = [ballot, revote];
    const ballotText = [
      ...ballotTxs.map((tx) => bare(tx.data) + bare(tx.from)),
      ...[ballotReceipt, revoteReceipt].flatMap((receipt) =>
        receipt.logs.map((log) => log.topics.map(bare).join("") + bare(log.data)),
      ),
    ].join("|");

    // Everything the ballot carries: the one-time address, the token and its message, the ballot signatures.
    const key = publicKeyFromBytes(await system.secretBallots.issuerKey(round.roundId, 1));
    const context = await tokenContext(system, round.roundId, 1);
    const ballotValues = [
      voter!.wallet.address,
      voter!.token!,
      toBytes(tokenMessage(context, voter!.wallet.address, key), key.k),
      tokenSeed(context, voter!.wallet.address),
    ].map(bare);
    for (const value of ballotValues) expect(issuanceText.includes(value), value).toBe(false);
    // Everything the request carries: the resident, the blinded message and its blind signature.
    const requestValues = [resident.address, voter!.blinded, answers[0]!.args.blindSignature].map(bare);
    for (const value of requestValues) expect(ballotText.includes(value), value).toBe(false);
    // The blinding factor is the only link, and it never left the browser.
    expect(issuanceText.includes(voter!.r.toString(16))).toBe(false);
    expect(ballotText.includes(voter!.r.toString(16))).toBe(false);
  });
});

/** keccak256(seed ‖ uint32(i)), written out here so the test does not reuse the code it checks. */
function tokenSeedBlock(seed: string, i: number): string {
  return keccak256(seed + i.toString(16).padStart(8, "0"));
}
