/** The officials' round form (frontend/src/pages/officials/roundForm.ts): every rule, every bad value named. */
import { describe, expect, test } from "vitest";

import { SCHEDULE_FIELDS } from "../../lib/budget/index.js";
import { rulesDocument } from "../../lib/content/kinds.js";
import {
  checkRoundForm,
  defaultForm,
  MAX_OBJECTION_HOURS,
  percentToBps,
  rulesText,
  toLocalInput,
  type RoundFormInput,
} from "../../frontend/src/pages/officials/roundForm.js";

const NOW = 1_900_000_000;
const HASH = "0x" + "ab".repeat(32);

function form(change: (f: RoundFormInput) => void = () => {}): RoundFormInput {
  const f = defaultForm(NOW + 3600);
  f.name = "Wijkbudget 2027";
  f.districts = [
    { id: "1", name: "Centrum", budget: "50000" },
    { id: "4", name: "Noord", budget: "30000" },
  ];
  change(f);
  return f;
}

const problemsOf = (f: RoundFormInput) => {
  const result = checkRoundForm(f, NOW, HASH);
  return result.ok ? [] : result.problems.map((p) => ({ field: p.field, value: p.value, problem: p.problem }));
};

describe("round form", () => {
  test("a complete approval form gives the createRound struct with every rule as typed", () => {
    const result = checkRoundForm(
      form((f) => {
        f.supportThreshold = "5";
        f.maxProposalsPerProposer = "2";
        f.minProjects = "1";
        f.maxProjects = "4";
        f.minSpendPercent = "12,5";
        f.maxSpendPercent = "100";
        f.tieBreak = "lower-id-first";
      }),
      NOW,
      HASH,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const rules = result.rules;
    expect(rules.districts).toEqual([1, 4]);
    expect(rules.budgets).toEqual([50_000n, 30_000n]);
    expect(rules.supportThreshold).toBe(5);
    expect(rules.maxProposalsPerProposer).toBe(2);
    expect([rules.minProjects, rules.maxProjects, rules.minBudgetShareBps, rules.maxBudgetShareBps]).toEqual([
      1, 4, 1250, 10_000,
    ]);
    expect([rules.totalPoints, rules.maxPointsPerProject]).toEqual([0, 0]);
    expect(rules.tieBreak).toBe(1);
    expect(rules.rulesHash).toBe(HASH);
    expect(rules.schedule.proposalsStart).toBe(NOW + 3600 - ((NOW + 3600) % 60));
    expect(result.districts.map((d) => d.name)).toEqual(["Centrum", "Noord"]);
  });

  test("a cumulative form carries points and no approval constraints", () => {
    const result = checkRoundForm(
      form((f) => {
        f.ballotType = "cumulative";
        f.totalPoints = "12";
        f.maxPointsPerProject = "4";
        f.minProjects = "3"; // hidden for cumulative: ignored
      }),
      NOW,
      HASH,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect([result.rules.totalPoints, result.rules.maxPointsPerProject, result.rules.minProjects]).toEqual([12, 4, 0]);
    expect(result.rules.ballotType).toBe(1);
  });

  test("every bad value is named with its field and value, all at once", () => {
    const problems = problemsOf(
      form((f) => {
        f.name = "";
        f.districts = [
          { id: "1", name: "Centrum", budget: "abc" },
          { id: "1", name: "", budget: "0" },
          { id: "0", name: "Zuid", budget: "100" },
        ];
        f.supportThreshold = "-1";
        f.maxProposalsPerProposer = "70000";
        f.minProjects = "5";
        f.maxProjects = "2";
        f.minSpendPercent = "120";
        f.maxSpendPercent = "veel";
      }),
    );
    expect(problems).toEqual([
      { field: "r-name", value: "", problem: "required" },
      { field: "r-budget-0", value: "abc", problem: "not_whole_number" },
      { field: "r-district-1", value: "1", problem: "duplicate" },
      { field: "r-district-name-1", value: "", problem: "required" },
      { field: "r-budget-1", value: "0", problem: "too_small" },
      { field: "r-district-2", value: "0", problem: "too_small" },
      { field: "r-threshold", value: "-1", problem: "not_whole_number" },
      { field: "r-per-proposer", value: "70000", problem: "too_large" },
      { field: "r-max-projects", value: "2", problem: "below_minimum" },
      { field: "r-min-spend", value: "120", problem: "too_large" },
      { field: "r-max-spend", value: "veel", problem: "not_a_percentage" },
    ]);
  });

  test("the schedule: the first phase not in the past, each phase after the one before", () => {
    const times = (f: RoundFormInput, offsets: number[]) =>
      SCHEDULE_FIELDS.forEach((field, i) => (f.schedule[field] = toLocalInput(NOW + offsets[i]!)));
    expect(problemsOf(form((f) => times(f, [-3600, 100, 100, 200, 300])))).toEqual([
      { field: "r-proposalsStart", value: toLocalInput(NOW - 3600), problem: "in_past" },
    ]);
    // Review may start when support does (no support phase); voting must come strictly later.
    expect(problemsOf(form((f) => times(f, [600, 1200, 1200, 1200, 900])))).toEqual([
      { field: "r-votingStart", value: toLocalInput(NOW + 1200), problem: "not_after" },
      { field: "r-votingEnd", value: toLocalInput(NOW + 900), problem: "not_after" },
    ]);
    expect(problemsOf(form((f) => (f.schedule.votingEnd = "morgen")))).toEqual([
      { field: "r-votingEnd", value: "morgen", problem: "not_a_date" },
    ]);
  });

  test("cumulative points: at least one, and no more per project than in total", () => {
    expect(
      problemsOf(
        form((f) => {
          f.ballotType = "cumulative";
          f.totalPoints = "3";
          f.maxPointsPerProject = "4";
        }),
      ),
    ).toEqual([{ field: "r-points-project", value: "4", problem: "too_large" }]);
    expect(problemsOf(form((f) => ((f.ballotType = "cumulative"), (f.totalPoints = "0"))))).toEqual([
      { field: "r-points", value: "0", problem: "too_small" },
    ]);
  });

  test("the objection window: asked in hours for equal shares (two weeks unless changed), none for greedy", () => {
    const greedy = checkRoundForm(
      form((f) => (f.objectionWindowHours = "veel")),
      NOW,
      HASH,
    );
    if (!greedy.ok) throw new Error(JSON.stringify(greedy.problems));
    expect(greedy.rules.objectionWindow).toBe(0);
    const standard = checkRoundForm(
      form((f) => (f.tallyRule = "equal-shares-add1")),
      NOW,
      HASH,
    );
    if (!standard.ok) throw new Error(JSON.stringify(standard.problems));
    expect(standard.rules.objectionWindow).toBe(14 * 24 * 3600);
    expect(standard.rules.tallyRule).toBe(1);
    const day = checkRoundForm(
      form((f) => ((f.tallyRule = "equal-shares-add1"), (f.objectionWindowHours = "24"))),
      NOW,
      HASH,
    );
    if (!day.ok) throw new Error(JSON.stringify(day.problems));
    expect(day.rules.objectionWindow).toBe(86_400);
    expect(MAX_OBJECTION_HOURS * 3600).toBeLessThanOrEqual(4_294_967_295);
  });

  test("a bad objection window, and equal shares on a points ballot, are named with field and value", () => {
    const mes = (hours: string) => form((f) => ((f.tallyRule = "equal-shares-add1"), (f.objectionWindowHours = hours)));
    expect(problemsOf(mes("0"))).toEqual([{ field: "r-objection", value: "0", problem: "too_small" }]);
    expect(problemsOf(mes("1,5"))).toEqual([{ field: "r-objection", value: "1,5", problem: "not_whole_number" }]);
    expect(problemsOf(mes(""))).toEqual([{ field: "r-objection", value: "", problem: "required" }]);
    expect(problemsOf(mes(String(MAX_OBJECTION_HOURS + 1)))).toEqual([
      { field: "r-objection", value: String(MAX_OBJECTION_HOURS + 1), problem: "too_large" },
    ]);
    const result = checkRoundForm(mes(String(MAX_OBJECTION_HOURS + 1)), NOW, HASH);
    expect(result.ok ? null : result.problems[0]!.limit).toBe(String(MAX_OBJECTION_HOURS));
    expect(
      problemsOf(
        form((f) => {
          f.tallyRule = "equal-shares-add1";
          f.ballotType = "cumulative";
        }),
      ),
    ).toEqual([{ field: "r-tally", value: "equal-shares-add1", problem: "needs_approval_ballot" }]);
  });

  test("ballot secrecy: public unless chosen, secret carried into the createRound struct", () => {
    const standard = checkRoundForm(form(), NOW, HASH);
    if (!standard.ok) throw new Error(JSON.stringify(standard.problems));
    expect(standard.rules.secrecy).toBe(0);
    const secret = checkRoundForm(
      form((f) => ((f.secrecy = "secret"), (f.tallyRule = "equal-shares-add1"))),
      NOW,
      HASH,
    );
    if (!secret.ok) throw new Error(JSON.stringify(secret.problems));
    expect([secret.rules.secrecy, secret.rules.ballotType, secret.rules.tallyRule]).toEqual([1, 0, 1]);
  });

  test("secret ballots on a points ballot are refused, as BudgetRound refuses them, with field and value", () => {
    expect(
      problemsOf(
        form((f) => {
          f.secrecy = "secret";
          f.ballotType = "cumulative";
        }),
      ),
    ).toEqual([{ field: "r-secrecy", value: "secret", problem: "secret_needs_approval_ballot" }]);
    // A public points ballot stays allowed.
    expect(problemsOf(form((f) => (f.ballotType = "cumulative")))).toEqual([]);
  });

  test("a secrecy the contract does not know is named as an unknown option", () => {
    expect(
      problemsOf(
        form((f) => {
          (f as { secrecy: string }).secrecy = "anonymous";
        }),
      ),
    ).toEqual([{ field: "r-secrecy", value: "anonymous", problem: "unknown_option" }]);
  });

  test("hiding the standings is written into the published rules text only when chosen", () => {
    expect(rulesText(form())).not.toHaveProperty("hideStandingsUntilClosed");
    expect(rulesText(form((f) => (f.hideStandingsUntilClosed = true)))).toEqual({
      title: "Wijkbudget 2027",
      text: "",
      districts: [
        { district: 1, name: "Centrum" },
        { district: 4, name: "Noord" },
      ],
      hideStandingsUntilClosed: true,
    });
    expect(
      rulesDocument.parse(rulesText(form((f) => (f.hideStandingsUntilClosed = true)))).hideStandingsUntilClosed,
    ).toBe(true);
    // The chain's rules are the same either way: the option lives in the text the rulesHash anchors.
    const shown = checkRoundForm(form(), NOW, HASH);
    const hidden = checkRoundForm(
      form((f) => (f.hideStandingsUntilClosed = true)),
      NOW,
      HASH,
    );
    expect(shown.ok && hidden.ok && shown.rules).toEqual(hidden.ok && hidden.rules);
  });

  test("percentages take a comma or a point and two decimals at most", () => {
    expect([
      percentToBps("50"),
      percentToBps("12,5"),
      percentToBps("0.01"),
      percentToBps("1.234"),
      percentToBps(""),
    ]).toEqual([5000, 1250, 1, null, null]);
  });
});
