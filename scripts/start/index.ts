/**
 * `npm start`: the whole system on one machine with embedded defaults.
 *
 * Without RPC_URL: a local Anvil chain on 127.0.0.1:CHAIN_PORT (8545) whose state lives in
 * DATA_DIR/chain (scripts/start/chain.ts). The first start deploys the contracts through Ignition
 * and seeds the demo (scripts/seed/demo.ts); every later start continues the same chain (same
 * blocks, hashes, addresses and nonces) and the indexer resumes from its cursor. With RPC_URL: a
 * chain that already runs the contracts (deployments/<NETWORK>.json), nothing seeded. Then the
 * indexer, the API, the relayer and the front end on one port (PORT, default 8080).
 *
 * Flags mirror the variables: --port, --rpc-url, --database-url, --data-dir, --network,
 * --confirmations; --reset deletes DATA_DIR first (a new demo). Bad configuration: one message
 * and exit code 2. Ctrl-C (or SIGTERM) stops everything and saves the chain.
 */
import { existsSync } from "node:fs";
import { chmod, mkdir, open, readFile, rm } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";

import { HDNodeWallet, JsonRpcProvider } from "ethers";

import { startServer, type RunningServer } from "../../backend/api/server.js";
import { ConfigError, loadConfig, redact, type Config } from "../../backend/config/index.js";
import { storeDemoContent } from "../seed/store.js";
import { createLogger } from "../../backend/logger/index.js";
import { loadIssuerConfig } from "../../backend/issuer/fromEnv.js";
import { loadRelayerConfig } from "../../backend/relayer/index.js";
import { readDeployment, writeDeployment, type Deployment } from "../../lib/contracts/deployments.js";
import { deploySystem } from "../deploy/system.js";
import { DEMO_HISTORY_SECONDS, HARDHAT_MNEMONIC, seedDemo, type DemoSeed } from "../seed/demo.js";
import { DEMO_ISSUER_PATH } from "../seed/secret.js";
import { letterVoteUrl } from "../../lib/votecodes/index.js";
import { lettersCsv } from "../votecodes/batch.js";
import { ChainStartError, DUMP_INTERVAL_MS, startLocalChain, type LocalChain } from "./chain.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PABULIB_DEMO = path.resolve(ROOT, "data/pabulib/Netherlands_Assen_2024.pb");

class StartError extends Error {}

const step = (message: string) => console.log(`[buurtkas] ${message}`);

interface StartConfig {
  config: Config;
  localChain: boolean;
  chainPort: number;
  /** Seconds between the local chain's blocks. */
  blockTime: number;
  reset: boolean;
  env: NodeJS.ProcessEnv;
}

/** Flags override the environment; the backend's loadConfig validates both alike. */
function readConfig(argv: string[], env: NodeJS.ProcessEnv): StartConfig {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: "string" },
        "rpc-url": { type: "string" },
        "database-url": { type: "string" },
        "data-dir": { type: "string" },
        network: { type: "string" },
        confirmations: { type: "string" },
        reset: { type: "boolean" },
      },
    }));
  } catch (error) {
    throw new StartError(`npm start: ${(error as Error).message}`);
  }
  const merged: NodeJS.ProcessEnv = {
    ...env,
    PORT: values.port ?? env.PORT ?? "8080",
    DATA_DIR: values["data-dir"] ?? env.DATA_DIR ?? ".data",
    ...(values["rpc-url"] !== undefined ? { RPC_URL: values["rpc-url"] } : {}),
    ...(values["database-url"] !== undefined ? { DATABASE_URL: values["database-url"] } : {}),
    ...(values.network !== undefined ? { NETWORK: values.network } : {}),
    ...(values.confirmations !== undefined ? { CONFIRMATIONS: values.confirmations } : {}),
    LOG_LEVEL: env.LOG_LEVEL ?? "warn",
  };
  const localChain = !merged.RPC_URL?.trim();
  const chainPort = wholeNumber(env, "CHAIN_PORT", "8545", 1, 65_535);
  const blockTime = wholeNumber(env, "CHAIN_BLOCK_TIME", "2", 1, 60);
  if (localChain) merged.RPC_URL = `http://127.0.0.1:${chainPort}`;
  const config = loadConfig(merged);
  // The relayer's variables (RELAYER_PRIVATE_KEY, quotas) are checked now, not when the first request comes.
  loadRelayerConfig(merged);
  loadIssuerConfig(merged);
  return { config, localChain, chainPort, blockTime, reset: values.reset === true, env: merged };
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: string, min: number, max: number): number {
  const text = env[name]?.trim() || fallback;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) {
    throw new StartError(
      `invalid configuration: ${name}=${JSON.stringify(text)} must be a whole number from ${min} to ${max}`,
    );
  }
  return value;
}

