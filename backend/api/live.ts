/**
 * Live updates for Server-Sent Events. While at least one client listens, the feed reads the
 * indexer's cursor in the database (so any number of stateless API processes can serve it, apart
 * from the one indexer) and turns each advance into `block` and the new `ballot`, `task`,
 * `transfer` and `merchant` events (a shop registered, renamed or removed: pages that name shops
 * read the list again); a cursor that moves back is a `reorg`.
 *
 * It reads when the indexer announces a commit (backend/indexer/commits.ts: Postgres LISTEN, or in
 * process on the embedded database), and every few seconds besides in case an announcement was
 * lost; without a commit source it polls every `intervalMs`.
 */
import type { Sql } from "../db/index.js";
import type { CommitNotice, CommitSource } from "../indexer/commits.js";
import type { Logger } from "../logger/index.js";

export interface LiveEvent {
  event: "block" | "reorg" | "ballot" | "task" | "transfer" | "merchant";
  data: unknown;
}

type Listener = (event: LiveEvent) => void;

const MAX_ROWS_PER_KIND = 500;
/** With commit announcements, the poll that catches one that got lost (or `intervalMs` if longer). */
const SAFETY_POLL_MS = 5_000;

export class LiveFeed {
  readonly #listeners = new Set<Listener>();
  #timer: NodeJS.Timeout | undefined;
  #last: { number: bigint; hash: string | null } | undefined;
  #polling = false;
  /** The read under way (or the last one): a caller that finds one running waits for it. */
  #reading: Promise<void> = Promise.resolve();
  /** A commit was announced while a read was running: read once more when it ends. */
  #again = false;
  /** The commit subscription, while there are listeners. */
  #unlisten: Promise<(() => Promise<void>) | undefined> | undefined;
  #ready: Promise<void> = Promise.resolve();
  /**
   * Rollbacks announced since the last read. A rollback and the ranges after it can all commit
   * before the feed reads again, leaving the cursor above where it was: the announcement is then
   * what tells of the reorg, and of the block it went back to.
   */
  readonly #rollbacks: CommitNotice["block"][] = [];

  constructor(
    private readonly sql: Sql,
    private readonly logger: Logger,
    private readonly intervalMs = 200,
    private readonly commits?: CommitSource,
  ) {}

  get listeners(): number {
    return this.#listeners.size;
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    if (!this.#timer) this.#start();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.stop();
    };
  }

  /**
   * Resolves once the feed, after its first listener subscribed, listens for commits and knows where
   * the index stands: every commit after that reaches its listeners.
   */
  ready(): Promise<void> {
    return this.#ready;
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#last = undefined;
    const unlisten = this.#unlisten;
    this.#unlisten = undefined;
    void unlisten?.then((stop) => stop?.()).catch(() => {});
  }

  /**
   * Where the index stood at the feed's last read, as a `block` event (undefined before the first
   * read). A new client is sent it once `ready()` resolved: a page reads the API and opens its
   * stream independently, and a commit between the two would otherwise never reach it, leaving it
   * stale until some later block.
   */
  current(): LiveEvent | undefined {
    const last = this.#last;
    return last ? { event: "block", data: { number: Number(last.number), hash: last.hash } } : undefined;
  }

