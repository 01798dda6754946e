/**
 * `COMMITTER_PRIVATE_KEY=0x.. npm run commit -- --rpc URL --deployment FILE [--watch] [--interval-ms N]`
 *
 * Commits the outcome of every closed Method of Equal Shares round (backend/committer) and
 * finalizes those whose objection window has passed with no objection open; prints each action.
 * Once by default; with --watch it keeps going (what `npm start` runs inside the API process).
 * Exit code 0 when done, 2 on bad input or when the chain refuses (one message on stderr).
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";

import { JsonRpcProvider, Wallet } from "ethers";

import { createCommitter } from "../../backend/committer/index.js";
import { committerKeyFromEnv } from "../../backend/committer/service.js";
import { deploymentSchema } from "../../lib/contracts/deployments.js";

class UsageError extends Error {}

async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      rpc: { type: "string" },
      deployment: { type: "string" },
      watch: { type: "boolean", default: false },
      "interval-ms": { type: "string", default: "5000" },
    },
  });
  if (!values.rpc) throw new UsageError("--rpc URL is required");
  if (!values.deployment) throw new UsageError("--deployment FILE (deployments/<network>.json) is required");
  const intervalMs = Number(values["interval-ms"]);
  if (!Number.isSafeInteger(intervalMs) || intervalMs < 100) {
    throw new UsageError(`--interval-ms "${values["interval-ms"]}" must be a whole number of at least 100`);
  }
  const key = committerKeyFromEnv(process.env);
  if (!key)
    throw new UsageError("COMMITTER_PRIVATE_KEY is not set (the key holding ResultCommitments' COMMITTER_ROLE)");
  let json: unknown;
  try {
    json = JSON.parse(await readFile(values.deployment, "utf8"));
  } catch {
    throw new UsageError(`--deployment ${values.deployment}: cannot read it as JSON`);
  }
  const parsed = deploymentSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`--deployment ${values.deployment}: field ${issue.path.join(".")}: ${issue.message}`);
  }
  const deployment = parsed.data;
  const provider = new JsonRpcProvider(values.rpc, deployment.chainId, { staticNetwork: true, cacheTimeout: -1 });
  try {
    const committer = createCommitter({
      provider,
      signer: new Wallet(key, provider),
      budgetRound: deployment.contracts.BudgetRound.address,
      resultCommitments: deployment.contracts.ResultCommitments.address,
      fromBlock: deployment.contracts.BudgetRound.blockNumber,
    });
    for (;;) {
      for (const action of await committer.tick()) {
        console.log(
          action.kind === "committed"
            ? `committed round ${action.roundId} district ${action.district}: ${action.selected.join(", ") || "none"} (to block ${action.toBlock}, gas ${action.gasUsed})`
            : `finalized round ${action.roundId} (gas ${action.gasUsed})`,
        );
      }
      if (!values.watch) break;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  } finally {
    provider.destroy();
  }
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  console.error(`commit: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  process.exitCode = 2;
}
