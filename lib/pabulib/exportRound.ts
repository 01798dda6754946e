/**
 * A district of a budget round, as read from the chain, written as a pabulib election so
 * researchers can take our results into their tools (pabutools, pabulib.org). The file passes the
 * format's rules as {@link checkPabulib} states them: every required META field in the format's
 * order, a numbered `comment`, project names that are titles, a voting method per vote, and a
 * `voter_id` that is a stable pseudonym rather than the account address. Browser-safe.
 */
import { computeHmac, toUtf8Bytes } from "ethers";

import { decodeApproval, decodePoints } from "../ballots/encoding.js";
import { spendLimits, type TallyRuleLabel } from "../budget/index.js";
import type { ChainRound } from "../chain/roundLogs.js";
import type { PbElection, PbProject, PbVote } from "./index.js";

export interface ExportOptions {
  description?: string;
  /** The municipality (META `unit`); defaults to "Buurtkas". */
  unit?: string;
  /** Proposal titles by proposal id (the content store's); a proposal without one is named by its content hash. */
  titles?: ReadonlyMap<string, string>;
  /**
   * The key of the voter pseudonyms: voter_id is HMAC-SHA256(key, ballot key), cut to 16 hex
   * digits, so it is the same in every export with the same key and says nothing of the address
   * to whoever lacks the key. Defaults to a key named after the contract and round, which keeps
   * the pseudonyms stable but lets anyone who has a list of addresses recompute them (the ballots
   * are public on chain anyway); a publisher who wants more passes a secret.
   */
  pseudonymKey?: string;
  /** The pabulib rule string; defaults to the one of the round's tally rule (0: greedy). */
  rule?: string;
}

/** pabulib's name of each BudgetRound.TallyRule. */
const RULE_OF_TALLY_RULE: Readonly<Record<TallyRuleLabel, string>> = {
  greedy: "greedy",
  "equal-shares-add1": "equalshares/add1",
};

