/**
 * End to end in Chromium: every text and photo whose hash the chain anchors is stored, checked and
 * shown. A reviewer's reason for "niet haalbaar" appears on the proposal page (with the round's
 * name, rules text and district names); a resident's evidence with a photo (GPS in its EXIF)
 * reaches the verifier without the EXIF, and the verifier's rejection reason reaches the
 * resident; a progress note with a photo appears on the funded project; the pay form lists the
 * bakery by name.
 */
import { Wallet, type Signer } from "ethers";
import sharp from "sharp";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";

import { encodeApproval } from "../../lib/ballots/encoding.js";
import { roundRules, scheduleFrom } from "../../lib/budget/index.js";
import type { DocumentKind } from "../../lib/content/index.js";
import { signedPhoto, withGpsExif } from "../helpers/content.js";
import {
  closeAfterwards,
  expectAccessible,
  launchBrowser,
  openPage,
  press,
  restoreAccount,
  type,
  visit,
  waitConfirmed as confirmed,
} from "./support/browser.js";
import { HARDHAT_MNEMONIC } from "../../scripts/seed/demo.js";
import { startStack, type Stack } from "./support/stack.js";
import { storeDocument } from "./support/content.js";

/** A confirmation on the page; an error sentence anywhere (also outside an alert) fails at once. */
const waitConfirmed = (page: Page) => confirmed(page, { errors: ".error[role], [role=alert] .error" });

const DAY = 86_400;
const PHASE = 10 * DAY;
const REASON = "Niet haalbaar: de grond is niet van de gemeente.";

let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];

function newPage(): Promise<Page> {
  return openPage(browser, contexts);
}

const restoredPage = async (phrase: string): Promise<Page> => restoreAccount(await newPage(), stack.url, phrase);

/** Stores a document signed by `author` through the API; answers its hash. */
const store = (author: Signer, kind: DocumentKind, document: unknown) => storeDocument(stack, author, kind, document);

/** A small JPEG of a square with a GPS position in its EXIF. */
async function gpsPhoto(colour: string): Promise<Buffer> {
  const plain = await sharp({ create: { width: 96, height: 64, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();
  return withGpsExif(plain);
}

/** Waits until the page shows the photo `hash` (checked and loaded), and answers its width. */
async function shownPhotoWidth(page: Page, hash: string): Promise<number> {
  const image = page.locator(`img[data-photo="${hash}"]`);
  await image.waitFor({ timeout: 30_000 });
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)), { timeout: 30_000 })
    .toBeGreaterThan(0);
  return image.evaluate((img: HTMLImageElement) => img.naturalWidth);
}

const tx = async (sent: Promise<{ wait(): Promise<unknown> }>) => (await sent).wait();
const chainNow = () => stack.chain.networkHelpers.time.latest();

let roundStart = 0;
let proposer: Signer;
/** The hash of proposal 2's review reason (test 1), hidden by the moderator (test 3). */
let feasibleReason = "";

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  const { contracts, official, admin, others } = stack.chain;
  proposer = others[0]!;
  const start = (await chainNow()) + 600;
  roundStart = start;
  const schedule = scheduleFrom(start, PHASE);
  const rulesHash = await store(official, "rules", {
    title: "Buurtbudget Brink 2026",
    text: "Elke inwoner stemt op de projecten die hij of zij wil; de meeste stemmen winnen zolang het geld strekt.",
    districts: [{ district: 1, name: "Brinkwijk" }],
  });
  await tx(
    contracts.budgetRound.connect(official).getFunction("createRound")(
      roundRules({ districts: [{ district: 1, budget: 5000 }], schedule, rulesHash }),
    ),
  );
  for (const resident of others.slice(0, 2)) {
    await tx(
      contracts.registry.connect(admin).getFunction("register")(await resident.getAddress(), 1, start + 365 * DAY),
    );
  }
  await stack.chain.networkHelpers.time.increaseTo(schedule.proposalsStart);
});

closeAfterwards("content", () => ({ contexts, browser, stack }));

