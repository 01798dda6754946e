/**
 * `npm run pb -- <command> ...`: pabulib elections counted, replayed through the contracts, exported.
 * Each command is a handler in its own module, loaded only when asked for (replay and export pull in
 * Hardhat and ethers, which `tally` does not need). To add one, write `scripts/pb/<name>.ts`
 * exporting `async (args: string[]) => void` and register it in `commands` below.
 *   tally FILE [--rule RULE] [--tie-break ...] [--ignore-category-caps] [--lang en|nl] [--json]
 *   replay FILE [--json] [--export OUT.pb]
 *   export --rpc URL (--contract ADDRESS | --network NAME) --round ID [--district N] --out FILE
 *          [--api URL] [--unit NAME] [--description TEXT]
 * Bad input (unreadable or malformed file, unknown flag or value) prints one line naming the file
 * and line or the flag on stderr and exits with code 2.
 */
import { PabulibError } from "../../lib/pabulib/index.js";
import { TallyError } from "../../lib/tally/index.js";
import { UsageError } from "./usage.js";

type Command = (args: string[]) => Promise<void>;

const commands: Record<string, () => Promise<Command>> = {
  tally: async () => (await import("./tally.js")).tallyCommand,
  replay: async () => (await import("./replay.js")).replayCommand,
  export: async () => (await import("./export.js")).exportCommand,
};

const [name, ...rest] = process.argv.slice(2);
try {
  const load = name === undefined ? undefined : commands[name];
  if (!load) throw new UsageError(`unknown command '${name ?? ""}': use one of ${Object.keys(commands).join(", ")}`);
  const command = await load();
  await command(rest);
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
