import { parseArgs } from "node:util";

import { loadElection } from "./load.js";
import { UsageError } from "./usage.js";
import { explain, RULES, tally, type Rule, type TieBreak } from "../../lib/tally/index.js";
import { toTallyElection } from "../../lib/pabulib/index.js";

const TIE_BREAKS: readonly TieBreak[] = ["lower-cost-first", "lower-id-first"];

/** `pb tally FILE --rule greedy|mes|mes-add1 [--tie-break ...] [--category-caps] [--json]` */
export async function tallyCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      rule: { type: "string" },
      "tie-break": { type: "string", default: "lower-cost-first" },
      "category-caps": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError("pb tally takes exactly one FILE");
  const rule = values.rule;
  if (rule === undefined) throw new UsageError(`--rule is required: one of ${RULES.join(", ")}`);
  if (!RULES.includes(rule as Rule)) throw new UsageError(`--rule "${rule}" is not one of ${RULES.join(", ")}`);
  const tieBreak = values["tie-break"]!;
  if (!TIE_BREAKS.includes(tieBreak as TieBreak)) {
    throw new UsageError(`--tie-break "${tieBreak}" is not one of ${TIE_BREAKS.join(", ")}`);
  }
  const election = await loadElection(positionals[0]!);
  const result = tally(
    toTallyElection(election, { tieBreak: tieBreak as TieBreak, categoryCaps: values["category-caps"]! }),
    rule as Rule,
  );
  if (values.json) {
    console.log(JSON.stringify({ selected: result.selected, cost: Number(result.cost) }));
    return;
  }
  const names = new Map(election.projects.map((p) => [p.id, p.name ?? ""]));
  console.log(`${positionals[0]}: ${rule}, budget ${election.meta.get("budget")}, ${election.votes.length} voters`);
  console.log(`${"project".padEnd(10)} ${"cost".padStart(10)} ${"votes".padStart(7)}  sel  reason`);
  for (const outcome of [...result.outcomes].sort(
    (a, b) => (a.step ?? 1e9) - (b.step ?? 1e9) || Number(b.votes - a.votes),
  )) {
    console.log(
      `${outcome.id.padEnd(10)} ${outcome.cost.toString().padStart(10)} ${outcome.votes.toString().padStart(7)}  ${outcome.selected ? " x " : "   "}  ${explain(outcome, "en")}  ${names.get(outcome.id)?.slice(0, 40) ?? ""}`,
    );
  }
  console.log(`selected ${result.selected.length} projects costing ${result.cost}: ${result.selected.join(", ")}`);
}
