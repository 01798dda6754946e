/**
 * Paper ballots cast with a household vote code (contracts/paper/PaperBallotDesk.sol): the code's
 * key, derived from the code the clerk types (lib/votecodes), signs the ballot, so the desk can
 * use the code up in the registry and record the ballot in one transaction. Browser-safe.
 */
import { keccak256, solidityPacked, type TypedDataDomain } from "ethers";

import { codeWallet } from "../votecodes/index.js";

export interface PaperBallotContext {
  /** PaperBallotDesk address. */
  desk: string;
  chainId: bigint | number;
  roundId: bigint | number;
  district: number | bigint;
  batchId: bigint | number;
}

export function paperDeskDomain(desk: string, chainId: bigint | number): TypedDataDomain {
  return { name: "BuurtkasPaperBallotDesk", version: "1", chainId, verifyingContract: desk };
}

export const PAPER_APPROVAL_TYPES = {
  PaperApprovalBallot: [
    { name: "roundId", type: "uint256" },
    { name: "district", type: "uint32" },
    { name: "selection", type: "uint256" },
    { name: "batchId", type: "uint256" },
  ],
};

export const PAPER_CUMULATIVE_TYPES = {
  PaperCumulativeBallot: [
    { name: "roundId", type: "uint256" },
    { name: "district", type: "uint32" },
    { name: "pointsHash", type: "bytes32" },
    { name: "batchId", type: "uint256" },
  ],
};

/** The code key's signature over an approval ballot (`selection`: bitmap of ballot positions). */
export function signPaperApprovalBallot(code: string, context: PaperBallotContext, selection: bigint): Promise<string> {
  const { roundId, district, batchId } = context;
  return codeWallet(code).signTypedData(paperDeskDomain(context.desk, context.chainId), PAPER_APPROVAL_TYPES, {
    roundId,
    district,
    selection,
    batchId,
  });
}

/** The code key's signature over a cumulative ballot (`points`: the packed words BudgetRound takes). */
export function signPaperCumulativeBallot(
  code: string,
  context: PaperBallotContext,
  points: readonly bigint[],
): Promise<string> {
  const { roundId, district, batchId } = context;
  const pointsHash = keccak256(
    solidityPacked(
      points.map(() => "uint256"),
      points,
    ),
  );
  return codeWallet(code).signTypedData(paperDeskDomain(context.desk, context.chainId), PAPER_CUMULATIVE_TYPES, {
    roundId,
    district,
    pointsHash,
    batchId,
  });
}

/** The serial BudgetRound records a desk's paper ballot under: keccak256(abi.encode(codeSigner)). */
export function paperSerialOf(code: string): string {
  return keccak256("0x" + codeWallet(code).address.slice(2).toLowerCase().padStart(64, "0"));
}

export const PAPER_SUPPORT_TYPES = {
  PaperSupport: [
    { name: "proposalId", type: "uint256" },
    { name: "batchId", type: "uint256" },
  ],
};

/**
 * The code key's signature over a paper support form for `proposalId`. The desk checks the code
 * but does not use it up (the household still votes), and records the support under the code's
 * address, so a code supports each proposal once whatever the channel.
 */
export function signPaperSupport(
  code: string,
  context: { desk: string; chainId: bigint | number; batchId: bigint | number },
  proposalId: bigint | number,
): Promise<string> {
  return codeWallet(code).signTypedData(paperDeskDomain(context.desk, context.chainId), PAPER_SUPPORT_TYPES, {
    proposalId,
    batchId: context.batchId,
  });
}
