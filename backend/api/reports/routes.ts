/**
 * Reports the municipality owes its council, from the index alone: turnout per district (online,
 * on paper, percentage, by day) and the funded projects with their implementation history. Each
 * as JSON and as CSV (semicolon-separated, as Dutch spreadsheets open it).
 */
import type { Context } from "koa";
import { z } from "zod";

import * as api from "../../../lib/api/schemas.js";
import { decodeApproval } from "../../../lib/ballots/encoding.js";
import { rulesFromColumns, type ImplementationStatusLabel } from "../../../lib/budget/index.js";
import type { Sql } from "../../db/index.js";
import * as budget from "../budget/queries.js";
import { chainTime } from "../chain.js";
import { notFound, uintString } from "../http.js";
import type { RouteTable } from "../route.js";
import * as q from "./queries.js";

/** Percent with one decimal, exact (no floats): 2 of 3 → "66.7". */
export function percentOf(part: number, whole: number): string {
  if (whole === 0) return "0.0";
  const tenths = Math.round((part * 1000) / whole);
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

export async function turnoutOf(sql: Sql, roundId: bigint): Promise<api.Turnout> {
  const round = await budget.selectRound(sql, roundId);
  if (!round) throw notFound(`round ${roundId}`);
  const rules = rulesFromColumns(round);
  // A closed round's report counts the registrations as they stood when voting ended, from the
  // registry's history: a resident registered or revoked since then does not change it.
  const registeredAt = Math.min(Number(await chainTime(sql)), rules.schedule.votingEnd);
  const [voted, registered, daily] = await Promise.all([
    q.selectTurnout(sql, roundId),
    q.selectRegistered(sql, registeredAt),
    q.selectDaily(sql, roundId),
  ]);
  const districts = rules.districts.map((district) => {
    const v = voted.find((row) => Number(row.district) === district);
    const online = Number(v?.online ?? 0);
    const paper = Number(v?.paper ?? 0);
    const reg = Number(registered.find((row) => Number(row.district) === district)?.registered ?? 0);
    return {
      district,
      registered: reg,
      votedOnline: online,
      votedPaper: paper,
      percent: percentOf(online + paper, reg + paper),
    };
  });
  const running = new Map<number, number>();
  const days = daily.map((row) => {
    const district = Number(row.district);
    const online = Number(row.online);
    const paper = Number(row.paper);
    running.set(district, (running.get(district) ?? 0) + online + paper);
    return { day: row.day, district, online, paper, cumulative: running.get(district)! };
  });
  return { roundId: roundId.toString(), registeredAt, districts, days };
}

export async function accountabilityOf(sql: Sql, roundId: bigint): Promise<api.Accountability> {
  const round = await budget.selectRound(sql, roundId);
  if (!round) throw notFound(`round ${roundId}`);
  const funded = (await q.selectFinalized(sql, roundId)).flatMap((row) =>
    decodeApproval(BigInt(row.selected)).map((position) => ({
      proposalId: row.proposal_ids?.[position] ?? "?",
      cost: row.costs?.[position] ?? "0",
      district: Number(row.district),
    })),
  );
  const ids = funded.map((p) => p.proposalId);
  const [reports, titles] = await Promise.all([q.selectReports(sql, ids), q.selectTitles(sql, ids)]);
  return {
    roundId: roundId.toString(),
    projects: funded.map((project) => {
      const history = reports
        .filter((r) => r.proposal_id === project.proposalId)
        .map((r) => ({
          status: r.status as ImplementationStatusLabel,
          at: r.block_time.toISOString(),
          by: r.reported_by,
          txHash: r.tx_hash,
          noteHash: r.note_hash,
          note: r.note,
        }));
      return {
        ...project,
        title: titles.find((t) => t.proposal_id === project.proposalId)?.title ?? null,
        status: history.at(-1)?.status ?? "none",
        history,
      };
    }),
  };
}

function csv(rows: readonly (readonly (string | number)[])[]): string {
  const cell = (v: string | number) => {
    const text = String(v);
    return /[;"\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return rows.map((row) => row.map(cell).join(";")).join("\r\n") + "\r\n";
}

/** What the `registered` figure counts, as the CSV's last row says it. */
export const REGISTERED_MEANS =
  "registered: accounts registered in the district at registered_at (not revoked, not expired), from the registry's history: the end of voting, or the time of the report while voting runs";

export function turnoutCsv(t: api.Turnout): string {
  return csv([
    ["district", "registered", "voted_online", "voted_paper", "percent"],
    ...t.districts.map((d) => [d.district, d.registered, d.votedOnline, d.votedPaper, d.percent]),
    [],
    ["day", "district", "new_online", "new_paper", "cumulative"],
    ...t.days.map((d) => [d.day, d.district, d.online, d.paper, d.cumulative]),
    [],
    ["registered_at", new Date(t.registeredAt * 1000).toISOString(), REGISTERED_MEANS],
  ]);
}

export function accountabilityCsv(a: api.Accountability): string {
  return csv([
    ["proposal_id", "district", "title", "cost", "status", "reported_at", "reported_status", "note"],
    ...a.projects.flatMap((p) =>
      p.history.length === 0
        ? [[p.proposalId, p.district, p.title ?? "", p.cost, p.status, "", "", ""]]
        : p.history.map((h) => [
            p.proposalId,
            p.district,
            p.title ?? "",
            p.cost,
            p.status,
            h.at,
            h.status,
            h.note ?? "",
          ]),
    ),
  ]);
}

function sendCsv(ctx: Context, name: string, text: string) {
  ctx.status = 200;
  ctx.type = "text/csv; charset=utf-8";
  ctx.set("Content-Disposition", `attachment; filename="${name}"`);
  ctx.body = text;
}

export function reportRoutes(routes: RouteTable, sql: Sql): void {
  const params = { roundId: uintString("roundId") };
  routes.add({
    method: "GET",
    path: "/api/rounds/:roundId/turnout",
    tag: "budget",
    summary:
      "Turnout per district (registered, voted online, on paper, percentage) and new voters per day; registered counts the accounts registered at registeredAt (the end of voting, or now while it runs) from the registry's history",
    params,
    response: api.turnout,
    handler: ({ params }) => turnoutOf(sql, params.roundId),
  });
  routes.addRaw({
    method: "GET",
    path: "/api/rounds/:roundId/turnout.csv",
    tag: "budget",
    summary: "The turnout report as CSV",
    params,
    produces: {
      mediaType: "text/csv",
      description: "district rows, then daily rows, then the time registered is counted at and what it means",
      schema: z.string(),
    },
    handler: async ({ params }, ctx) =>
      sendCsv(ctx, `turnout-round-${params.roundId}.csv`, turnoutCsv(await turnoutOf(sql, params.roundId))),
  });
  routes.add({
    method: "GET",
    path: "/api/rounds/:roundId/accountability",
    tag: "budget",
    summary: "Funded projects of a finalized round with their implementation status history and notes",
    params,
    response: api.accountability,
    handler: ({ params }) => accountabilityOf(sql, params.roundId),
  });
  routes.addRaw({
    method: "GET",
    path: "/api/rounds/:roundId/accountability.csv",
    tag: "budget",
    summary: "The accountability report as CSV",
    params,
    produces: { mediaType: "text/csv", description: "one row per status report", schema: z.string() },
    handler: async ({ params }, ctx) =>
      sendCsv(
        ctx,
        `accountability-round-${params.roundId}.csv`,
        accountabilityCsv(await accountabilityOf(sql, params.roundId)),
      ),
  });
}
