/**
 * Secret rounds in flow tests: a round with keys named by an issuer, residents' tokens requested
 * (blinded for real with lib/blind), answered and unblinded, and one-time keys casting ballots.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { type ContractTransactionResponse, type HDNodeWallet, Wallet, getBytes } from "ethers";

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
  type PrivateKey,
} from "../../lib/blind/index.js";
import { generateKey, modulusBytes } from "../../backend/issuer/keys.js";
import { approvalRules, Phase, goToPhase, prepareRound, type ProposalPlan, type Rules } from "./rounds.js";
import type { System } from "./system.js";

export interface SecretRound {
  roundId: bigint;
  rules: Rules;
  proposalIds: bigint[];
  keys: Map<number, PrivateKey>;
  issuer: HardhatEthersSigner;
}

/** Generated once per test file: 2048-bit key generation takes a moment. */
const keyCache: PrivateKey[] = [];
export function testKeys(count: number): PrivateKey[] {
  while (keyCache.length < count) keyCache.push(generateKey());
  return keyCache.slice(0, count);
}

/**
 * A secret approval round (districts 1 and 2) prepared up to its review phase with these plans,
 * its keys named by `issuer` (granted ISSUER_ROLE here); ballots are published later by
 * {@link openSecretVoting}.
 */
export async function prepareSecretRound(
  system: System,
  plans: readonly ProposalPlan[],
  residentsByDistrict: Record<number, readonly HardhatEthersSigner[]>,
  overrides: Partial<Rules> = {},
): Promise<SecretRound> {
  const issuer = system.verifier;
  await system.secretBallots.grantRole(await system.secretBallots.ISSUER_ROLE(), issuer.address);
  const rules = await approvalRules(system, { secrecy: 1, ...overrides });
  const prepared = await prepareRound(system, rules, plans, residentsByDistrict, Phase.Review);
  const [one, two] = testKeys(2);
  const keys = new Map(rules.districts.map((district, i) => [Number(district), i === 0 ? one! : two!]));
  await (
    await system.secretBallots.connect(issuer).setIssuerKeys(
      prepared.roundId,
      rules.districts.map((d) => modulusBytes(keys.get(Number(d))!)),
    )
  ).wait();
  return { ...prepared, keys, issuer };
}

export async function openSecretVoting(system: System, round: SecretRound): Promise<void> {
  for (const district of round.rules.districts)
    await system.budgetRound.connect(system.official).publishBallot(round.roundId, district);
  await goToPhase(system, round.rules, Phase.Voting);
}

/** What a resident's browser keeps: the one-time key and, once unblinded, its token. */
export interface Voter {
  wallet: HDNodeWallet;
  district: number;
  /** The blinding factor (never sent anywhere). */
  r: bigint;
  blinded: string;
  token?: string;
}

/** The resident asks for a token for a fresh one-time key (blinded), as the browser does. */
export async function requestToken(
  system: System,
  round: SecretRound,
  resident: HardhatEthersSigner,
  district: number,
): Promise<{ voter: Voter; tx: ContractTransactionResponse }> {
  const wallet = Wallet.createRandom();
  const modulus = await system.secretBallots.issuerKey(round.roundId, district);
  const key = publicKeyFromBytes(modulus);
  const context = await tokenContext(system, round.roundId, district);
  const { blinded, r } = blind(tokenMessage(context, wallet.address, key), key);
  const blindedBytes = toBytes(blinded, key.k);
  const tx = await system.secretBallots.connect(resident).requestToken(round.roundId, blindedBytes);
  await tx.wait();
  return { voter: { wallet, district, r, blinded: blindedBytes }, tx };
}

/** The issuer's answer: it sees only the blinded message and the resident. */
export async function issueToken(
  system: System,
  round: SecretRound,
  resident: string,
  blinded: string,
  district: number,
): Promise<ContractTransactionResponse> {
  const key = round.keys.get(district)!;
  const signature = toBytes(signBlinded(toBigInt(blinded), key), key.k);
  const tx = await system.secretBallots.connect(round.issuer).issueToken(round.roundId, resident, blinded, signature);
  await tx.wait();
  return tx;
}

/** The browser reads its blind signature from the chain and unblinds it. */
export async function unblindToken(system: System, round: SecretRound, resident: string, voter: Voter): Promise<void> {
  const events = await system.secretBallots.queryFilter(
    system.secretBallots.filters.TokenIssued(round.roundId, voter.district, resident),
  );
  const blindSignature = events.at(-1)!.args.blindSignature;
  const key = publicKeyFromBytes(await system.secretBallots.issuerKey(round.roundId, voter.district));
  voter.token = toBytes(unblind(toBigInt(blindSignature), voter.r, key), key.k);
}

export async function tokenContext(system: System, roundId: bigint, district: number) {
  const { chainId } = await system.ethers.provider.getNetwork();
  return { chainId, contract: await system.secretBallots.getAddress(), roundId, district };
}

export async function signBallot(
  system: System,
  voter: Voter,
  roundId: bigint,
  selection: bigint,
  sequence: bigint,
): Promise<string> {
  const { chainId } = await system.ethers.provider.getNetwork();
  return voter.wallet.signTypedData(ballotDomain(chainId, await system.secretBallots.getAddress()), BALLOT_TYPES, {
    roundId,
    district: voter.district,
    selection,
    sequence,
  });
}

/** A first ballot, submitted by `sender` (the relayer's role): the voter's key needs no ETH. */
export async function castSecretBallot(
  system: System,
  sender: HardhatEthersSigner,
  roundId: bigint,
  voter: Voter,
  selection: bigint,
): Promise<ContractTransactionResponse> {
  const signature = await signBallot(system, voter, roundId, selection, 0n);
  const token = { roundId, district: voter.district, signature: voter.token! };
  return system.secretBallots.connect(sender).castBallot(roundId, voter.district, selection, token, signature);
}

export async function replaceSecretBallot(
  system: System,
  sender: HardhatEthersSigner,
  roundId: bigint,
  voter: Voter,
  selection: bigint,
  sequence: bigint,
): Promise<ContractTransactionResponse> {
  const signature = await signBallot(system, voter, roundId, selection, sequence);
  return system.secretBallots.connect(sender).replaceBallot(roundId, voter.district, selection, sequence, signature);
}

/** Lowercase hex without 0x, for searching byte strings inside other byte strings. */
export function bare(hex: string): string {
  return Buffer.from(getBytes(hex)).toString("hex");
}
