/**
 * What a secret-ballot token signs and how a one-time key signs its ballot, exactly as
 * SecretBallots (contracts/budget/ISecretBallots.sol) checks them.
 */
import { AbiCoder, keccak256, toUtf8Bytes, type TypedDataDomain, type TypedDataField } from "ethers";

import { fullDomainHash, type PublicKey } from "./rsa.js";

export const TOKEN_DOMAIN = keccak256(toUtf8Bytes("buurtkas.secret-ballot.token.v1"));

export interface TokenContext {
  chainId: bigint | number;
  /** The SecretBallots contract. */
  contract: string;
  roundId: bigint | number;
  district: number;
}

/** keccak256(abi.encode(TOKEN_DOMAIN, chainid, contract, roundId, district, voter)). */
export function tokenSeed(context: TokenContext, voter: string): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["bytes32", "uint256", "address", "uint256", "uint32", "address"],
      [TOKEN_DOMAIN, context.chainId, context.contract, context.roundId, context.district, voter],
    ),
  );
}

/** The number a token for `voter` is the signature of. */
export function tokenMessage(context: TokenContext, voter: string, key: PublicKey): bigint {
  return fullDomainHash(tokenSeed(context, voter), key);
}

export const BALLOT_TYPES: Record<string, TypedDataField[]> = {
  SecretBallot: [
    { name: "roundId", type: "uint256" },
    { name: "district", type: "uint32" },
    { name: "selection", type: "uint256" },
    { name: "sequence", type: "uint256" },
  ],
};

export function ballotDomain(chainId: bigint | number, contract: string): TypedDataDomain {
  return { name: "SecretBallots", version: "1", chainId, verifyingContract: contract };
}

export interface SecretBallotMessage {
  roundId: bigint;
  district: number;
  selection: bigint;
  /** 0 for the first ballot, then one more for each replacement. */
  sequence: bigint;
}
