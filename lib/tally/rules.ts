/**
 * The published rules by name, pabulib's rule strings, and the comparison step.
 *
 * pabulib's `rule` field names four variants of the Method of Equal Shares (pabulib's format page
 * and its checker, which recomputes each): `equalshares` (MES alone), `equalshares/add1` (MES with
 * the Add1 completion), and both with `-comparison`: afterwards the outcome is compared with the
 * greedy (utilitarian) outcome, each voter preferring the one that funds more of the projects they
 * approved; if more voters prefer greedy's, greedy's outcome is the result. This is the
 * "comparison step" of equalshares.net's compute tool in its `satisfaction` mode, which the pabulib
 * checker uses; Wieliczka 2023 and Świecie 2023 used it (MES won both comparisons).
 */
import { greedy } from "./greedy.js";
import { mes, mesAdd1, prepare } from "./mes.js";
import { TallyError, type Election, type Rule, type TallyResult } from "./types.js";

/** pabulib's rule strings that the library counts, with the rule each one is. */
export const PABULIB_RULES: Readonly<Record<string, Rule>> = {
  greedy: "greedy",
  equalshares: "mes",
  "equalshares-comparison": "mes-comparison",
  "equalshares/add1": "mes-add1",
  "equalshares/add1-comparison": "mes-add1-comparison",
};

/** The rule a pabulib `rule` string names, undefined for one the library does not count. */
export function ruleOfPabulib(text: string): Rule | undefined {
  return Object.hasOwn(PABULIB_RULES, text) ? PABULIB_RULES[text] : undefined;
}

/** The pabulib `rule` string of a rule. */
export function pabulibRuleOf(rule: Rule): string {
  return Object.entries(PABULIB_RULES).find(([, r]) => r === rule)![0];
}

/** How the comparison step of a `-comparison` rule came out. */
export interface Comparison {
  /** Voters who approve more projects of the MES outcome than of greedy's. */
  prefersMes: number;
  /** Voters who approve more projects of greedy's outcome than of the MES one. */
  prefersGreedy: number;
  /** The outcome taken: MES unless strictly more voters prefer greedy's. */
  winner: "mes" | "greedy";
}

/**
 * The comparison step: `result` (an MES outcome) against greedy by approvals on the same election
 * (the published tie-break; unvoted projects are never funded), counted per voter by how many of
 * their approved projects each funds. Greedy's outcome replaces the MES one only when strictly
 * more voters prefer it.
 */
export function compareWithGreedy(election: Election, result: TallyResult, rule: Rule): TallyResult {
  const { supporters, projects } = prepare(election);
  const utilitarian = greedy({ ...election, categoryCaps: undefined });
  const count = (selected: readonly string[]) => {
    const chosen = new Set(selected);
    const approved = new Int32Array(election.ballots.length);
    projects.forEach((p, i) => {
      if (chosen.has(p.id)) for (const voter of supporters[i]!) approved[voter]!++;
    });
    return approved;
  };
  const byMes = count(result.selected);
  const byGreedy = count(utilitarian.selected);
  let prefersMes = 0;
  let prefersGreedy = 0;
  for (let voter = 0; voter < byMes.length; voter++) {
    if (byMes[voter]! > byGreedy[voter]!) prefersMes++;
    else if (byGreedy[voter]! > byMes[voter]!) prefersGreedy++;
  }
  const winner = prefersGreedy > prefersMes ? "greedy" : "mes";
  const taken = winner === "greedy" ? utilitarian : result;
  return { ...taken, rule, comparison: { prefersMes, prefersGreedy, winner } };
}

/** Counts an election by one of the published rules (Add1 with its defaults). */
export function tally(election: Election, rule: Rule): TallyResult {
  switch (rule) {
    case "greedy":
      return greedy(election);
    case "mes":
      return mes(election);
    case "mes-add1":
      return mesAdd1(election);
    case "mes-comparison":
      return compareWithGreedy(election, mes(election), rule);
    case "mes-add1-comparison":
      return compareWithGreedy(election, mesAdd1(election), rule);
    default:
      throw new TallyError(`unknown rule ${String(rule)}`);
  }
}
