import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";

import { JsonRpcProvider, isAddress } from "ethers";

import { readDeployment } from "../../lib/contracts/deployments.js";
import { readRoundFromChain } from "../../lib/chain/roundLogs.js";
import { checkPabulib } from "../../lib/pabulib/check.js";
import { exportRound } from "../../lib/pabulib/exportRound.js";
import { serializePabulib } from "../../lib/pabulib/index.js";
import { titlesFromApi } from "../../lib/pabulib/titles.js";
import { UsageError } from "./usage.js";

/**
 * `pb export --rpc URL (--contract ADDRESS | --network NAME) --round ID [--district N] --out FILE
 * [--api URL] [--unit NAME] [--description TEXT]`: the district as a pabulib file. With `--api`
 * the project names are the proposal titles from that Buurtkas API, each checked against the
 * content hash on chain (otherwise the file names projects by their hash and says so). The voter
 * pseudonyms are keyed with PB_PSEUDONYM_KEY from the environment when set (a secret keeps them
 * from being recomputed from addresses). The file is checked against the pabulib format's rules
 * before it is written.
 */
export async function exportCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      rpc: { type: "string" },
      contract: { type: "string" },
      network: { type: "string" },
      round: { type: "string" },
      district: { type: "string" },
      out: { type: "string" },
      api: { type: "string" },
      unit: { type: "string" },
      description: { type: "string" },
    },
  });
  if (values.api !== undefined && !URL.canParse(values.api)) throw new UsageError(`--api "${values.api}" is not a URL`);
  if (!values.rpc) throw new UsageError("--rpc URL is required");
  if (!values.out) throw new UsageError("--out FILE is required");
  if (!values.round || !/^\d+$/.test(values.round))
    throw new UsageError(`--round "${values.round ?? ""}" must be a round id`);
  if (values.district !== undefined && !/^\d+$/.test(values.district)) {
    throw new UsageError(`--district "${values.district}" must be a district id`);
  }
  let contract = values.contract;
  let fromBlock = 0;
  if (contract === undefined) {
    if (!values.network) throw new UsageError("give --contract ADDRESS or --network NAME (a deployments file)");
    const deployment = await readDeployment(values.network);
    contract = deployment.contracts.BudgetRound?.address;
    fromBlock = deployment.contracts.BudgetRound?.blockNumber ?? 0;
    if (!contract) throw new UsageError(`deployment ${values.network} has no BudgetRound`);
  }
  if (!isAddress(contract)) throw new UsageError(`--contract "${contract}" is not an address`);
  const provider = new JsonRpcProvider(values.rpc, undefined, { staticNetwork: true });
  try {
    await provider.getBlockNumber();
  } catch {
    throw new UsageError(`--rpc ${values.rpc} does not answer`);
  }
  const round = await readRoundFromChain(provider, contract, BigInt(values.round), { fromBlock });
  const district = values.district !== undefined ? Number(values.district) : round.rules.districts[0]!;
  if (!round.districts.has(district)) throw new UsageError(`round ${values.round} has no district ${district}`);
  let titles: Map<string, string> | undefined;
  if (values.api !== undefined) {
    const lookup = await titlesFromApi(values.api, round, district);
    for (const id of lookup.mismatched) {
      console.error(
        `pb: proposal ${id}: the content ${values.api} serves does not hash to the one on chain; named by its hash`,
      );
    }
    titles = lookup.titles;
  }
  const text = serializePabulib(
    exportRound(round, district, {
      ...(titles ? { titles } : {}),
      ...(values.unit !== undefined ? { unit: values.unit } : {}),
      ...(values.description !== undefined ? { description: values.description } : {}),
      ...(process.env.PB_PSEUDONYM_KEY ? { pseudonymKey: process.env.PB_PSEUDONYM_KEY } : {}),
    }),
  );
  const errors = checkPabulib(text).filter((p) => p.level === "error");
  if (errors.length > 0) {
    throw new Error(`the export breaks the pabulib format: ${errors.map((e) => `${e.rule}: ${e.message}`).join("; ")}`);
  }
  await writeFile(values.out, text);
  console.log(
    `round ${values.round}, district ${district}: ${round.districts.get(district)!.ballots.length} ballots written to ${values.out}`,
  );
  provider.destroy();
}
