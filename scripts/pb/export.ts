import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";

import { JsonRpcProvider, isAddress } from "ethers";

import { readDeployment } from "../../lib/contracts/deployments.js";
import { readRoundFromChain } from "../../lib/chain/roundLogs.js";
import { exportRound } from "../../lib/pabulib/exportRound.js";
import { serializePabulib } from "../../lib/pabulib/index.js";
import { UsageError } from "./usage.js";

/** `pb export --rpc URL (--contract ADDRESS | --network NAME) --round ID [--district N] --out FILE` */
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
    },
  });
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
  await writeFile(values.out, serializePabulib(exportRound(round, district)));
  console.log(
    `round ${values.round}, district ${district}: ${round.districts.get(district)?.ballots.length ?? 0} ballots written to ${values.out}`,
  );
  provider.destroy();
}
