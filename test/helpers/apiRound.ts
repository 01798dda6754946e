/**
 * A round as the API serves it (lib/api/schemas `round`), for tests of the front end's pure logic:
 * checked against the API's own schema, so a change of the answer's shape fails here first.
 */
import { round as roundSchema, type Phase, type Round } from "../../lib/api/schemas.js";

const HASH = "0x" + "ab".repeat(32);
const ADDRESS = "0x" + "11".repeat(20);

/** Round `roundId` in `phase` over `districts`, its voting from `votingStart` for 1,000 s. */
export function apiRound(roundId: number, phase: Phase, districts: number[], votingStart = 2_000_000_000): Round {
  return roundSchema.parse({
    roundId: String(roundId),
    phase,
    rules: {
      districts: districts.map((district) => ({ district, budget: "10000" })),
      schedule: {
        proposalsStart: votingStart - 4000,
        supportStart: votingStart - 3000,
        reviewStart: votingStart - 2000,
        votingStart,
        votingEnd: votingStart + 1000,
      },
      supportThreshold: 0,
      ballotType: "approval",
      minProjects: 0,
      maxProjects: 0,
      minBudgetShareBps: 0,
      maxBudgetShareBps: 10_000,
      totalPoints: 0,
      maxPointsPerProject: 0,
      maxProposalsPerProposer: 0,
      tallyRule: "greedy",
      tieBreak: "lower-cost-first",
      objectionWindow: 0,
      rulesHash: HASH,
      secrecy: "public",
    },
    creator: ADDRESS,
    createdAt: { blockNumber: "1", txHash: HASH },
    cancelled: phase === "cancelled",
    rulesContent: null,
  });
}
