/** Rounds, proposals, proposal content, ballots with receipts, results and the audit comparison. */
import { z } from "zod";

import { decodeApproval, decodePoints } from "../../../lib/ballots/encoding.js";
import { districtElection, phaseOf, rulesFromColumns, rulesJson, type Rules } from "../../../lib/budget/index.js";
import { contentHashOf } from "../../../lib/content/index.js";
import { countVotes, explain, greedy, mesAdd1, type Election, type TallyResult } from "../../../lib/tally/index.js";
import type { Sql } from "../../db/index.js";
import { chainTime, indexedHead, type ChainViews } from "../chain.js";
import { ApiError, address, district, hash32, notFound, pageOf, paging, uintString } from "../http.js";
import type { RouteTable } from "../route.js";

/** A row of budget_round_created (one column per rule, see lib/budget's ruleColumns) and the round's state. */
interface RoundRow extends Record<string, unknown> {
  round_id: bigint;
  creator: string;
  block_number: bigint;
  tx_hash: string;
  cancelled: boolean;
  finalized: boolean;
}

const rulesOf = (row: RoundRow): Rules => rulesFromColumns(row);

function roundJson(row: RoundRow, now: bigint) {
  const rules = rulesOf(row);
  return {
    roundId: row.round_id.toString(),
    phase: phaseOf(rules.schedule, now, row),
    rules: rulesJson(rules),
    creator: row.creator,
    createdAt: { blockNumber: row.block_number.toString(), txHash: row.tx_hash },
    cancelled: row.cancelled,
  };
}

const ROUND_COLUMNS = (sql: Sql) => sql`
  c.*,
  exists (select 1 from budget_round_cancelled x where x.round_id = c.round_id) as cancelled,
  exists (select 1 from budget_round_finalized f where f.round_id = c.round_id) as finalized
`;

async function loadRound(sql: Sql, roundId: bigint): Promise<RoundRow> {
  const [row] = await sql<RoundRow[]>`
    select ${ROUND_COLUMNS(sql)} from budget_round_created c where c.round_id = ${roundId}
  `;
  if (!row) throw notFound(`round ${roundId}`);
  return row;
}

// ---------------------------------------------------------------- content

export const contentSchema = z.strictObject({
  title: z.string().trim().min(3, "must be 3 to 200 characters").max(200, "must be 3 to 200 characters"),
  summary: z.string().trim().min(1, "must be 1 to 1000 characters").max(1000, "must be 1 to 1000 characters"),
  body: z.string().max(20_000, "must be at most 20000 characters"),
  images: z
    .array(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }))
    .max(10, "at most 10 images")
    .default([]),
});
export type ProposalContent = z.output<typeof contentSchema>;

// ---------------------------------------------------------------- proposals

interface ProposalRow {
  proposal_id: bigint;
  round_id: bigint;
  district: bigint;
  proposer: string;
  requested_cost: bigint;
  content_hash: string;
  support_count: bigint;
  feasible: boolean | null;
  final_cost: bigint | null;
  reason_hash: string | null;
  implementation: string | null;
  position: number | null;
  votes: bigint | null;
  content: ProposalContent | null;
  block_number: bigint;
  tx_hash: string;
}

function proposalJson(row: ProposalRow) {
  return {
    proposalId: row.proposal_id.toString(),
    roundId: row.round_id.toString(),
    district: Number(row.district),
    proposer: row.proposer,
    requestedCost: row.requested_cost.toString(),
    finalCost: row.final_cost?.toString() ?? null,
    supportCount: Number(row.support_count),
    status: row.feasible === null ? "submitted" : row.feasible ? "feasible" : "infeasible",
    implementation: row.implementation ?? "none",
    contentHash: row.content_hash,
    reasonHash: row.reason_hash,
    position: row.position,
    votes: (row.votes ?? 0n).toString(),
    content: row.content,
    submitted: { blockNumber: row.block_number.toString(), txHash: row.tx_hash },
  };
}

