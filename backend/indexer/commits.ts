/**
 * How the indexer tells API processes that it committed: each write transaction (a range, a
 * rollback, a fresh start) sends a Postgres NOTIFY on {@link COMMIT_CHANNEL}, which Postgres
 * delivers to every LISTENing session when, and only if, the transaction commits. API processes on
 * other machines hear it through their own LISTEN connection.
 *
 * The embedded database (PGlite behind pglite-socket) serves one connection at a time, and
 * postgres.js LISTENs on a connection of its own, so it cannot LISTEN there. It is also one
 * process's database (its folder is locked), so the indexer and the API share a process: the
 * indexer signals the commit in process as well, through {@link localCommits} of its database
 * client, right after the transaction returns.
 */
import type { Sql, TransactionSql } from "../db/index.js";

export const COMMIT_CHANNEL = "buurtkas_indexer_commit";

/** What a commit did, as sent in the notification (the cursor it left). */
export interface CommitNotice {
  kind: "range" | "rollback" | "reset";
  block: { number: number; hash: string | null };
}

/** Something that can wake a reader on every commit. */
export interface CommitSource {
  /** Calls `listener` after every commit from now on; resolves once listening. */
  subscribe(listener: (notice: CommitNotice | undefined) => void): Promise<() => Promise<void>>;
}

/** Sends the notification inside the write's transaction (delivered at commit). */
export async function notifyCommit(tx: TransactionSql, notice: CommitNotice): Promise<void> {
  await tx`select pg_notify(${COMMIT_CHANNEL}, ${JSON.stringify(notice)})`;
}

/** In-process commit signals, one hub per database client (see the module comment). */
class LocalHub implements CommitSource {
  readonly #listeners = new Set<(notice: CommitNotice | undefined) => void>();

  publish(notice: CommitNotice): void {
    for (const listener of this.#listeners) listener(notice);
  }

  subscribe(listener: (notice: CommitNotice | undefined) => void): Promise<() => Promise<void>> {
    this.#listeners.add(listener);
    return Promise.resolve(async () => {
      this.#listeners.delete(listener);
    });
  }
}

const hubs = new WeakMap<Sql, LocalHub>();

/** The in-process commit signal of one database client: the indexer publishes, the API listens. */
export function localCommits(sql: Sql): LocalHub {
  let hub = hubs.get(sql);
  if (!hub) {
    hub = new LocalHub();
    hubs.set(sql, hub);
  }
  return hub;
}

/** Commits heard through Postgres LISTEN (a real server; postgres.js re-listens after reconnecting). */
export function postgresCommits(sql: Sql): CommitSource {
  return {
    async subscribe(listener) {
      const { unlisten } = await sql.listen(
        COMMIT_CHANNEL,
        (payload) => listener(parseNotice(payload)),
        // Called again after a reconnect: a commit may have been missed meanwhile, so look anyway.
        () => listener(undefined),
      );
      return unlisten;
    },
  };
}

/** The right commit signal for a database: LISTEN on a real Postgres, in process on the embedded one. */
export function commitsOf(db: { sql: Sql; kind?: "embedded" | "postgres" }): CommitSource | undefined {
  if (db.kind === "postgres") return postgresCommits(db.sql);
  if (db.kind === "embedded") return localCommits(db.sql);
  return undefined;
}

function parseNotice(payload: string): CommitNotice | undefined {
  try {
    const notice = JSON.parse(payload) as CommitNotice;
    return typeof notice?.block?.number === "number" ? notice : undefined;
  } catch {
    return undefined;
  }
}
