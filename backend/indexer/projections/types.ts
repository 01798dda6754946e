/**
 * The vocabulary shared by the projections: how one contract event becomes one table row, and how
 * the state derived from those rows is kept equal to them.
 */
import type { TransactionSql } from "../../db/index.js";

/**
 * The contracts whose logs the indexer reads (the forwarder emits nothing we index; of
 * SecretBallots only the role events so far).
 */
export type IndexedContract =
  | "LocalCoin"
  | "ResidentRegistry"
  | "TaskBoard"
  | "BudgetRound"
  | "ResultCommitments"
  | "PaperBallotDesk"
  | "SecretBallots";

/** A column value before it is sent: bigints are sent as decimal text so numeric(78,0) takes any uint256. */
export type RowValue = string | number | bigint | boolean | Date | null | readonly (bigint | number)[];
export type Row = Record<string, RowValue>;

/** Where a log sits on the chain; the columns every event table starts with. */
export interface LogMeta {
  block_hash: string;
  log_index: number;
  block_number: number;
  block_time: Date;
  tx_hash: string;
  contract: string;
}

/** One contract event and the table its rows go to. */
export interface EventSpec<R extends Row = Row> {
  contract: IndexedContract;
  /** The event's name in the contract's ABI. */
  event: string;
  table: string;
  row(args: Args): R;
}

export function defineEvent<R extends Row>(spec: EventSpec<R>): EventSpec<R> {
  return spec;
}

/** A decoded log ready to be written. */
export interface IndexedEvent<R extends Row = Row> {
  spec: EventSpec<R>;
  meta: LogMeta;
  row: R;
}

/** Narrows a list of events to those of one spec, with its row type. */
export function eventsOf<R extends Row>(events: readonly IndexedEvent[], spec: EventSpec<R>): IndexedEvent<R>[] {
  return events.filter((e): e is IndexedEvent<R> => e.spec === (spec as unknown as EventSpec));
}

/**
 * The state derived from one contract's events. Two kinds of table belong to it:
 * - `blockTables` hold rows that each belong to one block (the event tables, and rows derived
 *   from one event alone); a reorg deletes their rows above the common ancestor;
 * - `stateTables` hold state folded over many events (balances, tallies); they are refreshed,
 *   key by key, from the block tables whenever events touching a key arrive or leave.
 */
export interface Projection {
  name: string;
  events: readonly EventSpec[];
  blockTables: readonly string[];
  stateTables: readonly string[];
  /** Writes the rows derived from newly inserted events, then refreshes the state they touch. */
  apply(tx: TransactionSql, newEvents: readonly IndexedEvent[]): Promise<void>;
  /**
   * Notes the state keys touched by rows above `blockNumber` (before they are deleted) and
   * returns the refresh to run once they are gone.
   */
  prepareRollback(tx: TransactionSql, blockNumber: number): Promise<(tx: TransactionSql) => Promise<void>>;
}

/** Typed, validated access to a decoded event's arguments; errors name the event and field. */
export class Args {
  constructor(
    private readonly values: Record<string, unknown>,
    private readonly where: string,
  ) {}

  /** The argument as decoded, for readers that validate it themselves (lib/budget's rules). */
  raw(name: string): unknown {
    return this.get(name);
  }

  private get(name: string): unknown {
    if (!(name in this.values)) throw this.fail(name, "is missing (did the ABI change?)");
    return this.values[name];
  }

  private fail(name: string, problem: string): Error {
    return new Error(`${this.where}: argument ${name} ${problem}`);
  }

  address(name: string): string {
    const value = this.get(name);
    if (typeof value !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(value)) throw this.fail(name, "is not an address");
    return value.toLowerCase();
  }

  bytes32(name: string): string {
    const value = this.get(name);
    if (typeof value !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(value)) throw this.fail(name, "is not a bytes32");
    return value.toLowerCase();
  }

  /** Any unsigned integer, exact. */
  uint(name: string): bigint {
    const value = this.get(name);
    if (typeof value !== "bigint" || value < 0n) throw this.fail(name, "is not an unsigned integer");
    return value;
  }

  /** A uint8 or uint16, as a number. */
  small(name: string): number {
    const value = this.uint(name);
    if (value > 0xffffn) throw this.fail(name, `is ${value}, larger than a uint16`);
    return Number(value);
  }

  bool(name: string): boolean {
    const value = this.get(name);
    if (typeof value !== "boolean") throw this.fail(name, "is not a bool");
    return value;
  }

  string(name: string): string {
    const value = this.get(name);
    if (typeof value !== "string") throw this.fail(name, "is not a string");
    return value;
  }

  uintArray(name: string): bigint[] {
    const value = this.get(name);
    if (!isArrayLike(value)) throw this.fail(name, "is not an array");
    return Array.from(value, (item, i) => {
      if (typeof item !== "bigint" || item < 0n) throw this.fail(`${name}[${i}]`, "is not an unsigned integer");
      return item;
    });
  }

  /** A Solidity enum as the generated label of its member (generated/enums.ts), e.g. InProgress → "in-progress". */
  enumLabel<L extends string>(name: string, labels: readonly L[]): L {
    const index = this.small(name);
    const label = labels[index];
    if (label === undefined) throw this.fail(name, `is ${index}, not a known member (${labels.join(", ")})`);
    return label;
  }

  struct(name: string): Args {
    const value = this.get(name);
    if (typeof value !== "object" || value === null) throw this.fail(name, "is not a struct");
    // ethers hands nested tuples over as Result objects; read their named fields the same way.
    const fields = "toObject" in value && typeof value.toObject === "function" ? value.toObject() : value;
    return new Args(fields as Record<string, unknown>, `${this.where}.${name}`);
  }
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (typeof value === "object" && value !== null && "length" in value);
}