function proposalQuery(
  sql: Sql,
  where: { roundId?: bigint; proposalId?: bigint; district?: number; status?: string },
  page?: { limit: number; offset: number },
) {
  return sql<ProposalRow[]>`
    select p.proposal_id, p.round_id, p.district, p.proposer, p.cost as requested_cost, p.content_hash,
      p.block_number, p.tx_hash,
      coalesce((select max(s.support_count) from budget_proposal_supported s where s.proposal_id = p.proposal_id), 0)
        as support_count,
      r.feasible, r.final_cost, r.reason_hash,
      (select i.status from budget_implementation_reported i where i.proposal_id = p.proposal_id
        order by i.block_number desc, i.log_index desc limit 1) as implementation,
      t.position, t.votes,
      pc.content
    from budget_proposal_submitted p
    left join lateral (
      select feasible, final_cost, reason_hash from budget_proposal_reviewed r
      where r.proposal_id = p.proposal_id order by r.block_number desc, r.log_index desc limit 1
    ) r on true
    left join budget_tallies t on t.round_id = p.round_id and t.district = p.district and t.proposal_id = p.proposal_id
    left join proposal_contents pc on pc.content_hash = p.content_hash
    where true
      ${where.roundId !== undefined ? sql`and p.round_id = ${where.roundId}` : sql``}
      ${where.proposalId !== undefined ? sql`and p.proposal_id = ${where.proposalId}` : sql``}
      ${where.district !== undefined ? sql`and p.district = ${where.district}` : sql``}
      ${
        where.status === "submitted"
          ? sql`and r.feasible is null`
          : where.status === "feasible"
            ? sql`and r.feasible`
            : where.status === "infeasible"
              ? sql`and r.feasible = false`
              : where.status === "onBallot"
                ? sql`and t.position is not null`
                : sql``
      }
    order by p.proposal_id
    ${page ? sql`limit ${page.limit + 1} offset ${page.offset}` : sql``}
  `;
}

// ---------------------------------------------------------------- ballots

interface BallotRow {
  round_id: bigint;
  kind: "approval" | "cumulative";
  paper: boolean;
  ballot_key: string;
  district: bigint;
  selection: bigint | null;
  points: bigint[] | null;
  block_hash: string;
  log_index: number;
  block_number: bigint;
  tx_hash: string;
  current: boolean;
}

/** Proposal id of each ballot position, per district of a round (from the published ballots). */
async function positionsOf(
  sql: Sql,
  roundId: bigint,
): Promise<Map<number, { proposalId: bigint; cost: bigint; votes: bigint }[]>> {
  const rows = await sql<{ district: bigint; position: number; proposal_id: bigint; cost: bigint; votes: bigint }[]>`
    select district, position, proposal_id, cost, votes from budget_tallies where round_id = ${roundId}
    order by district, position
  `;
  const map = new Map<number, { proposalId: bigint; cost: bigint; votes: bigint }[]>();
  for (const row of rows) {
    const list = map.get(Number(row.district)) ?? [];
    list[row.position] = { proposalId: row.proposal_id, cost: row.cost, votes: row.votes };
    map.set(Number(row.district), list);
  }
  return map;
}

function ballotEntries(row: Pick<BallotRow, "selection" | "points">): [number, number][] {
  if (row.selection !== null) return decodeApproval(row.selection).map((position) => [position, 1]);
  return [...decodePoints(row.points ?? [])];
}

function ballotJson(row: BallotRow, positions: Map<number, { proposalId: bigint }[]>) {
  const slots = positions.get(Number(row.district)) ?? [];
  const entries = ballotEntries(row);
  return {
    roundId: row.round_id.toString(),
    district: Number(row.district),
    voter: row.paper ? null : row.ballot_key,
    paperSerial: row.paper ? row.ballot_key : null,
    kind: row.kind,
    paper: row.paper,
    proposalIds: entries.map(([position]) => slots[position]?.proposalId.toString() ?? `position ${position}`),
    points: row.kind === "cumulative" ? entries.map(([, points]) => points) : null,
    replaced: !row.current,
    counted: row.current,
    txHash: row.tx_hash,
    blockNumber: row.block_number.toString(),
    logIndex: row.log_index,
  };
}

function ballotQuery(
  sql: Sql,
  where: { roundId?: bigint; district?: number; voter?: string },
  page: { limit: number; offset: number },
) {
  return sql<BallotRow[]>`
    with events as (
      select round_id, 'approval' as kind, false as paper, voter as ballot_key, district, selection,
        null::numeric[] as points, block_hash, log_index, block_number, tx_hash
      from budget_approval_ballot_cast
      union all
      select round_id, 'cumulative', false, voter, district, null, points, block_hash, log_index, block_number, tx_hash
      from budget_cumulative_ballot_cast
      union all
      select round_id, 'approval', true, serial_hash, district, selection, null, block_hash, log_index, block_number, tx_hash
      from budget_paper_approval_ballot_recorded
      union all
      select round_id, 'cumulative', true, serial_hash, district, null, points, block_hash, log_index, block_number, tx_hash
      from budget_paper_cumulative_ballot_recorded
    )
    select e.*, exists (
      select 1 from budget_current_ballots c
      where c.round_id = e.round_id and c.ballot_key = e.ballot_key
        and c.block_hash = e.block_hash and c.log_index = e.log_index
    ) as current
    from events e
    where true
      ${where.roundId !== undefined ? sql`and e.round_id = ${where.roundId}` : sql``}
      ${where.district !== undefined ? sql`and e.district = ${where.district}` : sql``}
      ${where.voter !== undefined ? sql`and e.ballot_key = ${where.voter} and not e.paper` : sql``}
    order by e.block_number desc, e.log_index desc
    limit ${page.limit + 1} offset ${page.offset}
  `;
}

