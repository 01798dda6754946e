/**
 * The database: migrations apply once and are refused when edited, the schema holds what the
 * indexer expects, and the embedded database keeps its data in DATA_DIR across restarts.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { createDatabase, type Database } from "../../backend/db/index.js";
import { migrate, readMigrations } from "../../backend/db/migrate.js";
import { blockTables, eventSpecs, stateTables } from "../../backend/indexer/projections/index.js";
import { createTestDatabase, databaseKind } from "../helpers/database.js";

describe(`migrations (${databaseKind} database)`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  test("are idempotent: a second run applies nothing and changes no table", async () => {
    const all = await readMigrations();
    const tables = () => db.sql`
      select table_name, column_name, data_type from information_schema.columns
      where table_schema = current_schema() order by table_name, column_name
    `;
    const before = await tables();
    expect(await migrate(db.sql)).toEqual([]);
    expect(await migrate(db.sql)).toEqual([]);
    expect(await tables()).toEqual(before);
    const applied = await db.sql<{ version: number }[]>`select version from schema_migrations order by version`;
    expect(applied.map((r) => r.version)).toEqual(all.map((m) => m.version));
  });

  test("every table with a block_number is one the indexer rolls back or refreshes", async () => {
    const rows = await db.sql<{ table_name: string }[]>`
      select distinct c.table_name from information_schema.columns c
      join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
      where c.table_schema = current_schema() and c.column_name = 'block_number' and t.table_type = 'BASE TABLE'
    `;
    // relay_transactions is the relayer's own record of what it sent (per chain genesis), not index state.
    const managed = new Set([...blockTables, ...stateTables, "indexer_cursor", "relay_transactions"]);
    expect(rows.map((r) => r.table_name).filter((t) => !managed.has(t))).toEqual([]);
    for (const spec of eventSpecs) expect(blockTables).toContain(spec.table);
  });

  test("a migration edited after it was applied is refused", async () => {
    await db.sql`update schema_migrations set checksum = 'edited' where version = 2`;
    await expect(migrate(db.sql)).rejects.toThrow(/0002_coin\.sql was edited after it was applied/);
    const [real] = await readMigrations().then((all) => all.filter((m) => m.version === 2));
    await db.sql`update schema_migrations set checksum = ${real!.checksum} where version = 2`;
  });

  test("a database migrated by a newer backend is refused", async () => {
    await db.sql`insert into schema_migrations (version, name, checksum) values (999, 'from_the_future', 'x')`;
    await expect(migrate(db.sql)).rejects.toThrow(/migration 999 \(from_the_future\) that this code does not know/);
    await db.sql`delete from schema_migrations where version = 999`;
  });

  test("uint256 values round-trip exactly as bigint", async () => {
    const max = 2n ** 256n - 1n;
    const [row] = await db.sql<{ value: bigint; values: bigint[] }[]>`
      select ${max.toString()}::numeric(78,0) as value, ${db.sql.array([max.toString(), "0"])}::numeric(78,0)[] as values
    `;
    expect(row).toEqual({ value: max, values: [max, 0n] });
  });
});

describe("embedded database", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "buurtkas-db-"));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test("keeps its data in DATA_DIR across restarts and migrates only once", async () => {
    const first = await createDatabase({ databaseUrl: undefined, dataDir });
    expect(first.kind).toBe("embedded");
    await first.sql`insert into blocks (number, hash, parent_hash, timestamp) values (1, '0x01', '0x00', now())`;
    await first.close();

    const second = await createDatabase({ databaseUrl: undefined, dataDir });
    try {
      expect(await migrate(second.sql)).toEqual([]);
      const rows = await second.sql<{ number: bigint }[]>`select number from blocks`;
      expect(rows).toEqual([{ number: 1n }]);
    } finally {
      await second.close();
    }
  });

  test("refuses to open a data folder that is already open", async () => {
    const open = await createDatabase({ databaseUrl: undefined, dataDir });
    try {
      await expect(createDatabase({ databaseUrl: undefined, dataDir })).rejects.toThrow(/is in use by process/);
    } finally {
      await open.close();
    }
  });
});
