/**
 * Migration 0010: a database indexed before it (snake_case enum labels) ends with the generated
 * kebab-case labels, and from then on only those labels can be stored.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Database } from "../../backend/db/index.js";
import { migrate, readMigrations } from "../../backend/db/migrate.js";
import { ImplementationStatusLabels, TieBreakLabels } from "../../lib/budget/index.js";
import { createTestDatabase, databaseKind } from "../helpers/database.js";

const META = { block_number: 1, block_time: "2026-01-01T00:00:00Z", tx_hash: "0xt", contract: "0xc" };

describe(`migration 0010, enum labels (${databaseKind} database)`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    await migrate(
      db.sql,
      (await readMigrations()).filter((m) => m.version < 10),
    );
  });
  afterAll(async () => {
    await db.close();
  });

  const round = (blockHash: string, tieBreak: string) => ({
    ...META,
    block_hash: blockHash,
    log_index: 0,
    round_id: "1",
    creator: "0xa",
    districts: [1],
    budgets: ["1000"],
    proposals_start: 1,
    support_start: 2,
    review_start: 3,
    voting_start: 4,
    voting_end: 5,
    support_threshold: 0,
    ballot_type: "approval",
    min_projects: 0,
    max_projects: 0,
    min_budget_share_bps: 0,
    max_budget_share_bps: 10_000,
    total_points: 0,
    max_points_per_project: 0,
    tally_rule: "greedy",
    tie_break: tieBreak,
    rules_hash: "0xh",
  });

  test("relabels rows indexed with snake_case labels, then refuses any other spelling", async () => {
    const { sql } = db;
    await sql`insert into budget_round_created ${sql(round("0x01", "lower_cost_first"))}`;
    await sql`insert into budget_round_created ${sql(round("0x02", "lower_id_first"))}`;
    const report = {
      ...META,
      block_hash: "0x03",
      log_index: 0,
      proposal_id: "1",
      note_hash: "0xn",
      reported_by: "0xb",
    };
    await sql`insert into budget_implementation_reported ${sql({ ...report, status: "in_progress" })}`;

    const applied = await migrate(sql);
    expect(applied.map((m) => m.version)).toContain(10);

    const ties = await sql<{ tie_break: string }[]>`select tie_break from budget_round_created order by block_hash`;
    expect(ties.map((r) => r.tie_break)).toEqual([...TieBreakLabels]);
    const [status] = await sql<{ status: string }[]>`select status from budget_implementation_reported`;
    expect(status!.status).toBe("in-progress");
    expect(ImplementationStatusLabels).toContain(status!.status);

    await expect(sql`insert into budget_round_created ${sql(round("0x04", "lowerCostFirst"))}`).rejects.toThrow(
      /budget_round_created_tie_break/,
    );
    await expect(
      sql`insert into budget_implementation_reported ${sql({ ...report, block_hash: "0x05", status: "in_progress" })}`,
    ).rejects.toThrow(/budget_implementation_reported_status/);
  });
});
