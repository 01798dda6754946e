/** The indexer's bookkeeping tables: its cursor and the block headers kept for reorg detection. */
import type { Queryable, TransactionSql } from "../db/index.js";
import type { ChainIdentity } from "./identity.js";

export interface BlockHeader {
  number: number;
  hash: string;
  parentHash: string;
  timestamp: Date;
}

export interface Cursor extends ChainIdentity {
  /** Last block whose logs are written (-1 before the first range when indexing from genesis). */
  blockNumber: number;
  blockHash: string | null;
  finalizedBlockNumber: number;
}

interface CursorRow {
  chain_id: bigint;
  genesis_hash: string;
  deployment_fingerprint: string;
  block_number: bigint;
  block_hash: string | null;
  finalized_block_number: bigint;
}

function toCursor(row: CursorRow): Cursor {
  return {
    chainId: Number(row.chain_id),
    genesisHash: row.genesis_hash,
    fingerprint: row.deployment_fingerprint,
    blockNumber: Number(row.block_number),
    blockHash: row.block_hash,
    finalizedBlockNumber: Number(row.finalized_block_number),
  };
}

export async function readCursor(sql: Queryable): Promise<Cursor | undefined> {
  const [row] = await sql<CursorRow[]>`
    select chain_id, genesis_hash, deployment_fingerprint, block_number, block_hash, finalized_block_number
    from indexer_cursor
  `;
  return row && toCursor(row);
}

/** The cursor, locked until the transaction ends: one writer at a time. */
export async function lockCursor(tx: TransactionSql): Promise<Cursor | undefined> {
  const [row] = await tx<CursorRow[]>`
    select chain_id, genesis_hash, deployment_fingerprint, block_number, block_hash, finalized_block_number
    from indexer_cursor
    for update
  `;
  return row && toCursor(row);
}

export async function insertCursor(tx: TransactionSql, cursor: Cursor): Promise<void> {
  await tx`
    insert into indexer_cursor
      (chain_id, genesis_hash, deployment_fingerprint, block_number, block_hash, finalized_block_number)
    values (${cursor.chainId}, ${cursor.genesisHash}, ${cursor.fingerprint}, ${cursor.blockNumber},
            ${cursor.blockHash}, ${cursor.finalizedBlockNumber})
  `;
}

export async function moveCursor(tx: TransactionSql, block: { number: number; hash: string | null }): Promise<void> {
  await tx`
    update indexer_cursor
    set block_number = ${block.number},
        block_hash = ${block.hash},
        finalized_block_number = least(finalized_block_number, ${block.number}),
        updated_at = now()
  `;
}

export async function setFinalized(tx: TransactionSql, blockNumber: number): Promise<void> {
  await tx`update indexer_cursor set finalized_block_number = ${blockNumber}, updated_at = now()`;
}

export async function insertBlocks(tx: TransactionSql, headers: readonly BlockHeader[]): Promise<void> {
  if (headers.length === 0) return;
  const rows = headers.map((h) => ({
    number: h.number,
    hash: h.hash,
    parent_hash: h.parentHash,
    timestamp: h.timestamp,
  }));
  await tx`
    insert into blocks ${tx(rows)}
    on conflict (number) do update
      set hash = excluded.hash, parent_hash = excluded.parent_hash, timestamp = excluded.timestamp
  `;
}

/** Stored headers at or below `blockNumber`, highest first. */
export async function storedBlocksAtOrBelow(sql: Queryable, blockNumber: number): Promise<BlockHeader[]> {
  const rows = await sql<{ number: bigint; hash: string; parent_hash: string; timestamp: Date }[]>`
    select number, hash, parent_hash, timestamp from blocks where number <= ${blockNumber} order by number desc
  `;
  return rows.map((r) => ({
    number: Number(r.number),
    hash: r.hash,
    parentHash: r.parent_hash,
    timestamp: r.timestamp,
  }));
}

export async function deleteBlocksAbove(tx: TransactionSql, blockNumber: number): Promise<void> {
  await tx`delete from blocks where number > ${blockNumber}`;
}

/** Forgets headers below the final block, keeping the highest one at or below it as an anchor. */
export async function pruneBlocks(tx: TransactionSql, finalized: number): Promise<void> {
  await tx`
    delete from blocks
    where number < (select max(number) from blocks where number <= ${finalized})
  `;
}
