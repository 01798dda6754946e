/**
 * `npm run deploy` against a chain the way a municipality runs it: another process serving
 * JSON-RPC, the deployer's key from the environment, the deployments file written; bad input is one
 * message and exit code 2 before anything is sent.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { HDNodeWallet, JsonRpcProvider, id } from "ethers";
import { network } from "hardhat";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { runCli } from "../helpers/cli.js";
import { repoRoot } from "../helpers/pabulib.js";
import { externallyOwnedHolders, roleHolders } from "../helpers/roles.js";

const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";
const deployerKey = HDNodeWallet.fromPhrase(HARDHAT_MNEMONIC, undefined, "m/44'/60'/0'/0/0").privateKey;
const out = mkdtempSync(path.join(tmpdir(), "buurtkas-deploy-"));
const deploymentId = `test-${randomBytes(4).toString("hex")}`;
let server: Awaited<ReturnType<typeof network.createServer>>;
let rpcUrl: string;

beforeAll(async () => {
  server = await network.createServer("default", "127.0.0.1", 0);
  const { address, port } = await server.listen();
  rpcUrl = `http://${address}:${port}`;
});

afterAll(async () => {
  await server?.close();
  rmSync(out, { recursive: true, force: true });
  rmSync(path.join(repoRoot, "ignition/deployments", deploymentId), { recursive: true, force: true });
});

const deploy = (args: string[], env: Record<string, string | undefined> = {}) =>
  runCli("scripts/deploy/cli.ts", args, { ...process.env, RPC_URL: rpcUrl, DEPLOYER_PRIVATE_KEY: deployerKey, ...env });

describe("npm run deploy", () => {
  test("deploys the system to the chain behind RPC_URL and writes the deployments file", async () => {
    const run = await deploy(["--network", "custom", "--deployments-dir", out, "--deployment-id", deploymentId]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const deployment = JSON.parse(readFileSync(path.join(out, "custom.json"), "utf8")) as {
      network: string;
      chainId: number;
      contracts: Record<string, { address: string; blockNumber: number }>;
    };
    expect(deployment.network).toBe("custom");
    expect(Object.keys(deployment.contracts).sort()).toEqual(
      [
        "BudgetRound",
        "BuurtkasForwarder",
        "LocalCoin",
        "PaperBallotDesk",
        "ResidentRegistry",
        "ResultCommitments",
        "SecretBallots",
        "TaskBoard",
      ].sort(),
    );
    const provider = new JsonRpcProvider(rpcUrl);
    for (const contract of Object.values(deployment.contracts)) {
      expect(await provider.getCode(contract.address)).not.toBe("0x");
    }
    // Paper ballots are recorded only through the desk, which uses the household's code up: the
    // desk is BudgetRound's only clerk, and no person's key holds that role.
    const clerkRole = id("CLERK_ROLE");
    const budgetRound = deployment.contracts.BudgetRound!.address;
    expect((await roleHolders(provider, budgetRound, clerkRole)).map((a) => a.toLowerCase())).toEqual([
      deployment.contracts.PaperBallotDesk!.address.toLowerCase(),
    ]);
    expect(await externallyOwnedHolders(provider, budgetRound, clerkRole)).toEqual([]);
    provider.destroy();
    expect(run.stdout).toContain(`npx hardhat ignition verify ${deploymentId} --network custom`);
  });

  test.each([
    ["no network", [], {}, /--network NAME is required/],
    ["an unknown network", ["--network", "mars"], {}, /--network "mars" is not configured/],
    ["RPC_URL unset", ["--network", "custom"], { RPC_URL: "" }, /RPC_URL is not set/],
    [
      "RPC_URL not http",
      ["--network", "custom"],
      { RPC_URL: "ftp://node" },
      /RPC_URL="ftp:\/\/node\/?" must be an http/,
    ],
    ["RPC_URL unreachable", ["--network", "custom"], { RPC_URL: "http://127.0.0.1:9" }, /RPC_URL=.* is unreachable/],
    ["key unset", ["--network", "custom"], { DEPLOYER_PRIVATE_KEY: "" }, /DEPLOYER_PRIVATE_KEY is not set/],
    ["key malformed", ["--network", "custom"], { DEPLOYER_PRIVATE_KEY: "0xabc" }, /DEPLOYER_PRIVATE_KEY is malformed/],
    [
      "a chain other than the network's",
      ["--network", "gnosis"],
      {},
      /serves chain 31337, but network gnosis is chain 100/,
    ],
    ["a bad admin", ["--network", "custom", "--admin", "0x12"], {}, /--admin "0x12"/],
  ])("%s: exit code 2 and one message", async (_name, args, env, message) => {
    const run = await deploy(args as string[], env as Record<string, string>);
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
