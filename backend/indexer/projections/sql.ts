/**
 * The two generic writes every projection shares: bulk inserts of rows (postgres.js builds the
 * column list and the parameters; table and column names come from our own specs, never from input).
 */
import type { TransactionSql } from "../../db/index.js";
import type { Row } from "./types.js";

type SqlValue = string | number | boolean | Date | null | string[];

/** bigint values (and arrays of them) as decimal text, which Postgres casts to the column's type. */
export function toSqlRow(row: Row): Record<string, SqlValue> {
  const out: Record<string, SqlValue> = {};
  for (const [column, value] of Object.entries(row)) {
    if (typeof value === "bigint") out[column] = value.toString();
    else if (Array.isArray(value)) out[column] = (value as readonly (bigint | number)[]).map(String);
    else out[column] = value as SqlValue;
  }
  return out;
}

/** The key of an event row: its block hash and log index. */
export function eventKey(blockHash: string, logIndex: number): string {
  return `${blockHash}:${logIndex}`;
}

/**
 * Rows travel as ONE JSON parameter that Postgres turns into rows of the table's own type
 * (`json_populate_recordset`): a multi-row VALUES list needs a parameter per value, which
 * postgres.js encodes and Postgres parses one by one; the JSON document is parsed in C at once.
 */
const ROWS_PER_STATEMENT = 20_000;

/**
 * Inserts event rows, skipping any already there (same block hash and log index), and returns
 * the keys of the rows that were new.
 */
export async function insertEventRows(tx: TransactionSql, table: string, rows: readonly Row[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    const columns = Object.keys(chunk[0]!);
    const result = await tx<{ block_hash: string; log_index: number }[]>`
      insert into ${tx(table)} (${tx(columns)})
      select ${tx(columns)} from json_populate_recordset(null::${tx(table)}, ${JSON.stringify(chunk.map(toSqlRow))}::text::json)
      on conflict (block_hash, log_index) do nothing
      returning block_hash, log_index
    `;
    for (const row of result) inserted.add(eventKey(row.block_hash, row.log_index));
  }
  return inserted;
}

/** Inserts derived rows that belong to new events (so they cannot exist yet). */
export async function insertRows(tx: TransactionSql, table: string, rows: readonly Row[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    const columns = Object.keys(chunk[0]!);
    await tx`
      insert into ${tx(table)} (${tx(columns)})
      select ${tx(columns)} from json_populate_recordset(null::${tx(table)}, ${JSON.stringify(chunk.map(toSqlRow))}::text::json)
    `;
  }
}
