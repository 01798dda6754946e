/** Every projection the indexer maintains, and the tables they own. */
import { accountsProjection } from "./accounts.js";
import { budgetProjection } from "./budget.js";
import { coinProjection } from "./coin.js";
import { paperProjection } from "./paper.js";
import { registryProjection } from "./registry.js";
import { resultsProjection } from "./results.js";
import { rolesProjection } from "./roles.js";
import { tasksProjection } from "./tasks.js";
import type { EventSpec, Projection } from "./types.js";

export type { EventSpec, IndexedContract, IndexedEvent, LogMeta, Projection } from "./types.js";

export const projections: readonly Projection[] = [
  coinProjection,
  registryProjection,
  tasksProjection,
  budgetProjection,
  resultsProjection,
  paperProjection,
  rolesProjection,
  // After the registry and the tasks: it reads their event rows.
  accountsProjection,
];

export const eventSpecs: readonly EventSpec[] = projections.flatMap((p) => p.events);

/** Tables whose rows each belong to one block: a reorg deletes their rows above the ancestor. */
export const blockTables: readonly string[] = projections.flatMap((p) => p.blockTables);

/** Tables of state folded over many events, refreshed from the block tables. */
export const stateTables: readonly string[] = projections.flatMap((p) => p.stateTables);
