/**
 * Which ballot a letter opens (frontend/src/pages/vote/letterRound.ts): the round the letter names
 * while it is in voting for the household's district, else the only round in voting there, else
 * a choice, else none with the next round's voting start.
 */
import { describe, expect, test } from "vitest";

import type { Round } from "../../lib/api/schemas.js";
import { apiRound as round } from "../helpers/apiRound.js";
import { chooseLetterRound, letterRoundParam } from "../../frontend/src/pages/vote/letterRound.js";

const ids = (rounds: Round[]) => rounds.map((r) => r.roundId);

describe("the round a letter opens", () => {
  test("the letter's round when it is in voting for the district, even next to another round in voting", () => {
    // The API lists the newest round first: the old page took the first in voting (round 5).
    const rounds = [round(5, "voting", [1, 2]), round(4, "voting", [1])];
    expect(chooseLetterRound(rounds, 1, "4")).toEqual({ kind: "go", roundId: "4" });
    expect(chooseLetterRound(rounds, 1, "5")).toEqual({ kind: "go", roundId: "5" });
  });

  test("a named round that is not in voting, or lacks the district, falls back to the one round in voting", () => {
    const rounds = [round(6, "support", [1]), round(5, "voting", [1]), round(4, "voting", [2])];
    expect(chooseLetterRound(rounds, 1, "6")).toEqual({ kind: "go", roundId: "5" });
    expect(chooseLetterRound(rounds, 1, "4")).toEqual({ kind: "go", roundId: "5" });
    expect(chooseLetterRound(rounds, 1, "99")).toEqual({ kind: "go", roundId: "5" });
    expect(chooseLetterRound(rounds, 1, null)).toEqual({ kind: "go", roundId: "5" });
  });

  test("several rounds in voting for the district and no usable named round: a choice, oldest first", () => {
    const rounds = [
      round(12, "voting", [3]),
      round(9, "voting", [1, 3]),
      round(10, "voting", [3]),
      round(8, "closed", [3]),
    ];
    const choice = chooseLetterRound(rounds, 3, null);
    expect(choice.kind).toBe("choose");
    if (choice.kind === "choose") expect(ids(choice.rounds)).toEqual(["9", "10", "12"]);
    const named = chooseLetterRound(rounds, 3, "8");
    expect(named.kind === "choose" && ids(named.rounds)).toEqual(["9", "10", "12"]);
  });

  test("none in voting: none, with the round whose voting opens first, the letter's round first of all", () => {
    const rounds = [
      round(7, "proposals", [1], 2_000_300_000),
      round(6, "review", [1], 2_000_200_000),
      round(5, "scheduled", [2], 2_000_100_000),
      round(4, "voting", [2]),
      round(3, "cancelled", [1], 2_000_000_000),
      round(2, "closed", [1]),
    ];
    const none = chooseLetterRound(rounds, 1, null);
    expect(none.kind === "none" && none.next?.roundId).toBe("6");
    const letters = chooseLetterRound(rounds, 1, "7");
    expect(letters.kind === "none" && letters.next?.roundId).toBe("7");
    // A named round already over does not stand for the next one.
    const over = chooseLetterRound(rounds, 1, "2");
    expect(over.kind === "none" && over.next?.roundId).toBe("6");
  });

  test("none in voting and none to come: none without a next round", () => {
    expect(chooseLetterRound([round(2, "closed", [1]), round(1, "finalized", [1])], 1, "2")).toEqual({
      kind: "none",
      next: null,
    });
    expect(chooseLetterRound([], 1, null)).toEqual({ kind: "none", next: null });
  });

  test("the address's round parameter: a round number, anything else names no round", () => {
    expect(letterRoundParam("4")).toBe("4");
    expect(letterRoundParam(" 007 ")).toBe("7");
    expect(letterRoundParam(null)).toBeNull();
    expect(letterRoundParam("")).toBeNull();
    expect(letterRoundParam("4a")).toBeNull();
    expect(letterRoundParam("-1")).toBeNull();
    expect(letterRoundParam("1".repeat(79))).toBeNull();
  });
});
