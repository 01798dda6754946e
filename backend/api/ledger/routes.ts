/** Tasks and their claims; accounts, their coin ledger, merchants and redemptions. */
import { z } from "zod";

import * as api from "../../../lib/api/schemas.js";
import type { Sql } from "../../db/index.js";
import { createAccountReader } from "../accounts/index.js";
import { chainTime } from "../chain.js";
import { address, district, notFound, pageOf, paging, uintString } from "../http.js";
import type { RouteTable } from "../route.js";
import * as q from "./queries.js";
import { claimView, ledgerView, merchantView, redemptionView, taskView } from "./views.js";

export function ledgerRoutes(routes: RouteTable, sql: Sql, taskBoardAddress: string): void {
  const board = taskBoardAddress.toLowerCase();
  const accounts = createAccountReader(sql);

  routes.add({
    method: "GET",
    path: "/api/tasks",
    tag: "tasks",
    summary: "Tasks with their slots, newest first; filter by district, status, verifier, creator or claimant",
    query: {
      district: district.optional(),
      status: z
        .enum(["open", "full", "expired", "cancelled"], { error: "must be one of open, full, expired, cancelled" })
        .optional(),
      verifier: address.optional(),
      creator: address.optional(),
      claimant: address.optional(),
      ...paging,
    },
    response: api.page(api.task),
    handler: async ({ query }) => {
      const page = pageOf(query);
      const now = await chainTime(sql);
      const { items, nextCursor } = page.finish(await q.selectTasks(sql, query, now, page));
      return { items: items.map((row) => taskView(row, now)), nextCursor };
    },
  });

  routes.add({
    method: "GET",
    path: "/api/tasks/:taskId",
    tag: "tasks",
    summary: "One task with every claim (status, evidence, rejection reason)",
    params: { taskId: uintString("taskId") },
    response: api.taskDetail,
    handler: async ({ params }) => {
      const row = await q.selectTask(sql, params.taskId);
      if (!row) throw notFound(`task ${params.taskId}`);
      const claims = await q.selectClaims(sql, params.taskId);
      return { ...taskView(row, await chainTime(sql)), claims: claims.map(claimView) };
    },
  });

  routes.add({
    method: "GET",
    path: "/api/accounts/:address",
    tag: "accounts",
    summary: "Resident status, coin balance, earned this year against the cap, merchant status",
    params: { address },
    response: api.account,
    // From the index, cached per indexed block (backend/api/accounts), not from contract calls.
    handler: ({ params }) => accounts.read(params.address),
  });

  routes.add({
    method: "GET",
    path: "/api/accounts/:address/ledger",
    tag: "accounts",
    summary: "An account's coin ledger, newest first: every movement with its kind and the balance after it",
    params: { address },
    query: {
      kind: z.enum(q.LEDGER_KINDS, { error: `must be one of ${q.LEDGER_KINDS.join(", ")}` }).optional(),
      ...paging,
    },
    response: api.page(api.ledgerEntry),
    handler: async ({ params, query }) => {
      const page = pageOf(query);
      const rows = await q.selectLedger(sql, params.address, board, query.kind, page);
      const { items, nextCursor } = page.finish(rows);
      return { items: items.map(ledgerView), nextCursor };
    },
  });

  routes.add({
    method: "GET",
    path: "/api/merchants",
    tag: "coin",
    summary: "Merchants that accept coins, with what each has redeemed (the name only as its on-chain hash)",
    query: { ...paging },
    response: api.page(api.merchant),
    handler: async ({ query }) => {
      const page = pageOf(query);
      const { items, nextCursor } = page.finish(await q.selectMerchants(sql, page));
      return { items: items.map(merchantView), nextCursor };
    },
  });

  routes.add({
    method: "GET",
    path: "/api/redemptions",
    tag: "coin",
    summary: "Redemptions (coins burned by a merchant, paid in euros off chain), newest first",
    query: { merchant: address.optional(), ...paging },
    response: api.page(api.redemption),
    handler: async ({ query }) => {
      const page = pageOf(query);
      const { items, nextCursor } = page.finish(await q.selectRedemptions(sql, query.merchant, page));
      return { items: items.map(redemptionView), nextCursor };
    },
  });
}