describe("budget texts", () => {
  it("an infeasible review's reason appears on the proposal page, with the round's name and rules", async () => {
    const { contracts, official } = stack.chain;
    const skate = await store(proposer, "proposal", {
      title: "Skatebaan op het grasveld",
      summary: "Een skatebaan voor de jeugd.",
      body: "Op het grasveld aan de Vaart.",
      theme: "spelen",
    });
    const benches = await store(proposer, "proposal", {
      title: "Bankjes bij de speeltuin",
      summary: "Vier bankjes en een picknicktafel.",
      body: "",
    });
    for (const [cost, hash] of [
      [3000, skate],
      [1200, benches],
    ] as const) {
      await tx(contracts.budgetRound.connect(proposer).getFunction("submitProposal")(1, 1, cost, hash));
    }
    await stack.chain.networkHelpers.time.increaseTo(roundStart + 2 * PHASE);
    const infeasible = await store(official, "review", { reason: REASON });
    const feasible = await store(official, "review", { reason: "Haalbaar: past binnen het budget." });
    feasibleReason = feasible;
    await tx(contracts.budgetRound.connect(official).getFunction("review")(1, false, 3000, infeasible));
    await tx(contracts.budgetRound.connect(official).getFunction("review")(2, true, 1200, feasible));

    const visitor = await newPage();
    await visit(visitor, stack.url, "/proposals/1");
    await expect
      .poll(() => visitor.getByTestId("review-reason").textContent(), { timeout: 30_000 })
      .toBe(`Waarom niet: ${REASON}`);
    await visitor.getByText("Brinkwijk", { exact: true }).first().waitFor();
    await expectAccessible(visitor, "content-proposal-reason");

    await visit(visitor, stack.url, "/rounds/1");
    await visitor.getByRole("heading", { level: 1, name: /Buurtbudget Brink 2026/ }).waitFor({ timeout: 30_000 });
    expect(await visitor.getByTestId("rules-text").textContent()).toContain("de meeste stemmen winnen");
    await visitor.getByText("Brinkwijk: €").first().waitFor();
  });

  it("a progress note with a photo appears on the funded project", async () => {
    const { contracts, official } = stack.chain;
    await tx(contracts.budgetRound.connect(official).getFunction("publishBallot")(1, 1));
    await stack.chain.networkHelpers.time.increaseTo(roundStart + 3 * PHASE);
    await tx(contracts.budgetRound.connect(proposer).getFunction("castApprovalBallot")(1, 1, encodeApproval([0])));
    await stack.chain.networkHelpers.time.increaseTo(roundStart + 4 * PHASE);
    await tx(contracts.budgetRound.connect(official).getFunction("finalize")(1));

    const upload = await fetch(`${stack.url}/api/content/photos`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(await signedPhoto(official, stack.chain.deployment, await gpsPhoto("#8a5a2b"))),
    });
    expect(upload.status, await upload.clone().text()).toBe(201);
    const photo = ((await upload.json()) as { hash: string }).hash;
    const note = "De bankjes staan er; de picknicktafel komt volgende week.";
    const noteHash = await store(official, "implementation", { note, photos: [photo] });
    await tx(contracts.budgetRound.connect(official).getFunction("reportImplementation")(2, 2, noteHash));

    const visitor = await newPage();
    await visit(visitor, stack.url, "/proposals/2");
    const progress = visitor.getByRole("region", { name: "Voortgang" });
    await progress.getByText(note).waitFor({ timeout: 30_000 });
    await progress.getByText("In uitvoering").waitFor();
    expect(await shownPhotoWidth(visitor, photo)).toBe(96);
    await expectAccessible(visitor, "content-proposal-progress");
  });
});

describe("moderation", () => {
  it("a moderator hides a text with a public reason; the page shows the note, the log lists it", async () => {
    // The deploy grants MODERATOR_ROLE to the admin: Hardhat's account 0, from its well-known phrase.
    const moderator = await restoredPage(HARDHAT_MNEMONIC);
    await visit(moderator, stack.url, "/moderation");
    await type(moderator, moderator.getByLabel("Vingerafdruk (hash)"), feasibleReason);
    await type(moderator, moderator.getByLabel("Openbare reden"), "Bevat de naam van een ambtenaar");
    await expectAccessible(moderator, "content-moderation");
    await press(moderator, moderator.getByRole("button", { name: "Verbergen of terugzetten" }));
    await moderator.getByText("Moderatie vastgelegd.").waitFor({ timeout: 30_000 });
    await moderator.getByTestId("moderation-log").getByText("Bevat de naam van een ambtenaar").waitFor();

    const visitor = await newPage();
    await visit(visitor, stack.url, "/proposals/2");
    await expect
      .poll(() => visitor.getByTestId("hidden-note").textContent(), { timeout: 30_000 })
      .toContain("Verborgen door een moderator: Bevat de naam van een ambtenaar");
    expect(await visitor.getByText("Haalbaar: past binnen het budget.").count()).toBe(0);
  });
});

