/**
 * Finding proposals: Dutch full-text search over title, summary and body (stems, stop words,
 * web-search syntax), and the sorts by newest, most supported and cost, on the embedded PGlite and
 * on a real PostgreSQL alike (this file runs once per engine). Rows are written the way the
 * indexer and the content store write them; the query is the API's own.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { selectProposals } from "../../backend/api/budget/queries.js";
import { insertDocument } from "../../backend/content/queries.js";
import type { Database } from "../../backend/db/index.js";
import { documentHashOf, normalizeDocument } from "../../lib/content/index.js";
import { createTestDatabase } from "../helpers/database.js";

let db: Database;

const proposals = [
  {
    id: 1,
    theme: "Spelen",
    cost: 12_000,
    supports: 4,
    title: "Speeltuin aan de Vaart opknappen",
    summary: "Nieuwe schommels",
    body: "De speeltoestellen zijn oud.",
  },
  {
    id: 2,
    theme: "Groen",
    cost: 3_000,
    supports: 9,
    title: "Bankjes in het park",
    summary: "Vier bankjes bij de vijver",
    body: "Rolstoeltoegankelijk, met leuning.",
  },
  {
    id: 3,
    theme: "Verkeer",
    cost: 25_000,
    supports: 1,
    title: "Fietsenstalling bij het station",
    summary: "Overdekt",
    body: "Ook plek voor bakfietsen en speeltuinbezoekers.",
  },
];

beforeAll(async () => {
  db = await createTestDatabase();
  const { sql } = db;
  for (const p of proposals) {
    const document = normalizeDocument("proposal", {
      title: p.title,
      summary: p.summary,
      body: p.body,
      theme: p.theme,
    });
    const hash = documentHashOf(document);
    await insertDocument(sql, {
      hash,
      kind: "proposal",
      author: "0x" + "ab".repeat(20),
      document,
      sizeBytes: JSON.stringify(document).length,
      photos: [],
    });
    await sql`
      insert into budget_proposal_submitted
        (block_hash, log_index, block_number, block_time, tx_hash, contract, proposal_id, round_id, district, proposer, cost, content_hash)
      values (${`0x${p.id}`}, 0, ${p.id}, now(), ${`0xt${p.id}`}, 'BudgetRound', ${p.id}, 1, 1, ${"0x" + "ab".repeat(20)}, ${p.cost}, ${hash})
    `;
    await sql`
      insert into budget_proposal_supported
        (block_hash, log_index, block_number, block_time, tx_hash, contract, proposal_id, supporter, support_count)
      values (${`0xs${p.id}`}, 0, ${10 + p.id}, now(), ${`0xst${p.id}`}, 'BudgetRound', ${p.id}, ${"0x" + "cd".repeat(20)}, ${p.supports})
    `;
  }
});

describe("status after the count", () => {
  beforeAll(async () => {
    // 1: planned, then in progress; 2: done; 3: planned (chosen, work not started).
    const reports: [number, number, string][] = [
      [1, 100, "planned"],
      [1, 101, "in-progress"],
      [2, 102, "done"],
      [3, 103, "planned"],
    ];
    for (const [proposal, block, status] of reports) {
      await db.sql`
        insert into budget_implementation_reported
          (block_hash, log_index, block_number, block_time, tx_hash, contract, proposal_id, status, note_hash, reported_by)
        values (${`0xi${block}`}, 0, ${block}, now(), ${`0xit${block}`}, 'BudgetRound', ${proposal}, ${status},
          ${"0x" + "00".repeat(32)}, ${"0x" + "ef".repeat(20)})
      `;
    }
  });
  afterAll(async () => {
    await db.sql`delete from budget_implementation_reported`;
  });

  test("chosen, in progress and done follow the latest implementation report", async () => {
    expect(ids(await selectProposals(db.sql, { roundId: 1n, status: "inProgress" }))).toEqual([1]);
    expect(ids(await selectProposals(db.sql, { roundId: 1n, status: "done" }))).toEqual([2]);
    expect(ids(await selectProposals(db.sql, { roundId: 1n, status: "chosen" }))).toEqual([3]);
    expect(ids(await selectProposals(db.sql, { roundId: 1n, status: "notChosen" }))).toEqual([]);
  });
});

afterAll(async () => {
  await db?.close();
});

const ids = (rows: { proposal_id: bigint }[]) => rows.map((row) => Number(row.proposal_id));

describe("search", () => {
  test("finds a word in any of title, summary and body, by its Dutch stem", async () => {
    // "speeltuinen" stems to "speeltuin": the title of 1; "speeltuinbezoekers" in 3 is another word.
    expect(ids(await selectProposals(db.sql, { roundId: 1n, search: "speeltuinen" }))).toEqual([1]);
    expect(ids(await selectProposals(db.sql, { roundId: 1n, search: "vijver" }))).toEqual([2]);
    expect(ids(await selectProposals(db.sql, { roundId: 1n, search: "bakfietsen" }))).toEqual([3]);
  });

  test("one word is also found inside a Dutch compound of the title or summary", async () => {
    // "stalling" is inside the title's "Fietsenstalling"; "toestellen" only inside the body's "speeltoestellen".
    expect(ids(await selectProposals(db.sql, { roundId: 1n, search: "stalling" }))).toEqual([3]);
    expect(ids(await selectProposals(db.sql, { roundId: 1n, search: "toestellen" }))).toEqual([]);
    expect(ids(await selectProposals(db.sql, { roundId: 1n, search: "100%" }))).toEqual([]);
  });

  test("Dutch stop words alone find nothing, and every word must match", async () => {
    expect(ids(await selectProposals(db.sql, { roundId: 1n, search: "het de" }))).toEqual([]);
    expect(ids(await selectProposals(db.sql, { roundId: 1n, search: "bankjes park" }))).toEqual([2]);
    expect(ids(await selectProposals(db.sql, { roundId: 1n, search: "bankjes station" }))).toEqual([]);
  });

  test("web-search syntax: or, and -without", async () => {
    expect(ids(await selectProposals(db.sql, { roundId: 1n, search: "vijver or station" })).sort()).toEqual([2, 3]);
    expect(ids(await selectProposals(db.sql, { roundId: 1n, search: "bankjes or speeltuin -vaart" }))).toEqual([2]);
  });

  test("punctuation in the query is not SQL and not an error", async () => {
    expect(ids(await selectProposals(db.sql, { roundId: 1n, search: "'); drop table x; --" }))).toEqual([]);
    expect(ids(await selectProposals(db.sql, { roundId: 1n, search: '"bankjes in het park"' }))).toEqual([2]);
  });
});

describe("theme", () => {
  test("only the proposals of the theme, alone or with a search", async () => {
    expect(ids(await selectProposals(db.sql, { roundId: 1n, theme: "Groen" }))).toEqual([2]);
    expect(ids(await selectProposals(db.sql, { roundId: 1n, theme: "Verkeer", search: "bakfietsen" }))).toEqual([3]);
    expect(ids(await selectProposals(db.sql, { roundId: 1n, theme: "Groen", search: "bakfietsen" }))).toEqual([]);
    expect(ids(await selectProposals(db.sql, { roundId: 1n, theme: "groen" }))).toEqual([]);
  });
});

describe("sort", () => {
  test("newest first, most supported first, cheapest first; by id otherwise", async () => {
    expect(ids(await selectProposals(db.sql, { roundId: 1n }))).toEqual([1, 2, 3]);
    expect(ids(await selectProposals(db.sql, { roundId: 1n, sort: "newest" }))).toEqual([3, 2, 1]);
    expect(ids(await selectProposals(db.sql, { roundId: 1n, sort: "support" }))).toEqual([2, 1, 3]);
    expect(ids(await selectProposals(db.sql, { roundId: 1n, sort: "cost" }))).toEqual([2, 1, 3]);
  });

  test("a search keeps the chosen sort", async () => {
    expect(
      ids(await selectProposals(db.sql, { roundId: 1n, search: "bankjes or fietsenstalling", sort: "cost" })),
    ).toEqual([2, 3]);
  });
});
