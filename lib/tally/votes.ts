import { TallyError, type ApprovalBallot, type CumulativeBallot, type Election } from "./types.js";

/** The ballots of an election after validation: approvals de-duplicated, points as Maps. */
export type CheckedBallots =
  | { kind: "approval"; ballots: readonly (readonly string[])[] }
  | { kind: "cumulative"; ballots: readonly ReadonlyMap<string, bigint>[] };

/**
 * Validates an election (unique project ids, non-negative costs and budget, every ballot of one
 * kind, naming known projects only, no negative points) and returns its ballots in one shape.
 */
export function checkElection(election: Election): CheckedBallots {
  if (election.budget < 0n) throw new TallyError(`budget ${election.budget} is negative`);
  const ids = new Set<string>();
  for (const project of election.projects) {
    if (ids.has(project.id)) throw new TallyError(`project id ${project.id} appears twice`);
    if (project.cost < 0n) throw new TallyError(`project ${project.id} has a negative cost ${project.cost}`);
    ids.add(project.id);
  }
  const known = (id: string, voter: number) => {
    if (!ids.has(id)) throw new TallyError(`ballot ${voter + 1} names unknown project ${id}`);
  };
  const ballots = election.ballots as readonly (ApprovalBallot | CumulativeBallot)[];
  if (ballots.length === 0 || Array.isArray(ballots[0])) {
    return {
      kind: "approval",
      ballots: ballots.map((ballot, voter) => {
        if (!Array.isArray(ballot))
          throw new TallyError(`ballot ${voter + 1} is not an approval ballot like the first`);
        const approved = [...new Set(ballot as ApprovalBallot)];
        for (const id of approved) known(id, voter);
        return approved;
      }),
    };
  }
  return {
    kind: "cumulative",
    ballots: ballots.map((ballot, voter) => {
      if (Array.isArray(ballot)) throw new TallyError(`ballot ${voter + 1} is not a cumulative ballot like the first`);
      const entries = ballot instanceof Map ? [...ballot] : Object.entries(ballot);
      for (const [id, points] of entries) {
        known(id, voter);
        if (typeof points !== "bigint" || points < 0n) {
          throw new TallyError(`ballot ${voter + 1} gives project ${id} ${String(points)} points`);
        }
      }
      return new Map(entries);
    }),
  };
}

/** Approvals (or points) per project id, for every project (0 when nobody voted for it). */
export function countVotes(election: Election, ballots: CheckedBallots = checkElection(election)): Map<string, bigint> {
  const votes = new Map(election.projects.map((p) => [p.id, 0n]));
  if (ballots.kind === "approval") {
    for (const ballot of ballots.ballots) for (const id of ballot) votes.set(id, votes.get(id)! + 1n);
  } else {
    for (const ballot of ballots.ballots) for (const [id, points] of ballot) votes.set(id, votes.get(id)! + points);
  }
  return votes;
}
