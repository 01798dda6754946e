/**
 * Vote-code batch records: the public half of a batch of household letters (Merkle root and tree
 * over the code addresses, never the codes), which a browser needs to build a code's proof.
 *
 * Two sources: files in a folder of their own (DATA_DIR/codebatches, written by the demo seed and
 * scripts/votecodes; never in the built front end, so a rebuild cannot delete them), and records
 * the officials' page publishes with POST /api/codebatches (table code_batch_records). A posted
 * record is keyed by its tree's root and served for the batch the chain published with that root
 * (the index's registry_code_batch_published), so the order does not matter and nothing is ever
 * half-published: a record without its batch serves nothing, a batch without its record is
 * answered 404 until the record is posted. Anyone may post: the root is a commitment, nobody can
 * make another tree with the root of a published batch.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";

import { z } from "zod";

import * as api from "../../../lib/api/schemas.js";
import { loadCodeTree } from "../../../lib/votecodes/index.js";
import type { Sql } from "../../db/index.js";
import { ApiError, notFound } from "../http.js";
import type { RouteTable } from "../route.js";

/** Codes in one posted batch at most: a large municipality's district (about 200 bytes a code). */
export const MAX_POSTED_CODES = 20_000;

const hex = (digits: number, what: string) =>
  z
    .string()
    .regex(new RegExp(`^0x[0-9a-fA-F]{${digits}}$`), `must be ${what}`)
    .transform((v) => v.toLowerCase());

