import { TallyError, type ApprovalBallot, type CumulativeBallot, type Election } from "./types.js";

export function isCumulative(ballots: Election["ballots"]): ballots is readonly CumulativeBallot[] {
  return ballots.length > 0 && ballots[0] instanceof Map;
}

/** Approvals (or points) per project id; every named id must be a project. */
export function countVotes(election: Election): Map<string, bigint> {
  const votes = new Map(election.projects.map((p) => [p.id, 0n]));
  const add = (id: string, amount: bigint, voter: number) => {
    const current = votes.get(id);
    if (current === undefined) throw new TallyError(`ballot ${voter + 1} names unknown project ${id}`);
    votes.set(id, current + amount);
  };
  if (isCumulative(election.ballots)) {
    election.ballots.forEach((ballot, voter) => ballot.forEach((points, id) => add(id, points, voter)));
  } else {
    (election.ballots as readonly ApprovalBallot[]).forEach((ballot, voter) => {
      for (const id of new Set(ballot)) add(id, 1n, voter);
    });
  }
  return votes;
}
