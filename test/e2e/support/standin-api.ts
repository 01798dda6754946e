/**
 * The stack's front door on one port: the built front end (frontend/dist), the chain's JSON-RPC
 * at /rpc, the relayer's routes, and the API (backend/api/ROUTES.md). When the real API
 * (createApp) is given every /api route goes to it; otherwise a stand-in answers the same routes
 * straight from the chain's views and logs (no database), with an SSE stream of new blocks.
 * Test-only.
 */
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

import { Interface, keccak256, toUtf8Bytes, type Log } from "ethers";

import { BudgetRoundAbi, BuurtkasForwarderAbi, LocalCoinAbi, TaskBoardAbi } from "../../../generated/abis.js";
import { recountRound } from "../../../lib/audit/index.js";
import { decodeApproval } from "../../../lib/ballots/encoding.js";
import { readRoundFromChain } from "../../../lib/chain/roundLogs.js";
import { handleRpc, type Chain } from "./chain.js";

const DIST = path.resolve(import.meta.dirname, "../../../frontend/dist");
const PHASES = ["scheduled", "proposals", "support", "review", "voting", "closed", "finalized", "cancelled"];
const PROPOSAL_STATUS = ["none", "submitted", "feasible", "infeasible"];
const CLAIM_STATUS = ["none", "claimed", "submitted", "approved", "rejected", "released"];
const MIME: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;
const str = (value: unknown) => (typeof value === "bigint" ? value.toString() : String(value));

