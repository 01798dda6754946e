import { parseArgs } from "node:util";

import { metaOf, toTallyElection } from "../../lib/pabulib/index.js";
import { explain, RULES, tally, TIE_BREAKS, type Language, type Rule, type TieBreak } from "../../lib/tally/index.js";
import { loadElection } from "./load.js";
import { UsageError } from "./usage.js";

export const TALLY_USAGE =
  "tally FILE --rule greedy|mes|mes-add1 [--tie-break lower-cost-first|lower-id-first] [--ignore-category-caps] [--lang en|nl] [--json]";

/**
 * `pb tally FILE --rule R`: counts a `.pb` election with the tally library and prints a table of
 * every project (cost, votes, selected, why), or with `--json` exactly
 * `{"selected":["id",...],"cost":N}` (ids in order of selection, N the total cost).
 * Greedy applies the file's budget_per_category as category caps unless `--ignore-category-caps`.
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
  const rule = values.rule;
  if (rule === undefined) throw new UsageError(`--rule is required: one of ${RULES.join(", ")}`);
  if (!RULES.includes(rule as Rule)) throw new UsageError(`--rule '${rule}' is not one of ${RULES.join(", ")}`);
  const tieBreak = values["tie-break"];
  if (!TIE_BREAKS.includes(tieBreak as TieBreak)) {
    throw new UsageError(`--tie-break '${tieBreak}' is not one of ${TIE_BREAKS.join(", ")}`);
  }
  const language = values.lang;
  if (language !== "en" && language !== "nl") throw new UsageError(`--lang '${language}' is not one of en, nl`);

  const file = positionals[0]!;
  const election = await loadElection(file);
  const meta = metaOf(election);
  const caps = rule === "greedy" && !values["ignore-category-caps"] && meta.budgetPerCategory !== undefined;
  const result = tally(toTallyElection(election, { tieBreak: tieBreak as TieBreak, categoryCaps: caps }), rule as Rule);

  if (values.json) {
    // The cost is written from its digits, exact at any size.
    console.log(`{"selected":${JSON.stringify(result.selected)},"cost":${result.cost}}`);
    return;
  }
  const names = new Map(election.projects.map((p) => [p.id, p.name?.trim() ?? ""]));
  console.log(
    `${file}: rule ${rule}, tie-break ${tieBreak}, budget ${meta.budget}, ${election.votes.length} voters, ${election.projects.length} projects` +
      (result.virtualBudget !== undefined && result.virtualBudget !== meta.budget
        ? `, shares from a virtual budget of ${result.virtualBudget}`
        : "") +
      (caps ? ", category caps from budget_per_category" : ""),
  );
  const rows = [...result.outcomes]
    .sort((a, b) => (a.step ?? Infinity) - (b.step ?? Infinity) || (a.votes > b.votes ? -1 : a.votes < b.votes ? 1 : 0))
    .map((o) => [
      o.id,
      o.cost.toString(),
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
    `selected ${result.selected.length} projects, total cost ${result.cost} of ${meta.budget}: ${result.selected.join(", ")}`,
  );
}
