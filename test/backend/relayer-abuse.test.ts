/**
 * The relayer under abuse (issue 17): fresh keys spending the daily budget, padded calldata,
 * a relayed transaction that reverts on chain, floods of bad signatures and of copies of one
 * request. Each case failed before its fix; each now ends in a clear 4xx and nothing is lost.
 */
import { Wallet, type Provider, type TransactionRequest } from "ethers";
import { describe, expect, test } from "vitest";

import { DEFAULT_QUOTAS } from "../../backend/relayer/index.js";
import { databaseKind } from "../helpers/database.js";
import {
  Phase,
  ProposalStatus,
  approvalRules,
  bits,
  plansFor,
  prepareRound,
  reason,
  registerResidents,
} from "../helpers/rounds.js";
import { postTask } from "../helpers/tasks.js";
import {
  awayFromWindowEdge,
  bodyOf,
  newResidents,
  postRelay,
  QUOTA_TEST_SECONDS,
  settled,
  signCall,
  useRelayHarness,
  type RelayApp,
} from "./relayer-harness.js";

const h = useRelayHarness();

const claimData = (taskId: bigint) => h.system.taskBoard.interface.encodeFunctionData("claim", [taskId]);
const taskBoardAddress = () => h.system.taskBoard.getAddress();

/** Relayed requests counted today for everyone together (the relayer's daily total). */
async function totalToday(): Promise<number> {
  const [row] = await h.db.sql<{ count: number }[]>`
    select coalesce(sum(count), 0)::int as count from relay_usage
    where account = '*' and period = 'day' and window_start = date_trunc('day', now(), 'Europe/Amsterdam')
  `;
  return row!.count;
}

/** An account's counts in the current minute and day, under its counter key (`0x…`, `official:0x…`). */
async function usageOf(key: string): Promise<{ minute: number; day: number }> {
  const rows = await h.db.sql<{ period: "minute" | "day"; count: number }[]>`
    select period, count from relay_usage
    where account = ${key} and window_start = date_trunc(period, now(), 'Europe/Amsterdam')
  `;
  const of = (period: string) => rows.find((r) => r.period === period)?.count ?? 0;
  return { minute: of("minute"), day: of("day") };
}

/** A round in its voting phase with one registered voter in district 1; `proposer` indexes the funded test signers. */
async function votingRound(proposer: number) {
  const { system } = h;
  const [voter, proposing] = [Wallet.createRandom(), system.residents[proposer]!];
  await registerResidents(system, 1, [voter, proposing]);
  const { roundId } = await prepareRound(system, await approvalRules(system), plansFor({ 1: [600, 300] }), {
    1: [proposing],
  });
  const ballot = async () =>
    bodyOf(
      await signCall(
        system,
        voter,
        await system.budgetRound.getAddress(),
        system.budgetRound.interface.encodeFunctionData("castApprovalBallot", [roundId, 1, bits(0)]),
      ),
    );
  return { voter, ballot };
}

/**
 * The chain's provider, except that transactions are broadcast only once `simulations` gas
 * estimates were made: concurrent requests all simulate on the same state, deterministically.
 */
