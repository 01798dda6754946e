/** Rounds, proposals (with their content from the store), ballots with receipts, results and the audit comparison. */
import { z } from "zod";

import * as api from "../../../lib/api/schemas.js";
import { proposalDocument } from "../../../lib/content/index.js";
import type { Sql } from "../../db/index.js";
import { createTaggedCache } from "../cache.js";
import { chainTime, indexedHead, type ChainViews } from "../chain.js";
import { address, district, notFound, pageOf, paging, uintString } from "../http.js";
import type { RouteTable } from "../route.js";
import * as q from "./queries.js";
import { auditDistricts, contractReader, districtTallies, roundResults } from "./results.js";
import { ballotView, proposalView, roundView, slotsOf, type Slots } from "./views.js";

/** A proposal's document as the content store accepts it (lib/content/kinds.ts). */
export const contentSchema = proposalDocument;
export type ProposalContent = z.output<typeof contentSchema>;

async function loadRound(sql: Sql, roundId: bigint): Promise<q.RoundRow> {
  const row = await q.selectRound(sql, roundId);
  if (!row) throw notFound(`round ${roundId}`);
  return row;
}

export function budgetRoutes(routes: RouteTable, sql: Sql, chain: ChainViews): void {
  const roundId = { roundId: uintString("roundId") };
  // Results recount every current ballot: cached per indexed block and tally state of the round.
  const results = createTaggedCache((round) => q.selectResultsTag(sql, BigInt(round)));

  routes.add({
    method: "GET",
    path: "/api/rounds",
    tag: "budget",
    summary: "Budget rounds, newest first, with rules and phase",
    query: { ...paging },
    response: api.page(api.round),
    handler: async ({ query }) => {
      const page = pageOf(query);
      const now = await chainTime(sql);
      const { items, nextCursor } = page.finish(await q.selectRounds(sql, page));
      return { items: items.map((row) => roundView(row, now)), nextCursor };
    },
  });

  routes.add({
    method: "GET",
    path: "/api/rounds/:roundId",
    tag: "budget",
    summary: "One round with its rules and phase",
    params: roundId,
    response: api.round,
    handler: async ({ params }) => roundView(await loadRound(sql, params.roundId), await chainTime(sql)),
  });

  routes.add({
    method: "GET",
    path: "/api/rounds/:roundId/proposals",
    tag: "budget",
    summary:
      "Proposals of a round with support, review, life-cycle stage, ballot position, votes and verified content; search (q, Dutch full-text), theme filter and sort (newest, support, cost)",
    params: roundId,
    query: {
      district: district.optional(),
      status: z
        .enum(q.PROPOSAL_STATUS_FILTERS, { error: `must be one of ${q.PROPOSAL_STATUS_FILTERS.join(", ")}` })
        .optional(),
      q: z
        .string()
        .trim()
        .min(1, "must hold a word to search for")
        .max(200, "must be at most 200 characters")
        .optional(),
      theme: z.string().trim().min(1, "must name a theme").max(80, "must be at most 80 characters").optional(),
      sort: z.enum(["newest", "support", "cost"], { error: "must be one of newest, support, cost" }).optional(),
      ...paging,
    },
    response: api.page(api.proposal),
    handler: async ({ params, query }) => {
      await loadRound(sql, params.roundId);
      const page = pageOf(query);
      const rows = await q.selectProposals(
        sql,
        {
          roundId: params.roundId,
          district: query.district,
          status: query.status,
          search: query.q,
          theme: query.theme,
          sort: query.sort,
        },
        page,
      );
      const { items, nextCursor } = page.finish(rows);
      return { items: items.map(proposalView), nextCursor };
    },
  });

  routes.add({
    method: "GET",
    path: "/api/proposals/:proposalId",
    tag: "budget",
    summary: "One proposal",
    params: { proposalId: uintString("proposalId") },
    response: api.proposal,
    handler: async ({ params }) => {
      const [row] = await q.selectProposals(sql, { proposalId: params.proposalId });
      if (!row) throw notFound(`proposal ${params.proposalId}`);
      return proposalView(row);
    },
  });

  routes.add({
    method: "GET",
    path: "/api/rounds/:roundId/ballots",
    tag: "budget",
    summary: "Every ballot event of a round (online and paper, current and replaced), newest first",
    params: roundId,
    query: { district: district.optional(), voter: address.optional(), ...paging },
    response: api.page(api.ballot),
    handler: async ({ params, query }) => {
      await loadRound(sql, params.roundId);
      const page = pageOf(query);
      const slots = slotsOf(await q.selectTallies(sql, params.roundId));
      const rows = await q.selectBallots(
        sql,
        { roundId: params.roundId, district: query.district, voter: query.voter },
        page,
      );
      const { items, nextCursor } = page.finish(rows);
      return { items: items.map((row) => ballotView(row, slots)), nextCursor };
    },
  });

  routes.add({
    method: "GET",
    path: "/api/accounts/:address/ballots",
    tag: "budget",
    summary: "An account's ballots with receipts (transaction, block, whether it is the one that counts)",
    params: { address },
    query: { ...paging },
    response: api.page(api.ballot),
    handler: async ({ params, query }) => {
      const page = pageOf(query);
      const { items: rows, nextCursor } = page.finish(await q.selectBallots(sql, { voter: params.address }, page));
      const slotsByRound = new Map<bigint, Slots>();
      const items = [];
      for (const row of rows) {
        if (!slotsByRound.has(row.round_id))
          slotsByRound.set(row.round_id, slotsOf(await q.selectTallies(sql, row.round_id)));
        items.push(ballotView(row, slotsByRound.get(row.round_id)!));
      }
      return { items, nextCursor };
    },
  });

  routes.add({
    method: "GET",
    path: "/api/rounds/:roundId/results",
    tag: "budget",
    summary: "Results per district: the contract's, and greedy and Method of Equal Shares from the tally library",
    params: roundId,
    response: api.results,
    handler: async ({ params }) => {
      const key = params.roundId.toString();
      return results.get(key, key, async () => roundResults(sql, await loadRound(sql, params.roundId)));
    },
  });

  routes.add({
    method: "GET",
    path: "/api/rounds/:roundId/audit",
    tag: "audit",
    summary: "The index's tallies and the contract's views against the tally library's recount of the indexed ballots",
    params: roundId,
    errors: [502],
    response: api.apiAudit,
    handler: async ({ params }) => {
      const round = await loadRound(sql, params.roundId);
      const head = await indexedHead(sql);
      const blockTag = head ? Number(head.number) : "latest";
      const districts = await auditDistricts(
        await districtTallies(sql, round),
        contractReader(chain, round.round_id, blockTag),
      );
      return {
        roundId: round.round_id.toString(),
        block: head ? { number: head.number.toString(), hash: head.hash } : null,
        match: districts.every((d) => d.mismatches.length === 0),
        districts,
      };
    },
  });
}