describe("tasks and shops", () => {
  const verifierWallet = Wallet.createRandom();
  const workerWallet = Wallet.createRandom();

  it("evidence with a photo reaches the verifier, whose rejection reason reaches the resident", async () => {
    const { contracts, official, admin, networkHelpers } = stack.chain;
    await networkHelpers.setBalance(verifierWallet.address, 10n ** 19n);
    await tx(
      contracts.registry.connect(admin).getFunction("register")(
        workerWallet.address,
        1,
        (await chainNow()) + 365 * DAY,
      ),
    );
    await tx(contracts.coin.connect(admin).getFunction("mint")(await official.getAddress(), 10_000n));
    await tx(contracts.coin.connect(official).getFunction("approve")(contracts.taskBoard.target, 1_000n));
    const contentHash = await store(official, "task", {
      title: "Markt wieden",
      summary: "Onkruid tussen de stenen van de Markt wieden.",
      body: "",
    });
    await tx(
      contracts.taskBoard.connect(official).getFunction("createTask")({
        reward: 1_000n,
        slots: 1,
        district: 1,
        deadline: (await chainNow()) + 30 * DAY,
        claimWindow: 3 * DAY,
        verifier: verifierWallet.address,
        contentHash,
      }),
    );

    const worker = await restoredPage(workerWallet.mnemonic!.phrase);
    await visit(worker, stack.url, "/tasks/1");
    await press(worker, worker.getByRole("button", { name: "Ik doe deze klus" }));
    await worker.getByLabel("Bewijs: wat heb je gedaan?").waitFor({ timeout: 30_000 });
    await type(worker, worker.getByLabel("Bewijs: wat heb je gedaan?"), "De noordkant van de Markt is gewied.");
    await worker.getByLabel(/Foto's/).setInputFiles({
      name: "markt.jpg",
      mimeType: "image/jpeg",
      buffer: await gpsPhoto("#3f8f3a"),
    });
    await press(worker, worker.getByRole("button", { name: "Bewijs inleveren" }));
    await worker
      .getByTestId("my-claim")
      .getByText("Bewijs ingeleverd; wacht op controle.")
      .waitFor({ timeout: 30_000 });

    // The stored photo lost its EXIF (and with it the GPS position). The page confirms from the
    // transaction's receipt; the API answers once the indexer has read that block.
    type Detail = { claims: { evidence: { text: string; photos: string[] } | null }[] };
    const evidencePhoto = async () => {
      const detail = (await (await fetch(`${stack.url}/api/tasks/1`)).json()) as Detail;
      return detail.claims[0]?.evidence?.photos[0];
    };
    await expect.poll(evidencePhoto, { timeout: 30_000 }).toMatch(/^0x[0-9a-f]{64}$/);
    const photo = (await evidencePhoto())!;
    const file = Buffer.from(await (await fetch(`${stack.url}/api/content/${photo}/file`)).arrayBuffer());
    expect((await sharp(file).metadata()).exif).toBeUndefined();

    const verifier = await restoredPage(verifierWallet.mnemonic!.phrase);
    await visit(verifier, stack.url, "/tasks/1");
    await verifier.getByTestId("evidence-text").getByText("De noordkant van de Markt is gewied.").waitFor({
      timeout: 30_000,
    });
    expect(await shownPhotoWidth(verifier, photo)).toBe(96);
    await expectAccessible(verifier, "content-verifier-evidence");
    const rejection = "Alleen de noordkant is gedaan; graag ook de zuidkant.";
    await type(verifier, verifier.getByLabel("Reden van afkeuren"), rejection);
    await press(verifier, verifier.getByRole("button", { name: "Afkeuren" }));
    await waitConfirmed(verifier);

    await visit(worker, stack.url, "/tasks/1");
    await expect
      .poll(() => worker.getByTestId("rejection").textContent(), { timeout: 30_000 })
      .toBe(`Afgekeurd: ${rejection}`);
  });

  it("the pay form lists the bakery by name, also when it was open before the bakery registered", async () => {
    const { contracts, admin } = stack.chain;
    const worker = await restoredPage(workerWallet.mnemonic!.phrase);
    await visit(worker, stack.url, "/wallet");
    await worker.getByTestId("balance").waitFor();

    const bakery = Wallet.createRandom();
    const nameHash = await store(admin, "merchant", { name: "Bakkerij Het Brinkje", address: "Brink 12, Assen" });
    await tx(contracts.coin.connect(admin).getFunction("registerMerchant")(bakery.address, nameHash));
    const shops = worker.getByLabel("Winkel", { exact: true });
    await expect
      .poll(() => shops.locator("option").allTextContents(), { timeout: 30_000 })
      .toContainEqual(expect.stringContaining("Bakkerij Het Brinkje"));
    await shops.selectOption({ label: "Bakkerij Het Brinkje" });
    expect((await worker.getByLabel("Adres van de winkel").inputValue()).toLowerCase()).toBe(
      bakery.address.toLowerCase(),
    );
  });
});
