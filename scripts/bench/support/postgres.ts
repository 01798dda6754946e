/**
 * A throwaway PostgreSQL server for a benchmark run, started as .ci/run does (initdb as the
 * `postgres` user, trust auth, loopback only) and removed afterwards. Undefined when the
 * PostgreSQL 15 binaries are not installed.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const PG_BIN = "/usr/lib/postgresql/15/bin";

export interface ThrowawayPostgres {
  url: string;
  stop(): void;
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres | undefined> {
  if (!existsSync(path.join(PG_BIN, "postgres"))) return undefined;
  const dir = mkdtempSync(path.join(tmpdir(), "buurtkas-bench-pg."));
  const port = await freePort();
  const asPostgres = (command: string) =>
    execFileSync("su", ["postgres", "-c", command], { stdio: ["ignore", "ignore", "pipe"] });
  const asRoot = process.getuid?.() === 0;
  const run = (command: string) => (asRoot ? asPostgres(command) : execFileSync("sh", ["-c", command]));
  if (asRoot) execFileSync("chown", ["postgres", dir]);
  run(`${PG_BIN}/initdb -D ${dir}/data -A trust -U postgres`);
  run(`${PG_BIN}/pg_ctl -D ${dir}/data -o '-p ${port} -k ${dir} -c listen_addresses=127.0.0.1' -w start -l ${dir}/log`);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run(`${PG_BIN}/pg_ctl -D ${dir}/data -m immediate stop`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
