/**
 * The auditor's recount of one district: the current ballots read from the chain's logs, counted
 * with lib/tally (greedy, the contract's rule, and Method of Equal Shares with Add1 for approval
 * rounds). Nothing here comes from the contract's storage, our database or our API.
 */
import { districtElection } from "../budget/index.js";
import type { ChainDistrict, ChainRound } from "../chain/roundLogs.js";
import {
  countVotes,
  explain,
  greedy,
  mesAdd1,
  outcomeFields,
  type Language,
  type TallyResult,
} from "../tally/index.js";

export interface ProjectExplanation {
  proposalId: string;
  cost: string;
  votes: string;
  selected: boolean;
  /** 1-based order of selection. */
  step: number | null;
  reason: string;
  text: string;
}

export interface RuleOutcome {
  rule: "greedy" | "mes-add1";
  /** Selected proposal ids in order of selection. */
  selected: string[];
  cost: string;
  explanation: ProjectExplanation[];
}

/** A ballot event that names a position outside the published ballot (a contract bug). */
export interface BadBallot {
  transactionHash: string;
  position: number;
}

export interface DistrictRecount {
  district: number;
  budget: bigint;
  published: boolean;
  /** Proposal id and final cost by ballot position. */
  positions: { proposalId: string; cost: bigint }[];
  onlineBallots: number;
  paperBallots: number;
  /** Online ballots that replaced an earlier one of the same voter. */
  replacedBallots: number;
  /** Votes (or points) by position. */
  tallies: bigint[];
  greedy: RuleOutcome;
  /** Approval rounds only. */
  mes: RuleOutcome | null;
  badBallots: BadBallot[];
}

/** Recounts every district of `round` from its current ballots. */
export function recountRound(round: ChainRound, language: Language = "en"): DistrictRecount[] {
  return round.rules.districts.map((id) => recountDistrict(round, round.districts.get(id)!, language));
}

export function recountDistrict(
  round: ChainRound,
  district: ChainDistrict,
  language: Language = "en",
): DistrictRecount {
  const ids = district.positions.map((p) => p.proposalId.toString());
  const approval = round.rules.ballotType === "approval";
  const counted = districtElection({
    ballotType: round.rules.ballotType,
    tieBreak: round.rules.tieBreak,
    budget: district.budget,
    positions: district.positions,
    ballots: district.ballots,
  });
  const election = counted.election;
  const badBallots: BadBallot[] = counted.badBallots.map((bad) => ({
    transactionHash: bad.ballot.transactionHash,
    position: bad.position,
  }));
  const votes = countVotes(election);
  const paperBallots = district.ballots.filter((b) => b.paper).length;
  return {
    district: district.id,
    budget: district.budget,
    published: district.published,
    positions: district.positions.map((p) => ({ proposalId: p.proposalId.toString(), cost: p.cost })),
    onlineBallots: district.ballots.length - paperBallots,
    paperBallots,
    replacedBallots: district.ballots.reduce((sum, b) => sum + b.versions - 1, 0),
    tallies: ids.map((id) => votes.get(id)!),
    greedy: outcome(greedy(election), language),
    mes: approval ? outcome(mesAdd1(election), language) : null,
    badBallots,
  };
}

function outcome(result: TallyResult, language: Language): RuleOutcome {
  return {
    rule: result.rule === "greedy" ? "greedy" : "mes-add1",
    selected: result.selected,
    cost: result.cost.toString(),
    explanation: result.outcomes.map((o) => ({ ...outcomeFields(o), text: explain(o, language) })),
  };
}
