/**
 * Vote-code batch records: the public half of a batch of household letters (Merkle root and tree
 * over the code addresses, never the codes), which a browser needs to build a code's proof.
 * They live in a folder of their own (DATA_DIR/codebatches for `npm start`), never in the built
 * front end, so a rebuild cannot delete them.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";

import { z } from "zod";

import * as api from "../../../lib/api/schemas.js";
import { notFound } from "../http.js";
import type { RouteTable } from "../route.js";

export function codeBatchRoutes(routes: RouteTable, dir: string | undefined): void {
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
      if (!dir) throw notFound(`vote-code batch ${params.batchId}`);
      let text: string;
      try {
        text = await readFile(path.join(dir, `batch-${params.batchId}.json`), "utf8");
      } catch {
        throw notFound(`vote-code batch ${params.batchId}`);
      }
      ctx.set("Cache-Control", "public, max-age=60");
      return JSON.parse(text) as api.CodeBatch;
    },
  });
}
