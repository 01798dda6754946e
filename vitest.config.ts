import { defineConfig } from "vitest/config";

// The backend's tests run once per database engine: always on the embedded PGlite, and also on a
// real Postgres server when TEST_DATABASE_URL names one (.ci/run starts a throwaway one).
const DATABASE_TESTS = "test/backend/**/*.test.ts";
const realPostgres = process.env.TEST_DATABASE_URL;

export default defineConfig({
  test: {
    // Each file gets its own process: Hardhat's in-process network and embedded databases are
    // per-process state, and two cores are all CI has.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // expect.poll without a timeout of its own waits this long (vitest's default is 1 s). What the
    // tests poll for mostly comes from a chain transaction, the indexer and a page's reload, which
    // on CI's two loaded cores can take several seconds; a poll that passes still returns at once.
    expect: { poll: { timeout: 30_000 } },
    projects: [
      { test: { name: "core", include: ["test/**/*.test.ts"], exclude: [DATABASE_TESTS] } },
      { test: { name: "backend (embedded)", include: [DATABASE_TESTS], env: { TEST_DATABASE_URL: "" } } },
      ...(realPostgres
        ? [
            {
              test: { name: "backend (postgres)", include: [DATABASE_TESTS], env: { TEST_DATABASE_URL: realPostgres } },
            },
          ]
        : []),
    ],
  },
});
