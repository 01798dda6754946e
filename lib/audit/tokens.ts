/**
 * The secret-ballot part of the audit (docs/secret-ballot.md, "What an auditor checks"), from the
 * chain's logs alone: every blind signature the issuer posted verifies against the blinded
 * message it answers, every redeemed token verifies for its one-time address, every anonymous
 * ballot has its token, and per district the anonymous ballots never outnumber the tokens issued,
 * which never outnumber the requests; the same counts as the contract's `countsOf`.
 * Browser-safe (the audit page runs it): ethers and lib/blind only.
 */
import { Interface, type Provider } from "ethers";

import { SecretBallotsAbi } from "../../generated/abis.js";
import {
  PUBLIC_EXPONENT,
  modPow,
  publicKeyFromBytes,
  toBigInt,
  tokenMessage,
  verify,
  type PublicKey,
} from "../blind/index.js";
import type { ChainRound } from "../chain/roundLogs.js";
import { createEventDecoder } from "../chain/events.js";
import { getLogsChunked } from "../chain/roundLogs.js";

export interface TokenDistrictReport {
  district: number;
  /** From the logs. */
  requested: number;
  issued: number;
  /** Tokens redeemed with a first anonymous ballot. */
  redeemed: number;
  /** Anonymous ballots that count (the latest per one-time address). */
  anonymousBallots: number;
  /** Blind signatures and tokens that verified. */
  validBlindSignatures: number;
  validTokens: number;
  /** The contract's countsOf at the pinned block. */
  contract: { requested: number; issued: number; ballots: number };
  /** Tokens issued but never redeemed: what a dishonest issuer could at most have used (docs). */
  unused: number;
}

export interface TokenReport {
  secretBallots: string;
  issuer: string | null;
  districts: TokenDistrictReport[];
  /** Each failed check, named: "district 1: token of 0x.. does not verify". */
  problems: string[];
}

const iface = new Interface(SecretBallotsAbi);

export async function auditTokens(
  provider: Provider,
  secretBallots: string,
  round: ChainRound,
  chainId: bigint,
): Promise<TokenReport> {
  const { fromBlock, toBlock } = round.coverage;
  const logs = await getLogsChunked(provider, secretBallots, fromBlock, toBlock);
  const decoder = createEventDecoder([{ name: "SecretBallots", address: secretBallots, abi: SecretBallotsAbi }]);
  const problems: string[] = [];
  const keys = new Map<number, PublicKey>();
  let issuer: string | null = null;
  const requests = new Map<string, { district: number; blinded: string }>();
  const perDistrict = new Map<number, TokenDistrictReport>();
  const redeemedBy = new Map<string, number>();
  for (const district of round.rules.districts) {
    perDistrict.set(district, {
      district,
      requested: 0,
      issued: 0,
      redeemed: 0,
      anonymousBallots: 0,
      validBlindSignatures: 0,
      validTokens: 0,
      contract: { requested: 0, issued: 0, ballots: 0 },
      unused: 0,
    });
  }
  const districtOf = (district: number) => {
    const found = perDistrict.get(district);
    if (!found) problems.push(`an event names district ${district}, which is not in the round`);
    return found;
  };

  for (const log of logs) {
    const parsed = decoder.decode(log);
    if (!parsed) continue;
    const args = parsed.args as Record<string, unknown>;
    if (args.roundId !== round.roundId) continue;
    const district = Number(args.district ?? 0);
    switch (parsed.event) {
      case "IssuerKeysSet": {
        issuer = String(args.issuer).toLowerCase();
        const districts = args.districts as bigint[];
        (args.moduli as string[]).forEach((modulus, i) => keys.set(Number(districts[i]), publicKeyFromBytes(modulus)));
        break;
      }
      case "TokenRequested": {
        const report = districtOf(district);
        if (!report) break;
        report.requested++;
        requests.set(String(args.resident).toLowerCase(), { district, blinded: String(args.blinded) });
        break;
      }
      case "TokenIssued": {
        const report = districtOf(district);
        if (!report) break;
        report.issued++;
        const resident = String(args.resident).toLowerCase();
        const request = requests.get(resident);
        const key = keys.get(district);
        if (!request || request.district !== district) {
          problems.push(`district ${district}: a token issued to ${resident} answers no request`);
        } else if (key && verifyBlind(toBigInt(String(args.blindSignature)), toBigInt(request.blinded), key)) {
          report.validBlindSignatures++;
        } else {
          problems.push(`district ${district}: the blind signature for ${resident} does not verify`);
        }
        break;
      }
      case "TokenRedeemed": {
        const report = districtOf(district);
        if (!report) break;
        report.redeemed++;
        const voter = String(args.voter).toLowerCase();
        redeemedBy.set(voter, district);
        const key = keys.get(district);
        const context = { chainId, contract: secretBallots, roundId: round.roundId, district };
        if (key && verify(toBigInt(String(args.token)), tokenMessage(context, voter, key), key)) report.validTokens++;
        else problems.push(`district ${district}: the token of ${voter} does not verify`);
        break;
      }
    }
  }

  for (const [district, chainDistrict] of round.districts) {
    const report = perDistrict.get(district);
    if (!report) continue;
    for (const ballot of chainDistrict.ballots) {
      if (ballot.paper) continue;
      report.anonymousBallots++;
      if (redeemedBy.get(ballot.key.toLowerCase()) !== district)
        problems.push(`district ${district}: the ballot of ${ballot.key} has no token redeemed for it`);
    }
    const counts = (await provider
      .call({
        to: secretBallots,
        data: iface.encodeFunctionData("countsOf", [round.roundId, district]),
        blockTag: round.coverage.toBlock,
      })
      .then((data) => iface.decodeFunctionResult("countsOf", data)[0])) as {
      requested: bigint;
      issued: bigint;
      ballots: bigint;
    };
    report.contract = {
      requested: Number(counts.requested),
      issued: Number(counts.issued),
      ballots: Number(counts.ballots),
    };
    report.unused = report.issued - report.redeemed;
    if (report.redeemed > report.issued)
      problems.push(`district ${district}: ${report.redeemed} tokens redeemed, but only ${report.issued} issued`);
    if (report.issued > report.requested)
      problems.push(`district ${district}: ${report.issued} tokens issued, but only ${report.requested} requested`);
    if (report.anonymousBallots !== report.redeemed)
      problems.push(
        `district ${district}: ${report.anonymousBallots} anonymous ballots, ${report.redeemed} tokens redeemed`,
      );
    for (const field of ["requested", "issued"] as const) {
      if (report.contract[field] !== report[field])
        problems.push(`district ${district}: ${field} — logs ${report[field]}, contract ${report.contract[field]}`);
    }
    if (report.contract.ballots !== report.redeemed)
      problems.push(`district ${district}: ballots — logs ${report.redeemed}, contract ${report.contract.ballots}`);
  }
  return { secretBallots: secretBallots.toLowerCase(), issuer, districts: [...perDistrict.values()], problems };
}

function verifyBlind(signature: bigint, blinded: bigint, key: PublicKey): boolean {
  return signature > 0n && signature < key.n && modPow(signature, PUBLIC_EXPONENT, key.n) === blinded;
}