function gatedBroadcasts(simulations: number): Provider {
  const target = h.system.ethers.provider;
  let estimates = 0;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return new Proxy(target, {
    get(object, property) {
      if (property === "estimateGas")
        return async (tx: TransactionRequest) => {
          const estimate = await object.estimateGas(tx);
          if (++estimates === simulations) open();
          return estimate;
        };
      if (property === "broadcastTransaction")
        return async (signed: string) => {
          await gate;
          return object.broadcastTransaction(signed);
        };
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}

describe(`relayer under abuse (${databaseKind} database)`, () => {
  test("fresh keys relaying LocalCoin.transfer(self, 0) are refused unpaid and cannot lock out a resident's ballot", async () => {
    const { system } = h;
    await awayFromWindowEdge(h.db, "day", QUOTA_TEST_SECONDS);
    const used = await totalToday();
    const app = await h.startApp({ quotas: { perDayTotal: used + 5 } });
    const coin = await system.coin.getAddress();
    // Three times the day's budget in fresh keys (the attack used 7,980; the limit is what matters).
    const fresh = Array.from({ length: 15 }, () => Wallet.createRandom());
    const answers = [];
    for (const key of fresh) {
      const data = system.coin.interface.encodeFunctionData("transfer", [key.address, 0n]);
      answers.push(await postRelay(app, bodyOf(await signCall(system, key, coin, data))));
    }
    expect(answers.map((a) => a.status)).toEqual(Array(15).fill(403));
    expect(answers[0]!.body.error).toMatchObject({
      code: "not_eligible",
      details: { reason: "not_registered", contract: "LocalCoin", function: "transfer" },
    });
    expect(answers[0]!.body.error.message).toContain("registered residents");
    expect(await totalToday()).toBe(used);
    const rows = await h.db.sql`
      select 1 from relay_transactions where sender in ${h.db.sql(fresh.map((k) => k.address.toLowerCase()))}
    `;
    expect(rows.length).toBe(0);

    const { ballot } = await votingRound(2);
    const vote = await postRelay(app, await ballot());
    expect(vote.status).toBe(202);
    expect((await settled(app, vote.body.id)).body.status).toBe("mined");
  });

  test("registered residents' other calls stop at the ballot reserve; ballots may still use it", async () => {
    const { system } = h;
    await awayFromWindowEdge(h.db, "day", QUOTA_TEST_SECONDS);
    const used = await totalToday();
    // 10 left today, 5 of them (50 %) kept for votes.
    const app = await h.startApp({ quotas: { perDayTotal: used + 10, ballotReservePercent: 50 } });
    const coin = await system.coin.getAddress();
    const spenders = await newResidents(system, 6);
    const statuses: number[] = [];
    let refusal;
    for (const spender of spenders) {
      const data = system.coin.interface.encodeFunctionData("transfer", [spender.address, 0n]);
      const answer = await postRelay(app, bodyOf(await signCall(system, spender, coin, data)));
      statuses.push(answer.status);
      if (answer.status === 202) await settled(app, answer.body.id);
      else refusal = answer;
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    expect(refusal!.body.error).toMatchObject({
      code: "quota_exceeded",
      details: { scope: "relayer", limit: used + 5, reservedForVotes: 5, period: "day" },
    });
    expect(Number(refusal!.headers.get("retry-after"))).toBeGreaterThan(0);

    const { ballot } = await votingRound(3);
    const vote = await postRelay(app, await ballot());
    expect(vote.status).toBe(202);
    expect((await settled(app, vote.body.id)).body.status).toBe("mined");
  });

  test("an unregistered key may still redeem a vote code (it is how residents register), but nothing else", async () => {
    const { system } = h;
    const stranger = Wallet.createRandom();
    const { taskId } = await postTask(system);
    const claim = await postRelay(
      h.app,
      bodyOf(await signCall(system, stranger, await taskBoardAddress(), claimData(taskId))),
    );
    expect(claim.status).toBe(403);
    expect(claim.body.error.code).toBe("not_eligible");
    // A made-up code: eligible, but the simulation refuses it, so nothing is paid.
    const redeem = await postRelay(
      h.app,
      bodyOf(
        await signCall(
          system,
          stranger,
          await system.registry.getAddress(),
          system.registry.interface.encodeFunctionData("redeemVoteCode", [1n, "0x" + "11".repeat(65), []]),
        ),
      ),
    );
    expect(redeem.status).toBe(422);
    expect(redeem.body.error.code).toBe("reverted");
  });

  test("padding: junk appended to an allowed call is a 400 naming body.request.data", async () => {
    const { system } = h;
    const [resident] = await newResidents(system, 1);
    const { taskId } = await postTask(system);
    const padded = claimData(taskId) + "00".repeat(32 * 1024 - 36);
    const answer = await postRelay(h.app, bodyOf(await signCall(system, resident!, await taskBoardAddress(), padded)));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({
      code: "invalid_request",
      details: [{ field: "body.request.data", value: "32768 bytes" }],
    });
    expect(answer.body.error.message).toContain("body.request.data");
    expect(answer.body.error.message).toContain("36 bytes");

    // Dirty padding inside an argument (the high bytes of claim's uint256 are fine; an address's are not).
    const transfer = system.coin.interface.encodeFunctionData("transfer", [resident!.address, 1n]);
    const dirty = transfer.slice(0, 10) + "ff".repeat(12) + transfer.slice(34);
    const unclean = await postRelay(
      h.app,
      bodyOf(await signCall(system, resident!, await system.coin.getAddress(), dirty)),
    );
    expect(unclean.status).toBe(400);
    expect(unclean.body.error.details[0].field).toBe("body.request.data");
  });

  test("the gas cap holds for the whole transaction, not only request.gas", async () => {
    const { system } = h;
    const [resident] = await newResidents(system, 1);
    await system.coin.mint(resident!.address, 10n);
    const app = await h.startApp({ options: { maxGas: 80_000n } });
    const transfer = system.coin.interface.encodeFunctionData("transfer", [system.merchant.address, 1n]);
    // request.gas is within the cap; the forwarder's work and the calldata come on top of it.
    const answer = await postRelay(
      app,
      bodyOf(await signCall(system, resident!, await system.coin.getAddress(), transfer, { gas: 80_000n })),
    );
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({ code: "gas_too_high", details: { limit: "80000" } });
    expect(BigInt(answer.body.error.details.estimate)).toBeGreaterThan(80_000n);
    expect(await system.forwarder.nonces(resident!.address)).toBe(0n);

    // Accepted requests are sent with a gas limit within the cap.
    const capped = await h.startApp({ options: { maxGas: 200_000n } });
    const ok = await postRelay(
      capped,
      bodyOf(await signCall(system, resident!, await system.coin.getAddress(), transfer, { gas: 100_000n })),
    );
    expect(ok.status).toBe(202);
    const tx = await system.ethers.provider.getTransaction(ok.body.txHash);
    expect(tx!.gasLimit).toBeLessThanOrEqual(200_000n);
    expect((await settled(capped, ok.body.id)).body.status).toBe("mined");
  });

  test("a relayed transaction that reverts on chain is recorded with its hash and block, and its quota stays used", async () => {
    const { system } = h;
    await awayFromWindowEdge(h.db, "day", QUOTA_TEST_SECONDS);
    // Two residents race for a task's last slot, blocks mined at once: both pass simulation (the
    // broadcasts wait until both simulated), the second one reverts on chain. Hardhat's automine
    // then answers the broadcast with an error although it mined the transaction.
    const app = await h.startApp({ provider: gatedBroadcasts(2) });
    const [a, b] = await newResidents(system, 2);
    const { taskId } = await postTask(system, { slots: 1 });
    const answers = await Promise.all(
      [a!, b!].map(async (r) =>
        postRelay(app, bodyOf(await signCall(system, r, await taskBoardAddress(), claimData(taskId)))),
      ),
    );
    expect(answers.map((x) => x.status)).toEqual([202, 202]);
    const finals = await Promise.all(answers.map((x) => settled(app, x.body.id)));
    expect(finals.map((f) => f.body.status).sort()).toEqual(["failed", "mined"]);
    const failed = finals.find((f) => f.body.status === "failed")!;
    expect(failed.body.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(failed.body.error).toMatch(/^reverted on chain: TaskNoOpenSlot\(/);
    const receipt = await system.ethers.provider.getTransactionReceipt(failed.body.txHash);
    expect(receipt!.status).toBe(0);
    expect(failed.body.blockNumber).toBe(String(receipt!.blockNumber));
    // It cost gas: the day's request stays counted for its sender.
    const loser = failed.body.from as string;
    const [usage] = await h.db.sql<{ count: number }[]>`
      select count from relay_usage where account = ${loser} and period = 'day'
    `;
    expect(usage!.count).toBe(1);
  });

  test("93 bad-signature requests at once from one client: the client's limit answers 429 with Retry-After", async () => {
    const { system } = h;
    await awayFromWindowEdge(h.db, "minute", QUOTA_TEST_SECONDS);
    const app = await h.startApp({ quotas: { perClientPerMinute: 30 } });
    const [resident] = await newResidents(system, 1);
    const impostor = Wallet.createRandom();
    const { taskId } = await postTask(system);
    const own = await signCall(system, resident!, await taskBoardAddress(), claimData(taskId));
    const forged = await signCall(system, impostor, await taskBoardAddress(), claimData(taskId), { nonce: 0n });
    const body = bodyOf({ ...own, signature: forged.signature });
    const client = { "x-forwarded-for": "203.0.113.9" };
    const answers = await Promise.all(Array.from({ length: 93 }, () => postRelay(app, body, client)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 400).length).toBe(30);
    expect(statuses.filter((s) => s === 429).length).toBe(63);
    const throttled = answers.find((a) => a.status === 429)!;
    expect(throttled.body.error).toMatchObject({
      code: "rate_limited",
      details: { scope: "client", client: "203.0.113.9", limit: 30, period: "minute" },
    });
    const retryAfter = Number(throttled.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // Another client is not affected, and the resident's own request goes through.
    const other = await postRelay(app, bodyOf(own), { "x-forwarded-for": "198.51.100.7" });
    expect(other.status).toBe(202);
    await settled(app, other.body.id);
  });

  test("20 concurrent copies of one signed request: one is relayed, 19 are replays, the allowance is used once", async () => {
    const { system } = h;
    await awayFromWindowEdge(h.db, "minute", QUOTA_TEST_SECONDS);
    const app: RelayApp = await h.startApp({ quotas: { perMinute: 10 } });
    const [resident] = await newResidents(system, 1);
    const { taskId } = await postTask(system);
    const body = bodyOf(await signCall(system, resident!, await taskBoardAddress(), claimData(taskId)));
    const answers = await Promise.all(Array.from({ length: 20 }, () => postRelay(app, body)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([202, ...Array(19).fill(409)]);
    for (const refused of answers.filter((a) => a.status === 409)) {
      expect(refused.body.error.code).toBe("replayed");
      expect(["in_flight", "already_relayed"]).toContain(refused.body.error.details.reason);
    }
    const [minute] = await h.db.sql<{ count: number }[]>`
      select count from relay_usage where account = ${resident!.address.toLowerCase()} and period = 'minute'
    `;
    expect(minute!.count).toBe(1);
    const accepted = answers.find((a) => a.status === 202)!;
    expect((await settled(app, accepted.body.id)).body.status).toBe("mined");
  });

  test("the relay routes are in /api/openapi.json with their request schema", async () => {
    const response = await fetch(`${h.app.url}/api/openapi.json`);
    const document = (await response.json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>;
    };
    const post = document.paths["/api/relay"]!.post!;
    const schema = post.requestBody!.content["application/json"]!.schema as {
      properties: { request: { properties: Record<string, unknown> } };
    };
    expect(Object.keys(schema.properties.request.properties)).toEqual(
      expect.arrayContaining(["from", "to", "value", "gas", "deadline", "data"]),
    );
    expect(document.paths["/api/relay/{id}"]!.get).toBeDefined();
  });

  test("on the default limits an official relays 30 reviews unrefused; the same account's own calls stop at 10 a minute", async () => {
    const { system } = h;
    const app = await h.startApp({ quotas: DEFAULT_QUOTAS });
    // A client of its own: the default 120 a minute per IP is not what this test is about.
    const desk = { "x-forwarded-for": "198.51.100.30" };
    const reviewer = Wallet.createRandom().connect(system.ethers.provider);
    await system.budgetRound.grantRole(await system.budgetRound.REVIEWER_ROLE(), reviewer.address);
    // The reviewer is also a resident of the district: both allowances on one account.
    const proposer = system.residents[4]!;
    await registerResidents(system, 1, [proposer, reviewer]);
    const plans = Array.from({ length: 30 }, () => ({ district: 1, cost: 10, review: "unreviewed" as const }));
    const { proposalIds } = await prepareRound(
      system,
      await approvalRules(system),
      plans,
      { 1: [proposer] },
      Phase.Review,
    );
    const budgetRound = await system.budgetRound.getAddress();
    const official = `official:${reviewer.address.toLowerCase()}`;
    const own = reviewer.address.toLowerCase();

    for (const [index, proposalId] of proposalIds.entries()) {
      const data = system.budgetRound.interface.encodeFunctionData("review", [proposalId, true, 10, reason(index)]);
      const answer = await postRelay(app, bodyOf(await signCall(system, reviewer, budgetRound, data)), desk);
      expect(answer.status, `review ${index + 1}`).toBe(202);
      expect((await settled(app, answer.body.id)).body.status).toBe("mined");
    }
    for (const proposalId of proposalIds)
      expect((await system.budgetRound.getProposal(proposalId)).status).toBe(BigInt(ProposalStatus.Feasible));
    // All 30 on the officials' counter; none on the account's own.
    expect((await usageOf(official)).day).toBe(30);
    expect(await usageOf(own)).toEqual({ minute: 0, day: 0 });

    // As a resident the same account pays a shop 0 coins eleven times: the 11th is refused.
    await awayFromWindowEdge(h.db, "minute", QUOTA_TEST_SECONDS);
    const coin = await system.coin.getAddress();
    const transfer = system.coin.interface.encodeFunctionData("transfer", [reviewer.address, 0n]);
    const statuses: number[] = [];
    let refusal;
    for (let i = 0; i < 11; i++) {
      const answer = await postRelay(app, bodyOf(await signCall(system, reviewer, coin, transfer)), desk);
      statuses.push(answer.status);
      if (answer.status === 202) await settled(app, answer.body.id);
      else refusal = answer;
    }
    expect(statuses).toEqual([...Array(10).fill(202), 429]);
    expect(refusal!.body.error).toMatchObject({
      code: "rate_limited",
      details: { scope: "account", limit: 10, period: "minute" },
    });
    expect(Number(refusal!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await usageOf(own)).toEqual({ minute: 10, day: 10 });
    expect((await usageOf(official)).day).toBe(30);

    // An official's call refused in simulation gives its day back to the officials' counter.
    const missing = system.budgetRound.interface.encodeFunctionData("review", [999_999n, true, 10, reason(0)]);
    const reverted = await postRelay(app, bodyOf(await signCall(system, reviewer, budgetRound, missing)), desk);
    expect(reverted.status).toBe(422);
    expect(reverted.body.error.code).toBe("reverted");
    expect((await usageOf(official)).day).toBe(30);
    expect((await usageOf(own)).day).toBe(10);
  });

  test("the officials' limits refuse with scope official; a stolen official key is still capped by the day and the total", async () => {
    const { system } = h;
    const registrar = Wallet.createRandom().connect(system.ethers.provider);
    await system.registry.grantRole(await system.registry.REGISTRAR_ROLE(), registrar.address);
    const registry = await system.registry.getAddress();
    const expiresAt = BigInt((await system.networkHelpers.time.latest()) + 400 * 86_400);
    const registration = async () => {
      const data = system.registry.interface.encodeFunctionData("register", [
        Wallet.createRandom().address,
        1,
        expiresAt,
      ]);
      return bodyOf(await signCall(system, registrar, registry, data));
    };
    const relayAll = async (app: RelayApp, count: number) => {
      const answers = [];
      for (let i = 0; i < count; i++) {
        const answer = await postRelay(app, await registration());
        answers.push(answer);
        if (answer.status === 202) await settled(app, answer.body.id);
      }
      return answers;
    };

    await awayFromWindowEdge(h.db, "minute", QUOTA_TEST_SECONDS);
    const perMinute = await relayAll(await h.startApp({ quotas: { officialPerMinute: 3 } }), 4);
    expect(perMinute.map((a) => a.status)).toEqual([202, 202, 202, 429]);
    expect(perMinute[3]!.body.error).toMatchObject({
      code: "rate_limited",
      details: { scope: "official", limit: 3, period: "minute" },
    });
    expect(perMinute[3]!.body.error.message).toContain("officials' requests");
    expect(Number(perMinute[3]!.headers.get("retry-after"))).toBeGreaterThan(0);

    // The day: 3 relayed already; a limit of 5 lets two more through.
    const perDay = await relayAll(await h.startApp({ quotas: { officialPerDay: 5 } }), 3);
    expect(perDay.map((a) => a.status)).toEqual([202, 202, 429]);
    expect(perDay[2]!.body.error).toMatchObject({
      code: "quota_exceeded",
      details: { scope: "official", limit: 5, period: "day" },
    });
    expect(await usageOf(`official:${registrar.address.toLowerCase()}`)).toMatchObject({ day: 5 });

    // The relayer's daily total holds for officials' calls too (they are ordinary calls).
    const used = await totalToday();
    const total = await relayAll(await h.startApp({ quotas: { perDayTotal: used + 2, ballotReservePercent: 0 } }), 3);
    expect(total.map((a) => a.status)).toEqual([202, 202, 429]);
    expect(total[2]!.body.error).toMatchObject({
      code: "quota_exceeded",
      details: { scope: "relayer", limit: used + 2, period: "day" },
    });
    expect(await totalToday()).toBe(used + 2);
  });
});