export async function startStandinApi(
  chain: Chain,
  extraStatic: Map<string, string> = new Map(),
  /** The real relayer's routes (POST /api/relay, GET /api/relay/:id); without it a simple stand-in. */
  relayHandler?: RequestListener,
  /** The real API (createApp): then every other /api route and /healthz go to it. */
  apiHandler?: RequestListener,
) {
  const { contracts, deployment } = chain;
  const provider = chain.ethers.provider;
  const budget = contracts.budgetRound;
  const board = contracts.taskBoard;
  const coin = contracts.coin;
  const registry = contracts.registry;
  const ifaces = {
    budget: new Interface(BudgetRoundAbi),
    board: new Interface(TaskBoardAbi),
    coin: new Interface(LocalCoinAbi),
    forwarder: new Interface(BuurtkasForwarderAbi),
  };
  const contents = new Map<string, Json>();
  const relayed = new Map<string, Json>();
  const forwarder = contracts.forwarder.connect(chain.relayer);

  const logsOf = async (address: string): Promise<Log[]> =>
    provider.getLogs({ address, fromBlock: 0, toBlock: "latest" });
  const parse = (iface: Interface, logs: Log[]) =>
    logs.flatMap((log) => {
      const parsed = iface.parseLog(log);
      return parsed ? [{ parsed, log }] : [];
    });

  async function roundJson(roundId: bigint): Promise<Json> {
    const rules = await budget.getFunction("getRules")(roundId);
    const phase = Number(await budget.getFunction("phase")(roundId));
    return {
      roundId: str(roundId),
      phase: PHASES[phase],
      cancelled: phase === 7,
      createdAt: { blockNumber: "0", txHash: "0x" },
      rules: {
        districts: (rules.districts as bigint[]).map((d, i) => ({
          district: Number(d),
          budget: str(rules.budgets[i]),
        })),
        schedule: Object.fromEntries(
          ["proposalsStart", "supportStart", "reviewStart", "votingStart", "votingEnd"].map((k) => [
            k,
            Number(rules.schedule[k]),
          ]),
        ),
        supportThreshold: Number(rules.supportThreshold),
        ballotType: Number(rules.ballotType) === 0 ? "approval" : "cumulative",
        minProjects: Number(rules.minProjects),
        maxProjects: Number(rules.maxProjects),
        minBudgetShareBps: Number(rules.minBudgetShareBps),
        maxBudgetShareBps: Number(rules.maxBudgetShareBps),
        totalPoints: Number(rules.totalPoints),
        maxPointsPerProject: Number(rules.maxPointsPerProject),
        tallyRule: Number(rules.tallyRule),
        tieBreak: Number(rules.tieBreak) === 0 ? "lower-cost-first" : "lower-id-first",
        rulesHash: rules.rulesHash,
      },
    };
  }

  async function proposalJson(proposalId: bigint): Promise<Json> {
    const p = await budget.getFunction("getProposal")(proposalId);
    const [ids] = await budget.getFunction("getBallot")(p.roundId, p.district);
    const position = (ids as bigint[]).findIndex((id) => id === proposalId);
    const tallies = position >= 0 ? ((await budget.getFunction("getTallies")(p.roundId, p.district)) as bigint[]) : [];
    const content = contents.get(String(p.contentHash).toLowerCase()) ?? null;
    return {
      proposalId: str(proposalId),
      roundId: str(p.roundId),
      district: Number(p.district),
      proposer: String(p.proposer).toLowerCase(),
      requestedCost: str(p.requestedCost),
      finalCost: str(p.finalCost),
      supportCount: Number(p.supportCount),
      status: position >= 0 ? "onBallot" : PROPOSAL_STATUS[Number(p.status)],
      implementation: Number(p.implementation),
      contentHash: String(p.contentHash).toLowerCase(),
      reasonHash: p.reasonHash,
      position: position >= 0 ? position : null,
      votes: str(tallies[position] ?? 0n),
      content: content
        ? { title: content.title, summary: content.summary, body: content.body, images: content.images }
        : null,
    };
  }

  async function taskJson(taskId: bigint, withClaims: boolean): Promise<Json> {
    const task = await board.getFunction("getTask")(taskId);
    const now = (await provider.getBlock("latest"))!.timestamp;
    const status = task.cancelled
      ? "cancelled"
      : Number(task.deadline) < now
        ? "expired"
        : Number(task.openSlots) === 0
          ? "full"
          : "open";
    const json: Json = {
      taskId: str(taskId),
      creator: String(task.creator).toLowerCase(),
      verifier: String(task.verifier).toLowerCase(),
      district: Number(task.district),
      reward: str(task.reward),
      slots: Number(task.slots),
      filled: Number(task.activeClaims) + Number(task.completed),
      open: Number(task.openSlots),
      deadline: Number(task.deadline),
      claimWindow: Number(task.claimWindow),
      contentHash: String(task.contentHash).toLowerCase(),
      status,
    };
    if (withClaims) json.claims = await claimsOf(taskId);
    return json;
  }

  async function claimsOf(taskId: bigint): Promise<Json[]> {
    const claimants = new Set<string>();
    for (const { parsed } of parse(ifaces.board, await logsOf(board.target as string))) {
      if (parsed.name === "TaskClaimed" && parsed.args.taskId === taskId)
        claimants.add(String(parsed.args.resident).toLowerCase());
    }
    const claims: Json[] = [];
    for (const claimant of claimants) {
      const claim = await board.getFunction("getClaim")(taskId, claimant);
      claims.push({
        claimant,
        status: CLAIM_STATUS[Number(claim.status)],
        evidenceHash: claim.evidenceHash,
        claimedAt: Number(claim.claimedAt),
      });
    }
    return claims;
  }

  async function relay(body: Json): Promise<Json> {
    const request = body.request as Record<string, string> | undefined;
    if (!request) throw new HttpError(400, "invalid_request", "request is required", [{ field: "body.request" }]);
    const data = { ...request, signature: request.signature ?? (body.signature as string) };
    try {
      await forwarder.getFunction("execute").staticCall(data);
    } catch (error) {
      const revert = (error as { data?: string }).data;
      let name = "unknown";
      for (const iface of Object.values(ifaces)) {
        try {
          const parsed = revert ? iface.parseError(revert) : null;
          if (parsed) {
            name = `${parsed.name}(${parsed.args.map(String).join(", ")})`;
            break;
          }
        } catch {
          // another contract's error
        }
      }
      throw new HttpError(422, "reverted", `the call would revert: ${name}`, { name });
    }
    const tx = await forwarder.getFunction("execute")(data);
    const receipt = await tx.wait();
    const id = keccak256(toUtf8Bytes(tx.hash)).slice(0, 18);
    const answer = { id, txHash: tx.hash, status: "mined", blockNumber: receipt!.blockNumber };
    relayed.set(id, answer);
    return answer;
  }

  async function route(method: string, url: URL, body: Json | null): Promise<unknown> {
    const p = url.pathname;
    const q = url.searchParams;
    let m: RegExpExecArray | null;
    if (method === "GET" && p === "/api/deployment") return { ...deployment, rpcUrl: `${url.origin}/rpc` };
    if (method === "GET" && p === "/api/rounds") {
      const count = (await budget.getFunction("roundCount")()) as bigint;
      const items = [];
      for (let id = count; id >= 1n; id--) items.push(await roundJson(id));
      return { items, nextCursor: null };
    }
    if (method === "GET" && (m = /^\/api\/rounds\/(\d+)$/.exec(p))) return roundJson(BigInt(m[1]!));
    if (method === "GET" && (m = /^\/api\/rounds\/(\d+)\/proposals$/.exec(p))) {
      const count = (await budget.getFunction("proposalCount")()) as bigint;
      const items = [];
      for (let id = 1n; id <= count; id++) {
        const proposal = await proposalJson(id);
        if (proposal.roundId !== m[1]) continue;
        if (q.get("district") && String(proposal.district) !== q.get("district")) continue;
        items.push(proposal);
      }
      return { items, nextCursor: null };
    }
    if (method === "GET" && (m = /^\/api\/rounds\/(\d+)\/results$/.exec(p))) {
      // The stand-in's results: the same recount from the logs the index would give.
      const round = await readRoundFromChain(provider, budget.target as string, BigInt(m[1]!));
      const districts = [];
      for (const d of recountRound(round)) {
        const view = await budget.getFunction("getDistrict")(round.roundId, d.district);
        const selected = decodeApproval(view.selected as bigint).map((i) => d.positions[i]!.proposalId);
        districts.push({
          district: d.district,
          budget: str(d.budget),
          voters: d.onlineBallots + d.paperBallots,
          contract: view.finalized ? { selected, selectedCost: str(view.selectedCost) } : null,
          greedy: { selected: d.greedy.selected, cost: d.greedy.cost, explanation: d.greedy.explanation },
          mes: d.mes ? { selected: d.mes.selected, cost: d.mes.cost, explanation: d.mes.explanation } : null,
          tallies: d.positions.map((position, i) => ({ proposalId: position.proposalId, votes: str(d.tallies[i]!) })),
        });
      }
      return { roundId: m[1], finalized: round.finalized, districts };
    }
    if (method === "GET" && (m = /^\/api\/proposals\/(\d+)$/.exec(p))) return proposalJson(BigInt(m[1]!));
    if (method === "POST" && p === "/api/proposals/content") {
      const content = {
        body: String(body?.body ?? ""),
        images: (body?.images as string[]) ?? [],
        summary: String(body?.summary ?? ""),
        title: String(body?.title ?? ""),
      };
      if (!content.title) throw new HttpError(400, "invalid_request", "title is required", [{ field: "body.title" }]);
      const hash = keccak256(toUtf8Bytes(JSON.stringify(content)));
      contents.set(hash, content);
      return { contentHash: hash };
    }
    if (method === "GET" && (m = /^\/api\/content\/(0x[0-9a-fA-F]{64})$/.exec(p))) {
      const content = contents.get(m[1]!.toLowerCase());
      if (!content) throw new HttpError(404, "not_found", "unknown content");
      return { ...content, contentHash: m[1]!.toLowerCase() };
    }
    if (method === "GET" && (m = /^\/api\/accounts\/(0x[0-9a-fA-F]{40})\/ballots$/.exec(p))) {
      const voter = m[1]!.toLowerCase();
      const events = parse(ifaces.budget, await logsOf(budget.target as string)).filter(
        ({ parsed }) => parsed.name === "ApprovalBallotCast" && String(parsed.args.voter).toLowerCase() === voter,
      );
      return events.map(({ parsed, log }, i) => ({
        roundId: str(parsed.args.roundId),
        district: Number(parsed.args.district),
        voter,
        kind: "approval",
        paper: false,
        proposalIds: decodeApproval(parsed.args.selection).map(String),
        points: null,
        replaced: events.slice(i + 1).some((later) => later.parsed.args.roundId === parsed.args.roundId),
        txHash: log.transactionHash,
        blockNumber: str(log.blockNumber),
        logIndex: log.index,
        counted: !events.slice(i + 1).some((later) => later.parsed.args.roundId === parsed.args.roundId),
      }));
    }
    if (method === "GET" && p === "/api/tasks") {
      const count = (await board.getFunction("taskCount")()) as bigint;
      const items = [];
      for (let id = count; id >= 1n; id--) {
        const task = await taskJson(id, Boolean(q.get("claimant")));
        if (q.get("district") && String(task.district) !== q.get("district")) continue;
        if (q.get("status") && task.status !== q.get("status")) continue;
        if (q.get("verifier") && task.verifier !== q.get("verifier")!.toLowerCase()) continue;
        if (q.get("claimant") && !(task.claims as Json[]).some((c) => c.claimant === q.get("claimant")!.toLowerCase()))
          continue;
        items.push(task);
      }
      return { items, nextCursor: null };
    }
    if (method === "GET" && (m = /^\/api\/tasks\/(\d+)$/.exec(p))) return taskJson(BigInt(m[1]!), true);
    if (method === "GET" && (m = /^\/api\/accounts\/(0x[0-9a-fA-F]{40})$/.exec(p))) {
      const address = m[1]!.toLowerCase();
      const registration = await registry.getFunction("registrationOf")(address);
      const year = await board.getFunction("currentYear")();
      return {
        address,
        residentDistricts: Number(registration.district)
          ? [{ district: Number(registration.district), expiresAt: Number(registration.expiresAt) }]
          : [],
        balance: str(await coin.getFunction("balanceOf")(address)),
        earnedThisYear: str(await board.getFunction("earnedIn")(address, year)),
        yearlyCap: str(await board.getFunction("yearlyCap")()),
        isMerchant: await coin.getFunction("isMerchant")(address),
      };
    }
    if (method === "GET" && (m = /^\/api\/accounts\/(0x[0-9a-fA-F]{40})\/ledger$/.exec(p))) {
      const address = m[1]!.toLowerCase();
      const items = [];
      let balance = 0n;
      const special = new Map([[String(board.target).toLowerCase(), "board"]]);
      for (const { parsed, log } of parse(ifaces.coin, await logsOf(coin.target as string))) {
        if (parsed.name !== "Transfer") continue;
        const from = String(parsed.args.from).toLowerCase();
        const to = String(parsed.args.to).toLowerCase();
        if (from !== address && to !== address) continue;
        const amount = to === address ? (parsed.args.value as bigint) : -(parsed.args.value as bigint);
        balance += amount;
        const counterparty = to === address ? from : to;
        const zero = /^0x0+$/.test(counterparty);
        const kind = zero
          ? amount > 0n
            ? "mint"
            : "redeem"
          : special.has(counterparty)
            ? amount > 0n
              ? "reward"
              : "escrow"
            : "transfer";
        const block = await provider.getBlock(log.blockNumber);
        items.unshift({
          txHash: log.transactionHash,
          blockNumber: str(log.blockNumber),
          logIndex: log.index,
          time: block!.timestamp,
          counterparty: zero ? null : counterparty,
          amount: str(amount),
          balanceAfter: str(balance),
          kind,
        });
      }
      return { items, nextCursor: null };
    }
    if (method === "GET" && p === "/api/merchants") {
      const merchants = [];
      for (const { parsed } of parse(ifaces.coin, await logsOf(coin.target as string))) {
        if (parsed.name === "MerchantRegistered")
          merchants.push({ address: String(parsed.args.merchant).toLowerCase(), name: null, redeemedTotal: "0" });
      }
      return merchants;
    }
    if (method === "GET" && p === "/api/redemptions") {
      const items = [];
      for (const { parsed, log } of parse(ifaces.coin, await logsOf(coin.target as string))) {
        if (parsed.name !== "Redeemed") continue;
        const merchant = String(parsed.args.merchant).toLowerCase();
        if (q.get("merchant") && merchant !== q.get("merchant")!.toLowerCase()) continue;
        items.push({
          merchant,
          amount: str(parsed.args.amount),
          paymentReference: parsed.args.paymentReference,
          txHash: log.transactionHash,
          blockNumber: str(log.blockNumber),
          time: 0,
        });
      }
      return { items, nextCursor: null };
    }
    if (method === "POST" && p === "/api/relay") return relay(body ?? {});
    if (method === "GET" && (m = /^\/api\/relay\/(\w+)$/.exec(p))) {
      const found = relayed.get(m[1]!);
      if (!found) throw new HttpError(404, "not_found", "unknown relay id");
      return found;
    }
    throw new HttpError(404, "not_found", `no route ${method} ${p}`);
  }

  const sseClients = new Set<ServerResponse>();
  let lastBlock = await provider.getBlockNumber();
  const ticker = setInterval(() => {
    void provider.getBlockNumber().then(async (head) => {
      if (head <= lastBlock) return;
      const from = lastBlock + 1;
      lastBlock = head;
      const block = await provider.getBlock(head);
      const logs = await provider.getLogs({ fromBlock: from, toBlock: head });
      for (const client of sseClients) {
        client.write(`event: block\ndata: ${JSON.stringify({ number: head, hash: block!.hash })}\n\n`);
        if (logs.length) client.write(`event: transfer\ndata: {}\n\n`);
      }
    });
  }, 400);

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
    try {
      const extraFile = extraStatic.get(url.pathname);
      if (extraFile !== undefined) {
        res.writeHead(200, { "content-type": "application/json" }).end(extraFile);
        return;
      }
      if (apiHandler) {
        // The real API serves the app, /rpc, /api and the relayer's routes itself.
        apiHandler(req, res);
        return;
      }
      if (url.pathname === "/rpc" && req.method === "POST") {
        res.writeHead(200, { "content-type": "application/json" }).end(await handleRpc(chain.provider, req));
        return;
      }
      if (relayHandler && url.pathname.startsWith("/api/relay")) {
        relayHandler(req, res);
        return;
      }
      if (url.pathname === "/api/events") {
        res.writeHead(200, {
          "content-type": "text/event-stream",
          "cache-control": "no-cache",
          connection: "keep-alive",
        });
        res.write(`event: block\ndata: ${JSON.stringify({ number: lastBlock })}\n\n`);
        sseClients.add(res);
        req.on("close", () => sseClients.delete(res));
        return;
      }
      if (url.pathname.startsWith("/api/")) {
        let body: Json | null = null;
        if (req.method === "POST") {
          const chunks: Buffer[] = [];
          for await (const chunk of req) chunks.push(chunk as Buffer);
          body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Json;
        }
        const answer = await route(req.method ?? "GET", url, body);
        const status = url.pathname === "/api/relay" ? 202 : 200;
        res
          .writeHead(status, { "content-type": "application/json" })
          .end(JSON.stringify(answer, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
        return;
      }
      const extra = extraStatic.get(url.pathname);
      if (extra !== undefined) {
        res.writeHead(200, { "content-type": "application/json" }).end(extra);
        return;
      }
      const file = path.join(DIST, url.pathname === "/" ? "index.html" : path.normalize(url.pathname));
      if (!file.startsWith(DIST)) throw new HttpError(404, "not_found", "outside the app");
      const content = await readFile(file).catch(() => null);
      if (!content) throw new HttpError(404, "not_found", `no file ${url.pathname}`);
      res.writeHead(200, { "content-type": MIME[path.extname(file)] ?? "application/octet-stream" }).end(content);
    } catch (error) {
      const known =
        error instanceof HttpError
          ? error
          : new HttpError(500, "internal", error instanceof Error ? error.message : String(error));
      res
        .writeHead(known.status, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { code: known.code, message: known.message, details: known.details ?? null } }));
    }
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: async () => {
      clearInterval(ticker);
      for (const client of sseClients) client.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
