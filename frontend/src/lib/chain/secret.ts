/**
 * Secret rounds in the browser: ask for the round's token for a fresh one-time key (blinded here,
 * so the issuer never sees the key), unblind the answer, and cast or replace the ballot from the
 * one-time key through the relayer after a random delay (docs/secret-ballot.md). The keys and the
 * token live in the letter vault, encrypted with the resident's PIN.
 */
import { Wallet, type TransactionReceipt } from "ethers";

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
} from "../../../../lib/blind/index.js";
import { account } from "../account/account.svelte.js";
import { letterVault, type SecretRoundKeys } from "../account/letter.svelte.js";
import { SendError, sendRelayed, type SendStatus } from "./send.js";
import { system } from "./system.svelte.js";
import { t } from "../i18n/index.svelte.js";

const ISSUED = 2n;
const TOKEN_WAIT_MS = 120_000;
/** The random wait between holding a token and casting, so the two are not next to each other in time. */
export const CAST_DELAY_MS = { min: 1_000, max: 6_000 };

export function oneTimeAddress(roundId: string): string | null {
  const keys = letterVault.round(roundId);
  return keys ? new Wallet(keys.oneTimeKey).address.toLowerCase() : null;
}

const inFlight = new Map<string, Promise<SecretRoundKeys>>();

/**
 * The round's token for this browser: requested, waited for and unblinded once, then kept. The
 * ballot page asks for it when it opens, so getting the token and casting are apart in time.
 */
export function ensureToken(
  roundId: string,
  district: number,
  onStatus: SendStatus = () => {},
): Promise<SecretRoundKeys> {
  const running = inFlight.get(roundId);
  if (running) return running;
  const started = fetchToken(roundId, district, onStatus).finally(() => inFlight.delete(roundId));
  inFlight.set(roundId, started);
  return started;
}

async function fetchToken(roundId: string, district: number, onStatus: SendStatus): Promise<SecretRoundKeys> {
  const sys = system();
  const ballots = sys.contracts.SecretBallots;
  let keys = letterVault.round(roundId);
  const key = publicKeyFromBytes(await ballots.issuerKey(roundId, district));
  const context = { chainId: sys.chainId, contract: sys.address("SecretBallots"), roundId: BigInt(roundId), district };
  if (!keys) {
    const request = await ballots.requestOf(roundId, account.address!);
    if (request.status !== 0n) throw new SendError(t("tokenAlreadyRequested"));
    const oneTime = Wallet.createRandom();
    const { blinded, r } = blind(tokenMessage(context, oneTime.address, key), key);
    keys = { district, oneTimeKey: oneTime.privateKey, r: "0x" + r.toString(16), blinded: toBytes(blinded, key.k) };
    // Kept before asking, so a reload while the issuer answers can still unblind.
    await letterVault.setRound(roundId, keys);
    await sendRelayed(account.signer, "SecretBallots", "requestToken", [BigInt(roundId), keys.blinded], onStatus);
  }
  if (keys.token) return keys;
  const started = Date.now();
  while ((await ballots.requestOf(roundId, account.address!)).status !== ISSUED) {
    if (Date.now() - started > TOKEN_WAIT_MS) throw new SendError(t("tokenNotIssued"));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  const [issued] = await ballots.queryFilter(ballots.filters.TokenIssued(BigInt(roundId), district, account.address!));
  if (!issued) throw new SendError(t("tokenNotIssued"));
  const token = unblind(toBigInt(issued.args.blindSignature), BigInt(keys.r), key);
  const oneTime = new Wallet(keys.oneTimeKey);
  if (!verify(token, tokenMessage(context, oneTime.address, key), key)) throw new SendError(t("tokenInvalid"));
  keys = { ...keys, token: toBytes(token, key.k) };
  await letterVault.setRound(roundId, keys);
  return keys;
}

/** Casts (first time) or replaces the one-time key's ballot; resolves with its receipt. */
export async function castSecret(
  roundId: string,
  district: number,
  selection: bigint,
  onStatus: SendStatus = () => {},
): Promise<TransactionReceipt> {
  const sys = system();
  const keys = await ensureToken(roundId, district, onStatus);
  const oneTime = new Wallet(keys.oneTimeKey);
  const [votedDistrict] = await sys.contracts.BudgetRound.approvalBallotOf(roundId, oneTime.address);
  const first = votedDistrict === 0n;
  const sequence = first ? 0n : (await sys.contracts.SecretBallots.replacementsOf(roundId, oneTime.address)) + 1n;
  const signature = await oneTime.signTypedData(ballotDomain(sys.chainId, sys.address("SecretBallots")), BALLOT_TYPES, {
    roundId: BigInt(roundId),
    district,
    selection,
    sequence,
  });
  const wait = CAST_DELAY_MS.min + Math.random() * (CAST_DELAY_MS.max - CAST_DELAY_MS.min);
  onStatus("signing");
  await new Promise((resolve) => setTimeout(resolve, wait));
  const body = {
    roundId,
    district,
    selection: selection.toString(),
    signature,
    ...(first ? { token: { roundId, district, signature: keys.token! } } : { sequence: sequence.toString() }),
  };
  const { txHash } = await sys.api.relaySecretBallot(body);
  onStatus("sent", txHash);
  const receipt = await sys.provider.waitForTransaction(txHash, 1, 60_000);
  if (!receipt || receipt.status !== 1) throw new SendError(`transaction ${txHash} failed`);
  return receipt;
}
