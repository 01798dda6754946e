/**
 * One test file's set-up: a chain with the system deployed and the workload on it, databases that
 * are closed at the end, indexers with test-sized ranges and fast retries, and the stream helpers.
 */
import { afterAll, afterEach, beforeAll } from "vitest";

import type { Database } from "../../../backend/db/index.js";
import { createIndexer, type Indexer, type IndexerEvent, type IndexerOptions } from "../../../backend/indexer/index.js";
import type { Deployment } from "../../../lib/contracts/deployments.js";
import { createTestDatabase, emptyDatabase } from "../../helpers/database.js";
import { deploySystem, type System } from "../../helpers/system.js";
import { deploymentOf } from "./chain.js";
import { dumpIndex } from "./compare.js";
import { seedEverything, type Workload } from "./workload.js";

export interface Harness {
  system: System;
  workload: Workload;
  deployment: Deployment;
  /**
   * An empty, migrated database for this test. Starting PGlite takes seconds, so the file's
   * databases are emptied and handed out again to later tests, and closed after the last one.
   */
  freshDatabase(): Promise<Database>;
  /** An indexer on the in-process chain with 10-block ranges and millisecond retries. */
  indexerFor(db: Database, options?: Partial<IndexerOptions>): Indexer;
  /** The dump of one uninterrupted index of the chain as it is now (on a fresh database). */
  referenceDump(): Promise<Record<string, string[]>>;
}

/** Registers beforeAll/afterAll hooks and returns the harness they fill in. */
export function useHarness(): Harness {
  const databases: Database[] = [];
  const idle: Database[] = [];
  const busy: Database[] = [];
  const indexers: Indexer[] = [];
  const harness = {} as Harness;

  beforeAll(async () => {
    harness.system = await deploySystem();
    harness.workload = await seedEverything(harness.system);
    harness.deployment = await deploymentOf(harness.system);
  });
  afterEach(async () => {
    // A test that failed half-way may leave an indexer running; it must not write into the next test.
    for (const indexer of indexers.splice(0)) await indexer.stop();
    idle.push(...busy.splice(0));
  });
  afterAll(async () => {
    for (const db of databases) await db.close();
  });

  harness.freshDatabase = async () => {
    let db = idle.pop();
    if (db) {
      await emptyDatabase(db);
    } else {
      db = await createTestDatabase();
      databases.push(db);
    }
    busy.push(db);
    return db;
  };
  harness.indexerFor = (db, options = {}) => {
    const indexer = createIndexer({
      db,
      provider: harness.system.ethers.provider,
      deployment: harness.deployment,
      batchBlocks: 10,
      pollIntervalMs: 10,
      retry: { baseDelayMs: 1, maxDelayMs: 10 },
      ...options,
    });
    indexers.push(indexer);
    return indexer;
  };
  let reference: { head: string; dump: Record<string, string[]> } | undefined;
  harness.referenceDump = async () => {
    // The chain only changes through the tests; while its head is the same block, so is the index.
    const head = (await harness.system.ethers.provider.getBlock("latest"))!.hash!;
    if (reference?.head !== head) {
      const db = await harness.freshDatabase();
      await harness.indexerFor(db, { batchBlocks: 10_000 }).catchUp();
      reference = { head, dump: await dumpIndex(db.sql) };
    }
    return reference.dump;
  };
  return harness;
}

export type BlockEvent = Extract<IndexerEvent, { type: "block" }>;
export type ReorgEvent = Extract<IndexerEvent, { type: "reorg" }>;

export const isBlock = (event: IndexerEvent): event is BlockEvent => event.type === "block";
export const isReorg = (event: IndexerEvent): event is ReorgEvent => event.type === "reorg";

/** Waits for the next event the predicate accepts, without closing the stream (as for-await would). */
export async function nextEvent<E extends IndexerEvent>(
  stream: AsyncIterableIterator<IndexerEvent>,
  accept: (event: IndexerEvent) => event is E,
): Promise<E> {
  for (let next = await stream.next(); !next.done; next = await stream.next()) {
    if (accept(next.value)) return next.value;
  }
  throw new Error("the stream ended first");
}

/** Everything a stream delivered until it ended. */
export async function drain(stream: AsyncIterableIterator<IndexerEvent>): Promise<IndexerEvent[]> {
  const events: IndexerEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** Runs a catch-up and returns the events it reported. */
export async function catchUp(indexer: Indexer): Promise<IndexerEvent[]> {
  const stream = indexer.stream();
  await indexer.catchUp();
  return drain(stream);
}
