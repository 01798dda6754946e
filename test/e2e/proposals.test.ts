/**
 * End to end in a real Chromium for proposals people can find, picture and discuss (issue 16):
 * search and filters find a proposal; a comment is posted, flagged and hidden by a moderator with
 * a visible note; the ballot shows a project's description and photo; every refusal a resident
 * can cause through the pages reads as a plain sentence with no error name and no hex value; and
 * every page passes axe (no serious or critical violation) in Dutch and English at 1280 and 375
 * px, with a screenshot of each in test-results/screenshots/. Keyboard only (Tab, Enter, Space,
 * arrows, typing) wherever a person would use the page. Also: a resident proposes with a place
 * picked on the map by keyboard and a photo whose GPS EXIF the store drops, and sees both on the
 * proposal's page; the author edits (earlier text kept) and deletes (replies stay) a comment; no
 * page a resident reaches scrolls sideways at 375 px.
 */
import { Wallet, ZeroHash, id, type Log, type LogDescription, type Signer, type TransactionReceipt } from "ethers";
import sharp from "sharp";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";

import { roundRules, scheduleFrom } from "../../lib/budget/index.js";
import { buildCodeTree, codeWallet, formatCode, generateCode, normalizeCode } from "../../lib/votecodes/index.js";
import { signedPhoto, withGpsExif } from "../helpers/content.js";
import {
  closeAfterwards,
  createAccount,
  expectAccessible,
  launchBrowser,
  openPage,
  press,
  restoreAccount,
  tabTo,
  toggle,
  type,
  visit,
} from "./support/browser.js";
import { startStack, type Stack } from "./support/stack.js";
import { storeDocument as storeContent } from "./support/content.js";

const DAY = 86_400;
const PHASE = 10 * DAY;
/** No custom error name (`RoundWrongPhase`), revert word or hex value (addresses, hashes, data). */
const TECHNICAL =
  /0x[0-9a-f]{4,}|[A-Z][a-z]+[A-Z][A-Za-z]+\(|revert|Error:|Ballot[A-Z]|Round[A-Z]|Task[A-Z]|Registry[A-Z]/;

let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];
let schedule: {
  proposalsStart: number;
  supportStart: number;
  reviewStart: number;
  votingStart: number;
  votingEnd: number;
};
const resident = Wallet.createRandom();
const neighbour = Wallet.createRandom();
const moderator = Wallet.createRandom();
const voteCodes: string[] = [];
let photoHash = "";

function newPage(width = 1280): Promise<Page> {
  return openPage(browser, contexts, { width });
}

const restoredPage = async (phrase: string, width = 1280): Promise<Page> =>
  restoreAccount(await newPage(width), stack.url, phrase);

/** The text of the page's alert(s) once one shows, checked to be a plain sentence. */
async function plainAlert(page: Page): Promise<string> {
  const alert = page.locator("[role=alert] .error, p.error[role=alert]").first();
  await alert.waitFor({ timeout: 30_000 });
  const text = (await alert.textContent())!.trim();
  expect(text.length).toBeGreaterThan(20);
  expect(text, text).not.toMatch(TECHNICAL);
  return text;
}

/**
 * A page whose app never gets live updates, with `phrase`'s account restored, so what it shows
 * stays as it was loaded while the chain moves on: the race in which a resident meets a refusal
 * (the slot was taken, voting closed) in the meantime. The stream is refused before the app first
 * loads: the app opens it once per load, and the test's later visits only change the address's
 * hash, so a stream opened earlier would keep updating the page (and could take the button away
 * before the test pressed it).
 */
async function frozenPage(phrase: string): Promise<Page> {
  const page = await newPage();
  await page.route("**/api/events*", (route) => route.abort());
  return restoreAccount(page, stack.url, phrase);
}

async function chainNow(): Promise<number> {
  return stack.chain.networkHelpers.time.latest();
}

const storeDocument = (author: Signer, kind: "proposal" | "task", input: object) =>
  storeContent(stack, author, kind, input);

