/**
 * lib/budget: the rules' shape taken from the build, the generated enum labels, the builder's
 * defaults, the phase by the schedule, the spend limits and the recount input. The contract's own
 * answers are compared in test/flows/budget-rounds.test.ts (through the same helpers).
 */
import { describe, expect, test } from "vitest";

import {
  BallotTypeLabels,
  ImplementationStatusLabels,
  PHASES,
  RULE_FIELDS,
  SCHEDULE_FIELDS,
  TieBreakLabels,
  UnknownEnumValueError,
  districtElection,
  labelOf,
  phaseOf,
  roundRules,
  ruleColumns,
  rulesFromChain,
  rulesFromColumns,
  rulesJson,
  rulesToStruct,
  DEFAULT_OBJECTION_WINDOW,
  scheduleFrom,
  scheduleSteps,
  shareBpsCovering,
  spendLimits,
  valueOf,
  type Rules,
} from "../../lib/budget/index.js";
import { encodeApproval, encodePoints } from "../../lib/ballots/encoding.js";
import { enumLabel } from "../../scripts/codegen/generate.js";

const HASH = `0x${"ab".repeat(32)}`;
const schedule = scheduleFrom(1_000, 100, 500);

function sampleRules(overrides: Partial<Rules> = {}): Rules {
  return {
    districts: [1, 2],
    budgets: [1000n, 500n],
    schedule,
    supportThreshold: 3,
    maxProposalsPerProposer: 2,
    ballotType: "approval",
    minProjects: 1,
    maxProjects: 4,
    minBudgetShareBps: 2_500,
    maxBudgetShareBps: 10_000,
    totalPoints: 0,
    maxPointsPerProject: 0,
    tallyRule: "greedy",
    tieBreak: "lower-id-first",
    objectionWindow: 0,
    rulesHash: HASH,
    secrecy: "public",
    ...overrides,
  };
}

describe("enum labels generated from the compiler's AST", () => {
  test("are the members in kebab-case, in declaration order", () => {
    expect(enumLabel("LowerCostFirst")).toBe("lower-cost-first");
    expect(enumLabel("InProgress")).toBe("in-progress");
    expect(enumLabel("Approval")).toBe("approval");
    expect(PHASES).toEqual([
      "scheduled",
      "proposals",
      "support",
      "review",
      "voting",
      "closed",
      "finalized",
      "cancelled",
    ]);
    expect(TieBreakLabels).toEqual(["lower-cost-first", "lower-id-first"]);
    expect(ImplementationStatusLabels).toEqual(["none", "planned", "in-progress", "done"]);
  });

  test("a number no member has is refused, naming the value and the members", () => {
    expect(labelOf(BallotTypeLabels, 1n)).toBe("cumulative");
    expect(() => labelOf(BallotTypeLabels, 2n, "ballot type")).toThrow(UnknownEnumValueError);
    expect(() => labelOf(BallotTypeLabels, 2n, "ballot type")).toThrow(/ballot type 2 is not one of 0 \(approval\)/);
    expect(valueOf(TieBreakLabels, "lower-id-first")).toBe(1);
  });
});