export const codeBatchBody = z.strictObject({
  district: z.number().int().min(1).max(0xffffffff),
  root: hex(64, "a 0x hash of 64 hex digits"),
  codeCount: z.number().int().min(1).max(MAX_POSTED_CODES),
  tree: z.strictObject({
    format: z.literal("standard-v1"),
    leafEncoding: z.tuple([z.literal("address")]),
    tree: z.array(hex(64, "a 0x hash of 64 hex digits")).max(2 * MAX_POSTED_CODES),
    values: z
      .array(
        z.strictObject({
          // Kept as written (checksummed or not): the leaf hash does not depend on the letter case.
          value: z.tuple([z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x address")]),
          treeIndex: z.number().int().min(0),
        }),
      )
      .max(MAX_POSTED_CODES),
  }),
});

interface PublishedRow {
  batch_id: string;
  district: string;
  root: string;
  code_count: string;
  redeemable_until: string;
  registration_expires_at: string;
  tx_hash: string;
  withdrawn: boolean;
  redeemed: string;
  tree: api.CodeBatch["tree"] | null;
}

function selectBatches(sql: Sql, batchId?: bigint) {
  return sql<PublishedRow[]>`
    select p.batch_id::text, p.district::text, p.root, p.code_count::text, p.redeemable_until::text,
      p.registration_expires_at::text, p.tx_hash,
      exists (select 1 from registry_code_batch_withdrawn w where w.batch_id = p.batch_id) as withdrawn,
      (select count(*) from registry_vote_code_redeemed r where r.batch_id = p.batch_id)::text as redeemed,
      c.tree
    from registry_code_batch_published p
    left join code_batch_records c on c.root = p.root
    ${batchId === undefined ? sql`` : sql`where p.batch_id = ${batchId.toString()}`}
    order by p.batch_id desc
    limit 1000
  `;
}

async function insertRecord(sql: Sql, body: z.output<typeof codeBatchBody>) {
  await sql`
    insert into code_batch_records (root, district, code_count, tree)
    values (${body.root}, ${body.district}, ${body.codeCount}, ${sql.json(body.tree)})
    on conflict (root) do nothing
  `;
}

export function codeBatchRoutes(routes: RouteTable, dir: string | undefined, sql?: Sql): void {
  routes.add({
    method: "GET",
    path: "/api/codebatches/:batchId",
    tag: "registry",
    summary: "The public record of a vote-code batch (Merkle tree over the code addresses, no codes)",
    params: {
      batchId: z
        .string()
        .regex(/^\d{1,9}$/, "must be a batch number from 1 to 999999999")
        .transform(Number)
        .refine((n) => n >= 1, "must be a batch number from 1 to 999999999"),
    },
    response: api.codeBatch,
    handler: async ({ params }, ctx) => {
      const fromFile = dir ? await readRecordFile(dir, params.batchId) : null;
      if (fromFile) {
        ctx.set("Cache-Control", "public, max-age=60");
        return fromFile;
      }
      const [row] = sql ? await selectBatches(sql, BigInt(params.batchId)) : [];
      if (!row?.tree) throw notFound(`vote-code batch ${params.batchId}`);
      ctx.set("Cache-Control", "public, max-age=60");
      return {
        district: Number(row.district),
        batchId: row.batch_id,
        root: row.root,
        codeCount: Number(row.code_count),
        tree: row.tree,
        redeemableUntil: Number(row.redeemable_until),
        withdrawn: row.withdrawn,
      };
    },
  });
  if (!sql) return;

  routes.add({
    method: "GET",
    path: "/api/codebatches",
    tag: "registry",
    summary: "Vote-code batches published on chain, newest first: withdrawn, codes redeemed, record served",
    response: api.codeBatchList,
    handler: async () => {
      const rows = await selectBatches(sql);
      // A record is served from the folder too (the demo's letters): the list says so, for the
      // batch whose root it carries, so the clerk desk and the vote page find those codes as well.
      const inFolder = new Set<string>();
      if (dir) {
        for (const row of rows) {
          if (row.tree !== null) continue;
          const file = await readRecordFile(dir, Number(row.batch_id));
          if (file?.root?.toLowerCase() === row.root.toLowerCase()) inFolder.add(row.batch_id);
        }
      }
      return {
        items: rows.map((row) => ({
          batchId: row.batch_id,
          district: Number(row.district),
          root: row.root,
          codeCount: Number(row.code_count),
          redeemableUntil: Number(row.redeemable_until),
          registrationExpiresAt: Number(row.registration_expires_at),
          withdrawn: row.withdrawn,
          redeemed: Number(row.redeemed),
          recordPublished: row.tree !== null || inFolder.has(row.batch_id),
          txHash: row.tx_hash,
        })),
      };
    },
  });

  routes.add({
    method: "POST",
    path: "/api/codebatches",
    tag: "registry",
    summary:
      "Publishes a batch's public record (its Merkle tree, no codes), served once the chain has a batch with its root",
    body: codeBatchBody,
    bodyLimitBytes: 6 * 1024 * 1024,
    status: 201,
    errors: [413, 415],
    response: api.codeBatchStored,
    handler: async ({ body }) => {
      checkTree(body);
      await insertRecord(sql, body);
      return { root: body.root, codeCount: body.codeCount };
    },
  });
}

/** The tree must be a valid code tree whose root and size are the ones the body states. */
function checkTree(body: z.output<typeof codeBatchBody>): void {
  const invalid = (field: string, message: string, value: string) =>
    new ApiError(400, "invalid_request", `body.${field} ${message}`, [{ field: `body.${field}`, message, value }]);
  let root: string;
  try {
    root = loadCodeTree(body.tree).root.toLowerCase();
  } catch (error) {
    throw invalid(
      "tree",
      `is not a valid Merkle tree of code addresses (${(error as Error).message})`,
      `${body.tree.values.length} leaves`,
    );
  }
  if (root !== body.root) throw invalid("root", `is not the tree's root ${root}`, body.root);
  if (body.tree.values.length !== body.codeCount) {
    throw invalid("codeCount", `must be the tree's ${body.tree.values.length} leaves`, String(body.codeCount));
  }
  const unique = new Set(body.tree.values.map((v) => v.value[0].toLowerCase()));
  if (unique.size !== body.tree.values.length) {
    throw invalid("tree", "holds a code address twice", `${body.tree.values.length - unique.size} duplicates`);
  }
}

async function readRecordFile(dir: string, batchId: number): Promise<api.CodeBatch | null> {
  try {
    return JSON.parse(await readFile(path.join(dir, `batch-${batchId}.json`), "utf8")) as api.CodeBatch;
  } catch {
    return null;
  }
}