/** A second round, open for proposals now, for the proposal form (round 1's ballot stays as it is). */
let formRound: Promise<string> | null = null;
function openFormRound(): Promise<string> {
  formRound ??= (async () => {
    const { contracts, official, networkHelpers } = stack.chain;
    const start = (await chainNow()) + 120;
    const rules = roundRules({
      districts: [{ district: 1, budget: 5000 }],
      schedule: scheduleFrom(start, PHASE),
      rulesHash: id("Plekken en foto's e2e"),
    });
    const receipt = (await (
      await contracts.budgetRound.connect(official).getFunction("createRound")(rules)
    ).wait()) as TransactionReceipt;
    const created = receipt.logs
      .map((log: Log) => contracts.budgetRound.interface.parseLog(log))
      .find((event: LogDescription | null) => event?.name === "RoundCreated");
    const roundId = (created!.args.roundId as bigint).toString();
    await networkHelpers.time.increaseTo(start);
    // The index has it (the form's page reads the round from the API).
    await expect
      .poll(async () => (await fetch(`${stack.url}/api/rounds/${roundId}`)).status, { timeout: 30_000 })
      .toBe(200);
    return roundId;
  })();
  return formRound;
}

/** The place the proposal form says is chosen ("Gekozen plek: 52.99300, 6.56400"). */
async function pickedPlace(page: Page): Promise<{ lat: number; lon: number }> {
  const text = (await page.getByTestId("picked-location").textContent())!;
  const [, lat, lon] = /(-?\d+\.\d+), (-?\d+\.\d+)/.exec(text) ?? [];
  expect(lat, text).toBeDefined();
  return { lat: Number(lat), lon: Number(lon) };
}

/** The page scrolls sideways: wider than the viewport. */
const overflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > globalThis.innerWidth);

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  const { contracts, official, admin, networkHelpers } = stack.chain;
  for (const wallet of [resident, neighbour, moderator]) await networkHelpers.setBalance(wallet.address, 10n ** 19n);
  const start = (await chainNow()) + 600;
  schedule = scheduleFrom(start, PHASE);
  await (
    await contracts.budgetRound.connect(official).getFunction("createRound")(
      roundRules({ districts: [{ district: 1, budget: 1000 }], schedule, rulesHash: id("Vindbare voorstellen e2e") }),
    )
  ).wait();
  for (const wallet of [resident, neighbour]) {
    await (
      await contracts.registry.connect(admin).getFunction("register")(wallet.address, 1, start + 365 * DAY)
    ).wait();
  }
  await (
    await contracts.registry.connect(admin).getFunction("grantRole")(id("MODERATOR_ROLE"), moderator.address)
  ).wait();
  // Letters with two vote codes for district 1.
  for (let i = 0; i < 2; i++) voteCodes.push(normalizeCode(generateCode()));
  const tree = buildCodeTree(voteCodes.map((code) => codeWallet(code).address));
  const until = start + 365 * DAY;
  await (
    await contracts.registry.connect(admin).getFunction("publishCodeBatch")(1, tree.root, 2, until, until + 365 * DAY)
  ).wait();
  stack.publishCodeBatch(1, { district: 1, tree: tree.dump() });
  await networkHelpers.time.increaseTo(schedule.proposalsStart);

  // Three proposals by the neighbour, one with a theme, a place and a photo.
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#3a7" } })
    .jpeg()
    .toBuffer();
  const photo = await fetch(`${stack.url}/api/content/photos`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(await signedPhoto(neighbour, stack.chain.deployment, jpeg)),
  });
  expect(photo.status, await photo.clone().text()).toBe(201);
  photoHash = ((await photo.json()) as { hash: string }).hash;
  const ideas = [
    {
      title: "Speeltuin aan de Vaart",
      summary: "Nieuwe schommels en een glijbaan",
      body: "De toestellen zijn versleten.",
      cost: 500,
      theme: "Spelen en sport",
      images: [photoHash],
      location: { lat: 52.993, lon: 6.564 },
    },
    {
      title: "Bankjes in het park",
      summary: "Vier bankjes bij de vijver",
      body: "Met leuning.",
      cost: 400,
      theme: "Groen en natuur",
    },
    {
      title: "Fietsenstalling bij het station",
      summary: "Overdekt",
      body: "Ook voor bakfietsen.",
      cost: 300,
      theme: "Verkeer",
    },
  ];
  for (const idea of ideas) {
    const { cost, ...document } = idea;
    const hash = await storeDocument(neighbour, "proposal", document);
    await (
      await contracts.budgetRound
        .connect(neighbour.connect(stack.chain.official.provider))
        .getFunction("submitProposal")(1, 1, cost, hash)
    ).wait();
  }
});