describe("the rules' fields come from the ABI", () => {
  test("in IBudgetRound.Rules order", () => {
    expect(RULE_FIELDS).toEqual(Object.keys(sampleRules()));
    expect(SCHEDULE_FIELDS).toEqual(["proposalsStart", "supportStart", "reviewStart", "votingStart", "votingEnd"]);
  });

  test("the struct createRound takes and the rules read back are the same rules", () => {
    const rules = sampleRules();
    const struct = rulesToStruct(rules);
    expect(struct).toMatchObject({ ballotType: 0, tallyRule: 0, tieBreak: 1, districts: [1, 2] });
    // What ethers hands over for RoundCreated / getRules: bigints everywhere.
    const fromChain = {
      ...struct,
      districts: [1n, 2n],
      budgets: [1000n, 500n],
      schedule: Object.fromEntries(SCHEDULE_FIELDS.map((f) => [f, BigInt(schedule[f])])),
      supportThreshold: 3n,
      ballotType: 0n,
      tieBreak: 1n,
    };
    expect(rulesFromChain(fromChain)).toEqual(rules);
  });

  test("an enum value the build does not know is refused", () => {
    const struct = { ...rulesToStruct(sampleRules()), tieBreak: 7n };
    expect(() => rulesFromChain(struct)).toThrow(/tieBreak 7 is not one of/);
  });

  test("database columns: one per field, the schedule flattened, read back from postgres.js values", () => {
    const rules = sampleRules();
    const columns = ruleColumns(rules);
    expect(Object.keys(columns)).toEqual([
      "districts",
      "budgets",
      "proposals_start",
      "support_start",
      "review_start",
      "voting_start",
      "voting_end",
      "support_threshold",
      "max_proposals_per_proposer",
      "ballot_type",
      "min_projects",
      "max_projects",
      "min_budget_share_bps",
      "max_budget_share_bps",
      "total_points",
      "max_points_per_project",
      "tally_rule",
      "tie_break",
      "objection_window",
      "rules_hash",
      "secrecy",
    ]);
    // bigint and numeric columns may come back as strings or bigints.
    const row = { ...columns, districts: ["1", "2"], budgets: ["1000", "500"], support_threshold: 3n, extra: true };
    expect(rulesFromColumns(row)).toEqual(rules);
    expect(() => rulesFromColumns({ ...row, tie_break: "lower_id_first" })).toThrow(
      /column tie_break is lower_id_first/,
    );
    const { voting_end: _, ...missing }: Record<string, unknown> = row;
    expect(() => rulesFromColumns(missing)).toThrow(/no column voting_end/);
  });

  test("the API's rules pair each district with its budget", () => {
    const json = rulesJson(sampleRules());
    expect(json.districts).toEqual([
      { district: 1, budget: "1000" },
      { district: 2, budget: "500" },
    ]);
    expect(json).not.toHaveProperty("budgets");
    expect(json.tieBreak).toBe("lower-id-first");
  });
});

describe("roundRules", () => {
  const base = { districts: [{ district: 3, budget: 700n }], schedule, rulesHash: HASH };

  test("approval: the knapsack ballot, greedy, cheaper first", () => {
    expect(roundRules(base)).toEqual({
      districts: [3],
      budgets: [700n],
      schedule,
      supportThreshold: 0,
      maxProposalsPerProposer: 0,
      ballotType: 0,
      minProjects: 0,
      maxProjects: 0,
      minBudgetShareBps: 0,
      maxBudgetShareBps: 10_000,
      totalPoints: 0,
      maxPointsPerProject: 0,
      tallyRule: 0,
      tieBreak: 0,
      objectionWindow: 0,
      rulesHash: HASH,
      secrecy: 0,
    });
  });

  test("equal shares: two weeks to object unless given; greedy has no window", () => {
    expect(roundRules({ ...base, tallyRule: "equal-shares-add1" })).toMatchObject({
      tallyRule: 1,
      objectionWindow: DEFAULT_OBJECTION_WINDOW,
    });
    expect(DEFAULT_OBJECTION_WINDOW).toBe(14 * 24 * 3600);
    expect(roundRules({ ...base, tallyRule: "equal-shares-add1", objectionWindow: 600 }).objectionWindow).toBe(600);
  });

  test("cumulative: 10 points, at most 5 on one project, no cost limit; given rules win", () => {
    expect(roundRules({ ...base, ballotType: "cumulative", maxPointsPerProject: 3 })).toMatchObject({
      ballotType: 1,
      maxBudgetShareBps: 0,
      totalPoints: 10,
      maxPointsPerProject: 3,
    });
  });

  test("scheduleFrom spaces the phases and lets voting run longer", () => {
    expect(scheduleFrom(10, 5, 100)).toEqual({
      proposalsStart: 10,
      supportStart: 15,
      reviewStart: 20,
      votingStart: 25,
      votingEnd: 125,
    });
  });
});

