/**
 * Live updates for Server-Sent Events. The feed polls the indexer's cursor in the database (so any
 * number of stateless API processes can serve it, apart from the one indexer) while at least one
 * client listens, and turns each advance into `block` and the new `ballot`, `task` and `transfer`
 * events; a cursor that moves back is a `reorg`.
 */
import type { Sql } from "../db/index.js";
import type { Logger } from "../logger/index.js";

export interface LiveEvent {
  event: "block" | "reorg" | "ballot" | "task" | "transfer";
  data: unknown;
}

type Listener = (event: LiveEvent) => void;

const MAX_ROWS_PER_KIND = 500;

export class LiveFeed {
  readonly #listeners = new Set<Listener>();
  #timer: NodeJS.Timeout | undefined;
  #last: { number: bigint; hash: string | null } | undefined;
  #polling = false;

  constructor(
    private readonly sql: Sql,
    private readonly logger: Logger,
    private readonly intervalMs = 200,
  ) {}

  get listeners(): number {
    return this.#listeners.size;
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    if (!this.#timer) this.#timer = setInterval(() => void this.#poll(), this.intervalMs);
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.stop();
    };
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#last = undefined;
  }

  #emit(event: LiveEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  async #poll(): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    try {
      const [cursor] = await this.sql<{ block_number: bigint; block_hash: string | null }[]>`
        select block_number, block_hash from indexer_cursor
      `;
      if (!cursor) return;
      const last = this.#last;
      this.#last = { number: cursor.block_number, hash: cursor.block_hash };
      if (!last) return; // the first poll only learns where the index stands
      if (cursor.block_number === last.number && cursor.block_hash === last.hash) return;
      if (
        cursor.block_number < last.number ||
        (cursor.block_number === last.number && cursor.block_hash !== last.hash)
      ) {
        this.#emit({
          event: "reorg",
          data: {
            from: { number: Number(last.number), hash: last.hash },
            to: { number: Number(cursor.block_number), hash: cursor.block_hash },
          },
        });
      } else {
        await this.#newRows(last.number + 1n, cursor.block_number);
      }
      this.#emit({ event: "block", data: { number: Number(cursor.block_number), hash: cursor.block_hash } });
    } catch (error) {
      this.logger.warn("live feed poll failed", { error: (error as Error).message });
    } finally {
      this.#polling = false;
    }
  }

  async #newRows(from: bigint, to: bigint): Promise<void> {
    const ballots = await this.sql<{ round_id: bigint; district: bigint; voter: string | null; tx_hash: string }[]>`
      select round_id, district, voter, tx_hash, block_number, log_index from budget_approval_ballot_cast
      where block_number between ${from} and ${to}
      union all
      select round_id, district, voter, tx_hash, block_number, log_index from budget_cumulative_ballot_cast
      where block_number between ${from} and ${to}
      union all
      select round_id, district, null, tx_hash, block_number, log_index from budget_paper_approval_ballot_recorded
      where block_number between ${from} and ${to}
      union all
      select round_id, district, null, tx_hash, block_number, log_index from budget_paper_cumulative_ballot_recorded
      where block_number between ${from} and ${to}
      order by block_number, log_index limit ${MAX_ROWS_PER_KIND}
    `;
    for (const b of ballots) {
      this.#emit({
        event: "ballot",
        data: { roundId: b.round_id.toString(), district: Number(b.district), voter: b.voter, txHash: b.tx_hash },
      });
    }
    const tasks = await this.sql<{ task_id: bigint }[]>`
      select distinct task_id from task_slots t where exists (
        select 1 from task_claim_states c where c.task_id = t.task_id and c.updated_block_number between ${from} and ${to}
      ) or t.created_block_number between ${from} and ${to}
      limit ${MAX_ROWS_PER_KIND}
    `;
    for (const t of tasks) this.#emit({ event: "task", data: { taskId: t.task_id.toString() } });
    const transfers = await this.sql<{ from_address: string; to_address: string; amount: bigint; tx_hash: string }[]>`
      select from_address, to_address, amount, tx_hash from coin_transfer
      where block_number between ${from} and ${to} order by block_number, log_index limit ${MAX_ROWS_PER_KIND}
    `;
    for (const t of transfers) {
      this.#emit({
        event: "transfer",
        data: { from: t.from_address, to: t.to_address, value: t.amount.toString(), txHash: t.tx_hash },
      });
    }
  }
}
