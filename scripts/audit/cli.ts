/**
 * `npm run audit -- --rpc URL --round ID (--deployment FILE | --address 0x..) [--from-block N]
 *   [--block N] [--api URL] [--json] [--explain] [--lang en|nl] [--batch-blocks N]`
 *
 * Recounts a budget round from the chain's logs alone and compares it with the contract's view
 * functions and events and, with --api, with the published API (with --deployment also the API's
 * role holders against the role logs of every contract with roles). Exit code 0 when everything
 * matches, 1 on any mismatch (each one named), 2 when the audit cannot be done (bad flag,
 * unreachable RPC or API, unknown round) with one message on stderr.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";

import { JsonRpcProvider, Network, getAddress, isAddress } from "ethers";

import { deploymentSchema } from "../../lib/contracts/deployments.js";
import {
  ApiUnavailableError,
  AuditError,
  RoundNotFoundError,
  auditRound,
  type AuditedRoleContract,
} from "../../lib/audit/index.js";
import { ROLE_CONTRACT_NAMES } from "../../lib/contracts/roles.js";
import { formatReport } from "./format.js";

class UsageError extends Error {
  override name = "UsageError";
}

const USAGE =
  "usage: npm run audit -- --rpc URL --round ID (--deployment FILE | --address 0x..) [--from-block N] [--block N] " +
  "[--api URL] [--json] [--explain] [--lang en|nl] [--batch-blocks N]";

const integer = (flag: string, value: string | undefined, min = 0): number | undefined => {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--${flag} "${value}" must be a whole number${min > 0 ? ` of at least ${min}` : ""}`);
  }
  return Number(value);
};

function httpUrl(flag: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--${flag} "${value}" is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`--${flag} "${value}" must be an http(s) URL`);
  }
  return value;
}

async function contractFrom(values: { deployment?: string; address?: string }): Promise<{
  address: string;
  fromBlock: number | undefined;
  secretBallots?: string;
  roleContracts?: AuditedRoleContract[];
}> {
  if (values.deployment !== undefined && values.address !== undefined) {
    throw new UsageError("give either --deployment FILE or --address 0x.., not both");
  }
  if (values.address !== undefined) {
    if (!isAddress(values.address)) throw new UsageError(`--address "${values.address}" is not an address`);
    return { address: getAddress(values.address.toLowerCase()), fromBlock: undefined };
  }
  if (values.deployment === undefined) {
    throw new UsageError("give --deployment FILE (deployments/<network>.json) or --address 0x.. of the BudgetRound");
  }
  let text: string;
  try {
    text = await readFile(values.deployment, "utf8");
  } catch {
    throw new UsageError(`--deployment ${values.deployment}: cannot read the file`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`--deployment ${values.deployment}: not JSON`);
  }
  const parsed = deploymentSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`--deployment ${values.deployment}: field ${issue.path.join(".")}: ${issue.message}`);
  }
  const budgetRound = parsed.data.contracts.BudgetRound;
  if (!budgetRound) throw new UsageError(`--deployment ${values.deployment}: no BudgetRound in contracts`);
  const secretBallots = parsed.data.contracts.SecretBallots?.address;
  // With --api, the API's role holders are compared with the role logs of every contract with roles.
  const roleContracts = ROLE_CONTRACT_NAMES.flatMap((name) => {
    const deployed = parsed.data.contracts[name];
    return deployed ? [{ name, address: deployed.address, fromBlock: deployed.blockNumber }] : [];
  });
  return {
    address: budgetRound.address,
    fromBlock: budgetRound.blockNumber,
    ...(secretBallots ? { secretBallots } : {}),
    roleContracts,
  };
}

/** eth_chainId, asked once with a time limit: an RPC that does not answer is a usage error. */
async function askChainId(rpc: string): Promise<bigint> {
  try {
    const response = await fetch(rpc, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await response.json()) as { result?: string };
    if (typeof body.result !== "string") throw new Error("no result");
    return BigInt(body.result);
  } catch {
    throw new UsageError(`--rpc ${rpc} does not answer JSON-RPC (eth_chainId)`);
  }
}

async function main(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      rpc: { type: "string" },
      round: { type: "string" },
      api: { type: "string" },
      json: { type: "boolean", default: false },
      explain: { type: "boolean", default: false },
      deployment: { type: "string" },
      address: { type: "string" },
      "from-block": { type: "string" },
      block: { type: "string" },
      lang: { type: "string", default: "en" },
      "batch-blocks": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values.rpc === undefined) throw new UsageError("--rpc URL is required");
  const rpc = httpUrl("rpc", values.rpc);
  if (values.round === undefined) throw new UsageError("--round ID is required");
  if (!/^\d+$/.test(values.round) || BigInt(values.round) === 0n) {
    throw new UsageError(`--round "${values.round}" must be a round id (1, 2, ...)`);
  }
  if (values.lang !== "en" && values.lang !== "nl") throw new UsageError(`--lang "${values.lang}" must be en or nl`);
  const api = values.api === undefined ? undefined : httpUrl("api", values.api);
  const { address, fromBlock: deployedAt, secretBallots, roleContracts } = await contractFrom(values);
  const fromBlock = integer("from-block", values["from-block"]) ?? deployedAt ?? 0;
  const toBlock = integer("block", values.block);
  const batchBlocks = integer("batch-blocks", values["batch-blocks"], 1);

  const chainId = await askChainId(rpc);
  // The chain id is known, so ethers does not probe (and print retries for) the network itself.
  const provider = new JsonRpcProvider(rpc, Network.from(chainId), { staticNetwork: true });
  try {
    const head = await provider.getBlockNumber();
    if (toBlock !== undefined && toBlock > head)
      throw new UsageError(`--block ${toBlock} is past the chain head ${head}`);
    if (fromBlock > (toBlock ?? head))
      throw new UsageError(`the first block ${fromBlock} is past the last ${toBlock ?? head}`);
    const report = await auditRound({
      provider,
      address,
      roundId: BigInt(values.round),
      fromBlock,
      ...(toBlock !== undefined ? { toBlock } : {}),
      ...(batchBlocks !== undefined ? { batchBlocks } : {}),
      ...(api !== undefined ? { apiUrl: api } : {}),
      language: values.lang,
      ...(secretBallots !== undefined ? { secretBallots } : {}),
      ...(roleContracts !== undefined ? { roleContracts } : {}),
    });
    console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report, values.explain));
    return report.match ? 0 : 1;
  } finally {
    provider.destroy();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const expected =
    error instanceof UsageError ||
    error instanceof AuditError ||
    error instanceof RoundNotFoundError ||
    error instanceof ApiUnavailableError ||
    (error instanceof Error && (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS"));
  const message = error instanceof Error ? error.message : String(error);
  // Anything else (the RPC failing half-way, a malformed answer) is still one line, never a trace.
  console.error(`audit: ${expected ? message : `the audit could not be completed: ${message.split("\n")[0]}`}`);
  process.exitCode = 2;
}
