/**
 * How values cross between Postgres and TypeScript. Every uint256 (and uint64) is `numeric(78,0)`
 * in the schema and a `bigint` here; `int8` columns (block numbers, uint32/uint40 fields) are
 * `bigint` too, so no value is ever rounded through a JavaScript number.
 *
 * Every numeric in this schema has scale 0. A query computing a fraction (avg, division) must
 * cast it (`::text`, `::float8`) itself, or parsing fails loudly instead of truncating.
 */
import postgres from "postgres";

const NUMERIC_OID = 1700;

export const types = {
  bigint: postgres.BigInt,
  numeric: {
    to: NUMERIC_OID,
    from: [NUMERIC_OID],
    serialize: (value: bigint | string | number) => value.toString(),
    parse: (value: string) => BigInt(value),
  },
};

export type Sql = postgres.Sql<{ bigint: bigint; numeric: bigint }>;
export type TransactionSql = postgres.TransactionSql<{ bigint: bigint; numeric: bigint }>;
/** Either the pool or an open transaction: query functions accept both. */
export type Queryable = Sql | TransactionSql;
