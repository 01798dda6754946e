/**
 * A fresh, isolated, migrated database per test (or several per test file), on either engine:
 * with TEST_DATABASE_URL (a real Postgres server the tests may create databases on) a new
 * database is created on that server and dropped afterwards; without it a new in-memory
 * embedded PGlite is started. CI runs the suite once each way.
 */
import { randomBytes } from "node:crypto";

import postgres from "postgres";

import { createDatabase, type Database, type DatabaseOptions } from "../../backend/db/index.js";

/** The engine this run tests against, for test titles. */
export const databaseKind: "postgres" | "embedded" = process.env.TEST_DATABASE_URL ? "postgres" : "embedded";

let counter = 0;

export async function createTestDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return createDatabase({ databaseUrl: undefined, dataDir: "memory://" }, options);

  const name = `buurtkas_test_${process.pid}_${++counter}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin`create database ${admin(name)}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let db: Database;
  try {
    db = await createDatabase({ databaseUrl: url.toString(), dataDir: "unused" }, { maxConnections: 4, ...options });
  } catch (error) {
    await admin`drop database if exists ${admin(name)}`;
    await admin.end();
    throw error;
  }
  return {
    ...db,
    async close() {
      await db.close();
      await admin`drop database if exists ${admin(name)} with (force)`;
      await admin.end();
    },
  };
}

/** Empties every table but the migration record, so one database can serve test after test. */
export async function emptyDatabase(db: Database): Promise<void> {
  const tables = await db.sql<{ table_name: string }[]>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name <> 'schema_migrations'
  `;
  // One statement: tables that reference each other (the content store's photo references) can
  // only be emptied together.
  if (tables.length > 0) await db.sql`truncate ${db.sql(tables.map((t) => t.table_name))}`;
}

/** Runs `body` with a fresh database and always closes it. */
export async function withTestDatabase<T>(body: (db: Database) => Promise<T>, options?: DatabaseOptions): Promise<T> {
  const db = await createTestDatabase(options);
  try {
    return await body(db);
  } finally {
    await db.close();
  }
}
