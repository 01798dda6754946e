/**
 * The round the officials' letters may name (frontend/src/pages/officials/letterRoundChoice.ts),
 * shared by the vote-code desk (one district) and the register import (several districts): only
 * rounds whose voting has not ended are offered, and a round is refused, by field and value, when
 * it lacks a district the letters are for, naming every district it lacks.
 */
import { describe, expect, test } from "vitest";

import type { Round } from "../../lib/api/schemas.js";
import { apiRound as round } from "../helpers/apiRound.js";
import { checkLetterRound, letterRounds } from "../../frontend/src/pages/officials/letterRoundChoice.js";

const nameOf = (r: Round) => `Ronde ${r.roundId}`;
const ROUNDS = [round(7, "voting", [1, 2, 3]), round(6, "proposals", [1]), round(5, "scheduled", [4])];

describe("the rounds a letter may name", () => {
  test("every round whose voting has not ended, in the given order; none past voting", () => {
    const all = (
      ["scheduled", "proposals", "support", "review", "voting", "closed", "finalized", "cancelled"] as const
    ).map((phase, i) => round(i + 1, phase, [1]));
    expect(letterRounds(all).map((r) => r.phase)).toEqual(["scheduled", "proposals", "support", "review", "voting"]);
  });
});

describe("checking the chosen round", () => {
  test("no round chosen: the letters name none, whatever the districts", () => {
    expect(checkLetterRound({ field: "im-round", roundId: "", rounds: ROUNDS, districts: [1, 9], nameOf })).toEqual({
      round: null,
    });
  });

  test("a round with every district of the letters is chosen", () => {
    const choice = checkLetterRound({
      field: "im-round",
      roundId: "7",
      rounds: ROUNDS,
      districts: [3, 1, 2, 1],
      nameOf,
    });
    expect(choice).toEqual({ round: ROUNDS[0] });
  });

  test("one district missing (the vote-code desk's case): named with the round, in the field", () => {
    expect(checkLetterRound({ field: "ic-round", roundId: "6", rounds: ROUNDS, districts: [2], nameOf })).toEqual({
      problem: {
        field: "ic-round",
        label: { key: "letterRoundLabel" },
        value: "Ronde 6",
        problem: "round_lacks_district",
        limit: "2",
      },
    });
  });

  test("an import spanning districts the round lacks: every missing district named once, in order", () => {
    expect(
      checkLetterRound({ field: "im-round", roundId: "6", rounds: ROUNDS, districts: [3, 1, 2, 3], nameOf }),
    ).toEqual({
      problem: {
        field: "im-round",
        label: { key: "letterRoundLabel" },
        value: "Ronde 6",
        problem: "round_lacks_districts",
        limit: "2, 3",
      },
    });
  });

  test("a round that is not offered (unknown, or past voting) is refused by its value", () => {
    const offered = letterRounds([...ROUNDS, round(4, "closed", [1])]);
    for (const roundId of ["4", "99"]) {
      expect(checkLetterRound({ field: "im-round", roundId, rounds: offered, districts: [1], nameOf })).toEqual({
        problem: { field: "im-round", label: { key: "letterRoundLabel" }, value: roundId, problem: "unknown_option" },
      });
    }
  });
});