describe("phaseOf", () => {
  test("each phase starts at its schedule field, as IBudgetRound.phase has it", () => {
    const open = { cancelled: false, finalized: false };
    expect(phaseOf(schedule, schedule.proposalsStart - 1, open)).toBe("scheduled");
    expect(phaseOf(schedule, schedule.proposalsStart, open)).toBe("proposals");
    expect(phaseOf(schedule, schedule.supportStart, open)).toBe("support");
    expect(phaseOf(schedule, schedule.reviewStart, open)).toBe("review");
    expect(phaseOf(schedule, BigInt(schedule.votingStart), open)).toBe("voting");
    expect(phaseOf(schedule, schedule.votingEnd - 1, open)).toBe("voting");
    expect(phaseOf(schedule, schedule.votingEnd, open)).toBe("closed");
    expect(phaseOf(schedule, 0, { cancelled: false, finalized: true })).toBe("finalized");
    expect(phaseOf(schedule, 0, { cancelled: true, finalized: true })).toBe("cancelled");
    expect(scheduleSteps(schedule).map(([phase]) => phase)).toEqual([
      "proposals",
      "support",
      "review",
      "voting",
      "closed",
    ]);
  });
});

describe("spend limits", () => {
  test("the minimum rounds up, the maximum down, and 0 bps means no maximum", () => {
    expect(spendLimits({ minBudgetShareBps: 2_500, maxBudgetShareBps: 10_000 }, 999n)).toEqual({
      minSpend: 250n,
      maxSpend: 999n,
    });
    expect(spendLimits({ minBudgetShareBps: 0, maxBudgetShareBps: 3_333 }, 1000n)).toEqual({
      minSpend: 0n,
      maxSpend: 333n,
    });
    expect(spendLimits({ minBudgetShareBps: 0, maxBudgetShareBps: 0 }, 1000n).maxSpend).toBeNull();
  });

  test("shareBpsCovering gives the smallest share whose maximum spend reaches the cost", () => {
    for (const [cost, budget] of [
      [333n, 1000n],
      [1n, 7n],
      [7n, 7n],
      [12_345n, 99_999n],
    ] as const) {
      const bps = shareBpsCovering(cost, budget);
      expect(spendLimits({ minBudgetShareBps: 0, maxBudgetShareBps: bps }, budget).maxSpend).toBeGreaterThanOrEqual(
        cost,
      );
      expect(spendLimits({ minBudgetShareBps: 0, maxBudgetShareBps: bps - 1 }, budget).maxSpend! < cost).toBe(true);
    }
  });
});

describe("districtElection", () => {
  const positions = [
    { proposalId: 11n, cost: 300n },
    { proposalId: 12n, cost: 200n },
  ];

  test("approval bitmaps become proposal ids; a position off the ballot is reported, not counted", () => {
    const bad = { selection: encodeApproval([0, 5]) };
    const { election, badBallots } = districtElection({
      ballotType: "approval",
      tieBreak: "lower-cost-first",
      budget: 400n,
      positions,
      ballots: [{ selection: encodeApproval([0, 1]) }, bad],
    });
    expect(election).toEqual({
      projects: [
        { id: "11", cost: 300n },
        { id: "12", cost: 200n },
      ],
      budget: 400n,
      tieBreak: "lower-cost-first",
      ballots: [["11", "12"], ["11"]],
    });
    expect(badBallots).toEqual([{ ballot: bad, position: 5 }]);
  });

  test("cumulative points become points per proposal id", () => {
    const { election, badBallots } = districtElection({
      ballotType: "cumulative",
      tieBreak: "lower-id-first",
      budget: 400n,
      positions,
      ballots: [{ points: encodePoints([3, 2]) }, { points: encodePoints([0, 5]) }],
    });
    expect(election.ballots).toEqual([
      new Map([
        ["11", 3n],
        ["12", 2n],
      ]),
      new Map([["12", 5n]]),
    ]);
    expect(badBallots).toEqual([]);
  });
});
