/**
 * From the ballots of one district (as the logs, the database's current ballots or the API carry
 * them: a bitmap or packed points over ballot positions) to the tally library's input. The audit,
 * the front end's recount and the API's results all count through this one function.
 */
import { decodeApproval, decodePoints } from "../ballots/encoding.js";
import type { ApprovalBallot, CumulativeBallot, Election } from "../tally/index.js";
import type { BallotTypeLabel, TieBreakLabel } from "./enums.js";

/** One ballot over positions: `selection` (approval) or packed `points` words (cumulative). */
export interface PositionBallot {
  selection?: bigint | null;
  points?: readonly bigint[] | null;
}

export interface DistrictBallots<B extends PositionBallot = PositionBallot> {
  ballotType: BallotTypeLabel;
  tieBreak: TieBreakLabel;
  budget: bigint;
  /** Proposal id and final cost by ballot position (the published ballot). */
  positions: readonly { proposalId: bigint | string; cost: bigint }[];
  /** The ballots that count (the latest per voter, and every paper ballot). */
  ballots: readonly B[];
}

/** A ballot naming a position the published ballot does not have (only a broken contract emits one). */
export interface BadBallot<B extends PositionBallot = PositionBallot> {
  ballot: B;
  position: number;
}

export function districtElection<B extends PositionBallot>(
  district: DistrictBallots<B>,
): { election: Election; badBallots: BadBallot<B>[] } {
  const ids = district.positions.map((p) => p.proposalId.toString());
  const badBallots: BadBallot<B>[] = [];
  const known = (position: number, ballot: B): string | undefined => {
    const id = ids[position];
    if (id === undefined) badBallots.push({ ballot, position });
    return id;
  };
  const projects = district.positions.map((p) => ({ id: p.proposalId.toString(), cost: p.cost }));
  const base = { projects, budget: district.budget, tieBreak: district.tieBreak };
  if (district.ballotType === "approval") {
    const ballots: ApprovalBallot[] = district.ballots.map((ballot) =>
      decodeApproval(ballot.selection ?? 0n).flatMap((position) => known(position, ballot) ?? []),
    );
    return { election: { ...base, ballots }, badBallots };
  }
  const ballots: CumulativeBallot[] = district.ballots.map((ballot) => {
    const points = new Map<string, bigint>();
    for (const [position, value] of decodePoints(ballot.points ?? [])) {
      const id = known(position, ballot);
      if (id !== undefined) points.set(id, BigInt(value));
    }
    return points;
  });
  return { election: { ...base, ballots }, badBallots };
}
