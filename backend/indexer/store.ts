/**
 * The indexer's writes. Each is ONE transaction that locks the cursor first, so the event rows,
 * the state derived from them and the cursor always move together, and a second indexer writing
 * to the same database is refused instead of interleaving. Each also sends the commit notification
 * (commits.ts) that wakes the API's live feed once the transaction commits.
 */
import type { Sql, TransactionSql } from "../db/index.js";
import { notifyCommit } from "./commits.js";
import {
  deleteBlocksAbove,
  insertBlocks,
  insertCursor,
  lockCursor,
  moveCursor,
  pruneBlocks,
  setFinalized,
  type BlockHeader,
  type Cursor,
} from "./cursor.js";
import { blockTables, projections, stateTables, type IndexedEvent } from "./projections/index.js";
import { eventKey, insertEventRows } from "./projections/sql.js";

/** The cursor is not where this indexer left it: another writer, or a bug. */
export class CursorMovedError extends Error {
  override readonly name = "CursorMovedError";
}

export interface RangeWrite {
  /** The cursor the range continues from (checked under lock). */
  after: { number: number; hash: string | null };
  /** The range's last block, the new cursor. */
  end: BlockHeader;
  /** Headers to keep for reorg detection (the range end and every block with logs). */
  headers: readonly BlockHeader[];
  /** Decoded events in chain order. */
  events: readonly IndexedEvent[];
}

/** Writes a range; returns how many of its events were not in the database yet. */
export async function writeRange(sql: Sql, range: RangeWrite): Promise<number> {
  return sql.begin(async (tx) => {
    await expectCursor(tx, range.after);
    await insertBlocks(tx, range.headers);
    const fresh = await insertEvents(tx, range.events);
    for (const projection of projections) await projection.apply(tx, fresh);
    await moveCursor(tx, range.end);
    await notifyCommit(tx, { kind: "range", block: { number: range.end.number, hash: range.end.hash } });
    return fresh.length;
  });
}

/** Removes everything above `ancestor` and refreshes the state those rows had touched. */
export async function rollbackTo(
  sql: Sql,
  ancestor: { number: number; hash: string | null },
  expected: { number: number; hash: string | null },
): Promise<void> {
  await sql.begin(async (tx) => {
    await expectCursor(tx, expected);
    const refreshes = [];
    for (const projection of projections) refreshes.push(await projection.prepareRollback(tx, ancestor.number));
    for (const table of blockTables) await tx`delete from ${tx(table)} where block_number > ${ancestor.number}`;
    for (const refresh of refreshes) await refresh(tx);
    await deleteBlocksAbove(tx, ancestor.number);
    await moveCursor(tx, ancestor);
    await notifyCommit(tx, { kind: "rollback", block: { number: ancestor.number, hash: ancestor.hash } });
  });
}

/** Empties the index and sets a new cursor (a new chain or deployment, or a reorg too deep to undo). */
export async function startOver(sql: Sql, cursor: Cursor, anchor: BlockHeader | undefined): Promise<void> {
  await sql.begin(async (tx) => {
    const tables = [...blockTables, ...stateTables, "blocks", "indexer_cursor"] as [...string[], string, string];
    await tx`truncate ${tx(tables)}`;
    await insertCursor(tx, cursor);
    if (anchor) await insertBlocks(tx, [anchor]);
    await notifyCommit(tx, { kind: "reset", block: { number: cursor.blockNumber, hash: cursor.blockHash } });
  });
}

/** Records the final block and forgets the headers below it. */
export async function finalize(sql: Sql, blockNumber: number): Promise<void> {
  await sql.begin(async (tx) => {
    await setFinalized(tx, blockNumber);
    await pruneBlocks(tx, blockNumber);
  });
}

async function expectCursor(tx: TransactionSql, expected: { number: number; hash: string | null }): Promise<void> {
  const cursor = await lockCursor(tx);
  if (!cursor || cursor.blockNumber !== expected.number || cursor.blockHash !== expected.hash) {
    throw new CursorMovedError(
      `the indexer cursor is at ${cursor ? `${cursor.blockNumber} (${cursor.blockHash})` : "nothing"}, ` +
        `expected ${expected.number} (${expected.hash}): is another indexer writing to this database?`,
    );
  }
}

/** Inserts every event into its table; returns the ones that were new, in chain order. */
async function insertEvents(tx: TransactionSql, events: readonly IndexedEvent[]): Promise<IndexedEvent[]> {
  const byTable = new Map<string, IndexedEvent[]>();
  for (const event of events) {
    const list = byTable.get(event.spec.table) ?? [];
    list.push(event);
    byTable.set(event.spec.table, list);
  }
  const inserted = new Set<string>();
  for (const [table, list] of byTable) {
    const keys = await insertEventRows(
      tx,
      table,
      list.map((e) => ({ ...e.meta, ...e.row })),
    );
    for (const key of keys) inserted.add(key);
  }
  return events.filter((e) => inserted.has(eventKey(e.meta.block_hash, e.meta.log_index)));
}