  #start(): void {
    if (!this.commits) {
      this.#timer = setInterval(() => void this.#poll(), this.intervalMs);
      // The first read only learns where the index stands; `ready()` waits for it.
      this.#ready = this.#poll();
      return;
    }
    this.#timer = setInterval(() => void this.#poll(), Math.max(SAFETY_POLL_MS, this.intervalMs));
    const wake = (notice: CommitNotice | undefined) => {
      if (!this.#timer) return;
      if (notice && notice.kind !== "range") this.#rollbacks.push(notice.block);
      void this.#poll();
    };
    this.#unlisten = this.commits.subscribe(wake).catch((error: unknown) => {
      // Without announcements, fall back to polling at the configured interval.
      this.logger.warn("live feed cannot listen for commits; polling", { error: (error as Error).message });
      if (this.#timer) {
        clearInterval(this.#timer);
        this.#timer = setInterval(() => void this.#poll(), this.intervalMs);
      }
      return undefined;
    });
    // Then learn where the index stands: the first read only does that.
    this.#ready = this.#unlisten.then(() => this.#poll());
  }

  #emit(event: LiveEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  #poll(): Promise<void> {
    if (this.#polling) {
      this.#again = true;
      // A wake (Postgres calls one as LISTEN starts) may have begun the first read: `ready()`
      // must resolve only once the feed knows where the index stands.
      return this.#reading;
    }
    this.#reading = this.#read();
    return this.#reading;
  }

  async #read(): Promise<void> {
    this.#polling = true;
    const rollbacks = this.#rollbacks.splice(0);
    try {
      const [cursor] = await this.sql<{ block_number: bigint; block_hash: string | null }[]>`
        select block_number, block_hash from indexer_cursor
      `;
      if (!cursor) return;
      const last = this.#last;
      this.#last = { number: cursor.block_number, hash: cursor.block_hash };
      if (!last) return; // the first poll only learns where the index stands
      const ancestor = rollbacks
        .filter((block) => BigInt(block.number) < last.number)
        .sort((a, b) => a.number - b.number)[0];
      if (!ancestor && cursor.block_number === last.number && cursor.block_hash === last.hash) return;
      if (ancestor) {
        this.#emit({ event: "reorg", data: { from: { number: Number(last.number), hash: last.hash }, to: ancestor } });
        if (cursor.block_number > BigInt(ancestor.number)) {
          await this.#newRows(BigInt(ancestor.number) + 1n, cursor.block_number);
        }
      } else if (
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
      if (this.#again && this.#timer) {
        this.#again = false;
        void this.#poll();
      }
    }
  }

  async #newRows(from: bigint, to: bigint): Promise<void> {
    // Independent reads, together: on a real Postgres they run side by side.
    const [ballots, tasks, transfers, merchants] = await Promise.all([
      this.sql<{ round_id: bigint; district: bigint; voter: string | null; tx_hash: string }[]>`
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
      `,
      this.sql<{ task_id: bigint }[]>`
        select distinct task_id from task_slots t where exists (
          select 1 from task_claim_states c where c.task_id = t.task_id and c.updated_block_number between ${from} and ${to}
        ) or t.created_block_number between ${from} and ${to}
        limit ${MAX_ROWS_PER_KIND}
      `,
      this.sql<{ from_address: string; to_address: string; amount: bigint; tx_hash: string }[]>`
        select from_address, to_address, amount, tx_hash from coin_transfer
        where block_number between ${from} and ${to} order by block_number, log_index limit ${MAX_ROWS_PER_KIND}
      `,
      this.sql<{ merchant: string; change: "registered" | "renamed" | "removed"; tx_hash: string }[]>`
        select merchant, 'registered' as change, tx_hash, block_number, log_index from coin_merchant_registered
        where block_number between ${from} and ${to}
        union all
        select merchant, 'renamed', tx_hash, block_number, log_index from coin_merchant_renamed
        where block_number between ${from} and ${to}
        union all
        select merchant, 'removed', tx_hash, block_number, log_index from coin_merchant_removed
        where block_number between ${from} and ${to}
        order by block_number, log_index limit ${MAX_ROWS_PER_KIND}
      `,
    ]);
    for (const b of ballots) {
      this.#emit({
        event: "ballot",
        data: { roundId: b.round_id.toString(), district: Number(b.district), voter: b.voter, txHash: b.tx_hash },
      });
    }
    for (const t of tasks) this.#emit({ event: "task", data: { taskId: t.task_id.toString() } });
    for (const t of transfers) {
      this.#emit({
        event: "transfer",
        data: { from: t.from_address, to: t.to_address, value: t.amount.toString(), txHash: t.tx_hash },
      });
    }
    for (const m of merchants) {
      this.#emit({ event: "merchant", data: { merchant: m.merchant, change: m.change, txHash: m.tx_hash } });
    }
  }
}
