import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";

import { readRoundFromChain } from "../../lib/chain/roundLogs.js";
import {
  budgetOf,
  metaInteger,
  PabulibError,
  serializePabulib,
  toTallyElection,
  voteTypeOf,
} from "../../lib/pabulib/index.js";
import { exportRound } from "../../lib/pabulib/exportRound.js";
import { compareIds, greedy, type TieBreak } from "../../lib/tally/index.js";
import { loadElection } from "./load.js";
import { replayElection } from "./replayRound.js";
import { UsageError } from "./usage.js";

const TIE_BREAK: TieBreak = "lower-cost-first";

/** `pb replay FILE [--json] [--export OUT.pb]` */
export async function replayCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: "boolean", default: false }, export: { type: "string" } },
  });
  if (positionals.length !== 1) throw new UsageError("pb replay takes exactly one FILE");
  const file = positionals[0]!;
  const election = await loadElection(file);
  const budget = budgetOf(election);
  let ballotType: "approval" | "cumulative";
  try {
    ballotType = voteTypeOf(election);
  } catch (error) {
    if (error instanceof PabulibError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
  if ((election.decimals ?? 0) > 0) {
    throw new UsageError(`${file}: amounts with decimals cannot be replayed: on chain costs are whole currency units`);
  }
  for (const project of election.projects) {
    if (project.cost === 0n || project.cost > budget || project.cost > 0xffffffffn) {
      throw new UsageError(
        `${file}: project ${project.id} costs ${project.cost}; on chain a cost must be 1..budget (${budget})`,
      );
    }
  }
  // Proposals go on chain in ascending id, so the contract's lower-id-first equals the library's.
  const projects = [...election.projects]
    .sort((a, b) => compareIds(a.id, b.id))
    .map((p) => ({ id: p.id, cost: p.cost }));
  const tallyElection = toTallyElection(election, { tieBreak: TIE_BREAK });
  const maxSumCost = metaInteger(election, "max_sum_cost");
  const minLength = metaInteger(election, "min_length");
  const maxLength = metaInteger(election, "max_length");
  const totalPoints = metaInteger(election, "max_sum_points");

  const started = performance.now();
  const log = values.json
    ? () => {}
    : (step: string, done?: number, total?: number) =>
        console.error(`[replay] ${step}${total ? ` ${done}/${total}` : ""}`);
  const result = await replayElection(
    {
      budget,
      ballotType,
      projects,
      ballots: tallyElection.ballots.map((b) =>
        b instanceof Map ? new Map([...b].map(([id, points]) => [id, Number(points)])) : b,
      ) as (readonly string[] | ReadonlyMap<string, number>)[],
      ...(minLength !== undefined ? { minProjects: minLength } : {}),
      ...(maxLength !== undefined ? { maxProjects: maxLength } : {}),
      ...(maxSumCost !== undefined ? { maxBallotCost: BigInt(maxSumCost) } : {}),
      ...(totalPoints !== undefined ? { totalPoints } : {}),
      tieBreak: TIE_BREAK,
    },
    log,
  );
  try {
    const seconds = (performance.now() - started) / 1000;
    const library = greedy(tallyElection);
    const sameSet = (a: string[], b: string[]) =>
      a.length === b.length && [...a].sort().join() === [...b].sort().join();
    const official = election.projects.some((p) => p.selected !== undefined)
      ? election.projects.filter((p) => p.selected).map((p) => p.id)
      : undefined;
    const gas = [...result.ballotGas].sort((a, b) => a - b);
    const report = {
      file,
      voters: election.votes.length,
      projects: election.projects.length,
      onChain: { selected: result.selected, cost: Number(result.cost) },
      library: { rule: "greedy", selected: library.selected, cost: Number(library.cost) },
      matchesLibraryGreedy: sameSet(result.selected, library.selected),
      official: official ?? null,
      matchesOfficial: official ? sameSet(result.selected, official) : null,
      gasPerBallot: gas.length ? { min: gas[0]!, median: gas[Math.floor(gas.length / 2)]!, max: gas.at(-1)! } : null,
      finalizeGas: result.finalizeGas,
      seconds: Math.round(seconds * 10) / 10,
    };
    if (values.export !== undefined) {
      const round = await readRoundFromChain(result.provider, result.budgetRound, result.roundId);
      await writeFile(values.export, serializePabulib(exportRound(round, 1, election.meta.get("description"))));
    }
    if (values.json) {
      console.log(JSON.stringify(report));
      return;
    }
    console.log(`${file}: ${report.voters} ballots, ${report.projects} projects, replayed in ${report.seconds} s`);
    console.log(`on-chain winners   ${result.selected.join(", ")} (cost ${result.cost})`);
    console.log(
      `library greedy     ${library.selected.join(", ")} (cost ${library.cost}): ${report.matchesLibraryGreedy ? "equal" : "DIFFERENT"}`,
    );
    if (official) {
      console.log(
        `official selected  ${official.join(", ")}: ${report.matchesOfficial ? "equal" : "different (the official rule was " + (election.meta.get("rule") ?? "?") + ")"}`,
      );
    }
    if (report.gasPerBallot) {
      console.log(
        `gas per ballot     min ${report.gasPerBallot.min}, median ${report.gasPerBallot.median}, max ${report.gasPerBallot.max}; finalize ${report.finalizeGas}`,
      );
    }
    if (values.export !== undefined) console.log(`exported to ${values.export}`);
  } finally {
    await result.close();
  }
}