closeAfterwards("proposals", () => ({ contexts, browser, stack }));

describe("finding and discussing proposals", () => {
  it("search and the theme filter find a proposal, by keyboard", async () => {
    const page = await restoredPage(resident.mnemonic!.phrase);
    await visit(page, stack.url, "/rounds/1");
    // The list is the index's: poll, as the indexer may have read only some of the proposals when
    // the page loaded (it re-reads on the next block).
    await expect.poll(() => page.getByRole("article").count()).toBe(3);
    await type(page, page.getByLabel("Zoek in de voorstellen"), "speeltuinen");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("found").textContent()).toContain("1 voorstel gevonden.");
    expect(await page.getByRole("article").allTextContents()).toEqual([
      expect.stringContaining("Speeltuin aan de Vaart"),
    ]);
    await expectAccessible(page, "proposals-search-1280");

    await type(page, page.getByLabel("Zoek in de voorstellen"), "");
    // The themes come from the Assen theme file: "Groen en natuur" first.
    await tabTo(page, page.getByLabel("Thema"));
    await page.keyboard.press("ArrowDown");
    await expect
      .poll(() => page.getByRole("article").allTextContents())
      .toEqual([expect.stringContaining("Bankjes in het park")]);
    // The map shows the one proposal with a place; without tiles (no internet here) the district outlines.
    await tabTo(page, page.getByLabel("Thema"));
    await page.keyboard.press("ArrowUp");
    await expect.poll(() => page.getByRole("article").count()).toBe(3);
    await page.getByTestId("map").first().waitFor();
    await expectAccessible(page, "proposals-round-map-1280");
  });

  it("a comment is posted and answered, flagged, and hidden by a moderator with a visible note", async () => {
    const page = await restoredPage(resident.mnemonic!.phrase);
    await visit(page, stack.url, "/proposals/1");
    await page.getByTestId("proposal-photo").waitFor({ timeout: 30_000 });
    // Shown, not only present: the browser checked the file against its hash and the page's policy lets it in.
    await expect
      .poll(() => page.getByTestId("proposal-photo").evaluate((img) => (img as HTMLImageElement).naturalWidth))
      .toBe(64);
    await type(page, page.getByLabel("Uw reactie"), "Mooi plan! Komt er ook schaduw?");
    await press(page, page.getByRole("button", { name: "Reactie plaatsen" }));
    await page.getByText("Mooi plan! Komt er ook schaduw?").waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId("comment-count").textContent()).toBe("1");
    await expectAccessible(page, "proposals-comments-1280");

    const other = await restoredPage(neighbour.mnemonic!.phrase);
    await visit(other, stack.url, "/proposals/1");
    const comment = other.getByTestId("comment").filter({ hasText: "Komt er ook schaduw" });
    await press(other, comment.getByRole("button", { name: "Antwoorden" }));
    await type(other, other.getByLabel("Uw antwoord"), "Ja, er komen twee bomen bij.");
    await press(other, other.getByRole("button", { name: "Antwoord plaatsen" }));
    await other.getByText("Ja, er komen twee bomen bij.").waitFor({ timeout: 30_000 });
    await press(other, comment.getByRole("button", { name: "Melden bij moderator" }));
    await other.getByText("1 keer gemeld").waitFor({ timeout: 30_000 });

    const mod = await restoredPage(moderator.mnemonic!.phrase);
    await visit(mod, stack.url, "/proposals/1");
    const target = mod.getByTestId("comment").filter({ hasText: "Komt er ook schaduw" });
    await type(mod, target.getByLabel("Openbare reden om te verbergen"), "Dubbel geplaatst, zie het antwoord");
    await press(mod, target.getByRole("button", { name: "Reactie verbergen" }));
    await mod.getByTestId("moderation-note").waitFor({ timeout: 30_000 });
    expect(await mod.getByTestId("moderation-note").textContent()).toContain(
      "Reden: Dubbel geplaatst, zie het antwoord",
    );
    await expectAccessible(mod, "proposals-comment-hidden-1280");

    // Everyone sees the note instead of the text; the public moderation log lists it.
    await page.reload();
    await page.getByTestId("moderation-note").waitFor({ timeout: 30_000 });
    expect(await page.getByText("Mooi plan! Komt er ook schaduw?").count()).toBe(0);
    const log = (await (await fetch(`${stack.url}/api/moderation`)).json()) as {
      items: { kind: string; reason: string }[];
    };
    expect(log.items[0]).toMatchObject({ kind: "comment", reason: "Dubbel geplaatst, zie het antwoord" });
  });

  for (const width of [1280, 375]) {
    it(`a resident proposes with a place picked on the map by keyboard and a photo; the proposal's page shows both (${width} px)`, async () => {
      const roundId = await openFormRound();
      const page = await restoredPage(resident.mnemonic!.phrase, width);
      await visit(page, stack.url, `/rounds/${roundId}/propose`);
      const title = `Watertappunt bij de markt (${width})`;
      await type(page, page.getByLabel("Titel"), title);
      await type(page, page.getByLabel("Korte samenvatting"), "Gratis water voor iedereen");
      await type(page, page.getByLabel("Beschrijving"), "Een tappunt naast de fietsenrekken.");
      await type(page, page.getByLabel("Geschatte kosten (euro)"), "2500");
      // Choosing a file is the system's file dialog, not the page's: the test hands it the file
      // as that dialog would. A photo with a GPS position in its EXIF, which the store must drop.
      const original = withGpsExif(
        await sharp({ create: { width: 80, height: 60, channels: 3, background: "#2a6f97" } })
          .jpeg()
          .toBuffer(),
      );
      expect((await sharp(original).metadata()).exif).toBeDefined();
      await page.getByLabel(/Foto's/).setInputFiles({ name: "tappunt.jpg", mimeType: "image/jpeg", buffer: original });

      // The place, by keyboard: the map is loaded lazily; put the pin at its centre, move the map
      // with the arrow keys (east, then north) and put the pin at the new centre.
      const map = page.getByRole("region", { name: "Kaart: kies de plek van uw voorstel" });
      await page.locator(".map.leaflet-container").first().waitFor({ timeout: 30_000 });
      const centre = page.getByRole("button", { name: "Zet de plek in het midden van de kaart" });
      await press(page, centre);
      await expect.poll(() => page.getByTestId("picked-location").textContent()).toContain("Gekozen plek:");
      const first = await pickedPlace(page);
      // Where the map's pane is. Leaflet pans 80 px per arrow key, animated, and ignores a key
      // pressed while the map is still moving, as a person sees it move before pressing again: so
      // each key waits until the pane stands still, and is pressed again if the map did not move
      // that way (a loaded machine can drop the frames the animation needs).
      const pane = () =>
        map.locator(".leaflet-map-pane").evaluate((element) => {
          const [, x, y] =
            /translate3d\((-?[\d.]+)px, ?(-?[\d.]+)px/.exec((element as HTMLElement).style.transform) ?? [];
          return [Number(x ?? 0), Number(y ?? 0)] as const;
        });
      const settled = async () => {
        for (let i = 0; i < 150; i++) {
          const before = await pane();
          await page.waitForTimeout(200);
          const after = await pane();
          if (before[0] === after[0] && before[1] === after[1]) return after;
        }
        throw new Error("the map kept moving for 30 s");
      };
      const panWith = async (
        key: "ArrowRight" | "ArrowUp",
        moved: (from: readonly number[], to: readonly number[]) => boolean,
      ) => {
        const from = await settled();
        for (let tries = 0; tries < 10; tries++) {
          await page.keyboard.press(key);
          if (moved(from, await settled())) return;
        }
        throw new Error(`${key} did not move the map in 10 presses`);
      };
      await tabTo(page, map);
      // East (the pane moves left), twice, then north (the pane moves down).
      await panWith("ArrowRight", (from, to) => to[0]! < from[0]!);
      await panWith("ArrowRight", (from, to) => to[0]! < from[0]!);
      await panWith("ArrowUp", (from, to) => to[1]! > from[1]!);
      await press(page, centre);
      await expect.poll(async () => (await pickedPlace(page)).lon).toBeGreaterThan(first.lon);
      const place = await pickedPlace(page);
      expect(place.lat).toBeGreaterThan(first.lat);
      // The pin is drawn (without tiles, over the district outlines).
      expect(await map.locator('path[fill="#ffbf47"]').count()).toBe(1);
      expect(await overflows(page), `propose ${width}`).toBe(false);
      await expectAccessible(page, `proposals-form-place-photo-${width}`);

      await press(page, page.getByRole("button", { name: "Voorstel indienen" }));
      await page.waitForURL(new RegExp(`#/rounds/${roundId}$`), { timeout: 60_000 });
      const proposals = async () =>
        (
          (await (await fetch(`${stack.url}/api/rounds/${roundId}/proposals`)).json()) as {
            items: {
              proposalId: string;
              content: { title: string; images: string[]; location?: { lat: number; lon: number } } | null;
            }[];
          }
        ).items;
      await expect
        .poll(async () => (await proposals()).some((p) => p.content?.title === title), { timeout: 30_000 })
        .toBe(true);
      const proposal = (await proposals()).find((p) => p.content?.title === title)!;
      // The anchored document holds the place as the form showed it (six decimals; the form shows five).
      expect(proposal.content!.location!.lat).toBeCloseTo(place.lat, 5);
      expect(proposal.content!.location!.lon).toBeCloseTo(place.lon, 5);
      // The stored photo has no EXIF left, so no GPS position.
      expect(proposal.content!.images).toHaveLength(1);
      const served = Buffer.from(
        await (await fetch(`${stack.url}/api/content/${proposal.content!.images[0]}/file`)).arrayBuffer(),
      );
      expect((await sharp(served).metadata()).exif).toBeUndefined();
      expect(served.includes(Buffer.from("Exif\0\0", "latin1"))).toBe(false);
      expect((await sharp(served).metadata()).width).toBe(80);

      await visit(page, stack.url, `/proposals/${proposal.proposalId}`);
      const photo = page.getByTestId("proposal-photo");
      await photo.waitFor({ timeout: 30_000 });
      await expect.poll(() => photo.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(80);
      expect(await photo.getAttribute("alt")).toBe(`Foto bij ${title}`);
      // The place: the proposal's map is centred on its marker.
      const placeMap = page.getByRole("region", { name: `Kaart: de plek van ${title}` });
      const marker = placeMap.locator('path[fill="#0b5394"]');
      await marker.waitFor({ timeout: 30_000 });
      await expect
        .poll(async () => {
          const [box, dot] = [await placeMap.boundingBox(), await marker.boundingBox()];
          const dx = box!.x + box!.width / 2 - (dot!.x + dot!.width / 2);
          const dy = box!.y + box!.height / 2 - (dot!.y + dot!.height / 2);
          return Math.hypot(dx, dy);
        })
        .toBeLessThan(3);
      expect(await overflows(page), `proposal ${width}`).toBe(false);
      await expectAccessible(page, `proposals-page-place-photo-${width}`);
    });
  }

  it("the author edits a comment (the earlier text stays readable) and deletes it; the reply stays, the count follows", async () => {
    const page = await restoredPage(resident.mnemonic!.phrase);
    await visit(page, stack.url, "/proposals/1");
    const count = () => page.getByTestId("comment-count").textContent();
    await expect.poll(count, { timeout: 30_000 }).toBe("1");
    // The comment a moderator hid offers no way to edit it back into view.
    const hidden = page.getByTestId("comment").filter({ has: page.getByTestId("moderation-note") });
    expect(await hidden.getByRole("button", { name: "Bewerken" }).count()).toBe(0);

    await type(page, page.getByLabel("Uw reactie"), "Graag ook een bankje bij de schommel.");
    await press(page, page.getByRole("button", { name: "Reactie plaatsen" }));
    const mine = page.getByTestId("comment").filter({ hasText: "Graag ook een bankje" });
    await mine.waitFor({ timeout: 30_000 });
    await press(page, mine.getByRole("button", { name: "Bewerken" }));
    // While it is edited, the text is in the field (the only edit form open), no longer on the page.
    await type(page, page.getByLabel("Uw reactie aanpassen"), "Graag ook twee bankjes bij de schommel.");
    await press(page, page.getByRole("button", { name: "Wijziging opslaan" }));
    const edited = page.getByTestId("comment").filter({ hasText: "Graag ook twee bankjes" });
    await edited.getByTestId("comment-edited").waitFor({ timeout: 30_000 });
    expect(await edited.getByTestId("comment-edited").textContent()).toMatch(/^bewerkt \d/);
    // The earlier text stays readable under "Eerdere versies".
    await press(page, edited.getByTestId("comment-history").getByText("Eerdere versies", { exact: true }));
    await edited.getByTestId("comment-history").getByText("Graag ook een bankje bij de schommel.").waitFor({
      timeout: 30_000,
    });
    await expect.poll(count).toBe("2");
    await expectAccessible(page, "proposals-comment-edited-1280");

    // Someone else sees the edited text, cannot edit or delete it, and replies.
    const other = await restoredPage(neighbour.mnemonic!.phrase);
    await visit(other, stack.url, "/proposals/1");
    const theirs = other.getByTestId("comment").filter({ hasText: "Graag ook twee bankjes" });
    await theirs.waitFor({ timeout: 30_000 });
    expect(await theirs.getByRole("button", { name: "Bewerken" }).count()).toBe(0);
    expect(await theirs.getByRole("button", { name: "Verwijderen" }).count()).toBe(0);
    await press(other, theirs.getByRole("button", { name: "Antwoorden" }));
    await type(other, other.getByLabel("Uw antwoord"), "Goed idee, ik steun dat.");
    await press(other, other.getByRole("button", { name: "Antwoord plaatsen" }));
    await other.getByText("Goed idee, ik steun dat.").waitFor({ timeout: 30_000 });

    // Away and back in the app (a reload would lock the account until its PIN is given again).
    await visit(page, stack.url, "/");
    await visit(page, stack.url, "/proposals/1");
    const again = page.getByTestId("comment").filter({ hasText: "Graag ook twee bankjes" });
    await again.waitFor({ timeout: 30_000 });
    await expect.poll(count).toBe("3");
    await press(page, again.getByRole("button", { name: "Verwijderen" }));
    await press(page, again.getByRole("button", { name: "Ja, verwijderen" }));
    await page.getByText(/^Verwijderd door de schrijver/).waitFor({ timeout: 30_000 });
    expect(await page.getByText("Graag ook twee bankjes bij de schommel.").count()).toBe(0);
    await page.getByText("Goed idee, ik steun dat.").waitFor();
    await expect.poll(count).toBe("2");
    await expectAccessible(page, "proposals-comment-deleted-1280");
    // The thread and the proposal's count agree for everyone.
    const proposal = (await (await fetch(`${stack.url}/api/proposals/1`)).json()) as { commentCount: number };
    expect(proposal.commentCount).toBe(2);
  });

  it("the ballot shows each project's description and photo; over budget is a plain sentence", async () => {
    const { contracts, official, networkHelpers } = stack.chain;
    await networkHelpers.time.increaseTo(schedule.reviewStart);
    for (const [proposalId, cost] of [
      [1n, 500n],
      [2n, 400n],
      [3n, 300n],
    ] as const) {
      await (
        await contracts.budgetRound.connect(official).getFunction("review")(proposalId, true, cost, id("ok"))
      ).wait();
    }
    await (await contracts.budgetRound.connect(official).getFunction("publishBallot")(1, 1)).wait();
    await networkHelpers.time.increaseTo(schedule.votingStart);

    const page = await restoredPage(resident.mnemonic!.phrase);
    await visit(page, stack.url, "/rounds/1/ballot");
    const details = page.getByTestId("details-1");
    await details.waitFor();
    await press(page, details.getByText("Meer over Speeltuin aan de Vaart"));
    await details.getByText("De toestellen zijn versleten.").waitFor();
    expect(await details.getByRole("img", { name: "Foto bij Speeltuin aan de Vaart" }).count()).toBe(1);
    const box = (name: string) => page.getByRole("checkbox", { name: new RegExp(name) });
    await toggle(page, box("Speeltuin"));
    await toggle(page, box("Bankjes"));
    await toggle(page, box("Fietsenstalling"));
    await expect
      .poll(() => page.getByTestId("ballot-problems").textContent())
      .toContain("Uw keuze kost €\u00a0200 meer dan het budget.");
    expect(await page.getByTestId("ballot-problems").textContent()).not.toMatch(TECHNICAL);
    await expectAccessible(page, "proposals-ballot-details-1280");
  });

  it("wrong phase: a ballot sent after voting closed reads as a plain sentence", async () => {
    const page = await frozenPage(resident.mnemonic!.phrase);
    await visit(page, stack.url, "/rounds/1/ballot");
    const box = (name: string) => page.getByRole("checkbox", { name: new RegExp(name) });
    await box("Bankjes").waitFor();
    await toggle(page, box("Bankjes"));
    await toggle(page, box("Fietsenstalling"));
    // Voting closes while the page is open.
    await stack.chain.networkHelpers.time.increaseTo(schedule.votingEnd + 60);
    await press(page, page.getByRole("button", { name: "Stem uitbrengen" }));
    const text = await plainAlert(page);
    expect(text).toContain('de fase "Gesloten"');
    expect(text).toContain('alleen in de fase "Stemmen"');
    await expectAccessible(page, "proposals-refusal-wrong-phase");
  });

  it("a taken slot, a used vote code and overspending read as plain sentences", async () => {
    const { contracts, official, admin } = stack.chain;
    await (await contracts.coin.connect(admin).getFunction("mint")(official.address, 100_000n)).wait();
    await (await contracts.coin.connect(official).getFunction("approve")(contracts.taskBoard.target, 1_000n)).wait();
    const contentHash = await storeDocument(official, "task", {
      title: "Plantenbak wieden",
      summary: "Eén plek",
      body: "",
    });
    await (
      await contracts.taskBoard.connect(official).getFunction("createTask")({
        reward: 500n,
        slots: 1,
        district: 1,
        deadline: (await chainNow()) + 30 * DAY,
        claimWindow: 3 * DAY,
        verifier: official.address,
        contentHash,
      })
    ).wait();
    // The frozen page gets no live updates: it must find the task in the index when it loads.
    await expect.poll(async () => (await fetch(`${stack.url}/api/tasks/1`)).status).toBe(200);
    const page = await frozenPage(resident.mnemonic!.phrase);
    await visit(page, stack.url, "/tasks/1");
    await page.getByRole("button", { name: "Ik doe deze klus" }).waitFor();
    // The neighbour takes the only slot while the page is open.
    await (await contracts.taskBoard.connect(neighbour.connect(official.provider)).getFunction("claim")(1)).wait();
    await press(page, page.getByRole("button", { name: "Ik doe deze klus" }));
    expect(await plainAlert(page)).toContain("Alle plekken voor deze klus zijn al bezet.");
    await expectAccessible(page, "proposals-refusal-taken-slot");

    // A vote code used by one household cannot register a second account.
    const first = await newPage();
    await visit(first, stack.url, "/account");
    await createAccount(first);
    await type(first, first.getByLabel("Stemcode (XXXX-XXXX-XXXX-XXXX)"), formatCode(voteCodes[0]!));
    await type(first, first.getByLabel("Briefnummer (batch)"), "1");
    await press(first, first.getByRole("button", { name: "Inschrijven met stemcode" }));
    await expect.poll(() => first.getByTestId("registration").textContent(), { timeout: 30_000 }).toContain("wijk 1");
    const second = await newPage();
    await visit(second, stack.url, "/account");
    await createAccount(second);
    await type(second, second.getByLabel("Stemcode (XXXX-XXXX-XXXX-XXXX)"), formatCode(voteCodes[0]!));
    await type(second, second.getByLabel("Briefnummer (batch)"), "1");
    await press(second, second.getByRole("button", { name: "Inschrijven met stemcode" }));
    expect(await plainAlert(second)).toContain("Deze stemcode is al gebruikt.");
    await expectAccessible(second, "proposals-refusal-used-vote-code");

    // Paying more than the balance (the resident has no coins).
    await visit(page, stack.url, "/wallet");
    await type(page, page.getByLabel("Adres van de winkel"), ZeroHash.slice(0, 42).replace(/0$/, "1"));
    await type(page, page.getByLabel("Bedrag (munten)"), "25,00");
    await press(page, page.getByRole("button", { name: "Betalen" }));
    expect(await plainAlert(page)).toContain("niet meer dan uw saldo");
    await expectAccessible(page, "proposals-refusal-overspending");
  });
});

describe("every page, both languages, both widths", () => {
  const routes: [string, string][] = [
    ["/", "rounds"],
    ["/rounds/1", "round"],
    ["/rounds/1/propose", "propose"],
    ["/proposals/1", "proposal"],
    ["/rounds/1/ballot", "ballot"],
    ["/rounds/1/results", "results"],
    ["/rounds/1/audit", "audit"],
    ["/tasks", "tasks"],
    ["/tasks/1", "task"],
    ["/wallet", "wallet"],
    ["/account", "account"],
    ["/how-it-works", "how-it-works"],
    ["/officials", "officials"],
    ["/merchant", "merchant"],
  ];

  for (const width of [1280, 375]) {
    it(`axe finds no serious or critical violation at ${width} px, in Dutch and English, and the menus follow the roles`, async () => {
      const page = await restoredPage(resident.mnemonic!.phrase, width);
      // A resident without roles: no officials' or shop entry in the menu.
      const menu = page.getByRole("navigation", { name: "Hoofdmenu" });
      expect(await menu.getByRole("link", { name: "Gemeente" }).count()).toBe(0);
      expect(await menu.getByRole("link", { name: "Winkel" }).count()).toBe(0);
      for (const lang of ["nl", "en"] as const) {
        if (lang === "en") {
          await visit(page, stack.url, "/");
          await tabTo(page, page.getByLabel("Taal"));
          await page.keyboard.press("ArrowDown");
          await page.getByRole("navigation", { name: "Main menu" }).waitFor();
        }
        for (const [route, name] of routes) {
          await visit(page, stack.url, route);
          await page.waitForLoadState("networkidle").catch(() => {});
          expect(
            await page.evaluate(() => document.documentElement.scrollWidth),
            `${route} ${width}`,
          ).toBeLessThanOrEqual(width);
          await expectAccessible(page, `proposals-${name}-${lang}-${width}`);
        }
      }
      // The moderator's menu holds the officials' entry.
      const mod = await restoredPage(moderator.mnemonic!.phrase, width);
      await mod.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Gemeente" }).waitFor();
    });
  }

  it("no other page a resident reaches scrolls sideways at 375 px or fails axe: letter voting, moderation log, a transaction, the second round", async () => {
    const page = await restoredPage(resident.mnemonic!.phrase, 375);
    const { submitted } = (await (await fetch(`${stack.url}/api/proposals/1`)).json()) as {
      submitted: { txHash: string };
    };
    expect(submitted.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    const routes = ["/stem", "/moderation", `/tx/${submitted.txHash}`];
    if (formRound) {
      const roundId = await formRound;
      const { items } = (await (await fetch(`${stack.url}/api/rounds/${roundId}/proposals`)).json()) as {
        items: { proposalId: string }[];
      };
      routes.push(`/rounds/${roundId}`, ...items.map((p) => `/proposals/${p.proposalId}`));
    }
    for (const route of routes) {
      await visit(page, stack.url, route);
      await page.waitForLoadState("networkidle").catch(() => {});
      expect(await page.locator("main h1").first().textContent(), route).not.toBe("Deze pagina bestaat niet.");
      const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, globalThis.innerWidth]);
      expect(scroll, `${route}: ${scroll} px wide in a ${inner} px window`).toBeLessThanOrEqual(inner!);
      await expectAccessible(page, `proposals-more-${route.split("/").filter(Boolean).slice(0, 2).join("-")}-375`);
    }
  });
});