// ---------------------------------------------------------------- results

interface DistrictTally {
  district: number;
  budget: bigint;
  slots: { proposalId: bigint; cost: bigint; votes: bigint }[];
  election: Election;
  voters: number;
  finalized: { selected: bigint; selectedCost: bigint; tallies: bigint[] } | null;
}

async function districtTallies(sql: Sql, round: RoundRow): Promise<DistrictTally[]> {
  const rules = rulesOf(round);
  const positions = await positionsOf(sql, round.round_id);
  const ballots = await sql<{ district: bigint; selection: bigint | null; points: bigint[] | null }[]>`
    select district, selection, points from budget_current_ballots where round_id = ${round.round_id}
  `;
  const finalized = await sql<{ district: bigint; selected: bigint; selected_cost: bigint; tallies: bigint[] }[]>`
    select district, selected, selected_cost, tallies from budget_district_finalized where round_id = ${round.round_id}
  `;
  return rules.districts.map((districtId, i) => {
    const slots = positions.get(districtId) ?? [];
    const own = ballots.filter((b) => Number(b.district) === districtId);
    const { election } = districtElection({
      ballotType: rules.ballotType,
      tieBreak: rules.tieBreak,
      budget: rules.budgets[i]!,
      positions: slots,
      ballots: own,
    });
    const done = finalized.find((f) => Number(f.district) === districtId);
    return {
      district: districtId,
      budget: rules.budgets[i]!,
      slots,
      election,
      voters: own.length,
      finalized: done ? { selected: done.selected, selectedCost: done.selected_cost, tallies: done.tallies } : null,
    };
  });
}

function selectedIds(bitmap: bigint, slots: { proposalId: bigint }[]): string[] {
  return decodeApproval(bitmap).map((position) => slots[position]?.proposalId.toString() ?? `position ${position}`);
}

function resultJson(result: TallyResult) {
  return {
    rule: result.rule,
    selected: result.selected,
    cost: result.cost.toString(),
    explanation: result.outcomes.map((o) => ({
      proposalId: o.id,
      cost: o.cost.toString(),
      votes: o.votes.toString(),
      selected: o.selected,
      step: o.step ?? null,
      rho: o.rho ? o.rho.toFixed(2) : null,
      reason: o.reason,
      text: { nl: explain(o, "nl"), en: explain(o, "en") },
    })),
  };
}

// ---------------------------------------------------------------- routes

