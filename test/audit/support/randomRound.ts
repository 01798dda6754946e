/**
 * A randomized budget round on the in-process chain for the audit tests: random proposals (some
 * infeasible, some with a changed final cost), random online ballots, re-votes that replace them,
 * and paper ballots, with a ghost tally of the current ballots kept by the test itself.
 */
import type { Signer } from "ethers";

import { encodeApproval, encodePoints } from "../../../lib/ballots/encoding.js";
import type { BudgetRound } from "../../../types/ethers-contracts/index.js";
import {
  Phase,
  approvalRules,
  cumulativeRules,
  goToPhase,
  prepareRound,
  registerResidents,
  serial,
  type ProposalPlan,
  type Rules,
} from "../../helpers/rounds.js";
import type { System } from "../../helpers/system.js";
import { prng } from "../../helpers/pabulib.js";

let nextVoter = 0x5a0000n;

/** Fresh addresses the local chain lets us send from (impersonated, funded), registered in `district`. */
export async function newVoters(system: System, district: number, count: number): Promise<Signer[]> {
  const signers: Signer[] = [];
  for (let i = 0; i < count; i++) {
    const address = system.ethers.getAddress("0x" + (nextVoter++).toString(16).padStart(40, "0"));
    await system.connection.provider.request({ method: "hardhat_impersonateAccount", params: [address] });
    await system.networkHelpers.setBalance(address, 10n ** 20n);
    signers.push(await system.ethers.getSigner(address));
  }
  await registerResidents(system, district, signers);
  return signers;
}

export interface RandomRound {
  roundId: bigint;
  rules: Rules;
  /** Ghost tally: votes (or points) by position per district, from the current ballots. */
  expected: Map<number, bigint[]>;
  /** Proposal ids by position per district. */
  positions: Map<number, bigint[]>;
  ballots: { online: number; replaced: number; paper: number };
}

export interface RandomRoundOptions {
  seed: number;
  ballotType: "approval" | "cumulative";
  votersPerDistrict?: number;
  paperPerDistrict?: number;
  /** The contract to run the round on (default: the system's BudgetRound). */
  budgetRound?: BudgetRound;
}

/** Creates a random round, runs its voting phase, and leaves it in the voting phase. */
export async function randomRound(system: System, options: RandomRoundOptions): Promise<RandomRound> {
  const random = prng(options.seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const budgetRound = options.budgetRound ?? system.budgetRound;
  const on = { ...system, budgetRound } as System;
  const approval = options.ballotType === "approval";
  const tieBreak = int(0, 1);
  const rules = approval ? await approvalRules(system, { tieBreak }) : await cumulativeRules(system, { tieBreak });
  const budgets = new Map(rules.districts.map((d, i) => [Number(d), Number(rules.budgets[i])]));

  const plans: ProposalPlan[] = [];
  for (const district of [1, 2]) {
    const budget = budgets.get(district)!;
    for (let i = int(3, 7); i > 0; i--) {
      const cost = int(1, Math.floor(budget * 0.6));
      const roll = random();
      plans.push({
        district,
        // Few distinct costs, so equal votes and equal costs (the tie-break) come up.
        cost: random() < 0.3 ? 100 : cost,
        review: roll < 0.15 ? "infeasible" : "feasible",
        ...(roll > 0.85 ? { finalCost: Math.min(budget, cost + int(1, 50)) } : {}),
      });
    }
  }
  const voters = options.votersPerDistrict ?? 12;
  const residents: Record<number, Signer[]> = {
    1: await newVoters(system, 1, voters),
    2: await newVoters(system, 2, voters),
  };
  const prepared = await prepareRound(on, rules, plans, residents, Phase.Voting);
  const roundId = prepared.roundId;

  const expected = new Map<number, bigint[]>();
  const positions = new Map<number, bigint[]>();
  const costs = new Map<number, bigint[]>();
  for (const district of [1, 2]) {
    const [ids, ballotCosts] = await budgetRound.getBallot(roundId, district);
    positions.set(district, [...ids]);
    costs.set(district, [...ballotCosts]);
    expected.set(
      district,
      ids.map(() => 0n),
    );
  }
  const randomBallot = (district: number): number[] => {
    const length = positions.get(district)!.length;
    const cost = costs.get(district)!;
    if (approval) {
      const order = [...Array(length).keys()].sort(() => random() - 0.5);
      const chosen: number[] = [];
      let spent = 0n;
      for (const position of order) {
        if (spent + cost[position]! > BigInt(budgets.get(district)!)) continue;
        if (chosen.length > 0 && random() < 0.4) continue;
        chosen.push(position);
        spent += cost[position]!;
      }
      return Array.from({ length }, (_, p) => (chosen.includes(p) ? 1 : 0));
    }
    const points = Array.from({ length }, () => 0);
    let left = int(1, Math.min(Number(rules.totalPoints), 5 * length));
    while (left > 0) {
      const position = int(0, length - 1);
      const add = Math.min(left, 5 - points[position]!, int(1, 3));
      if (add <= 0) continue;
      points[position]! += add;
      left -= add;
    }
    return points;
  };
  const cast = async (signer: Signer | null, district: number, ballot: number[], paperSerial?: string) => {
    const contract = budgetRound.connect(signer ?? system.official);
    if (approval) {
      const selection = encodeApproval(ballot.flatMap((v, p) => (v ? [p] : [])));
      await (signer
        ? contract.castApprovalBallot(roundId, district, selection)
        : contract.recordPaperApprovalBallot(roundId, district, serial(paperSerial!), selection));
    } else {
      const points = encodePoints(ballot);
      await (signer
        ? contract.castCumulativeBallot(roundId, district, points)
        : contract.recordPaperCumulativeBallot(roundId, district, serial(paperSerial!), points));
    }
  };
  const add = (district: number, ballot: number[], sign: 1n | -1n) => {
    const tally = expected.get(district)!;
    ballot.forEach((v, p) => (tally[p]! += sign * BigInt(v)));
  };

  const counts = { online: 0, replaced: 0, paper: 0 };
  for (const district of [1, 2]) {
    if (positions.get(district)!.length === 0) continue;
    const current = new Map<Signer, number[]>();
    // Interleave first ballots, re-votes and paper ballots.
    const actions: ("vote" | "paper")[] = [
      ...Array<"vote">(voters + Math.floor(voters / 2)).fill("vote"),
      ...Array<"paper">(options.paperPerDistrict ?? int(1, 4)).fill("paper"),
    ].sort(() => random() - 0.5);
    for (const [i, action] of actions.entries()) {
      const ballot = randomBallot(district);
      if (action === "paper") {
        await cast(null, district, ballot, `r${roundId}-d${district}-${i}`);
        add(district, ballot, 1n);
        counts.paper++;
        continue;
      }
      const voter = residents[district]![int(0, voters - 1)]!;
      const earlier = current.get(voter);
      await cast(voter, district, ballot);
      if (earlier) {
        add(district, earlier, -1n);
        counts.replaced++;
      } else counts.online++;
      add(district, ballot, 1n);
      current.set(voter, ballot);
    }
  }
  return { roundId, rules, expected, positions, ballots: counts };
}

/** Ends the voting phase and finalizes the round. */
export async function finalizeRound(system: System, round: RandomRound, budgetRound = system.budgetRound) {
  await goToPhase(system, round.rules, Phase.Closed);
  await (await budgetRound.finalize(round.roundId)).wait();
}
