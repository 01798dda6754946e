/**
 * The backend's database: any real Postgres through `DATABASE_URL`, or without it an embedded
 * PGlite in `DATA_DIR` served on a loopback port. Both are reached through the same postgres.js
 * client, so every query and migration runs unchanged on either.
 */
import postgres from "postgres";

import type { Config } from "../config/index.js";
import { silentLogger, type Logger } from "../logger/index.js";
import { startEmbeddedPostgres } from "./embedded.js";
import { migrate } from "./migrate.js";
import { types, type Sql } from "./types.js";

export type { Queryable, Sql, TransactionSql } from "./types.js";

export interface Database {
  sql: Sql;
  /** `embedded` (PGlite) or `postgres` (a real server). */
  kind: "embedded" | "postgres";
  /** Closes the client and, for the embedded database, the server and its files. */
  close(): Promise<void>;
}

export interface DatabaseOptions {
  logger?: Logger;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  /** Connections in the pool for a real Postgres (default 10). The embedded one always has 1. */
  maxConnections?: number;
}

export async function createDatabase(
  config: Pick<Config, "databaseUrl" | "dataDir">,
  options: DatabaseOptions = {},
): Promise<Database> {
  const logger = options.logger ?? silentLogger;
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir);
  const url = config.databaseUrl ?? embedded!.url;
  const sql = postgres(url, {
    // PGlite runs one query at a time whatever the pool size; one connection keeps transactions simple.
    max: embedded ? 1 : (options.maxConnections ?? 10),
    types,
    transform: { undefined: null },
    onnotice: (notice) => logger.debug("postgres notice", { message: notice.message }),
    connection: { application_name: "buurtkas" },
  }) as unknown as Sql;

  const close = async () => {
    await sql.end({ timeout: 5 });
    await embedded?.stop();
  };
  try {
    if (options.migrate ?? true) {
      const applied = await migrate(sql);
      for (const migration of applied)
        logger.info("migration applied", { version: migration.version, name: migration.name });
    }
  } catch (error) {
    await close();
    throw error;
  }
  logger.info("database ready", embedded ? { kind: "embedded", dataDir: embedded.dataDir } : { kind: "postgres" });
  return { sql, kind: embedded ? "embedded" : "postgres", close };
}
