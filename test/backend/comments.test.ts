/**
 * Comments on proposals over real HTTP on an index of a real chain: a registered resident's signed
 * comment and reply, the per-account limits, flags once per resident, and a moderator hiding a
 * comment with a public note that the thread and the public moderation log show. Every refusal is
 * a 4xx naming the problem, and nothing is written.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { Wallet, ZeroHash, type Signer } from "ethers";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { createApp, type ApiApp } from "../../backend/api/index.js";
import type { Database } from "../../backend/db/index.js";
import { commentFlagTypes, commentHashOf, commentWriteTypes } from "../../lib/comments/index.js";
import { contentDomain } from "../../lib/content/index.js";
import { signedModeration } from "../helpers/content.js";
import { useHarness } from "./support/harness.js";

const harness = useHarness();
let db: Database;
let app: ApiApp;
let server: Server;
let base: string;
let proposalId: string;

interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string; details: unknown } };
}

async function call(path: string, init?: RequestInit): Promise<Answer> {
  const response = await fetch(`${base}${path}`, init);
  return { status: response.status, body: (await response.json()) as Answer["body"] };
}
const post = (path: string, body: unknown) =>
  call(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

const now = () => Math.floor(Date.now() / 1000);
const domain = () => contentDomain(harness.deployment.chainId, harness.deployment.contracts.ResidentRegistry.address);

async function signedComment(signer: Signer, body: string, parent: string | null = null, issuedAt = now()) {
  const signature = await signer.signTypedData(domain(), commentWriteTypes, {
    proposalId,
    parent: parent ?? ZeroHash,
    body,
    issuedAt,
  });
  return { parent, body, author: (await signer.getAddress()).toLowerCase(), issuedAt, signature };
}

async function signedFlag(signer: Signer, commentHash: string, issuedAt = now()) {
  const signature = await signer.signTypedData(domain(), commentFlagTypes, { commentHash, issuedAt });
  return { flagger: (await signer.getAddress()).toLowerCase(), issuedAt, signature };
}

async function count(): Promise<number> {
  const [row] = await db.sql<{ count: number }[]>`select count(*)::int as count from proposal_comments`;
  return row!.count;
}

beforeAll(async () => {
  db = await harness.freshDatabase();
  await harness.indexerFor(db, { batchBlocks: 10_000 }).catchUp();
  const [row] = await db.sql<
    { proposal_id: bigint }[]
  >`select min(proposal_id) as proposal_id from budget_proposal_submitted`;
  proposalId = row!.proposal_id.toString();
  app = createApp({
    db,
    provider: harness.system.ethers.provider,
    deployment: harness.deployment,
    checkResponses: true,
    content: { pruneIntervalMs: 0 },
  });
  server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  app?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

describe("comments", () => {
  let first = "";

  test("a registered resident comments and another replies; the thread lists both, oldest first", async () => {
    const [alice, bob] = harness.workload.district1;
    const comment = await signedComment(alice!, "Goed idee, maar let op de bomen.");
    const answer = await post(`/api/proposals/${proposalId}/comments`, comment);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    first = answer.body.hash as string;
    expect(first).toBe(
      commentHashOf({
        proposalId,
        parent: null,
        body: comment.body,
        author: comment.author,
        issuedAt: comment.issuedAt,
      }),
    );
    const reply = await post(
      `/api/proposals/${proposalId}/comments`,
      await signedComment(bob!, "De bomen blijven staan.", first),
    );
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const thread = await call(`/api/proposals/${proposalId}/comments`);
    expect(thread.status).toBe(200);
    const items = thread.body.items as {
      hash: string;
      parent: string | null;
      body: string;
      author: string;
      flags: number;
    }[];
    expect(items.map((c) => [c.body, c.parent])).toEqual([
      ["Goed idee, maar let op de bomen.", null],
      ["De bomen blijven staan.", first],
    ]);
    expect(items[0]!.author).toBe(alice!.address.toLowerCase());
  });

  test("refused and not written: not a resident, a forged signature, an empty text, a reply to a reply, an unknown proposal", async () => {
    const [alice, , carol] = harness.workload.district1;
    const before = await count();
    const stranger = Wallet.createRandom();
    const notResident = await post(`/api/proposals/${proposalId}/comments`, await signedComment(stranger, "Hallo"));
    expect([notResident.status, notResident.body.error?.code]).toEqual([403, "not_allowed"]);
    const forged = { ...(await signedComment(stranger, "Hallo")), author: alice!.address.toLowerCase() };
    const bad = await post(`/api/proposals/${proposalId}/comments`, forged);
    expect([bad.status, bad.body.error?.code]).toEqual([401, "bad_signature"]);
    const empty = await post(`/api/proposals/${proposalId}/comments`, await signedComment(carol!, "   "));
    expect([empty.status, empty.body.error?.message]).toEqual([400, expect.stringContaining("body.body")]);
    const replies = (await call(`/api/proposals/${proposalId}/comments`)).body.items as {
      hash: string;
      parent: string | null;
    }[];
    const aReply = replies.find((c) => c.parent !== null)!.hash;
    const deep = await post(`/api/proposals/${proposalId}/comments`, await signedComment(carol!, "Nog dieper", aReply));
    expect([deep.status, deep.body.error?.message]).toEqual([400, expect.stringContaining("body.parent")]);
    const unknown = await post(`/api/proposals/999999/comments`, await signedComment(carol!, "Waar?"));
    expect(unknown.status).toBe(404);
    expect(await count()).toBe(before);
  });

  test("per-account limits: a second comment within seconds is refused with Retry-After", async () => {
    const [, , , dave] = harness.workload.district1;
    expect((await post(`/api/proposals/${proposalId}/comments`, await signedComment(dave!, "Eerste"))).status).toBe(
      201,
    );
    const again = await post(
      `/api/proposals/${proposalId}/comments`,
      await signedComment(dave!, "Tweede", null, now() + 1),
    );
    expect([again.status, again.body.error?.code]).toEqual([429, "rate_limited"]);
  });

  test("residents flag a comment once each; a moderator hides it with a public note the thread and the log show", async () => {
    const [, bob, carol] = harness.workload.district1;
    expect((await post(`/api/comments/${first}/flags`, await signedFlag(bob!, first))).body.flags).toBe(1);
    expect((await post(`/api/comments/${first}/flags`, await signedFlag(bob!, first))).body.flags).toBe(1);
    expect((await post(`/api/comments/${first}/flags`, await signedFlag(carol!, first))).body.flags).toBe(2);
    const stranger = Wallet.createRandom();
    expect((await post(`/api/comments/${first}/flags`, await signedFlag(stranger, first))).status).toBe(403);

    const note = "Persoonlijke gegevens van een buur";
    const byResident = await post(
      `/api/comments/${first}/moderation`,
      await signedModeration(bob!, harness.deployment, first, "hide", note),
    );
    expect(byResident.status).toBe(403);
    const hidden = await post(
      `/api/comments/${first}/moderation`,
      await signedModeration(harness.system.admin, harness.deployment, first, "hide", note),
    );
    expect(hidden.status, JSON.stringify(hidden.body)).toBe(201);
    expect(hidden.body).toMatchObject({
      body: null,
      hidden: { reason: note, moderator: harness.system.admin.address.toLowerCase() },
    });
    const thread = (await call(`/api/proposals/${proposalId}/comments`)).body.items as {
      hash: string;
      body: string | null;
    }[];
    expect(thread.find((c) => c.hash === first)!.body).toBeNull();
    const log = (await call("/api/moderation")).body.items as { hash: string; kind: string; reason: string }[];
    expect(log[0]).toMatchObject({ hash: first, kind: "comment", reason: note });
    const twice = await post(
      `/api/comments/${first}/moderation`,
      await signedModeration(harness.system.admin, harness.deployment, first, "hide", note),
    );
    expect([twice.status, twice.body.error?.code]).toEqual([409, "already_hidden"]);
  });
});
