/** Configuration from the environment: defaults, parsing, and errors that name the variable. */
import { spawnSync } from "node:child_process";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { ConfigError, loadConfig } from "../../backend/config/index.js";

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env, "/srv/buurtkas");
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  test("uses the embedded defaults when nothing is set", () => {
    expect(loadConfig({}, "/srv/buurtkas")).toEqual({
      rpcUrl: "http://127.0.0.1:8545",
      databaseUrl: undefined,
      dataDir: path.resolve("/srv/buurtkas", ".data"),
      network: "localhost",
      confirmations: 0,
      indexerBatchBlocks: 2000,
      indexerPollIntervalMs: 1000,
      indexerFinalityBlocks: 64,
      port: 3000,
      logLevel: "info",
      liveStreamsPerClient: 8,
      liveStreamsTotal: 1000,
      trustProxy: false,
    });
  });

  test("reads every variable, treating empty ones as unset", () => {
    const config = loadConfig(
      {
        RPC_URL: "https://rpc.gnosischain.com",
        DATABASE_URL: "postgres://buurtkas:secret@db:5432/buurtkas",
        DATA_DIR: "/var/lib/buurtkas",
        NETWORK: "gnosis",
        CONFIRMATIONS: "12",
        INDEXER_BATCH_BLOCKS: "500",
        INDEXER_POLL_INTERVAL_MS: "5000",
        INDEXER_FINALITY_BLOCKS: "32",
        PORT: "8080",
        LOG_LEVEL: "",
        LIVE_STREAMS_PER_CLIENT: "3",
        LIVE_STREAMS_TOTAL: "200",
        TRUST_PROXY: "true",
      },
      "/srv/buurtkas",
    );
    expect(config).toMatchObject({
      rpcUrl: "https://rpc.gnosischain.com",
      databaseUrl: "postgres://buurtkas:secret@db:5432/buurtkas",
      dataDir: "/var/lib/buurtkas",
      network: "gnosis",
      confirmations: 12,
      indexerBatchBlocks: 500,
      indexerPollIntervalMs: 5000,
      indexerFinalityBlocks: 32,
      port: 8080,
      logLevel: "info",
      liveStreamsPerClient: 3,
      liveStreamsTotal: 200,
      trustProxy: true,
    });
  });

  test.each([
    ["CONFIRMATIONS", "abc", "must be a whole number"],
    ["CONFIRMATIONS", "-1", "must be a whole number"],
    ["CONFIRMATIONS", "1.5", "must be a whole number"],
    ["INDEXER_BATCH_BLOCKS", "0", "from 1 to"],
    ["PORT", "70000", "from 1 to 65535"],
    ["RPC_URL", "localhost:8545", "must be a URL"],
    ["DATABASE_URL", "mysql://db/buurtkas", "must be a URL starting with postgres:// or postgresql://"],
    ["NETWORK", "../etc", "may only hold letters"],
    ["LOG_LEVEL", "verbose", "must be one of"],
    ["LIVE_STREAMS_PER_CLIENT", "0", "from 1 to"],
    ["TRUST_PROXY", "yes", "must be true or false"],
  ])("%s=%s is refused with a message naming the variable and the value", (variable, value, problem) => {
    const error = errorOf({ [variable]: value });
    expect(error.message).toContain(`${variable}="${value}"`);
    expect(error.message).toContain(problem);
    expect(error.issues).toEqual([expect.objectContaining({ variable, value })]);
  });

  test("reports every bad variable at once", () => {
    const error = errorOf({ PORT: "http", CONFIRMATIONS: "x" });
    expect(error.issues.map((i) => i.variable).sort()).toEqual(["CONFIRMATIONS", "PORT"]);
    expect(error.message.split("\n")).toHaveLength(3);
  });

  test("never prints a database password", () => {
    const error = errorOf({ DATABASE_URL: "mysql://admin:hunter2@db/buurtkas" });
    expect(error.message).toContain("DATABASE_URL=");
    expect(error.message).not.toContain("hunter2");
    expect(error.message).toContain("***");
  });
});

describe("the indexer process", () => {
  const main = path.resolve(import.meta.dirname, "../../backend/indexer/main.ts");
  const start = (env: Record<string, string>) =>
    spawnSync(process.execPath, ["--import", "tsx", main], {
      env: { PATH: process.env.PATH, ...env },
      encoding: "utf8",
      timeout: 60_000,
    });

  test("exits with code 2 and names the variable when the configuration is bad", () => {
    const result = start({ CONFIRMATIONS: "abc", PORT: "0" });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('CONFIRMATIONS="abc"');
    expect(result.stderr).toContain('PORT="0"');
  });

  test("exits with code 2 when there is no deployments file for NETWORK", () => {
    const result = start({ NETWORK: "no_such_network", DATA_DIR: "memory://" });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no deployment for network "no_such_network"');
  });
});
