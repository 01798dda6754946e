/**
 * `npm start`: the whole system on one machine with embedded defaults.
 *
 * Without RPC_URL: a local Hardhat chain on 127.0.0.1:CHAIN_PORT (8545), the contracts deployed
 * through Ignition and the demo seeded (scripts/seed/demo.ts) on the first start; later starts
 * replay the chain journal in DATA_DIR, so everything done in the demo is still there. With
 * RPC_URL: a chain that already runs the contracts (deployments/<NETWORK>.json), nothing seeded.
 * Then the indexer, the API, the relayer and the front end on one port (PORT, default 8080).
 *
 * Flags mirror the variables: --port, --rpc-url, --database-url, --data-dir, --network,
 * --confirmations. Bad configuration: one message and exit code 2. Ctrl-C stops everything.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";

import { HDNodeWallet, JsonRpcProvider } from "ethers";

import { DEFAULT_STATIC_DIR, startServer, type RunningServer } from "../../backend/api/server.js";
import { ConfigError, loadConfig, redact, type Config } from "../../backend/config/index.js";
import { createLogger } from "../../backend/logger/index.js";
import { loadRelayerConfig } from "../../backend/relayer/index.js";
import { readDeployment, writeDeployment, type Deployment } from "../../lib/contracts/deployments.js";
import { deploySystem } from "../deploy/system.js";
import { HARDHAT_MNEMONIC, seedDemo, type DemoSeed } from "../seed/demo.js";
import { ChainJournal } from "./journal.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PABULIB_DEMO = path.resolve(ROOT, "data/pabulib/Netherlands_Assen_2024.pb");

class StartError extends Error {}

const step = (message: string) => console.log(`[buurtkas] ${message}`);

/** Flags override the environment; the backend's loadConfig validates both alike. */
function readConfig(
  argv: string[],
  env: NodeJS.ProcessEnv,
): { config: Config; localChain: boolean; chainPort: number; env: NodeJS.ProcessEnv } {
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
  const chainPortText = env.CHAIN_PORT?.trim() || "8545";
  const chainPort = /^\d+$/.test(chainPortText) ? Number(chainPortText) : NaN;
  if (!(chainPort >= 1 && chainPort <= 65_535)) {
    throw new StartError(
      `invalid configuration: CHAIN_PORT=${JSON.stringify(chainPortText)} must be a whole number from 1 to 65535`,
    );
  }
  if (localChain) merged.RPC_URL = `http://127.0.0.1:${chainPort}`;
  const config = loadConfig(merged);
  // The relayer's variables (RELAYER_PRIVATE_KEY, quotas) are checked now, not when the first request comes.
  loadRelayerConfig(merged);
  return { config, localChain, chainPort, env: merged };
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

async function main(): Promise<number> {
  const { config, localChain, chainPort, env } = readConfig(process.argv.slice(2), process.env);
  const logger = createLogger({ level: config.logLevel });
  if (!(await portFree(config.port, "127.0.0.1"))) {
    throw new StartError(`port ${config.port} is in use: stop what runs there or choose another with PORT or --port`);
  }
  if (config.databaseUrl) await checkDatabase(config.databaseUrl);
  const dataDir = config.dataDir.startsWith("memory://") ? undefined : config.dataDir;
  if (dataDir) await mkdir(dataDir, { recursive: true });

  let stopChain: (() => Promise<void>) | undefined;
  let journal: ChainJournal | undefined;
  let rpc: ((method: string, params: unknown[]) => Promise<unknown>) | undefined;
  let deployment: Deployment;
  let seed: DemoSeed | undefined;

  if (localChain) {
    if (!(await portFree(chainPort, "127.0.0.1"))) {
      throw new StartError(`port ${chainPort} for the local chain is in use: stop what runs there or set CHAIN_PORT`);
    }
    step(`starting a local chain on ${config.rpcUrl} ...`);
    const { network } = await import("hardhat");
    const server = await network.createServer("default", "127.0.0.1", chainPort);
    await server.listen();
    stopChain = () => server.close();
    const provider = new JsonRpcProvider(config.rpcUrl, undefined, { cacheTimeout: -1 });
    rpc = (method, params) => provider.send(method, params) as Promise<unknown>;
    const chainId = Number(await rpc("eth_chainId", []));
    const journalFile = dataDir ? path.join(dataDir, "chain-journal.json") : undefined;
    const demoFile = dataDir ? path.join(dataDir, "demo.json") : undefined;
    const saved = journalFile ? await ChainJournal.read(journalFile) : undefined;
    const deploymentFile = path.join(ROOT, "deployments", `${config.network}.json`);
    if (saved && demoFile && existsSync(demoFile) && existsSync(deploymentFile)) {
      step(`replaying ${saved.blocks.length} blocks of the earlier session (${journalFile}) ...`);
      journal = new ChainJournal(journalFile!, chainId, saved);
      await journal.replay(rpc, (done, total) => step(`  ${done}/${total} blocks`));
      const previous = await readDeployment(config.network);
      const genesis = (await provider.getBlock(0))!.hash!;
      deployment = { ...previous, genesisHash: genesis };
      await writeDeployment(deployment);
      seed = JSON.parse(await readFile(demoFile, "utf8")) as DemoSeed;
    } else {
      step("deploying the contracts (Hardhat Ignition) ...");
      // The local chain starts empty, so Ignition's journal of an earlier local run is stale.
      await rm(path.join(ROOT, "ignition/deployments/chain-31337"), { recursive: true, force: true });
      const connection = await network.connect({ network: "localhost", override: { url: config.rpcUrl } });
      deployment = await deploySystem(connection, config.network);
      await writeDeployment(deployment);
      if (dataDir) {
        // a new chain: the embedded database's index belongs to the old one (the indexer would also notice)
        journal = new ChainJournal(journalFile!, chainId);
      }
      step("seeding the demo (real ballots of Assen 2024) ...");
      const started = Date.now();
      seed = await seedDemo({
        rpcUrl: config.rpcUrl,
        deployment,
        pabulibFile: PABULIB_DEMO,
        staticDir: existsSync(DEFAULT_STATIC_DIR) ? DEFAULT_STATIC_DIR : undefined,
        log: (s) => step(`  ${s}`),
      });
      step(`  seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      if (demoFile)
        await writeFile(
          demoFile,
          JSON.stringify(seed, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2),
        );
      await journal?.save(rpc);
    }
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
  let running: RunningServer;
  try {
    running = await startServer({
      config,
      deployment,
      logger,
      env: { ...env, ...(relayerKey ? { RELAYER_PRIVATE_KEY: relayerKey } : {}) },
    });
  } catch (error) {
    // DATABASE_URL was checked before anything started; whatever failed here is reported as it is.
    await stopChain?.();
    throw error;
  }
  if (seed) {
    for (const { contentHash, content } of seed.contents) {
      await running.db.sql`
        insert into proposal_contents (content_hash, content) values (${contentHash}, ${running.db.sql.json(content as never)})
        on conflict (content_hash) do nothing
      `;
    }
  }
  const url = running.url.replace("127.0.0.1", "localhost");
  // Wait until the index holds the chain's head, so the first page shows the demo.
  for (let i = 0; i < 600; i++) {
    const status = running.indexer?.status();
    if (!status || (status.cursor !== undefined && status.blocksBehind === 0)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  console.log(`
  Buurtkas is running:  ${url}
    API               ${url}/api/rounds   (OpenAPI: ${url}/api/openapi.json)
    health, metrics   ${url}/healthz   ${url}/metrics
    chain RPC         ${config.rpcUrl}   (chain id ${deployment.chainId})
    database          ${config.databaseUrl ? redact(config.databaseUrl) : `embedded in ${config.dataDir}`}`);
  if (seed) {
    console.log(`
  Try it as
    a resident      open the site, choose "Account" and create a key (or restore the demo
                    resident, who has coins and lives in Centrum, with this recovery phrase:
                    ${seed.roles.resident.phrase})
                    register with a household vote code of district 1: ${seed.voteCodes.codes.slice(0, 3).join("  ")}
                    then vote in round ${seed.roundId} (voting is open), claim a task, pay the bakery
    an official     restore with: ${seed.roles.official.phrase}
                    or use its private key in your own wallet: ${HDNodeWallet.fromPhrase(seed.roles.official.phrase).privateKey}
                    (${seed.roles.official.address}: may open rounds, review, post and approve tasks, issue vote codes)
    a merchant      restore with: ${seed.roles.merchant.phrase}
                    (Bakkerij Het Brinkje: redeem coins on the shop page)
    an auditor      npm run audit -- --rpc ${config.rpcUrl} --deployment deployments/${config.network}.json --round ${seed.roundId} --api ${url}
                    or the site's audit page`);
  }
  console.log("\n  Stop with Ctrl-C.\n");

  const autosave = journal && rpc ? setInterval(() => void journal!.save(rpc!).catch(() => {}), 15_000) : undefined;
  await new Promise<void>((resolve) => {
    // Ctrl-C reaches npm, tsx and this process at once and tsx forwards it again: the handlers stay
    // installed so a repeated signal cannot kill the process while the journal and database close.
    const stop = () => resolve();
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  step("stopping ...");
  clearInterval(autosave);
  if (journal && rpc)
    await journal
      .save(rpc)
      .catch((error: unknown) => step(`could not save the chain journal: ${(error as Error).message}`));
  await running.close();
  await stopChain?.();
  step("stopped");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof StartError) {
      console.error(error.message);
      process.exit(2);
    }
    console.error(`[buurtkas] start failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