export function roundRoutes(routes: RouteTable, sql: Sql, chain: ChainViews): void {
  const roundId = { roundId: uintString("roundId") };
  // Results recount every current ballot: cache them per indexed block and tally state (a row
  // changed behind the indexer's back changes the tag too, so it is never hidden by the cache).
  // Under load many requests arrive together: those arriving while the tag of their round is being
  // read share that read, and those missing the cache together share one recount (the embedded
  // database runs one query at a time, so each saved query is latency saved for every request).
  const cache = new Map<string, { head: string; value: Promise<unknown> }>();
  const tagReads = new Map<string, Promise<string>>();
  const tagOf = (roundId: bigint): Promise<string> => {
    const key = roundId.toString();
    let read = tagReads.get(key);
    if (!read) {
      read = (async () => {
        const [state] = await sql<{ tag: string }[]>`
          select concat_ws(':',
            (select block_number from indexer_cursor), (select block_hash from indexer_cursor),
            (select coalesce(sum(votes), 0) from budget_tallies where round_id = ${roundId}),
            (select count(*) from budget_current_ballots where round_id = ${roundId}),
            (select max(block_number) from budget_current_ballots where round_id = ${roundId})
          ) as tag
        `;
        return state?.tag ?? "";
      })().finally(() => tagReads.delete(key));
      tagReads.set(key, read);
    }
    return read;
  };
  const cached = async <T>(key: string, roundId: bigint, compute: () => Promise<T>): Promise<T> => {
    const tag = await tagOf(roundId);
    const hit = cache.get(key);
    if (hit && hit.head === tag) return hit.value as Promise<T>;
    const value = compute();
    if (cache.size > 500) cache.clear();
    const entry = { head: tag, value };
    cache.set(key, entry);
    // A failed recount is not kept: the next request tries again.
    value.catch(() => {
      if (cache.get(key) === entry) cache.delete(key);
    });
    return value;
  };

  routes.add({
    method: "GET",
    path: "/api/rounds",
    tag: "budget",
    summary: "Budget rounds, newest first, with rules and phase",
    query: { ...paging },
    handler: async ({ query }) => {
      const page = pageOf(query);
      const now = await chainTime(sql);
      const rows = await sql<RoundRow[]>`
        select ${ROUND_COLUMNS(sql)} from budget_round_created c
        order by c.round_id desc limit ${page.limit + 1} offset ${page.offset}
      `;
      const { items, nextCursor } = page.finish(rows);
      return { items: items.map((row) => roundJson(row, now)), nextCursor };
    },
  });

  routes.add({
    method: "GET",
    path: "/api/rounds/:roundId",
    tag: "budget",
    summary: "One round with its rules and phase",
    params: roundId,
    handler: async ({ params }) => roundJson(await loadRound(sql, params.roundId), await chainTime(sql)),
  });

  routes.add({
    method: "GET",
    path: "/api/rounds/:roundId/proposals",
    tag: "budget",
    summary: "Proposals of a round with support, review, ballot position, votes and verified content",
    params: roundId,
    query: {
      district: district.optional(),
      status: z
        .enum(["submitted", "feasible", "infeasible", "onBallot"], {
          error: "must be one of submitted, feasible, infeasible, onBallot",
        })
        .optional(),
      ...paging,
    },
    handler: async ({ params, query }) => {
      await loadRound(sql, params.roundId);
      const page = pageOf(query);
      const rows = await proposalQuery(
        sql,
        { roundId: params.roundId, district: query.district, status: query.status },
        page,
      );
      const { items, nextCursor } = page.finish(rows);
      return { items: items.map(proposalJson), nextCursor };
    },
  });

  routes.add({
    method: "GET",
    path: "/api/proposals/:proposalId",
    tag: "budget",
    summary: "One proposal",
    params: { proposalId: uintString("proposalId") },
    handler: async ({ params }) => {
      const [row] = await proposalQuery(sql, { proposalId: params.proposalId });
      if (!row) throw notFound(`proposal ${params.proposalId}`);
      return proposalJson(row);
    },
  });

  routes.add({
    method: "POST",
    path: "/api/proposals/content",
    tag: "budget",
    summary: "Stores a proposal's text; answers its contentHash (keccak256 of the canonical JSON) to submit on chain",
    body: contentSchema,
    status: 201,
    handler: async ({ body }) => {
      const contentHash = contentHashOf(body);
      await sql`
        insert into proposal_contents (content_hash, content) values (${contentHash}, ${sql.json(body as never)})
        on conflict (content_hash) do nothing
      `;
      return { contentHash, content: body };
    },
  });

  routes.add({
    method: "GET",
    path: "/api/content/:contentHash",
    tag: "budget",
    summary: "Stored proposal content by its hash",
    params: { contentHash: hash32 },
    handler: async ({ params }) => {
      const [row] = await sql<{ content: ProposalContent }[]>`
        select content from proposal_contents where content_hash = ${params.contentHash}
      `;
      if (!row) throw notFound(`content ${params.contentHash}`);
      return { ...row.content, contentHash: params.contentHash };
    },
  });

  routes.add({
    method: "GET",
    path: "/api/rounds/:roundId/ballots",
    tag: "budget",
    summary: "Every ballot event of a round (online and paper, current and replaced), newest first",
    params: roundId,
    query: { district: district.optional(), voter: address.optional(), ...paging },
    handler: async ({ params, query }) => {
      await loadRound(sql, params.roundId);
      const page = pageOf(query);
      const positions = await positionsOf(sql, params.roundId);
      const rows = await ballotQuery(
        sql,
        { roundId: params.roundId, district: query.district, voter: query.voter },
        page,
      );
      const { items, nextCursor } = page.finish(rows);
      return { items: items.map((row) => ballotJson(row, positions)), nextCursor };
    },
  });

  routes.add({
    method: "GET",
    path: "/api/accounts/:address/ballots",
    tag: "budget",
    summary: "An account's ballots with receipts (transaction, block, whether it is the one that counts)",
    params: { address },
    query: { ...paging },
    handler: async ({ params, query }) => {
      const page = pageOf(query);
      const rows = await ballotQuery(sql, { voter: params.address }, page);
      const positionCache = new Map<bigint, Awaited<ReturnType<typeof positionsOf>>>();
      const items = [];
      const { items: pageRows, nextCursor } = page.finish(rows);
      for (const row of pageRows) {
        if (!positionCache.has(row.round_id)) positionCache.set(row.round_id, await positionsOf(sql, row.round_id));
        items.push(ballotJson(row, positionCache.get(row.round_id)!));
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
    handler: async ({ params }) =>
      cached(`results:${params.roundId}`, params.roundId, async () => {
        const round = await loadRound(sql, params.roundId);
        const districts = await districtTallies(sql, round);
        return {
          roundId: round.round_id.toString(),
          finalized: round.finalized,
          ballotType: rulesOf(round).ballotType,
          districts: districts.map((d) => ({
            district: d.district,
            budget: d.budget.toString(),
            voters: d.voters,
            contract: d.finalized
              ? {
                  selected: selectedIds(d.finalized.selected, d.slots),
                  selectedCost: d.finalized.selectedCost.toString(),
                }
              : null,
            greedy: resultJson(greedy(d.election)),
            mes: rulesOf(round).ballotType === "approval" ? resultJson(mesAdd1(d.election)) : null,
            tallies: d.slots.map((s) => ({
              proposalId: s.proposalId.toString(),
              cost: s.cost.toString(),
              votes: s.votes.toString(),
            })),
          })),
        };
      }),
  });

  routes.add({
    method: "GET",
    path: "/api/rounds/:roundId/audit",
    tag: "audit",
    summary: "The database's tallies against the contract's views and the tally library's recount",
    params: roundId,
    handler: async ({ params }) =>
      (async () => {
        const round = await loadRound(sql, params.roundId);
        const head = await indexedHead(sql);
        const blockTag = head ? Number(head.number) : "latest";
        const districts = await districtTallies(sql, round);
        const out = [];
        for (const d of districts) {
          const recount = countVotes(d.election);
          let contractTallies: bigint[];
          let contractSelected: string[] = [];
          try {
            contractTallies = [...(await chain.budgetRound.getTallies(round.round_id, d.district, { blockTag }))];
            if (d.finalized) {
              contractSelected = (await chain.budgetRound.getSelected(round.round_id, d.district, { blockTag })).map(
                String,
              );
            }
          } catch (error) {
            throw new ApiError(502, "chain_unavailable", `the chain did not answer: ${(error as Error).message}`);
          }
          const mismatches: {
            proposalId: string;
            field: string;
            database: string;
            contract: string;
            library: string;
          }[] = [];
          const length = Math.max(d.slots.length, contractTallies.length);
          for (let i = 0; i < length; i++) {
            const id = d.slots[i]?.proposalId.toString() ?? `position ${i}`;
            const database = d.slots[i]?.votes ?? 0n;
            const contract = contractTallies[i] ?? 0n;
            const library = recount.get(id) ?? 0n;
            if (database !== contract || library !== contract) {
              mismatches.push({
                proposalId: id,
                field: "votes",
                database: database.toString(),
                contract: contract.toString(),
                library: library.toString(),
              });
            }
          }
          const library = greedy(d.election).selected;
          const database = d.finalized ? selectedIds(d.finalized.selected, d.slots) : [];
          if (d.finalized) {
            for (const id of new Set([...library, ...contractSelected, ...database])) {
              const flags = [database.includes(id), contractSelected.includes(id), library.includes(id)];
              if (flags.some((f) => f !== flags[1])) {
                mismatches.push({
                  proposalId: id,
                  field: "selected",
                  database: String(flags[0]),
                  contract: String(flags[1]),
                  library: String(flags[2]),
                });
              }
            }
          }
          out.push({
            district: d.district,
            database: { tallies: d.slots.map((s) => s.votes.toString()), selected: d.finalized ? database : null },
            contract: { tallies: contractTallies.map(String), selected: d.finalized ? contractSelected : null },
            library: {
              tallies: d.slots.map((s) => (recount.get(s.proposalId.toString()) ?? 0n).toString()),
              selected: library,
            },
            mismatches,
          });
        }
        return {
          roundId: round.round_id.toString(),
          block: head ? { number: head.number.toString(), hash: head.hash } : null,
          match: out.every((d) => d.mismatches.length === 0),
          districts: out,
        };
      })(),
  });
}
