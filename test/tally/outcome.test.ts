import { describe, expect, test } from "vitest";

import { parsePabulib, toTallyElection } from "../../lib/pabulib/index.js";
import {
  mesAdd1,
  outcomeDifference,
  outcomeOf,
  sameOutcome,
  TALLY_LIBRARY_VERSION,
  type Election,
} from "../../lib/tally/index.js";
import { readPabulib } from "../helpers/pabulib.js";

describe("a committed outcome, recomputed from the ballots", () => {
  const assen = toTallyElection(parsePabulib(readPabulib("Netherlands_Assen_2024.pb")));

  test("outcomeOf is the rule's selection with the library version, the same on every call", () => {
    const outcome = outcomeOf(assen, "mes-add1");
    expect(outcome).toEqual({
      rule: "mes-add1",
      selected: ["3", "9", "2", "11", "13", "14", "5", "6", "12"],
      cost: 76_700n,
      libraryVersion: TALLY_LIBRARY_VERSION,
    });
    expect(outcome.selected).toEqual(mesAdd1(assen).selected);
    expect(outcomeOf(assen, "mes-add1")).toEqual(outcome);
    expect(TALLY_LIBRARY_VERSION).toMatch(/^buurtkas-tally\/\d+$/);
  });

  test("the ballots in another order give the same outcome", () => {
    const reversed: Election = { ...assen, ballots: [...(assen.ballots as string[][])].reverse() };
    expect(sameOutcome(outcomeOf(reversed, "mes-add1"), outcomeOf(assen, "mes-add1"))).toBe(true);
  });

  test("a miscommitted outcome: not the same, and the difference names the projects", () => {
    const recomputed = outcomeOf(assen, "mes-add1");
    const committed = { selected: ["3", "9", "2", "11", "13", "14", "5", "6", "7"] };
    expect(sameOutcome(committed, recomputed)).toBe(false);
    expect(outcomeDifference(committed, recomputed)).toEqual({ onlyCommitted: ["7"], onlyRecomputed: ["12"] });
    expect(sameOutcome({ selected: [...recomputed.selected].reverse() }, recomputed)).toBe(true);
    expect(sameOutcome({ selected: recomputed.selected.slice(1) }, recomputed)).toBe(false);
  });
});
