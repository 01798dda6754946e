/**
 * The relayer end to end: a bare Koa app mounting the relay router over real HTTP, an in-process
 * chain with the system deployed, and the database of this run (embedded or real Postgres).
 * Residents hold no ether; every refusal comes back as a 4xx with its code; concurrent requests
 * get distinct relayer nonces; the target's custom error comes back decoded.
 */
import { randomUUID } from "node:crypto";

import { Wallet } from "ethers";
import { describe, expect, test } from "vitest";

import { createLogger } from "../../backend/logger/index.js";
import { databaseKind } from "../helpers/database.js";
import { ClaimStatus, evidenceFor, postTask } from "../helpers/tasks.js";
import {
  awayFromWindowEdge,
  bodyOf,
  getRelay,
  newResidents,
  postRelay,
  QUOTA_TEST_SECONDS,
  RAISED_QUOTAS,
  settled,
  signCall,
  startRelayApp,
  useRelayHarness,
} from "./relayer-harness.js";
import { seededRandom } from "./support/chain.js";

const h = useRelayHarness();

const claimData = (taskId: bigint) => h.system.taskBoard.interface.encodeFunctionData("claim", [taskId]);
const taskBoardAddress = () => h.system.taskBoard.getAddress();

describe(`relayer over HTTP (${databaseKind} database)`, () => {
  test("a resident with 0 ETH claims a task and submits evidence; the chain and GET /api/relay/:id show it", async () => {
    const { system } = h;
    const [resident] = await newResidents(system, 1);
    const { taskId } = await postTask(system);
    expect(await system.ethers.provider.getBalance(resident!.address)).toBe(0n);

    const claim = await postRelay(
      h.app,
      bodyOf(await signCall(system, resident!, await taskBoardAddress(), claimData(taskId))),
    );
    expect(claim.status).toBe(202);
    expect(claim.body).toEqual({
      id: expect.any(String),
      txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      status: "pending",
    });
    expect(claim.headers.get("location")).toBe(`/api/relay/${claim.body.id}`);

    const done = await settled(h.app, claim.body.id);
    expect(done.status).toBe(200);
    const receipt = await system.ethers.provider.getTransactionReceipt(claim.body.txHash);
    expect(done.body).toMatchObject({
      id: claim.body.id,
      txHash: claim.body.txHash,
      status: "mined",
      blockNumber: String(receipt!.blockNumber),
      from: resident!.address.toLowerCase(),
      contract: "TaskBoard",
      function: "claim",
      nonce: "0",
    });
    expect(receipt!.from).toBe(h.relayerWallet.address);
    expect((await system.taskBoard.getClaim(taskId, resident!.address)).status).toBe(BigInt(ClaimStatus.Claimed));

    const evidence = evidenceFor(resident!.address, taskId);
    const submit = await postRelay(
      h.app,
      bodyOf(
        await signCall(
          system,
          resident!,
          await taskBoardAddress(),
          system.taskBoard.interface.encodeFunctionData("submitEvidence", [taskId, evidence]),
        ),
      ),
    );
    expect(submit.status).toBe(202);
    expect((await settled(h.app, submit.body.id)).body.status).toBe("mined");
    const stored = await system.taskBoard.getClaim(taskId, resident!.address);
    expect(stored.status).toBe(BigInt(ClaimStatus.Submitted));
    expect(stored.evidenceHash).toBe(evidence);
    expect(await system.ethers.provider.getBalance(resident!.address)).toBe(0n);
  });

  test("target_not_allowed: an address that is not ours, and the forwarder itself", async () => {
    const { system } = h;
    const [resident] = await newResidents(system, 1);
    const stranger = Wallet.createRandom().address;
    const foreign = await postRelay(h.app, bodyOf(await signCall(system, resident!, stranger, claimData(1n))));
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toMatchObject({ code: "target_not_allowed", details: { to: stranger.toLowerCase() } });
    expect(foreign.body.error.message).toContain(stranger.toLowerCase());

    const forwarder = await system.forwarder.getAddress();
    const self = await postRelay(
      h.app,
      bodyOf(
        await signCall(
          system,
          resident!,
          forwarder,
          system.forwarder.interface.encodeFunctionData("nonces", [stranger]),
        ),
      ),
    );
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe("target_not_allowed");
  });

  test("function_not_allowed: admins' and the treasury's functions and unknown selectors", async () => {
    const { system } = h;
    const [resident] = await newResidents(system, 1);
    const cases = [
      [
        await system.coin.getAddress(),
        system.coin.interface.encodeFunctionData("mint", [resident!.address, 100n]),
        "mint",
      ],
      [
        await system.budgetRound.getAddress(),
        system.budgetRound.interface.encodeFunctionData("cancelRound", [1n, "0x" + "00".repeat(32)]),
        "cancelRound",
      ],
      [await system.coin.getAddress(), "0xdeadbeef", null],
    ] as const;
    for (const [to, data, fn] of cases) {
      const answer = await postRelay(h.app, bodyOf(await signCall(system, resident!, to, data)));
      expect(answer.status).toBe(403);
      expect(answer.body.error).toMatchObject({
        code: "function_not_allowed",
        details: { selector: data.slice(0, 10), function: fn },
      });
    }
  });

  test("an official with 0 ETH registers a resident through the relayer with the role read on chain", async () => {
    const { system } = h;
    const registrar = Wallet.createRandom().connect(system.ethers.provider);
    await system.registry.grantRole(await system.registry.REGISTRAR_ROLE(), registrar.address);
    const newcomer = Wallet.createRandom().address;
    const expiresAt = BigInt(Math.floor(Date.now() / 1000) + 400 * 86_400);
    const data = system.registry.interface.encodeFunctionData("register", [newcomer, 3, expiresAt]);
    const answer = await postRelay(
      h.app,
      bodyOf(await signCall(system, registrar, await system.registry.getAddress(), data)),
    );
    expect(answer.status).toBe(202);
    expect((await settled(h.app, answer.body.id)).body).toMatchObject({
      status: "mined",
      from: registrar.address.toLowerCase(),
      contract: "ResidentRegistry",
      function: "register",
    });
    expect((await system.registry.registrationOf(newcomer)).district).toBe(3n);
    expect(await system.ethers.provider.getBalance(registrar.address)).toBe(0n);
  });

  test("an admin with 0 ETH grants and revokes a role through the relayer; a non-admin official is refused with 403", async () => {
    const { system } = h;
    const registrarRole = await system.registry.REGISTRAR_ROLE();
    const admin = Wallet.createRandom().connect(system.ethers.provider);
    await system.registry.grantRole(await system.registry.DEFAULT_ADMIN_ROLE(), admin.address);
    const clerk = Wallet.createRandom().address;
    const registry = await system.registry.getAddress();
    const grant = system.registry.interface.encodeFunctionData("grantRole", [registrarRole, clerk]);

    // The official holds roles on BudgetRound, not the registry's admin role: refused before anything is sent.
    const refused = await postRelay(h.app, bodyOf(await signCall(system, system.official, registry, grant)));
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      code: "not_eligible",
      details: {
        reason: "missing_role",
        from: system.official.address.toLowerCase(),
        contract: "ResidentRegistry",
        function: "grantRole",
        roles: ["DEFAULT_ADMIN_ROLE"],
      },
    });
    expect(refused.body.error.message).toContain("DEFAULT_ADMIN_ROLE");
    expect(await system.registry.hasRole(registrarRole, clerk)).toBe(false);

    const granted = await postRelay(h.app, bodyOf(await signCall(system, admin, registry, grant)));
    expect(granted.status).toBe(202);
    expect((await settled(h.app, granted.body.id)).body).toMatchObject({ status: "mined", function: "grantRole" });
    expect(await system.registry.hasRole(registrarRole, clerk)).toBe(true);
    const revoke = system.registry.interface.encodeFunctionData("revokeRole", [registrarRole, clerk]);
    const revoked = await postRelay(h.app, bodyOf(await signCall(system, admin, registry, revoke)));
    expect(revoked.status).toBe(202);
    expect((await settled(h.app, revoked.body.id)).body).toMatchObject({ status: "mined", function: "revokeRole" });
    expect(await system.registry.hasRole(registrarRole, clerk)).toBe(false);
    expect(await system.ethers.provider.getBalance(admin.address)).toBe(0n);
    // An admin of one contract is no admin of another.
    const budgetRound = await system.budgetRound.getAddress();
    const elsewhere = system.budgetRound.interface.encodeFunctionData("grantRole", [
      await system.budgetRound.REVIEWER_ROLE(),
      clerk,
    ]);
    const other = await postRelay(h.app, bodyOf(await signCall(system, admin, budgetRound, elsewhere)));
    expect(other.status).toBe(403);
    expect(other.body.error.details).toMatchObject({ reason: "missing_role", contract: "BudgetRound" });
  });

  test("not_eligible: a resident sending officials' functions lacks their role", async () => {
    const { system } = h;
    const [resident] = await newResidents(system, 1);
    const cases = [
      [
        await taskBoardAddress(),
        system.taskBoard.interface.encodeFunctionData("approve", [1n, resident!.address]),
        "approve",
        ["TASK_POSTER_ROLE"],
      ],
      [
        await system.budgetRound.getAddress(),
        system.budgetRound.interface.encodeFunctionData("finalize", [1n]),
        "finalize",
        ["ROUND_MANAGER_ROLE", "REVIEWER_ROLE", "CLERK_ROLE"],
      ],
    ] as const;
    for (const [to, data, fn, roles] of cases) {
      const answer = await postRelay(h.app, bodyOf(await signCall(system, resident!, to, data)));
      expect(answer.status).toBe(403);
      expect(answer.body.error).toMatchObject({
        code: "not_eligible",
        details: { reason: "missing_role", function: fn, roles },
      });
    }
  });

  test("bad_signature: another key's signature, a mangled one, and one for a later nonce", async () => {
    const { system } = h;
    const [resident] = await newResidents(system, 1);
    const { taskId } = await postTask(system);
    const impostor = Wallet.createRandom();
    const own = await signCall(system, resident!, await taskBoardAddress(), claimData(taskId));
    const forged = await signCall(system, impostor, await taskBoardAddress(), claimData(taskId), { nonce: 0n });

    const byImpostor = await postRelay(h.app, bodyOf({ ...own, signature: forged.signature }));
    expect(byImpostor.status).toBe(400);
    expect(byImpostor.body.error).toMatchObject({ code: "bad_signature", details: { reason: "signer_mismatch" } });

    // Any other field changed after signing breaks the signature too.
    const tampered = await postRelay(h.app, bodyOf({ ...own, gas: own.gas + 1n }));
    expect(tampered.body.error.code).toBe("bad_signature");

    const mangled = await postRelay(h.app, bodyOf({ ...own, signature: own.signature.slice(0, -2) + "1f" }));
    expect(mangled.status).toBe(400);
    expect(mangled.body.error.code).toBe("bad_signature");

    const ahead = await signCall(system, resident!, await taskBoardAddress(), claimData(taskId), { nonce: 1n });
    const early = await postRelay(h.app, bodyOf(ahead));
    expect(early.status).toBe(400);
    expect(early.body.error).toMatchObject({
      code: "bad_signature",
      details: { reason: "nonce_ahead", signedNonce: "1", currentNonce: "0" },
    });
    expect((await system.taskBoard.getClaim(taskId, resident!.address)).status).toBe(BigInt(ClaimStatus.None));
  });

  test("expired: a deadline in the past, or too close to chain time to be mined", async () => {
    const { system } = h;
    const [resident] = await newResidents(system, 1);
    const { taskId } = await postTask(system);
    const past = await postRelay(
      h.app,
      bodyOf(await signCall(system, resident!, await taskBoardAddress(), claimData(taskId), { validFor: -1 })),
    );
    expect(past.status).toBe(400);
    expect(past.body.error).toMatchObject({ code: "expired", details: { marginSeconds: 15 } });
    expect(past.body.error.message).toContain("has passed");

    const tight = await postRelay(
      h.app,
      bodyOf(await signCall(system, resident!, await taskBoardAddress(), claimData(taskId), { validFor: 5 })),
    );
    expect(tight.status).toBe(400);
    expect(tight.body.error.code).toBe("expired");
  });

  test("replayed: the same request twice at once, again after it was mined, and an old nonce", async () => {
    const { system } = h;
    const [resident] = await newResidents(system, 1);
    const first = await postTask(system);
    const second = await postTask(system);
    const request = await signCall(system, resident!, await taskBoardAddress(), claimData(first.taskId));

    const answers = await Promise.all([postRelay(h.app, bodyOf(request)), postRelay(h.app, bodyOf(request))]);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([202, 409]);
    const accepted = answers.find((a) => a.status === 202)!;
    const refused = answers.find((a) => a.status === 409)!;
    expect(refused.body.error).toMatchObject({ code: "replayed" });
    expect(["in_flight", "already_relayed"]).toContain(refused.body.error.details.reason);
    expect((await settled(h.app, accepted.body.id)).body.status).toBe("mined");

    const again = await postRelay(h.app, bodyOf(request));
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: "replayed",
      details: { reason: "already_relayed", id: accepted.body.id, txHash: accepted.body.txHash, status: "mined" },
    });

    // A different request signed for the nonce already used (never seen by the relayer).
    const stale = await signCall(system, resident!, await taskBoardAddress(), claimData(second.taskId), { nonce: 0n });
    const old = await postRelay(h.app, bodyOf(stale));
    expect(old.status).toBe(409);
    expect(old.body.error).toMatchObject({
      code: "replayed",
      details: { reason: "nonce_used", signedNonce: "0", currentNonce: "1" },
    });
    expect(await system.forwarder.nonces(resident!.address)).toBe(1n);
  });

  test("reverted: claiming when not a resident comes back as 422 with the TaskBoard's custom error", async () => {
    const { system } = h;
    // A resident of another district (the relayer pays only for registered residents; the
    // TaskBoard refuses a claim outside the task's district).
    const [outsider] = await newResidents(system, 1, 2);
    const { taskId } = await postTask(system);
    const answer = await postRelay(
      h.app,
      bodyOf(await signCall(system, outsider!, await taskBoardAddress(), claimData(taskId))),
    );
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({
      code: "reverted",
      details: {
        contract: "TaskBoard",
        name: "TaskNotResident",
        args: [outsider!.address.toLowerCase(), "1"],
        namedArgs: { account: outsider!.address.toLowerCase(), district: "1" },
        signature: "TaskNotResident(address,uint32)",
      },
    });
    expect(answer.body.error.message).toContain("TaskNotResident");
    // Nothing was sent or recorded.
    expect(await system.forwarder.nonces(outsider!.address)).toBe(0n);
    const rows = await h.db.sql`select 1 from relay_transactions where sender = ${outsider!.address.toLowerCase()}`;
    expect(rows.length).toBe(0);

    // A second claim by the same resident: the error carries the claim's status.
    const [resident] = await newResidents(system, 1);
    const claimed = await postRelay(
      h.app,
      bodyOf(await signCall(system, resident!, await taskBoardAddress(), claimData(taskId))),
    );
    await settled(h.app, claimed.body.id);
    const twice = await postRelay(
      h.app,
      bodyOf(await signCall(system, resident!, await taskBoardAddress(), claimData(taskId))),
    );
    expect(twice.status).toBe(422);
    expect(twice.body.error.details).toMatchObject({
      name: "TaskAlreadyClaimed",
      args: [taskId.toString(), resident!.address.toLowerCase(), String(ClaimStatus.Claimed)],
    });
  });

  test("bad input is a 400 invalid_request naming the field; unknown ids are 404", async () => {
    const { system } = h;
    const [resident] = await newResidents(system, 1);
    const good = bodyOf(await signCall(system, resident!, await taskBoardAddress(), claimData(1n))) as {
      request: Record<string, string>;
      signature: string;
    };
    // Bodies that are not JSON are refused by the API's one body reader (invalid_json).
    const cases: [unknown, string, string?][] = [
      [{ ...good, request: { ...good.request, gas: undefined } }, "body.request.gas"],
      [{ ...good, request: { ...good.request, gas: "12.5" } }, "body.request.gas"],
      [{ ...good, request: { ...good.request, from: "0x1234" } }, "body.request.from"],
      [{ ...good, request: { ...good.request, to: 42 } }, "body.request.to"],
      [{ ...good, request: { ...good.request, data: "0x12" } }, "body.request.data"],
      [{ ...good, request: { ...good.request, data: "hello" } }, "body.request.data"],
      [{ ...good, request: { ...good.request, deadline: (1n << 48n).toString() } }, "body.request.deadline"],
      [{ ...good, signature: "0xabcd" }, "body.signature"],
      [{ request: good.request }, "body.signature"],
      [{ signature: good.signature }, "body.request"],
      ["[1, 2", "body", "invalid_json"],
      ["", "body", "invalid_json"],
      [{ ...good, request: { ...good.request, value: "1" } }, "body.request.value"],
      [{ ...good, request: { ...good.request, gas: "1000000000" } }, "body.request.gas"],
    ];
    for (const [body, field, code] of cases) {
      const answer = await postRelay(h.app, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.code).toBe(code ?? "invalid_request");
      expect(answer.body.error.details[0].field).toBe(field);
      expect(answer.body.error.message).toContain(field);
    }

    const badId = await getRelay(h.app, "not-a-uuid");
    expect(badId.status).toBe(400);
    expect(badId.body.error).toMatchObject({ code: "invalid_request", details: [{ field: "params.id" }] });
    const unknown = await getRelay(h.app, "00000000-0000-4000-8000-000000000000");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("not_found");
  });

  test("rate_limited: more requests a minute than allowed, with Retry-After", async () => {
    const { system } = h;
    await awayFromWindowEdge(h.db, "minute", QUOTA_TEST_SECONDS);
    const app = await h.startApp({ quotas: { perMinute: 2, perDay: 1_000 } });
    const [resident] = await newResidents(system, 1);
    const tasks = [await postTask(system), await postTask(system), await postTask(system)];
    for (const [index, { taskId }] of tasks.entries()) {
      const answer = await postRelay(
        app,
        bodyOf(await signCall(system, resident!, await taskBoardAddress(), claimData(taskId))),
      );
      if (index < 2) {
        expect(answer.status).toBe(202);
        await settled(app, answer.body.id);
      } else {
        expect(answer.status).toBe(429);
        expect(answer.body.error).toMatchObject({ code: "rate_limited", details: { limit: 2, period: "minute" } });
        const retryAfter = Number(answer.headers.get("retry-after"));
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(60);
      }
    }
    // Other accounts have their own allowance.
    const [other] = await newResidents(system, 1);
    const otherAnswer = await postRelay(
      app,
      bodyOf(await signCall(system, other!, await taskBoardAddress(), claimData(tasks[2]!.taskId))),
    );
    expect(otherAnswer.status).toBe(202);
    await settled(app, otherAnswer.body.id);
  });

  test("quota_exceeded: the daily quota is kept in Postgres and shared by two API processes", async () => {
    const { system } = h;
    await awayFromWindowEdge(h.db, "day", QUOTA_TEST_SECONDS);
    const quotas = { perMinute: 1_000, perDay: 2 };
    // Two processes with the same relayer key: the second one's nonce counter starts stale.
    const one = await h.startApp({ quotas });
    const two = await h.startApp({ quotas });
    const [resident] = await newResidents(system, 1);
    const tasks = [await postTask(system), await postTask(system), await postTask(system)];
    const a = await postRelay(
      one,
      bodyOf(await signCall(system, resident!, await taskBoardAddress(), claimData(tasks[0]!.taskId))),
    );
    expect(a.status).toBe(202);
    await settled(one, a.body.id);
    const b = await postRelay(
      two,
      bodyOf(await signCall(system, resident!, await taskBoardAddress(), claimData(tasks[1]!.taskId))),
    );
    expect(b.status).toBe(202);
    // Either process reports on either's transactions: the status lives in the database.
    expect((await settled(one, b.body.id)).body.status).toBe("mined");

    const c = await postRelay(
      one,
      bodyOf(await signCall(system, resident!, await taskBoardAddress(), claimData(tasks[2]!.taskId))),
    );
    expect(c.status).toBe(429);
    expect(c.body.error).toMatchObject({
      code: "quota_exceeded",
      details: { scope: "account", limit: 2, period: "day" },
    });
    expect(Number(c.headers.get("retry-after"))).toBeGreaterThan(0);
    const [usage] = await h.db.sql<{ count: number }[]>`
      select count from relay_usage where account = ${resident!.address.toLowerCase()} and period = 'day'
    `;
    expect(usage!.count).toBe(2);
  });

  test("quota_exceeded: the relayer's daily total over all accounts bounds what fresh keys can spend", async () => {
    const { system } = h;
    await awayFromWindowEdge(h.db, "day", QUOTA_TEST_SECONDS);
    const [sent] = await h.db.sql<{ count: number }[]>`
      select coalesce(sum(count), 0)::int as count from relay_usage
      where account = '*' and period = 'day' and window_start = date_trunc('day', now(), 'Europe/Amsterdam')
    `;
    const app = await h.startApp({
      quotas: { perMinute: 1_000, perDay: 1_000, perDayTotal: sent!.count + 1, ballotReservePercent: 0 },
    });
    const [first, second] = await newResidents(system, 2);
    const { taskId } = await postTask(system);
    const a = await postRelay(app, bodyOf(await signCall(system, first!, await taskBoardAddress(), claimData(taskId))));
    expect(a.status).toBe(202);
    await settled(app, a.body.id);
    const b = await postRelay(
      app,
      bodyOf(await signCall(system, second!, await taskBoardAddress(), claimData(taskId))),
    );
    expect(b.status).toBe(429);
    expect(b.body.error).toMatchObject({
      code: "quota_exceeded",
      details: { scope: "relayer", limit: sent!.count + 1 },
    });
  });

  test("20 concurrent requests from different accounts are all mined, with distinct relayer nonces", async () => {
    const { system } = h;
    const residents = await newResidents(system, 20);
    const { taskId } = await postTask(system, { slots: 20, reward: 100n });
    const requests = await Promise.all(
      residents.map(async (resident) =>
        bodyOf(await signCall(system, resident, await taskBoardAddress(), claimData(taskId))),
      ),
    );
    const answers = await Promise.all(requests.map((body) => postRelay(h.app, body)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));

    const finals = await Promise.all(answers.map((a) => settled(h.app, a.body.id)));
    expect(finals.map((f) => f.body.status)).toEqual(Array(20).fill("mined"));
    const txs = await Promise.all(answers.map((a) => system.ethers.provider.getTransaction(a.body.txHash)));
    const nonces = txs.map((tx) => tx!.nonce);
    expect(new Set(nonces).size).toBe(20);
    expect(txs.every((tx) => tx!.from === h.relayerWallet.address)).toBe(true);
    const rows = await h.db.sql<{ relayer_nonce: bigint }[]>`
      select relayer_nonce from relay_transactions where id in ${h.db.sql(answers.map((a) => a.body.id as string))}
    `;
    expect(rows.map((r) => Number(r.relayer_nonce)).sort((x, y) => x - y)).toEqual([...nonces].sort((x, y) => x - y));
    for (const resident of residents) {
      expect((await system.taskBoard.getClaim(taskId, resident.address)).status).toBe(BigInt(ClaimStatus.Claimed));
    }
  });

  test("20 concurrent requests while blocks are not mined: consecutive relayer nonces, all in one block", async () => {
    const { system } = h;
    const residents = await newResidents(system, 20);
    const { taskId } = await postTask(system, { slots: 20, reward: 100n });
    const requests = await Promise.all(
      residents.map(async (resident) =>
        bodyOf(await signCall(system, resident, await taskBoardAddress(), claimData(taskId))),
      ),
    );
    const start = await system.ethers.provider.getTransactionCount(h.relayerWallet.address, "pending");
    await system.ethers.provider.send("evm_setAutomine", [false]);
    let answers;
    try {
      answers = await Promise.all(requests.map((body) => postRelay(h.app, body)));
    } finally {
      await system.ethers.provider.send("evm_setAutomine", [true]);
    }
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
    expect((await getRelay(h.app, answers[0]!.body.id)).body.status).toBe("pending");
    await system.networkHelpers.mine(1);
    const finals = await Promise.all(answers.map((a) => settled(h.app, a.body.id)));
    expect(finals.map((f) => f.body.status)).toEqual(Array(20).fill("mined"));
    expect(new Set(finals.map((f) => f.body.blockNumber)).size).toBe(1);
    const txs = await Promise.all(answers.map((a) => system.ethers.provider.getTransaction(a.body.txHash)));
    expect(txs.map((tx) => tx!.nonce).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => start + i));
  });

  test("the send queue recovers when the relayer key was used outside it", async () => {
    const { system } = h;
    const lines: string[] = [];
    const app = await h.startApp({ logger: createLogger({ level: "warn", write: (line) => lines.push(line) }) });
    const [resident] = await newResidents(system, 2);
    const { taskId } = await postTask(system, { slots: 2 });
    const first = await postRelay(
      app,
      bodyOf(await signCall(system, resident!, await taskBoardAddress(), claimData(taskId))),
    );
    await settled(app, first.body.id);
    // An operator tops up another account from the relayer's key: the queue's counter is now behind.
    await (await h.relayerWallet.sendTransaction({ to: Wallet.createRandom().address, value: 1n })).wait();
    const [other] = await newResidents(system, 1);
    const second = await postRelay(
      app,
      bodyOf(await signCall(system, other!, await taskBoardAddress(), claimData(taskId))),
    );
    expect(second.status).toBe(202);
    expect((await settled(app, second.body.id)).body.status).toBe("mined");
    expect(lines.some((line) => JSON.parse(line).message.includes("nonce out of step"))).toBe(true);
    const [firstTx, secondTx] = await Promise.all(
      [first, second].map((a) => system.ethers.provider.getTransaction(a.body.txHash)),
    );
    expect(secondTx!.nonce).toBe(firstTx!.nonce + 2);
  });

  test("a relayer without ether answers 503 relayer_unavailable, records the failure and gives the quota back", async () => {
    const { system } = h;
    await awayFromWindowEdge(h.db, "day", QUOTA_TEST_SECONDS);
    const broke = Wallet.createRandom().connect(system.ethers.provider);
    const app = await h.startApp({ signer: broke });
    const [resident] = await newResidents(system, 1);
    const { taskId } = await postTask(system);
    const request = await signCall(system, resident!, await taskBoardAddress(), claimData(taskId));
    const answer = await postRelay(app, bodyOf(request));
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe("relayer_unavailable");
    const failed = await getRelay(app, answer.body.error.details.id);
    expect(failed.body).toMatchObject({ status: "failed", txHash: null });
    expect(failed.body.error).toMatch(/^not sent/);
    const [usage] = await h.db.sql<{ count: number }[]>`
      select count from relay_usage where account = ${resident!.address.toLowerCase()} and period = 'day'
    `;
    expect(usage!.count).toBe(0);

    // The same signed request goes through once a funded relayer takes it: a failed row frees the nonce.
    const retry = await postRelay(h.app, bodyOf(request));
    expect(retry.status).toBe(202);
    expect((await settled(h.app, retry.body.id)).body.status).toBe("mined");
  });

  test("a relayer whose RPC serves another chain than the deployment's refuses with 503", async () => {
    const { system } = h;
    const app = await h.startApp({ deployment: { ...h.deployment, chainId: 999 } });
    const [resident] = await newResidents(system, 1);
    const answer = await postRelay(
      app,
      bodyOf(await signCall(system, resident!, await taskBoardAddress(), claimData(1n))),
    );
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe("relayer_unavailable");
    expect(answer.body.error.message).toContain("chain 999");
  });

  test("addresses are taken in any letter case, a wrong checksum included", async () => {
    const { system } = h;
    const [resident] = await newResidents(system, 1);
    const { taskId } = await postTask(system);
    const body = bodyOf(await signCall(system, resident!, await taskBoardAddress(), claimData(taskId))) as {
      request: Record<string, string>;
    };
    const flip = (address: string) =>
      "0x" + [...address.slice(2)].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join("");
    body.request.from = flip(body.request.from!);
    body.request.to = flip(body.request.to!);
    const answer = await postRelay(h.app, body);
    expect(answer.status).toBe(202);
    expect((await settled(h.app, answer.body.id)).body.status).toBe("mined");
  });

  test("a request whose gas is too small for the call is refused as reverted without a reason", async () => {
    const { system } = h;
    const [resident] = await newResidents(system, 1);
    const { taskId } = await postTask(system);
    const answer = await postRelay(
      h.app,
      bodyOf(await signCall(system, resident!, await taskBoardAddress(), claimData(taskId), { gas: 5_000n })),
    );
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({ code: "reverted", details: { name: "FailedCall" } });
    expect(answer.body.error.message).toContain("request.gas");
  });

  test("GET /api/relay/:id settles rows a stopped process left behind", async () => {
    const { system } = h;
    const app = await h.startApp({ options: { staleAfterSeconds: 1 } });
    const common = {
      chain: h.deployment.genesisHash.toLowerCase(),
      forwarder: (await system.forwarder.getAddress()).toLowerCase(),
      target: (await taskBoardAddress()).toLowerCase(),
      contract: "TaskBoard",
      function_name: "claim",
      request_gas: 300_000n,
      request_deadline: 0n,
      request_data: claimData(1n),
      relayer: h.relayerWallet.address.toLowerCase(),
      created_at: new Date(Date.now() - 60_000),
    };
    const queued = {
      ...common,
      id: randomUUID(),
      sender: Wallet.createRandom().address.toLowerCase(),
      request_nonce: 0n,
      signature: "0x01",
      status: "queued",
      tx_hash: null,
      relayer_nonce: null,
    };
    const lost = {
      ...common,
      id: randomUUID(),
      sender: Wallet.createRandom().address.toLowerCase(),
      request_nonce: 0n,
      signature: "0x02",
      status: "pending",
      tx_hash: "0x" + "ab".repeat(32),
      relayer_nonce: 999,
    };
    await h.db.sql`insert into relay_transactions ${h.db.sql([queued, lost])}`;
    const never = await getRelay(app, queued.id);
    expect(never.body).toMatchObject({ status: "failed", txHash: null, error: expect.stringContaining("never sent") });
    const dropped = await getRelay(app, lost.id);
    expect(dropped.body).toMatchObject({ status: "failed", txHash: lost.tx_hash, error: "dropped by the network" });
  });

  test("randomly broken bodies never cause a 5xx", async () => {
    const { system } = h;
    const random = seededRandom(20261128);
    const [resident] = await newResidents(system, 1);
    const good = bodyOf(await signCall(system, resident!, await taskBoardAddress(), claimData(999n))) as {
      request: Record<string, unknown>;
      signature: string;
    };
    const junk = (): unknown =>
      [
        null,
        "",
        "0x",
        -1,
        1.5,
        "9".repeat(100),
        { nested: true },
        [1, 2],
        "0x" + "ab".repeat(40_000),
        "0xZZ",
        true,
        Wallet.createRandom().address,
        "0",
      ][Math.floor(random() * 13)];
    const fields = ["from", "to", "value", "gas", "deadline", "data", "nonce", "signature"];
    for (let i = 0; i < 150; i++) {
      const request: Record<string, unknown> = { ...good.request };
      const body: Record<string, unknown> = { request, signature: good.signature };
      const mutations = 1 + Math.floor(random() * 3);
      for (let m = 0; m < mutations; m++) {
        const roll = random();
        if (roll < 0.7) request[fields[Math.floor(random() * fields.length)]!] = junk();
        else if (roll < 0.85) body.signature = junk();
        else body.request = junk();
      }
      const answer = await postRelay(h.app, body);
      expect(answer.status, JSON.stringify(body).slice(0, 300)).toBeLessThan(500);
      expect(answer.body.error.code).toEqual(expect.any(String));
    }
  });

  test("counters for a metrics endpoint count outcomes", async () => {
    const seen: string[] = [];
    const app = await startRelayApp({
      db: h.db,
      provider: h.system.ethers.provider,
      signer: h.relayerWallet,
      deployment: h.deployment,
      // Every test request comes from 127.0.0.1: the per-client limit would count this file's earlier ones.
      quotas: RAISED_QUOTAS,
      metrics: { increment: (name, labels) => seen.push(`${name}:${labels.outcome}`) },
    });
    try {
      const [resident] = await newResidents(h.system, 1);
      const { taskId } = await postTask(h.system);
      const ok = await postRelay(
        app,
        bodyOf(await signCall(h.system, resident!, await taskBoardAddress(), claimData(taskId))),
      );
      await settled(app, ok.body.id);
      await postRelay(
        app,
        bodyOf(await signCall(h.system, resident!, Wallet.createRandom().address, claimData(taskId))),
      );
      expect(app.relayer.counters()).toMatchObject({
        requests: { accepted: 1, target_not_allowed: 1 },
        transactions: { sent: 1, mined: 1 },
        queueDepth: 0,
      });
      expect(seen).toEqual(
        expect.arrayContaining([
          "relay_requests_total:accepted",
          "relay_requests_total:target_not_allowed",
          "relay_transactions_total:sent",
          "relay_transactions_total:mined",
        ]),
      );
    } finally {
      await app.close();
    }
  });

  test("a transaction that reverts on chain is reported failed with the reason", async () => {
    const { system } = h;
    // Two residents race for the last slot: both simulate fine, the second one fails on chain.
    const [a, b] = await newResidents(system, 2);
    const { taskId } = await postTask(system, { slots: 1 });
    await system.networkHelpers.mine(1);
    await system.ethers.provider.send("evm_setAutomine", [false]);
    let answers;
    try {
      answers = await Promise.all(
        [a!, b!].map(async (r) =>
          postRelay(h.app, bodyOf(await signCall(system, r, await taskBoardAddress(), claimData(taskId)))),
        ),
      );
    } finally {
      await system.ethers.provider.send("evm_setAutomine", [true]);
    }
    expect(answers.map((x) => x.status)).toEqual([202, 202]);
    await system.networkHelpers.mine(1);
    const finals = await Promise.all(answers.map((x) => settled(h.app, x.body.id)));
    expect(finals.map((f) => f.body.status).sort()).toEqual(["failed", "mined"]);
    const failed = finals.find((f) => f.body.status === "failed")!;
    expect(failed.body.error).toMatch(/^reverted on chain/);
    expect(failed.body.blockNumber).toBeDefined();
  });
});
