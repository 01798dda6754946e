/**
 * The two generic writes every projection shares: bulk inserts of rows (postgres.js builds the
 * column list and the parameters; table and column names come from our own specs, never from input).
 */
import type { TransactionSql } from "../../db/index.js";
import type { Row } from "./types.js";

/** Parameters per INSERT: under Postgres' limit of 65,535, with room to spare. */
const MAX_PARAMETERS = 60_000;

/** Rows per INSERT for rows of this shape: as many as the parameter limit allows (fewer round trips). */
function chunkSize(rows: readonly Row[]): number {
  return Math.max(1, Math.floor(MAX_PARAMETERS / Math.max(1, Object.keys(rows[0] ?? {}).length)));
}

type SqlValue = string | number | boolean | Date | null | string[];

/** bigint values (and arrays of them) as decimal text, which Postgres casts to the column's type. */
export function toSqlRow(row: Row): Record<string, SqlValue> {
  const out: Record<string, SqlValue> = {};
  for (const [column, value] of Object.entries(row)) {
    if (typeof value === "bigint") out[column] = value.toString();
    else if (Array.isArray(value)) out[column] = (value as readonly bigint[]).map(String);
    else out[column] = value as SqlValue;
  }
  return out;
}

/** The key of an event row: its block hash and log index. */
export function eventKey(blockHash: string, logIndex: number): string {
  return `${blockHash}:${logIndex}`;
}

/**
 * Inserts event rows, skipping any already there (same block hash and log index), and returns
 * the keys of the rows that were new.
 */
export async function insertEventRows(tx: TransactionSql, table: string, rows: readonly Row[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  const size = chunkSize(rows);
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size).map(toSqlRow);
    const result = await tx<{ block_hash: string; log_index: number }[]>`
      insert into ${tx(table)} ${tx(chunk)}
      on conflict (block_hash, log_index) do nothing
      returning block_hash, log_index
    `;
    for (const row of result) inserted.add(eventKey(row.block_hash, row.log_index));
  }
  return inserted;
}

/** Inserts derived rows that belong to new events (so they cannot exist yet). */
export async function insertRows(tx: TransactionSql, table: string, rows: readonly Row[]): Promise<void> {
  const size = chunkSize(rows);
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size).map(toSqlRow);
    await tx`insert into ${tx(table)} ${tx(chunk)}`;
  }
}
