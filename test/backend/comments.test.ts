/**
 * Comments on proposals over real HTTP on an index of a real chain: a registered resident's signed
 * comment and reply, the per-account limits, flags once per resident, and a moderator hiding a
 * comment with a public note that the thread and the public moderation log show; the author
 * editing (every earlier text kept, with its signature) and deleting (replies stay, counts follow)
 * their own comment, and no one else. Every refusal is a 4xx naming the problem, and nothing is
 * written.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { verifyTypedData, Wallet, ZeroHash, type Signer } from "ethers";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { createApp, type ApiApp } from "../../backend/api/index.js";
import type { Database } from "../../backend/db/index.js";
import {
  commentDeleteTypes,
  commentEditTypes,
  commentFlagTypes,
  commentHashOf,
  commentWriteTypes,
} from "../../lib/comments/index.js";
import { contentDomain } from "../../lib/content/index.js";
import { signedModeration } from "../helpers/content.js";
import { useHarness } from "./support/harness.js";

const harness = useHarness();
let db: Database;
let app: ApiApp;
let server: Server;
let base: string;
let proposalId: string;
/** The same API on the same database with a day's limit of 3 comments and edits. */
let strictApp: ApiApp;
let strictBase: string;
let strictServer: Server;

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

async function signedEdit(signer: Signer, commentHash: string, body: string, issuedAt = now()) {
  const signature = await signer.signTypedData(domain(), commentEditTypes, { commentHash, body, issuedAt });
  return { body, author: (await signer.getAddress()).toLowerCase(), issuedAt, signature };
}

async function signedDelete(signer: Signer, commentHash: string, issuedAt = now()) {
  const signature = await signer.signTypedData(domain(), commentDeleteTypes, { commentHash, issuedAt });
  return { author: (await signer.getAddress()).toLowerCase(), issuedAt, signature };
}

/** Edits and deletions written so far (a refusal must leave both as they were). */
async function writes(): Promise<{ edits: number; deletions: number }> {
  const [row] = await db.sql<{ edits: number; deletions: number }[]>`
    select (select count(*)::int from proposal_comment_edits) as edits,
      (select count(*)::int from proposal_comment_deletions) as deletions
  `;
  return row!;
}