async function portFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** A real Postgres must answer before anything is started. */
async function checkDatabase(url: string): Promise<void> {
  const { default: postgres } = await import("postgres");
  const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await sql`select 1`;
  } catch (error) {
    throw new StartError(`DATABASE_URL=${redact(url)} is unreachable: ${(error as Error).message}`);
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

/** Writes a file only its owner may read (demo.json holds every demo role's recovery phrase). */
async function writePrivate(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await rm(file, { force: true });
  const handle = await open(file, "w", 0o600);
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  await chmod(file, 0o600);
}

const json = (value: unknown) =>
  JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2) + "\n";

/** Where the demo keeps what belongs to its chain, all below DATA_DIR. */
function demoPaths(dataDir: string) {
  return {
    chain: path.join(dataDir, "chain"),
    demo: path.join(dataDir, "demo.json"),
    deployments: path.join(dataDir, "deployments"),
    codeBatches: path.join(dataDir, "codebatches"),
    letters: path.join(dataDir, "letters"),
  };
}

interface LocalSystem {
  chain: LocalChain;
  deployment: Deployment;
  seed: DemoSeed;
}

/** A new chain: deploy, seed the demo, write what the demo needs next to the chain. */
/**
 * The keyring the API process's issuer opens (ISSUER_KEYRING, else DATA_DIR's), when that issuer
 * is the demo's own account: the seed's secret round names its keys from the same file.
 */
function demoIssuerKeyring(env: NodeJS.ProcessEnv, dataDir: string | undefined): string | undefined {
  if (env.ISSUER_PRIVATE_KEY) return undefined;
  return env.ISSUER_KEYRING ?? (dataDir ? path.join(dataDir, "issuer", "keyring.json") : undefined);
}

