/**
 * A stand-in for the Buurtkas API serving exactly what the audit reads, in the shapes of
 * lib/api/schemas.ts: GET /api/rounds/:id/results, GET /api/rounds/:id/proposals (paged) and the
 * indexed block of GET /healthz. Its "database" is a set of plain rows the test fills from
 * the chain once (as the indexer would) and then alters behind the API's back; every answer is
 * rendered from the rows at request time, so an altered row is what the API serves.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

import { Router } from "@koa/router";
import Koa from "koa";

import type { ApiContent, ApiProposal, ApiResults } from "../../../lib/audit/api.js";
import { recountRound } from "../../../lib/audit/recount.js";
import type { ChainRound } from "../../../lib/chain/roundLogs.js";

export interface ProposalRow {
  proposalId: string;
  roundId: string;
  district: number;
  proposer: string;
  requestedCost: string;
  finalCost: string | null;
  status: ApiProposal["status"];
  contentHash: string;
  reasonHash: string | null;
  supportCount: number;
  /** The stub's round has no paper desk: paper supports are those the test says. */
  paperSupportCount: number;
}

export interface TallyRow {
  roundId: string;
  district: number;
  proposalId: string;
  votes: string;
}

export interface DistrictRow {
  roundId: string;
  district: number;
  budget: string;
  voters: string;
  contractSelected: string[] | null;
  contractSelectedCost: string | null;
  greedySelected: string[];
  greedyCost: string;
  mesSelected: string[] | null;
  mesCost: string | null;
}

export interface StubDatabase {
  rounds: Map<string, { finalized: boolean }>;
  districts: DistrictRow[];
  tallies: TallyRow[];
  proposals: ProposalRow[];
  /** Stored proposal content keyed by its content hash (POST /api/proposals/content). */
  contents: Map<string, ApiContent>;
  /** The block the index has reached (GET /healthz); unset: the stub does not say. */
  indexedBlock?: number;
}

/** Rows as an indexer would write them for `round` (the test alters them afterwards). */
export function rowsFromChain(round: ChainRound, contents: Map<string, ApiContent>): StubDatabase {
  const roundId = round.roundId.toString();
  const recounts = recountRound(round);
  return {
    rounds: new Map([[roundId, { finalized: round.finalized }]]),
    districts: recounts.map((r) => {
      const result = round.districts.get(r.district)!.result;
      const ids = r.positions.map((p) => p.proposalId);
      const selected = result ? ids.filter((_, i) => (result.selected >> BigInt(i)) & 1n) : null;
      return {
        roundId,
        district: r.district,
        budget: r.budget.toString(),
        voters: String(r.onlineBallots + r.paperBallots),
        contractSelected: selected,
        contractSelectedCost: result ? result.selectedCost.toString() : null,
        greedySelected: r.greedy.selected,
        greedyCost: r.greedy.cost,
        mesSelected: r.mes?.selected ?? null,
        mesCost: r.mes?.cost ?? null,
      };
    }),
    tallies: recounts.flatMap((r) =>
      r.positions.map((p, i) => ({
        roundId,
        district: r.district,
        proposalId: p.proposalId,
        votes: r.tallies[i]!.toString(),
      })),
    ),
    proposals: [...round.proposals.values()].map((p) => ({
      proposalId: p.id.toString(),
      roundId,
      district: p.district,
      proposer: p.proposer.toLowerCase(),
      requestedCost: p.requestedCost.toString(),
      finalCost: p.review ? p.review.finalCost.toString() : null,
      status: p.review ? (p.review.feasible ? "feasible" : "infeasible") : "submitted",
      contentHash: p.contentHash.toLowerCase(),
      reasonHash: p.review?.reasonHash ?? null,
      supportCount: p.supports?.length ?? 0,
      paperSupportCount: 0,
    })),
    contents,
  };
}

export interface StubApi {
  url: string;
  db: StubDatabase;
  close(): Promise<void>;
}

/** Serves `db`; pages hold at most `pageSize` proposals whatever `?limit=` asks, to exercise paging. */
export async function startStubApi(db: StubDatabase, pageSize = 2): Promise<StubApi> {
  const router = new Router();
  const notFound = (ctx: Koa.Context) => {
    ctx.status = 404;
    ctx.body = { error: { code: "not_found", message: `round ${ctx.params.roundId} not found`, details: null } };
  };
  router.get("/healthz", (ctx) => {
    ctx.body = { ok: true, indexedBlock: db.indexedBlock ?? null };
  });
  router.get("/api/rounds/:roundId/results", (ctx) => {
    const roundId = ctx.params.roundId!;
    const round = db.rounds.get(roundId);
    if (!round) return notFound(ctx as unknown as Koa.Context);
    ctx.body = {
      roundId,
      finalized: round.finalized,
      districts: db.districts
        .filter((d) => d.roundId === roundId)
        .map((d) => ({
          district: d.district,
          budget: d.budget,
          voters: Number(d.voters),
          contract: d.contractSelected ? { selected: d.contractSelected, selectedCost: d.contractSelectedCost! } : null,
          greedy: { selected: d.greedySelected, cost: d.greedyCost },
          mes: d.mesSelected ? { selected: d.mesSelected, cost: d.mesCost! } : null,
          tallies: db.tallies
            .filter((t) => t.roundId === roundId && t.district === d.district)
            .map((t) => ({ proposalId: t.proposalId, votes: t.votes })),
        })),
    } satisfies ApiResults;
  });
  router.get("/api/rounds/:roundId/proposals", (ctx) => {
    const roundId = ctx.params.roundId!;
    if (!db.rounds.has(roundId)) return notFound(ctx as unknown as Koa.Context);
    const limit = Math.min(pageSize, Number(ctx.query.limit ?? 50));
    const start = Number(ctx.query.cursor ?? 0);
    const rows = db.proposals
      .filter((p) => p.roundId === roundId)
      .sort((a, b) => Number(BigInt(a.proposalId) - BigInt(b.proposalId)));
    ctx.body = {
      items: rows.slice(start, start + limit).map((p) => {
        const tally = db.tallies.find((t) => t.proposalId === p.proposalId);
        return { ...p, votes: tally?.votes ?? "0", content: db.contents.get(p.contentHash) ?? null };
      }),
      nextCursor: start + limit < rows.length ? String(start + limit) : null,
    } satisfies { items: ApiProposal[]; nextCursor: string | null };
  });
  const app = new Koa();
  app.use(router.routes());
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    db,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
