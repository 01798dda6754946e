/**
 * Schema migrations: numbered plain-SQL files in `./migrations` (`0001_chain.sql`, ...), applied in
 * order inside ONE transaction, recorded in `schema_migrations` with a checksum. Running it again
 * applies nothing; a migration edited after it was applied is refused rather than silently skipped.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import type { Sql } from "./types.js";

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export const migrationsDir = path.join(import.meta.dirname, "migrations");

/** Arbitrary but fixed: serializes concurrent start-ups on a shared real Postgres. */
const MIGRATION_LOCK = 4_242_000_001;

export async function readMigrations(dir = migrationsDir): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith(".sql")).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!match) throw new Error(`migration file ${file} must be named NNNN_lowercase_name.sql`);
    const text = await readFile(path.join(dir, file), "utf8");
    migrations.push({
      version: Number(match[1]),
      name: match[2]!,
      sql: text,
      checksum: createHash("sha256").update(text).digest("hex"),
    });
  }
  // Numbered 0001 upwards without gaps: a database is always at a prefix of the list, so a
  // migration merged later with a lower number can never be applied after a higher one.
  migrations.forEach((migration, i) => {
    if (migration.version !== i + 1) {
      throw new Error(
        `migrations must be numbered 0001 upwards without gaps; found ${file(migration)} at place ${i + 1}`,
      );
    }
  });
  return migrations;
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

/** Applies the pending migrations; returns the ones applied now (empty when up to date). */
export async function migrate(sql: Sql, migrations?: Migration[]): Promise<Migration[]> {
  const all = migrations ?? (await readMigrations());
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK})`;
    await tx`
      create table if not exists schema_migrations (
        version integer primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )
    `;
    const applied = await tx<AppliedRow[]>`select version, name, checksum from schema_migrations order by version`;
    for (const row of applied) {
      const known = all.find((m) => m.version === row.version);
      if (!known) {
        throw new Error(
          `the database has migration ${row.version} (${row.name}) that this code does not know: ` +
            "it was migrated by a newer version of the backend",
        );
      }
      if (known.checksum !== row.checksum) {
        throw new Error(`migration ${file(known)} was edited after it was applied; add a new migration instead`);
      }
    }
    const pending = all.filter((m) => !applied.some((row) => row.version === m.version));
    for (const migration of pending) {
      try {
        await tx.unsafe(migration.sql);
      } catch (error) {
        throw new Error(`migration ${file(migration)} failed: ${(error as Error).message}`, { cause: error });
      }
      await tx`
        insert into schema_migrations (version, name, checksum)
        values (${migration.version}, ${migration.name}, ${migration.checksum})
      `;
    }
    return pending;
  });
}

function file(migration: Migration): string {
  return `${String(migration.version).padStart(4, "0")}_${migration.name}.sql`;
}