async function seedNewChain(
  chain: LocalChain,
  config: Config,
  paths: ReturnType<typeof demoPaths> | undefined,
  issuerKeyring: string | undefined,
) {
  step("deploying the contracts (Hardhat Ignition) ...");
  // The local chain is new, so Ignition's journal of an earlier local run is stale.
  await rm(path.join(ROOT, "ignition/deployments/chain-31337"), { recursive: true, force: true });
  const { network } = await import("hardhat");
  const connection = await network.connect({ network: "localhost", override: { url: chain.rpcUrl } });
  const deployment = await deploySystem(connection, config.network);
  await connection.close();
  step("seeding the demo (real ballots of Assen 2024) ...");
  const started = Date.now();
  const seed = await seedDemo({
    rpcUrl: chain.rpcUrl,
    deployment,
    pabulibFile: PABULIB_DEMO,
    pabulibText: await readFile(PABULIB_DEMO, "utf8"),
    log: (s) => step(`  ${s}`),
    ...(issuerKeyring ? { issuerKeyring } : {}),
  });
  step(`  seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (paths) {
    for (const { batchId, record } of seed.batchRecords) {
      await mkdir(paths.codeBatches, { recursive: true });
      await writePrivate(path.join(paths.codeBatches, `batch-${batchId}.json`), json(record));
    }
    for (const letters of seed.letters) {
      // The letters to print: every code of the batch, and whether the demo itself already used it.
      await writePrivate(path.join(paths.letters, `batch-${letters.batchId}.csv`), lettersCsv(letters, letters.used));
    }
    await writeDeployment(deployment, paths.deployments);
    // demo.json last: its presence says the demo is complete
    await writePrivate(paths.demo, json(seed));
  }
  return { deployment, seed };
}

async function startLocalSystem(start: StartConfig, dataDir: string | undefined): Promise<LocalSystem> {
  const { config, chainPort, blockTime } = start;
  if (!(await portFree(chainPort, "127.0.0.1"))) {
    throw new StartError(`port ${chainPort} for the local chain is in use: stop what runs there or set CHAIN_PORT`);
  }
  const paths = dataDir ? demoPaths(dataDir) : undefined;
  const complete =
    paths !== undefined &&
    existsSync(path.join(paths.chain, "state.json.gz")) &&
    existsSync(path.join(paths.chain, "genesis.json")) &&
    existsSync(paths.demo) &&
    existsSync(path.join(paths.deployments, `${config.network}.json`));
  if (paths && !complete) {
    // A first start, or one that stopped before the demo was complete: begin a new chain.
    for (const dir of [paths.chain, paths.codeBatches, paths.letters, paths.deployments])
      await rm(dir, { recursive: true, force: true });
    await rm(paths.demo, { force: true });
  }
  step(`starting the local chain (Anvil) on ${config.rpcUrl} ...`);
  const chain = await startLocalChain({
    port: chainPort,
    dir: paths?.chain,
    blockTime,
    genesisTimestamp: Math.floor(Date.now() / 1000) - DEMO_HISTORY_SECONDS,
    log: step,
  });
  try {
    let deployment: Deployment;
    let seed: DemoSeed;
    if (complete) {
      deployment = await readDeployment(config.network, paths.deployments);
      seed = JSON.parse(await readFile(paths.demo, "utf8")) as DemoSeed;
      const head = Number(await chain.rpc("eth_blockNumber"));
      step(`continuing the chain of the earlier session at block ${head} (${path.join(paths.chain, "state.json.gz")})`);
    } else {
      ({ deployment, seed } = await seedNewChain(chain, config, paths, demoIssuerKeyring(start.env, dataDir)));
    }
    // Tools such as `npm run audit -- --deployment deployments/localhost.json` find it in the usual place too.
    await writeDeployment(deployment);
    await chain.run();
    return { chain, deployment, seed };
  } catch (error) {
    await chain.stop().catch(() => {});
    throw error;
  }
}

/** How to vote in the demo's secret round with nothing but a letter (scripts/seed/secretRound.ts). */
function secretRoundLines(seed: DemoSeed, url: string, dataDir: string | undefined): string {
  const secret = seed.secretRound;
  const letters = secret && seed.letters.find((l) => l.batchId === secret.batchId);
  if (!secret || !letters) return "";
  const file = dataDir ? path.join(dataDir, "letters", `batch-${secret.batchId}.csv`) : undefined;
  return `
    a household     vote in round ${secret.roundId} (secret ballot) with nothing but a letter of district ${secret.district}: open
                    ${letterVoteUrl(url, secret.batchId, letters.codes[0]!, secret.roundId)}
                    and choose a PIN${file ? ` (all ${letters.codes.length} letters: ${file})` : ""}; its results and audit page show the token checks`;
}

async function main(): Promise<number> {
  const start = readConfig(process.argv.slice(2), process.env);
  const { config, localChain, env } = start;
  const logger = createLogger({ level: config.logLevel });
  if (!(await portFree(config.port, "127.0.0.1"))) {
    throw new StartError(`port ${config.port} is in use: stop what runs there or choose another with PORT or --port`);
  }
  if (config.databaseUrl) await checkDatabase(config.databaseUrl);
  const dataDir = config.dataDir.startsWith("memory://") ? undefined : config.dataDir;
  if (dataDir && start.reset) {
    step(`--reset: deleting ${dataDir}`);
    await rm(dataDir, { recursive: true, force: true });
  }
  if (dataDir) await mkdir(dataDir, { recursive: true });

  let local: LocalSystem | undefined;
  let deployment: Deployment;
  if (localChain) {
    local = await startLocalSystem(start, dataDir);
    deployment = local.deployment;
  } else {
    try {
      deployment = await readDeployment(config.network);
    } catch (error) {
      throw new StartError(
        `no usable deployment for NETWORK=${config.network}: ${(error as Error).message} (deploy first: npm run deploy -- --network ${config.network})`,
      );
    }
    const provider = new JsonRpcProvider(config.rpcUrl, undefined, { staticNetwork: true });
    const chainId = await Promise.race([
      provider.send("eth_chainId", []).then(Number),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no answer within 10 s")), 10_000)),
    ])
      .catch((error: unknown) => {
        throw new StartError(`RPC_URL=${redact(config.rpcUrl)} is unreachable: ${(error as Error).message}`);
      })
      .finally(() => provider.destroy());
    if (chainId !== deployment.chainId) {
      throw new StartError(
        `RPC_URL serves chain ${chainId}, but deployments/${config.network}.json is for chain ${deployment.chainId}`,
      );
    }
  }

  step(`starting the indexer, API${localChain ? ", relayer" : ""} and front end on port ${config.port} ...`);
  const relayerKey =
    localChain && !env.RELAYER_PRIVATE_KEY
      ? HDNodeWallet.fromPhrase(HARDHAT_MNEMONIC, undefined, "m/44'/60'/0'/0/9").privateKey
      : undefined;
  // The secret-ballot token issuer (backend/issuer): a Hardhat account locally, its RSA keyring in DATA_DIR.
  const issuerEnv =
    localChain && !env.ISSUER_PRIVATE_KEY
      ? {
          ISSUER_PRIVATE_KEY: HDNodeWallet.fromPhrase(HARDHAT_MNEMONIC, undefined, DEMO_ISSUER_PATH).privateKey,
          ...(dataDir && !env.ISSUER_KEYRING ? { ISSUER_KEYRING: path.join(dataDir, "issuer", "keyring.json") } : {}),
        }
      : {};
  let running: RunningServer;
  try {
    running = await startServer({
      config,
      deployment,
      logger,
      ...(dataDir ? { codeBatchDir: path.join(dataDir, "codebatches") } : {}),
      env: {
        ...env,
        ...issuerEnv,
        ...(relayerKey ? { RELAYER_PRIVATE_KEY: relayerKey } : {}),
        // The deployer holds the demo's committer role (ignition/modules/Buurtkas.ts).
        ...(localChain && !env.COMMITTER_PRIVATE_KEY
          ? {
              COMMITTER_PRIVATE_KEY: HDNodeWallet.fromPhrase(HARDHAT_MNEMONIC, undefined, "m/44'/60'/0'/0/0")
                .privateKey,
            }
          : {}),
      },
    });
  } catch (error) {
    // DATABASE_URL was checked before anything started; whatever failed here is reported as it is.
    await local?.chain.stop();
    throw error;
  }
  const seed = local?.seed;
  if (seed) {
    // The demo's texts and photos go straight into the content store (the seed's accounts wrote them).
    await storeDemoContent(running.db.sql, seed);
  }
  const url = running.url.replace("127.0.0.1", "localhost");
  // Wait until the index holds the chain's head, so the first page shows the demo.
  for (let i = 0; i < 600; i++) {
    const status = running.indexer?.status();
    if (!status || (status.cursor !== undefined && status.blocksBehind === 0)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const deploymentFile = local && dataDir ? path.join(dataDir, "deployments", `${config.network}.json`) : undefined;
  const relative = deploymentFile ? path.relative(process.cwd(), deploymentFile) : undefined;
  const deploymentArg = deploymentFile
    ? relative && !relative.startsWith("..")
      ? relative
      : deploymentFile
    : `deployments/${config.network}.json`;
  console.log(`
  Buurtkas is running:  ${url}
    API               ${url}/api/rounds   (OpenAPI: ${url}/api/openapi.json)
    health, metrics   ${url}/healthz   ${url}/metrics
    chain RPC         ${config.rpcUrl}   (chain id ${deployment.chainId}${local ? `, a block every ${start.blockTime} s` : ""})
    database          ${config.databaseUrl ? redact(config.databaseUrl) : `embedded in ${config.dataDir}`}`);
  if (seed) {
    const letters = dataDir ? path.join(dataDir, "letters", `batch-${seed.voteCodes.batchId}.csv`) : undefined;
    console.log(`
  Try it as
    a resident      open the site, choose "Account" and create a key under a PIN you choose (or restore
                    the demo resident, who has coins and lives in Centrum, with this recovery phrase:
                    ${seed.roles.resident.phrase})
                    register with a household vote code of district 1 (batch ${seed.voteCodes.batchId}): ${seed.voteCodes.codes.slice(0, 3).join("  ")}
                    ${letters ? `(all ${seed.voteCodes.codes.length} letters: ${letters})` : ""}
                    then vote in round ${seed.roundId} (voting is open), propose in round ${seed.openRoundId ?? "2"}, claim a task, pay the bakery
                    ${seed.equalSharesRoundId ? `and see round ${seed.equalSharesRoundId}: Assen 2024 decided by the Method of Equal Shares, committed on chain and final` : ""}${secretRoundLines(seed, url, dataDir)}
    an official     restore with: ${seed.roles.official.phrase}
                    or use its private key in your own wallet: ${HDNodeWallet.fromPhrase(seed.roles.official.phrase).privateKey}
                    (${seed.roles.official.address}: may open rounds, review, post and approve tasks, issue vote codes)
    a merchant      restore with: ${seed.roles.merchant.phrase}
                    (Bakkerij Het Brinkje: redeem coins on the shop page)
    an auditor      npm run audit -- --rpc ${config.rpcUrl} --deployment ${deploymentArg} --round ${seed.roundId} --api ${url}
                    or the site's audit page`);
  }
  if (local && dataDir) {
    console.log(`
  The chain is saved in ${path.join(dataDir, "chain")} every ${DUMP_INTERVAL_MS / 1000} s and when stopped;
  the next npm start continues it. A new demo: npm start -- --reset`);
  }
  console.log("\n  Stop with Ctrl-C.\n");

  await new Promise<void>((resolve) => {
    // Ctrl-C reaches npm, tsx and this process at once and tsx forwards it again: the handlers stay
    // installed so a repeated signal cannot kill the process while the chain and database close.
    const stop = () => resolve();
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  step("stopping ...");
  await running.close();
  if (local) {
    await local.chain.stop().catch((error: unknown) => step(`could not save the chain: ${(error as Error).message}`));
  }
  step("stopped");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof StartError || error instanceof ChainStartError) {
      console.error(error.message);
      process.exit(2);
    }
    console.error(`[buurtkas] start failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
