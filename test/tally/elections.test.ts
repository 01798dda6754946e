import { describe, expect, test } from "vitest";

import { parsePabulib, toTallyElection, type PbElection } from "../../lib/pabulib/index.js";
import { explain, greedy, mes, mesAdd1, PABULIB_RULES, Rational, ruleOfPabulib, tally } from "../../lib/tally/index.js";
import { readPabulib } from "../helpers/pabulib.js";
import { referenceAdd1 } from "./reference.js";

const official = (election: PbElection) =>
  election.projects
    .filter((p) => p.selected)
    .map((p) => p.id)
    .sort();

describe("the real elections in data/pabulib", () => {
  const assen = parsePabulib(readPabulib("Netherlands_Assen_2024.pb"));
  const assenElection = toTallyElection(assen);

  test("Assen 2024: MES with the Add1 completion (no greedy completion) gives exactly the official winners", () => {
    expect(assen.meta.get("rule")).toBe("equalshares/add1");
    const result = mesAdd1(assenElection);
    expect([...result.selected].sort()).toEqual(official(assen));
    expect(official(assen)).toEqual(["11", "12", "13", "14", "2", "3", "5", "6", "9"]);
    expect(result.cost).toBe(76_700n);
    // 843 one-unit steps above the budget of 100000 for 84 voters; the 844th overspends.
    expect(result.virtualBudget).toBe(100_000n + 843n * 84n);
    expect(mes(assenElection, result.virtualBudget! + 84n).cost).toBeGreaterThan(100_000n);
  });

  test("Assen 2024: equals the definition tried one unit at a time with plain rationals", () => {
    const reference = referenceAdd1(assenElection);
    expect(reference.k).toBe(843);
    const result = mesAdd1(assenElection);
    expect({ selected: result.selected, cost: result.cost }).toEqual({
      selected: reference.selected,
      cost: reference.cost,
    });
  });

  test("Assen 2024: plain MES and Add1 with a greedy completion do not give the official winners", () => {
    expect([...mes(assenElection).selected].sort()).not.toEqual(official(assen));
    // Project 7 (RuBox, 12000, 10 votes) fits in the 23300 Add1 leaves; the city did not fund it.
    const completed = mesAdd1(assenElection, { completion: "greedy" });
    expect([...completed.selected].sort()).toEqual([...official(assen), "7"].sort());
  });

  test("Assen 2024: explanations in Dutch and English", () => {
    const result = mesAdd1(assenElection);
    const popUp = result.outcomes.find((o) => o.id === "3")!;
    expect(popUp.rho).toEqual(Rational.of(7200n, 43n));
    expect(explain(popUp, "nl")).toBe(
      "Gekozen als 1e: de 43 voorstanders betaalden het uit hun gelijke aandeel, ieder hooguit €\u00a0167,44.",
    );
    const crossbaan = result.outcomes.find((o) => o.id === "8")!;
    expect(explain(crossbaan, "en")).toBe(
      "Not selected: its 25 supporters together had too little left of their equal shares.",
    );
  });

  test("the comparison step: greedy's outcome only when strictly more voters prefer it", () => {
    // Plain MES against greedy: 8 voters approve more of MES's projects, 24 more of greedy's.
    const plain = tally(assenElection, "mes-comparison");
    expect(plain.comparison).toEqual({ prefersMes: 8, prefersGreedy: 24, winner: "greedy" });
    expect(plain.selected).toEqual(greedy(assenElection).selected);
    expect(plain.rule).toBe("mes-comparison");
    // After Add1 it is 21 against 21: a tie keeps the Method of Equal Shares.
    const add1 = tally(assenElection, "mes-add1-comparison");
    expect(add1.comparison).toEqual({ prefersMes: 21, prefersGreedy: 21, winner: "mes" });
    expect(add1.selected).toEqual(mesAdd1(assenElection).selected);
  });

  test("pabulib's rule strings name the library's rules", () => {
    expect(PABULIB_RULES).toEqual({
      greedy: "greedy",
      equalshares: "mes",
      "equalshares-comparison": "mes-comparison",
      "equalshares/add1": "mes-add1",
      "equalshares/add1-comparison": "mes-add1-comparison",
    });
    expect(ruleOfPabulib("greedy-no-skip")).toBeUndefined();
    expect(ruleOfPabulib("toString")).toBeUndefined();
  });

  test("Świecie 2023 (equalshares/add1): the official winners, and the comparison step keeps them", () => {
    const swiecie = parsePabulib(readPabulib("Poland_Swiecie_2023.pb"));
    const election = toTallyElection(swiecie);
    expect([...mesAdd1(election).selected].sort()).toEqual(official(swiecie));
    const compared = tally(election, "mes-add1-comparison");
    expect(compared.comparison).toEqual({ prefersMes: 1245, prefersGreedy: 363, winner: "mes" });
    expect([...compared.selected].sort()).toEqual(official(swiecie));
  });
});
