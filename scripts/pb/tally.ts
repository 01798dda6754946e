import { parseArgs } from "node:util";

import { formatAmount, metaOf, toTallyElection } from "../../lib/pabulib/index.js";
import {
  explain,
  PABULIB_RULES,
  ruleOfPabulib,
  RULES,
  tally,
  TIE_BREAKS,
  type Language,
  type Rule,
  type TieBreak,
} from "../../lib/tally/index.js";
import { loadElection } from "./load.js";
import { UsageError } from "./usage.js";

export const TALLY_USAGE =
  "tally FILE [--rule RULE] [--tie-break lower-cost-first|lower-id-first] [--ignore-category-caps] [--lang en|nl] [--json]";

const RULE_NAMES = [...RULES, ...Object.keys(PABULIB_RULES).filter((r) => !(RULES as readonly string[]).includes(r))];

/**
 * `pb tally FILE [--rule R]`: counts a `.pb` election with the tally library and prints a table of
 * every project (cost, votes, selected, why), or with `--json` exactly
 * `{"selected":["id",...],"cost":N}` (ids in order of selection, N the total cost in the file's
 * money, decimals as written). R is a library rule (greedy, mes, mes-add1, mes-comparison,
 * mes-add1-comparison) or a pabulib rule string (equalshares/add1, ...); without --rule the rule
 * the file's META names. Greedy applies the file's budget_per_category as category caps unless
 * `--ignore-category-caps`. Counted in one definite way but worth a mention (a project named twice
 * on a ballot): one line each on stderr.
 */
export async function tallyCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      rule: { type: "string" },
      "tie-break": { type: "string", default: "lower-cost-first" },
      "ignore-category-caps": { type: "boolean", default: false },
      lang: { type: "string", default: "en" },
      json: { type: "boolean", default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError(`pb tally takes exactly one FILE: ${TALLY_USAGE}`);
  if (values.rule !== undefined && !RULE_NAMES.includes(values.rule)) {
    throw new UsageError(`--rule '${values.rule}' is not one of ${RULE_NAMES.join(", ")}`);
  }
  const tieBreak = values["tie-break"];
  if (!TIE_BREAKS.includes(tieBreak as TieBreak)) {
    throw new UsageError(`--tie-break '${tieBreak}' is not one of ${TIE_BREAKS.join(", ")}`);
  }
  const language = values.lang;
  if (language !== "en" && language !== "nl") throw new UsageError(`--lang '${language}' is not one of en, nl`);

  const file = positionals[0]!;
  const election = await loadElection(file);
  const meta = metaOf(election);
  let rule: Rule;
  if (values.rule !== undefined) {
    rule = (RULES as readonly string[]).includes(values.rule) ? (values.rule as Rule) : ruleOfPabulib(values.rule)!;
  } else {
    const named = meta.rule === undefined ? undefined : ruleOfPabulib(meta.rule);
    if (named === undefined) {
      throw new UsageError(
        `${file}: its META names rule '${meta.rule ?? ""}', which the library does not count; give --rule (${RULE_NAMES.join(", ")})`,
      );
    }
    rule = named;
  }
  const ordinalPoints = meta.voteType === "ordinal" && rule === "greedy";
  if (rule !== "greedy" && meta.voteType !== "approval" && meta.voteType !== "choose-1") {
    throw new UsageError(
      `${file}: vote_type ${meta.voteType} cannot be counted by ${rule}: the Method of Equal Shares takes approval ballots`,
    );
  }
  for (const warning of election.warnings ?? []) console.error(`pb: ${file}: line ${warning.line}: ${warning.message}`);
  const caps = rule === "greedy" && !values["ignore-category-caps"] && meta.budgetPerCategory !== undefined;
  const result = tally(
    toTallyElection(election, {
      tieBreak: tieBreak as TieBreak,
      categoryCaps: caps,
      ordinal: ordinalPoints ? "positional" : "approval",
    }),
    rule,
  );
  const decimals = election.decimals ?? 0;
  const money = (amount: bigint) => formatAmount(amount, decimals);

  if (values.json) {
    // The cost is written from its digits, exact at any size.
    console.log(`{"selected":${JSON.stringify(result.selected)},"cost":${money(result.cost)}}`);
    return;
  }
  const names = new Map(election.projects.map((p) => [p.id, p.name?.trim() ?? ""]));
  console.log(
    `${file}: rule ${rule}, tie-break ${tieBreak}, budget ${money(meta.budget)}, ${election.votes.length} voters, ${election.projects.length} projects` +
      (result.virtualBudget !== undefined && result.virtualBudget !== meta.budget
        ? `, shares from a virtual budget of ${money(result.virtualBudget)}`
        : "") +
      (caps ? ", category caps from budget_per_category" : "") +
      (ordinalPoints ? ", ordinal ballots as points by position" : ""),
  );
  if (result.comparison) {
    const { prefersMes, prefersGreedy, winner } = result.comparison;
    console.log(
      `comparison step: ${prefersMes} voters prefer the Method of Equal Shares, ${prefersGreedy} greedy: ${winner === "mes" ? "MES outcome kept" : "greedy outcome taken"}`,
    );
  }
  const rows = [...result.outcomes]
    .sort((a, b) => (a.step ?? Infinity) - (b.step ?? Infinity) || (a.votes > b.votes ? -1 : a.votes < b.votes ? 1 : 0))
    .map((o) => [
      o.id,
      money(o.cost),
      o.votes.toString(),
      o.selected ? `yes (${o.step})` : "no",
      explain(o, language as Language),
      names.get(o.id)!.slice(0, 40),
    ]);
  const header = ["project", "cost", "votes", "selected", "reason", "name"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = [false, true, true, false, false, false];
  const format = (cells: string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join("  ");
  console.log(format(header));
  for (const row of rows) console.log(format(row));
  console.log(
    `selected ${result.selected.length} projects, total cost ${money(result.cost)} of ${money(meta.budget)}: ${result.selected.join(", ")}`,
  );
}
