/**
 * A district of a budget round, as read from the chain, written as a pabulib election so
 * researchers can take our results into their tools (pabutools, pabulib.org).
 */
import { decodeApproval, decodePoints } from "../ballots/encoding.js";
import type { ChainRound } from "../chain/roundLogs.js";
import type { PbElection, PbProject, PbVote } from "./index.js";

export function exportRound(round: ChainRound, districtId: number, description?: string): PbElection {
  const district = round.districts.get(districtId);
  if (!district) throw new Error(`round ${round.roundId} has no district ${districtId}`);
  const cumulative = round.rules.ballotType === "cumulative";
  const tallies = district.result?.tallies;
  const meta = new Map<string, string>([
    ["description", description ?? `Buurtkas round ${round.roundId}, district ${districtId}`],
    ["country", "Netherlands"],
    ["instance", `${round.roundId}-${districtId}`],
    ["num_projects", String(district.positions.length)],
    ["num_votes", String(district.ballots.length)],
    ["budget", district.budget.toString()],
    ["vote_type", cumulative ? "cumulative" : "approval"],
    ["rule", "greedy"],
    ["currency", "EUR"],
    ["language", "nl"],
    [
      "comment",
      `Exported from BudgetRound ${round.contract} on chain up to block ${round.coverage.toBlock} (${round.coverage.toBlockHash})`,
    ],
  ]);
  if (round.rules.minProjects > 0) meta.set("min_length", String(round.rules.minProjects));
  if (round.rules.maxProjects > 0) meta.set("max_length", String(round.rules.maxProjects));
  if (cumulative) meta.set("max_sum_points", String(round.rules.totalPoints));
  if (!cumulative && round.rules.maxBudgetShareBps > 0) {
    meta.set("max_sum_cost", ((district.budget * BigInt(round.rules.maxBudgetShareBps)) / 10_000n).toString());
  }

  const projectColumns = ["project_id", "cost", "votes", "name", ...(district.result ? ["selected"] : [])];
  const projects: PbProject[] = district.positions.map((position, i) => {
    const id = position.proposalId.toString();
    const proposal = round.proposals.get(position.proposalId);
    const row: Record<string, string> = {
      project_id: id,
      cost: position.cost.toString(),
      votes: (tallies?.[i] ?? 0n).toString(),
      name: proposal ? `content ${proposal.contentHash}` : "",
    };
    if (district.result) row.selected = (district.result.selected >> BigInt(i)) & 1n ? "1" : "0";
    return { id, cost: position.cost, row, line: 0 };
  });

  const voteColumns = cumulative ? ["voter_id", "vote", "points"] : ["voter_id", "vote"];
  const votes: PbVote[] = district.ballots.map((ballot) => {
    const ids: string[] = [];
    const points: string[] = [];
    if (ballot.selection !== undefined) {
      for (const position of decodeApproval(ballot.selection))
        ids.push(district.positions[position]!.proposalId.toString());
    } else {
      for (const [position, value] of decodePoints(ballot.points ?? [])) {
        ids.push(district.positions[position]!.proposalId.toString());
        points.push(String(value));
      }
    }
    const row: Record<string, string> = { voter_id: ballot.key, vote: ids.join(",") };
    if (cumulative) row.points = points.join(",");
    return { voterId: ballot.key, projectIds: ids, row, line: 0 };
  });
  return { meta, projectColumns, projects, voteColumns, votes };
}
