/**
 * `npm run bench:tally`: how long the tally library takes on the largest real elections in
 * data/pabulib: greedy, the Method of Equal Shares (one run) and MES with the Add1 completion (one
 * run per unit step, as its definition has it), timed in this process (no process start-up, file
 * parsed beforehand), each the median of `--repeat` runs (MES+Add1 of min(repeat, 3)). Prints a
 * table and then one JSON document (`--json`: only the JSON). Progress goes to standard error.
 *   --files A.pb,B.pb   elections to time (default: the approval elections with 2,500 voters or more)
 *   --repeat N          runs per rule (default 5)
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { metaOf, parsePabulib, toTallyElection } from "../../lib/pabulib/index.js";
import { greedy, mes, mesAdd1, TALLY_LIBRARY_VERSION, type TallyResult } from "../../lib/tally/index.js";
import { grouped, round, table } from "./support/stats.js";

const { values: flags } = parseArgs({
  options: {
    files: { type: "string" },
    repeat: { type: "string", default: "5" },
    json: { type: "boolean", default: false },
  },
});
const repeat = Number(flags.repeat);
if (!Number.isInteger(repeat) || repeat < 1) {
  console.error(`bench:tally: --repeat '${flags.repeat}' must be a whole number of at least 1`);
  process.exit(2);
}

const pabulibDir = path.resolve(import.meta.dirname, "../../data/pabulib");
const allFiles = readdirSync(pabulibDir)
  .filter((f) => f.endsWith(".pb"))
  .sort();
const elections = (flags.files?.split(",") ?? allFiles).map((file) => {
  const full = path.isAbsolute(file) || file.includes("/") ? file : path.join(pabulibDir, file);
  let text: string;
  try {
    text = readFileSync(full, "utf8");
  } catch {
    console.error(`bench:tally: cannot read ${full}`);
    process.exit(2);
  }
  const parsed = parsePabulib(text);
  return { file: path.basename(full), parsed, meta: metaOf(parsed) };
});
const chosen = flags.files
  ? elections
  : elections.filter((e) => e.meta.voteType === "approval" && e.parsed.votes.length >= 2_500);

function time(runs: number, count: () => TallyResult): { ms: number; result: TallyResult } {
  const samples: number[] = [];
  let result: TallyResult | undefined;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = count();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)]!, result: result! };
}

const rows = chosen.map(({ file, parsed, meta }) => {
  console.error(`[bench:tally] ${file}`);
  const election = toTallyElection(parsed);
  const voters = election.ballots.length;
  const g = time(repeat, () => greedy(election));
  const m = time(repeat, () => mes(election));
  const a = time(Math.min(repeat, 3), () => mesAdd1(election));
  const unit = election.currencyUnit ?? 1n;
  const steps = Number((a.result.virtualBudget! - election.budget) / (unit * BigInt(voters)));
  return {
    file,
    voters,
    projects: parsed.projects.length,
    rule: meta.rule ?? "",
    greedyMs: round(g.ms, 1),
    mesMs: round(m.ms, 1),
    mesAdd1Ms: round(a.ms, 1),
    add1Steps: steps,
    mesAdd1MsPerStep: round(a.ms / (steps + 1), 2),
    selected: { greedy: g.result.selected.length, mes: m.result.selected.length, mesAdd1: a.result.selected.length },
  };
});

const report = {
  library: TALLY_LIBRARY_VERSION,
  node: process.version,
  repeat,
  elections: rows,
};
if (!flags.json) {
  console.log(
    table(
      [
        "election",
        "voters",
        "projects",
        "greedy ms",
        "MES ms",
        "MES+Add1 ms",
        "Add1 steps",
        "ms per MES run",
        "selected G/M/A",
      ],
      rows.map((r) => [
        r.file.replace(/\.pb$/, ""),
        grouped(r.voters),
        String(r.projects),
        grouped(r.greedyMs, 1),
        grouped(r.mesMs, 1),
        grouped(r.mesAdd1Ms, 1),
        String(r.add1Steps),
        grouped(r.mesAdd1MsPerStep, 2),
        `${r.selected.greedy}/${r.selected.mes}/${r.selected.mesAdd1}`,
      ]),
    ),
  );
  console.log();
}
console.log(JSON.stringify(report));
