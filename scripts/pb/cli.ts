/**
 * `npm run pb -- <command> ...`: pabulib import, tally, replay through the contracts, and export.
 *   tally FILE --rule greedy|mes|mes-add1 [--tie-break lower-cost-first|lower-id-first] [--category-caps] [--json]
 *   replay FILE [--json] [--export OUT.pb]
 *   export --rpc URL (--contract ADDRESS | --network NAME) --round ID [--district N] --out FILE
 * Bad input (unreadable or malformed file, unknown flag or value) prints one message and exits 2.
 */
import { PabulibError } from "../../lib/pabulib/index.js";
import { TallyError } from "../../lib/tally/index.js";
import { exportCommand } from "./export.js";
import { replayCommand } from "./replay.js";
import { tallyCommand } from "./tally.js";
import { UsageError } from "./usage.js";

const commands: Record<string, (args: string[]) => Promise<void>> = {
  tally: tallyCommand,
  replay: replayCommand,
  export: exportCommand,
};

const [command, ...rest] = process.argv.slice(2);
try {
  const run = command === undefined ? undefined : commands[command];
  if (!run) throw new UsageError(`unknown command "${command ?? ""}": use one of ${Object.keys(commands).join(", ")}`);
  await run(rest);
} catch (error) {
  const expected =
    error instanceof UsageError ||
    error instanceof PabulibError ||
    error instanceof TallyError ||
    (error instanceof Error && (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS"));
  if (!expected) throw error;
  console.error(`pb: ${(error as Error).message}`);
  process.exitCode = 2;
}
