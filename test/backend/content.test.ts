/**
 * The content store over real HTTP on an index of a real chain: signed writes by the roles each
 * kind needs, per-account quotas, photos re-encoded without EXIF, moderation in public, pruning of
 * what no transaction anchored. Every refusal is a 4xx naming the problem, and nothing is stored.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { keccak256, toUtf8Bytes, Wallet } from "ethers";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { createApp, type ApiApp } from "../../backend/api/index.js";
import type { Database } from "../../backend/db/index.js";
import { documentHashOf } from "../../lib/content/index.js";
import { signedDocument, signedModeration, signedPhoto, withGpsExif } from "../helpers/content.js";
import { approvalRules, createRound, goToPhase, Phase } from "../helpers/rounds.js";
import { useHarness } from "./support/harness.js";

const harness = useHarness();
let db: Database;
let app: ApiApp;
let server: Server;
let base: string;

interface Answer {
  status: number;
  body: Record<string, unknown> & {
    error?: { code: string; message: string; details: { field: string; message: string }[] | null };
  };
  headers: Headers;
  bytes: Buffer;
}

async function call(path: string, init?: RequestInit): Promise<Answer> {
  const response = await fetch(`${base}${path}`, init);
  const bytes = Buffer.from(await response.arrayBuffer());
  let body: Answer["body"] = {};
  try {
    body = JSON.parse(bytes.toString("utf8")) as Answer["body"];
  } catch {
    // a file
  }
  return { status: response.status, body, headers: response.headers, bytes };
}

const post = (path: string, body: unknown) =>
  call(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

async function stored(): Promise<number> {
  const [row] = await db.sql<{ count: number }[]>`select count(*)::int as count from content_items`;
  return row!.count;
}

const proposal = {
  title: "Bankjes op het Plein",
  summary: "Vier bankjes in de schaduw.",
  body: "Langs de lindebomen.",
  theme: "groen",
  location: { lat: 52.37, lon: 4.89 },
};

/** A 64x48 JPEG with a GPS position in its EXIF. */
async function gpsJpeg(): Promise<Buffer> {
  const plain = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#3a7" } })
    .jpeg()
    .toBuffer();
  return withGpsExif(plain);
}