export function exportRound(round: ChainRound, districtId: number, options: ExportOptions | string = {}): PbElection {
  const opts: ExportOptions = typeof options === "string" ? { description: options } : options;
  const district = round.districts.get(districtId);
  if (!district) throw new Error(`round ${round.roundId} has no district ${districtId}`);
  const cumulative = round.rules.ballotType === "cumulative";
  const positionIds = district.positions.map((p) => p.proposalId.toString());

  // Ballots that name no project are no pabulib votes (a vote must list a project).
  const key = opts.pseudonymKey ?? `buurtkas:${round.contract.toLowerCase()}:${round.roundId}`;
  const pseudonyms = new Set<string>();
  const voteColumns = cumulative
    ? ["voter_id", "vote", "points", "voting_method"]
    : ["voter_id", "vote", "voting_method"];
  const votes: PbVote[] = [];
  let empty = 0;
  for (const ballot of district.ballots) {
    const ids: string[] = [];
    const points: bigint[] = [];
    if (ballot.selection !== undefined) {
      for (const position of decodeApproval(ballot.selection)) ids.push(positionIds[position]!);
    } else {
      // Highest points first, as the format asks of cumulative votes (equal points: ballot order).
      const entries = [...decodePoints(ballot.points ?? [])].filter(([, value]) => value > 0);
      entries.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      for (const [position, value] of entries) {
        ids.push(positionIds[position]!);
        points.push(BigInt(value));
      }
    }
    if (ids.length === 0) {
      empty++;
      continue;
    }
    const voterId = computeHmac("sha256", toUtf8Bytes(key), toUtf8Bytes(ballot.key.toLowerCase())).slice(2, 18);
    if (pseudonyms.has(voterId)) throw new Error(`two ballots of district ${districtId} share pseudonym ${voterId}`);
    pseudonyms.add(voterId);
    const row: Record<string, string> = {
      voter_id: voterId,
      vote: ids.join(","),
      voting_method: ballot.paper ? "paper" : "internet",
    };
    if (cumulative) row.points = points.join(",");
    votes.push({ voterId, projectIds: ids, ...(cumulative ? { points } : {}), row, line: 0 });
  }

  const voters = new Map(positionIds.map((id) => [id, 0n]));
  const score = new Map(positionIds.map((id) => [id, 0n]));
  for (const vote of votes) {
    vote.projectIds.forEach((id, i) => {
      voters.set(id, voters.get(id)! + 1n);
      score.set(id, score.get(id)! + (vote.points?.[i] ?? 1n));
    });
  }
  const untitled: string[] = [];
  const projectColumns = [
    "project_id",
    "cost",
    "votes",
    ...(cumulative ? ["score"] : []),
    "name",
    ...(district.result ? ["selected"] : []),
  ];
  const projects: PbProject[] = district.positions.map((position, i) => {
    const id = position.proposalId.toString();
    const title = opts.titles?.get(id)?.trim();
    const proposal = round.proposals.get(position.proposalId);
    if (!title) untitled.push(id);
    const name = title || `(title unknown; content hash ${proposal?.contentHash ?? "unknown"})`;
    const row: Record<string, string> = {
      project_id: id,
      cost: position.cost.toString(),
      votes: voters.get(id)!.toString(),
      name,
    };
    if (cumulative) row.score = score.get(id)!.toString();
    if (district.result) row.selected = (district.result.selected >> BigInt(i)) & 1n ? "1" : "0";
    return { id, cost: position.cost, name, row, line: 0 };
  });

  const comments = [
    `Exported by Buurtkas from BudgetRound ${round.contract} (round ${round.roundId}, district ${districtId}) as read from the chain up to block ${round.coverage.toBlock} (${round.coverage.toBlockHash}).`,
    "voter_id is a pseudonym (a keyed hash of the voting account), the same for a voter in every export of this round.",
  ];
  if (untitled.length > 0) {
    comments.push(
      `Only the content hash is known here for project${untitled.length > 1 ? "s" : ""} ${untitled.join(", ")}, so ${untitled.length > 1 ? "their names give it" : "its name gives it"} instead of a title.`,
    );
  }
  if (empty > 0)
    comments.push(`${empty} ballot${empty > 1 ? "s" : ""} naming no project ${empty > 1 ? "are" : "is"} left out.`);

  const { votingStart, votingEnd } = round.rules.schedule;
  const meta = new Map<string, string>([
    ["description", opts.description ?? `Buurtkas round ${round.roundId}, district ${districtId}`],
    ["country", "Netherlands"],
    ["unit", opts.unit ?? "Buurtkas"],
    ["district", String(districtId)],
    ["instance", `${round.roundId}-${districtId}`],
    ["num_projects", String(projects.length)],
    ["num_votes", String(votes.length)],
    ["budget", district.budget.toString()],
    ["vote_type", cumulative ? "cumulative" : "approval"],
    ["rule", opts.rule ?? RULE_OF_TALLY_RULE[round.rules.tallyRule] ?? "unknown"],
    ["date_begin", pabulibDate(votingStart)],
    ["date_end", pabulibDate(votingEnd)],
  ]);
  if (!cumulative && round.rules.minProjects > 0) meta.set("min_length", String(round.rules.minProjects));
  // A maximum of at least the number of projects limits nothing (and the format forbids it).
  if (!cumulative && round.rules.maxProjects > 0 && round.rules.maxProjects < projects.length) {
    meta.set("max_length", String(round.rules.maxProjects));
  }
  const { maxSpend } = spendLimits(round.rules, district.budget);
  if (!cumulative && maxSpend !== null) meta.set("max_sum_cost", maxSpend.toString());
  if (cumulative) meta.set("max_sum_points", String(round.rules.totalPoints));
  meta.set("language", "nl");
  meta.set("currency", "EUR");
  meta.set("comment", comments.map((c, i) => `#${i + 1}: ${c}`).join(" "));
  return { meta, projectColumns, projects, voteColumns, votes };
}

/** A unix time as pabulib writes dates: DD.MM.YYYY (UTC). */
function pabulibDate(seconds: number): string {
  const date = new Date(seconds * 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(date.getUTCDate())}.${two(date.getUTCMonth() + 1)}.${date.getUTCFullYear()}`;
}