interface Thread {
  hash: string;
  parent: string | null;
  body: string | null;
  editedAt: number | null;
  versions: number;
  deletedAt: number | null;
}
const thread = async () => (await call(`/api/proposals/${proposalId}/comments`)).body.items as Thread[];
const commentCount = async () => (await call(`/api/proposals/${proposalId}`)).body.commentCount as number;

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
  strictApp = createApp({
    db,
    provider: harness.system.ethers.provider,
    deployment: harness.deployment,
    checkResponses: true,
    content: { pruneIntervalMs: 0 },
    commentLimits: { perDay: 3 },
  });
  strictServer = createServer(strictApp.callback());
  await new Promise<void>((resolve) => strictServer.listen(0, "127.0.0.1", resolve));
  strictBase = `http://127.0.0.1:${(strictServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  strictApp?.close();
  app?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  strictServer?.closeAllConnections();
  await new Promise((resolve) => strictServer?.close(resolve));
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

describe("the author edits and deletes their own comment", () => {
  const residents = () => harness.workload.district1;

  test("an edit replaces the text, marks it edited and keeps every earlier text with the author's signature", async () => {
    const eve = residents()[4]!;
    const signedAt = now();
    const posted = await post(
      `/api/proposals/${proposalId}/comments`,
      await signedComment(eve, "Het kost te veel.", null, signedAt),
    );
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    const hash = posted.body.hash as string;
    expect(posted.body).toMatchObject({ editedAt: null, versions: 1, deletedAt: null });
    const counted = await commentCount();

    // Right after posting, even in the same second (a typo): the pause between new comments does not hold for edits.
    const edit = await signedEdit(eve, hash, "Het kost te veel voor vier bankjes.", signedAt);
    const edited = await post(`/api/comments/${hash}/edits`, edit);
    expect(edited.status, JSON.stringify(edited.body)).toBe(201);
    expect(edited.body).toMatchObject({ hash, body: "Het kost te veel voor vier bankjes.", versions: 2 });
    expect(edited.body.editedAt).toEqual(expect.any(Number));
    const again = await post(`/api/comments/${hash}/edits`, await signedEdit(eve, hash, "Te duur.", now() + 2));
    expect(again.status, JSON.stringify(again.body)).toBe(201);

    const shown = (await thread()).find((c) => c.hash === hash)!;
    expect(shown).toMatchObject({ body: "Te duur.", versions: 3, deletedAt: null });
    expect(await commentCount()).toBe(counted);

    const history = await call(`/api/comments/${hash}/versions`);
    expect(history.status).toBe(200);
    const items = history.body.items as {
      version: number;
      body: string;
      signature: string | null;
      issuedAt: number;
    }[];
    expect(history.body.withheld).toBeNull();
    expect(items.map((v) => [v.version, v.body])).toEqual([
      [0, "Het kost te veel."],
      [1, "Het kost te veel voor vier bankjes."],
      [2, "Te duur."],
    ]);
    // Anyone can check that each edit is the author's: the signature recovers to them.
    for (const version of items.slice(1)) {
      const signer = verifyTypedData(
        domain(),
        commentEditTypes,
        { commentHash: hash, body: version.body, issuedAt: version.issuedAt },
        version.signature!,
      );
      expect(signer).toBe(eve.address);
    }
  });

  test("refused and not written: another resident's key, a forged signature, an empty or unchanged text, a replayed edit, an unknown comment", async () => {
    const [alice, , carol, , eve] = residents();
    const mine = (await thread()).find((c) => c.body === "Te duur.")!.hash;
    const before = await writes();

    const byOther = await post(`/api/comments/${mine}/edits`, await signedEdit(carol!, mine, "Gekaapt"));
    expect([byOther.status, byOther.body.error?.code]).toEqual([403, "not_author"]);
    expect(byOther.body.error?.message).toContain(`only its author ${eve!.address.toLowerCase()} may`);
    expect(byOther.body.error?.details).toEqual([
      { field: "body.author", message: "is not the comment's author", value: carol!.address.toLowerCase() },
    ]);
    const deleteByOther = await post(`/api/comments/${mine}/deletion`, await signedDelete(alice!, mine));
    expect([deleteByOther.status, deleteByOther.body.error?.code]).toEqual([403, "not_author"]);

    const forged = { ...(await signedEdit(carol!, mine, "Gekaapt")), author: eve!.address.toLowerCase() };
    const bad = await post(`/api/comments/${mine}/edits`, forged);
    expect([bad.status, bad.body.error?.code]).toEqual([401, "bad_signature"]);
    const forgedDelete = { ...(await signedDelete(carol!, mine)), author: eve!.address.toLowerCase() };
    expect((await post(`/api/comments/${mine}/deletion`, forgedDelete)).status).toBe(401);

    const empty = await post(`/api/comments/${mine}/edits`, await signedEdit(eve!, mine, "  ", now() + 5));
    expect([empty.status, empty.body.error?.message]).toEqual([400, expect.stringContaining("body.body")]);
    const unchanged = await post(`/api/comments/${mine}/edits`, await signedEdit(eve!, mine, "Te duur.", now() + 5));
    expect([unchanged.status, unchanged.body.error?.details]).toEqual([
      400,
      [{ field: "body.body", message: "is the current text", value: "Te duur." }],
    ]);
    // An older signed edit sent again cannot bring an earlier text back.
    const [, , second] = (await call(`/api/comments/${mine}/versions`)).body.items as { issuedAt: number }[];
    const replay = await post(
      `/api/comments/${mine}/edits`,
      await signedEdit(eve!, mine, "Het kost te veel.", second!.issuedAt - 1),
    );
    expect([replay.status, replay.body.error?.code]).toEqual([409, "edit_outdated"]);
    expect(replay.body.error?.message).toContain("body.issuedAt");

    const unknownHash = `0x${"ab".repeat(32)}`;
    const unknown = await post(`/api/comments/${unknownHash}/edits`, await signedEdit(eve!, unknownHash, "Waar?"));
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, "not_found"]);
    expect((await call(`/api/comments/${unknownHash}/versions`)).status).toBe(404);
    expect((await post(`/api/comments/not-a-hash/edits`, await signedEdit(eve!, mine, "x"))).status).toBe(400);

    expect(await writes()).toEqual(before);
    expect((await thread()).find((c) => c.hash === mine)!.body).toBe("Te duur.");
  });

  test("edits count with comments towards the day's limit", async () => {
    const frank = residents()[5]!;
    const posted = await post(`/api/proposals/${proposalId}/comments`, await signedComment(frank, "Eén"));
    const hash = posted.body.hash as string;
    for (const [i, text] of ["Twee", "Drie"].entries()) {
      const answer = await post(`/api/comments/${hash}/edits`, await signedEdit(frank, hash, text, now() + 1 + i));
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    }
    // The strict API (3 a day) counts the comment and its two edits above.
    const over = await fetch(`${strictBase}/api/comments/${hash}/edits`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(await signedEdit(frank, hash, "Vier", now() + 4)),
    });
    const refusal = (await over.json()) as { error: { code: string; details: { used: number; limit: number } } };
    expect([over.status, refusal.error.code, refusal.error.details.used, refusal.error.details.limit]).toEqual([
      429,
      "quota_exceeded",
      3,
      3,
    ]);
    expect(over.headers.get("retry-after")).toBe("3600");
    expect((await thread()).find((c) => c.hash === hash)).toMatchObject({ body: "Drie", versions: 3 });
  });

  test("edits sent at once are kept one after the other: distinct, numbered without gaps", async () => {
    const grace = residents()[6]!;
    const posted = await post(`/api/proposals/${proposalId}/comments`, await signedComment(grace, "Versie nul"));
    const hash = posted.body.hash as string;
    const edits = await Promise.all(
      [1, 2, 3].map(async (i) =>
        post(`/api/comments/${hash}/edits`, await signedEdit(grace, hash, `Versie ${i}`, now() + i)),
      ),
    );
    for (const answer of edits) expect([201, 409], JSON.stringify(answer.body)).toContain(answer.status);
    const accepted = edits.filter((answer) => answer.status === 201).length;
    expect(accepted).toBeGreaterThan(0);
    const versions = (await call(`/api/comments/${hash}/versions`)).body.items as { version: number; body: string }[];
    expect(versions.map((v) => v.version)).toEqual([...Array(accepted + 1).keys()]);
    expect(new Set(versions.map((v) => v.body)).size).toBe(accepted + 1);
  });

  test("a comment a moderator hid cannot be edited back into view, and its history withholds every text", async () => {
    const alice = residents()[0]!;
    const hidden = (await thread()).find((c) => c.parent === null && c.body === null)!.hash;
    const before = await writes();
    const edit = await post(`/api/comments/${hidden}/edits`, await signedEdit(alice, hidden, "Toch nog even"));
    expect([edit.status, edit.body.error?.code]).toEqual([409, "comment_hidden"]);
    expect(await writes()).toEqual(before);
    const history = await call(`/api/comments/${hidden}/versions`);
    expect(history.body.withheld).toBe("hidden");
    expect((history.body.items as { body: string | null }[]).map((v) => v.body)).toEqual([null]);
  });

  test("deleting: the text is gone from the thread and the history, the replies stay, the count follows; once, and no edit after", async () => {
    const [, , carol, , , , , heidi] = residents();
    const posted = await post(`/api/proposals/${proposalId}/comments`, await signedComment(heidi!, "Ik trek dit in."));
    const hash = posted.body.hash as string;
    const reply = await post(
      `/api/proposals/${proposalId}/comments`,
      await signedComment(carol!, "Jammer, het was een goed punt.", hash),
    );
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const counted = await commentCount();

    const deleted = await post(`/api/comments/${hash}/deletion`, await signedDelete(heidi!, hash));
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(201);
    expect(deleted.body).toMatchObject({ hash, body: null, hidden: null });
    expect(deleted.body.deletedAt).toEqual(expect.any(Number));

    const items = await thread();
    expect(items.find((c) => c.hash === hash)).toMatchObject({ body: null, deletedAt: expect.any(Number) });
    expect(items.find((c) => c.hash === reply.body.hash)).toMatchObject({
      parent: hash,
      body: "Jammer, het was een goed punt.",
    });
    expect(await commentCount()).toBe(counted - 1);
    const history = await call(`/api/comments/${hash}/versions`);
    expect([history.body.withheld, (history.body.items as { body: string | null }[])[0]!.body]).toEqual([
      "deleted",
      null,
    ]);

    const before = await writes();
    const twice = await post(`/api/comments/${hash}/deletion`, await signedDelete(heidi!, hash, now() + 1));
    expect([twice.status, twice.body.error?.code]).toEqual([409, "comment_deleted"]);
    const edit = await post(`/api/comments/${hash}/edits`, await signedEdit(heidi!, hash, "Toch niet", now() + 2));
    expect([edit.status, edit.body.error?.code]).toEqual([409, "comment_deleted"]);
    expect(await writes()).toEqual(before);
  });
});