beforeAll(async () => {
  db = await harness.freshDatabase();
  await harness.indexerFor(db, { batchBlocks: 10_000 }).catchUp();
  app = createApp({
    db,
    provider: harness.system.ethers.provider,
    deployment: harness.deployment,
    checkResponses: true,
    content: {
      quotas: { documents: { count: 6, bytes: 100_000 } },
      photoLimits: { maxBytes: 200_000 },
      pruneIntervalMs: 0,
    },
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

describe("documents", () => {
  test("a resident's signed proposal is stored under the hash of its canonical JSON and served", async () => {
    const resident = harness.workload.district1[0]!;
    const { hash, body } = await signedDocument(resident, harness.deployment, "proposal", proposal);
    const answer = await post("/api/content", body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body.hash).toBe(hash);
    // Keys sorted at every level, no spaces: the hash anyone can recompute.
    const canonical =
      '{"body":"Langs de lindebomen.","images":[],"location":{"lat":52.37,"lon":4.89},' +
      '"summary":"Vier bankjes in de schaduw.","theme":"groen","title":"Bankjes op het Plein"}';
    expect(hash).toBe(keccak256(toUtf8Bytes(canonical)));
    const read = await call(`/api/content/${hash}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      hash,
      kind: "proposal",
      author: resident.address.toLowerCase(),
      anchored: false,
      document: { ...proposal, images: [] },
      photo: null,
      hidden: null,
    });
  });

  test("an unsigned write is a 400 naming body.signature, and nothing is stored", async () => {
    const before = await stored();
    const { body } = await signedDocument(harness.workload.district1[0]!, harness.deployment, "proposal", {
      ...proposal,
      title: "Zonder handtekening",
    });
    const { signature: _dropped, ...unsigned } = body;
    const answer = await post("/api/content", unsigned);
    expect(answer.status).toBe(400);
    expect(answer.body.error!.details![0]!.field).toBe("body.signature");
    expect(await stored()).toBe(before);
  });

  test("a signature by another key than the author's is a 401, and nothing is stored", async () => {
    const before = await stored();
    const { body } = await signedDocument(harness.workload.district1[1]!, harness.deployment, "proposal", {
      ...proposal,
      title: "Van iemand anders",
    });
    const answer = await post("/api/content", { ...body, author: harness.workload.district1[0]!.address });
    expect(answer.status).toBe(401);
    expect(answer.body.error!.code).toBe("bad_signature");
    expect(answer.body.error!.message).toContain("body.signature");
    // A signature of another document is no signature of this one.
    const other = await signedDocument(harness.workload.district1[0]!, harness.deployment, "proposal", proposal);
    const swapped = await post("/api/content", { ...other.body, document: { ...proposal, title: "Verwisseld" } });
    expect(swapped.status).toBe(401);
    expect(await stored()).toBe(before);
  });

  test("an old signature is refused naming body.issuedAt", async () => {
    const old = Math.floor(Date.now() / 1000) - 3600;
    const { body } = await signedDocument(
      harness.workload.district1[0]!,
      harness.deployment,
      "proposal",
      proposal,
      old,
    );
    const answer = await post("/api/content", body);
    expect(answer.status).toBe(400);
    expect(answer.body.error!.code).toBe("signature_expired");
    expect(answer.body.error!.message).toContain("body.issuedAt");
  });

  test("only a registered resident writes a proposal, only a reviewer a review reason", async () => {
    const before = await stored();
    const stranger = Wallet.createRandom();
    const outsider = await signedDocument(stranger, harness.deployment, "proposal", proposal);
    const refused = await post("/api/content", outsider.body);
    expect(refused.status).toBe(403);
    expect(refused.body.error!.code).toBe("not_allowed");
    expect(refused.body.error!.message).toContain("a registered resident");
    // The workload's revoked resident is no resident either.
    const revoked = await signedDocument(harness.system.outsider, harness.deployment, "proposal", proposal);
    expect((await post("/api/content", revoked.body)).status).toBe(403);

    const reason = { reason: "Niet haalbaar: de grond is niet van de gemeente." };
    const byResident = await signedDocument(harness.workload.district1[0]!, harness.deployment, "review", reason);
    const residentAnswer = await post("/api/content", byResident.body);
    expect(residentAnswer.status).toBe(403);
    expect(residentAnswer.body.error!.message).toContain("BudgetRound REVIEWER_ROLE");
    expect(await stored()).toBe(before);

    const byReviewer = await signedDocument(harness.system.official, harness.deployment, "review", reason);
    const accepted = await post("/api/content", byReviewer.body);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    expect(accepted.body.document).toEqual(reason);
  });

  test.each([
    ["a title too short", { ...proposal, title: "ab" }, "body.document.title"],
    ["a latitude out of range", { ...proposal, location: { lat: 91, lon: 4 } }, "body.document.location.lat"],
    ["an image that is no hash", { ...proposal, images: ["https://example.org/a.jpg"] }, "body.document.images.0"],
    ["an unknown field", { ...proposal, cost: 5 }, "body.document.cost"],
  ])("a proposal with %s is a 400 naming %s", async (_name, document, field) => {
    const before = await stored();
    const answer = await post("/api/content", {
      kind: "proposal",
      document,
      author: harness.workload.district1[0]!.address,
      issuedAt: Math.floor(Date.now() / 1000),
      signature: "0x" + "11".repeat(65),
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.body.error!.details![0]!.field).toBe(field);
    expect(await stored()).toBe(before);
  });

  test("a document referring to a photo that is not stored is a 400 naming it", async () => {
    const missing = "0x" + "ab".repeat(32);
    const { body } = await signedDocument(harness.workload.district1[0]!, harness.deployment, "evidence", {
      text: "Gedaan",
      photos: [missing],
    });
    const answer = await post("/api/content", body);
    expect(answer.status).toBe(400);
    expect(answer.body.error!.code).toBe("unknown_photo");
    expect(answer.body.error!.message).toContain("body.document.photos.0");
  });

  test("an account's texts of the day are capped; the next is a 429 with Retry-After", async () => {
    const writer = harness.workload.district1[2]!;
    const write = (i: number) =>
      signedDocument(writer, harness.deployment, "evidence", { text: `Bewijs ${i}` }).then(({ body }) =>
        post("/api/content", body),
      );
    for (let i = 0; i < 6; i++) expect((await write(i)).status).toBe(201);
    // The same text again is already stored: no new write, no quota.
    expect((await write(0)).status).toBe(201);
    const over = await write(6);
    expect(over.status).toBe(429);
    expect(over.body.error!.code).toBe("quota_exceeded");
    expect(over.headers.get("retry-after")).toBe("3600");
  });
});

describe("photos", () => {
  test("a JPEG with GPS EXIF is stored without any EXIF; the hash is of the stored bytes", async () => {
    const original = await gpsJpeg();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    expect(original.includes(Buffer.from("Exif\0\0", "latin1"))).toBe(true);

    const resident = harness.workload.district1[0]!;
    const answer = await post("/api/content/photos", await signedPhoto(resident, harness.deployment, original));
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const hash = answer.body.hash as string;
    expect(answer.body.photo).toMatchObject({ mediaType: "image/jpeg", width: 64, height: 48 });

    const file = await call(`/api/content/${hash}/file`);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/jpeg");
    expect(keccak256(file.bytes)).toBe(hash);
    expect((await sharp(file.bytes).metadata()).exif).toBeUndefined();
    expect(file.bytes.includes(Buffer.from("Exif\0\0", "latin1"))).toBe(false);

    const thumbnail = await call(`/api/content/${hash}/thumbnail`);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get("content-type")).toBe("image/webp");
    expect((await sharp(thumbnail.bytes).metadata()).format).toBe("webp");

    // Evidence may now refer to it.
    const evidence = await signedDocument(resident, harness.deployment, "evidence", { text: "Veegt", photos: [hash] });
    expect((await post("/api/content", evidence.body)).status).toBe(201);
  });

  test("PNG and WebP are kept in their type", async () => {
    for (const [format, type] of [
      ["png", "image/png"],
      ["webp", "image/webp"],
    ] as const) {
      const bytes = await sharp({ create: { width: 10, height: 10, channels: 3, background: "#c33" } })
        .toFormat(format)
        .toBuffer();
      const answer = await post(
        "/api/content/photos",
        await signedPhoto(harness.system.official, harness.deployment, bytes),
      );
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      expect((answer.body.photo as { mediaType: string }).mediaType).toBe(type);
    }
  });

  test("a file that is not an image is a 415 naming body.photo, and nothing is stored", async () => {
    const before = await stored();
    const text = Buffer.from("<html><script>alert(1)</script></html>");
    const answer = await post(
      "/api/content/photos",
      await signedPhoto(harness.workload.district1[0]!, harness.deployment, text),
    );
    expect(answer.status).toBe(415);
    expect(answer.body.error!.code).toBe("not_a_photo");
    expect(answer.body.error!.message).toContain("body.photo");
    // A JPEG header with garbage after it is no photo either.
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 7)]);
    const unreadable = await post(
      "/api/content/photos",
      await signedPhoto(harness.workload.district1[0]!, harness.deployment, broken),
    );
    expect(unreadable.status).toBe(400);
    expect(unreadable.body.error!.code).toBe("invalid_photo");
    expect(await stored()).toBe(before);
  });

  test("an oversized photo is a 413 naming its size, and nothing is stored", async () => {
    const before = await stored();
    const big = Buffer.concat([await gpsJpeg(), Buffer.alloc(200_001)]);
    const answer = await post(
      "/api/content/photos",
      await signedPhoto(harness.workload.district1[0]!, harness.deployment, big),
    );
    expect(answer.status).toBe(413);
    expect(answer.body.error!.code).toBe("photo_too_large");
    expect(answer.body.error!.message).toContain("200000");
    expect(await stored()).toBe(before);
  });

  test("an unsigned upload is refused, and nothing is stored", async () => {
    const before = await stored();
    const answer = await post("/api/content/photos", { photo: (await gpsJpeg()).toString("base64") });
    expect(answer.status).toBe(400);
    expect(answer.body.error!.details!.map((d) => d.field)).toContain("body.signature");
    expect(await stored()).toBe(before);
  });
});

describe("moderation", () => {
  test("a moderator hides an item with a public reason: served as the note, logged and listed", async () => {
    const resident = harness.workload.district1[3]!;
    const { hash, body } = await signedDocument(resident, harness.deployment, "proposal", {
      ...proposal,
      title: "Iets wat niet mag",
    });
    expect((await post("/api/content", body)).status).toBe(201);

    // Not a moderator: the resident themself.
    const byResident = await post(
      `/api/content/${hash}/moderation`,
      await signedModeration(resident, harness.deployment, hash, "hide", "Ik wil het weg"),
    );
    expect(byResident.status).toBe(403);
    expect(byResident.body.error!.message).toContain("ResidentRegistry MODERATOR_ROLE");

    // The deploy grants MODERATOR_ROLE to the admin.
    const reason = "Bevat een telefoonnummer van een buurtbewoner";
    const hidden = await post(
      `/api/content/${hash}/moderation`,
      await signedModeration(harness.system.admin, harness.deployment, hash, "hide", reason),
    );
    expect(hidden.status, JSON.stringify(hidden.body)).toBe(201);
    expect(hidden.body).toMatchObject({ hash, kind: "proposal", action: "hide", reason });

    const read = await call(`/api/content/${hash}`);
    expect(read.body.document).toBeNull();
    expect(read.body.hidden).toMatchObject({ reason, moderator: harness.system.admin.address.toLowerCase() });
    const again = await post(
      `/api/content/${hash}/moderation`,
      await signedModeration(harness.system.admin, harness.deployment, hash, "hide", reason),
    );
    expect(again.status).toBe(409);

    const log = await call("/api/moderation");
    expect((log.body.items as { hash: string; reason: string }[])[0]).toMatchObject({ hash, reason, action: "hide" });

    const restored = await post(
      `/api/content/${hash}/moderation`,
      await signedModeration(harness.system.admin, harness.deployment, hash, "restore", "Nummer was van de gemeente"),
    );
    expect(restored.status).toBe(201);
    expect((await call(`/api/content/${hash}`)).body.document).toMatchObject({ title: "Iets wat niet mag" });
  });

  test("a hidden photo's file is gone (410) and a hidden proposal text is not embedded", async () => {
    const resident = harness.workload.district1[4]!;
    const photo = await post("/api/content/photos", await signedPhoto(resident, harness.deployment, await gpsJpeg()));
    const photoHash = photo.body.hash as string;
    const { hash, body } = await signedDocument(resident, harness.deployment, "proposal", {
      ...proposal,
      title: "Met foto",
      images: [photoHash],
    });
    expect((await post("/api/content", body)).status).toBe(201);
    const rules = await approvalRules(harness.system);
    const roundId = await createRound(harness.system, rules);
    await goToPhase(harness.system, rules, Phase.Proposals);
    await harness.system.budgetRound.connect(resident).submitProposal(roundId, 1, 100, hash);
    await harness.indexerFor(db, { batchBlocks: 10_000 }).catchUp();
    const listed = await call(`/api/rounds/${roundId}/proposals`);
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect((listed.body.items as { content: unknown }[])[0]!.content).toMatchObject({ title: "Met foto" });

    for (const target of [photoHash, hash]) {
      const answer = await post(
        `/api/content/${target}/moderation`,
        await signedModeration(harness.system.admin, harness.deployment, target, "hide", "Herkenbaar persoon"),
      );
      expect(answer.status).toBe(201);
    }
    const file = await call(`/api/content/${photoHash}/file`);
    expect(file.status).toBe(410);
    expect(file.body.error!.message).toContain("Herkenbaar persoon");
    const after = await call(`/api/rounds/${roundId}/proposals`);
    expect((after.body.items as { content: unknown }[])[0]!.content).toBeNull();
  });
});

describe("pruning", () => {
  test("what no transaction anchored is pruned after the day; anchored texts and their photos stay", async () => {
    const resident = harness.workload.district1[5]!;
    const photo = await post(
      "/api/content/photos",
      await signedPhoto(
        resident,
        harness.deployment,
        Buffer.from(
          await sharp({ create: { width: 8, height: 8, channels: 3, background: "#123" } })
            .png()
            .toBuffer(),
        ),
      ),
    );
    const kept = await signedDocument(resident, harness.deployment, "proposal", {
      ...proposal,
      title: "Ingediend",
      images: [photo.body.hash as string],
    });
    const dropped = await signedDocument(resident, harness.deployment, "proposal", {
      ...proposal,
      title: "Nooit ingediend",
    });
    for (const { body } of [kept, dropped]) expect((await post("/api/content", body)).status).toBe(201);

    const rules = await approvalRules(harness.system);
    const roundId = await createRound(harness.system, rules);
    await goToPhase(harness.system, rules, Phase.Proposals);
    await harness.system.budgetRound.connect(resident).submitProposal(roundId, 1, 100, kept.hash);
    await harness.indexerFor(db, { batchBlocks: 10_000 }).catchUp();
    expect((await call(`/api/content/${kept.hash}`)).body.anchored).toBe(true);
    expect((await call(`/api/content/${photo.body.hash as string}`)).body.anchored).toBe(true);

    // Within the day nothing goes.
    await app.content.prune();
    expect((await call(`/api/content/${dropped.hash}`)).status).toBe(200);
    // A day later: everything unanchored is older than the day.
    await db.sql`update content_items set created_at = created_at - interval '25 hours'`;
    await app.content.prune();
    expect((await call(`/api/content/${dropped.hash}`)).status).toBe(404);
    expect((await call(`/api/content/${kept.hash}`)).status).toBe(200);
    expect((await call(`/api/content/${photo.body.hash as string}/file`)).status).toBe(200);
    expect(documentHashOf((await call(`/api/content/${kept.hash}`)).body.document as object)).toBe(kept.hash);
  });
});
