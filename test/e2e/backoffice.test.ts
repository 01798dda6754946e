/**
 * The back office end to end in a real Chromium (issue 14's acceptance scenario), from an empty
 * deployment: an official opens a round with all its rules (a bad value first, named), imports a
 * generated population-register extract (some rows malformed, reported by line), issues the
 * households' codes and downloads the letters as PDF; a resident registers with a letter's code;
 * a clerk records a paper ballot with another household's code, which is then refused online; a
 * code redeemed online is refused on paper; the reviewer works through the queue and publishes the
 * ballots; the round closes and is finalized; the turnout page shows the right figures, in Dutch
 * and English. Keyboard only where a person would use it (files are chosen with setInputFiles: a
 * file dialog is the operating system's), axe on every page.
 */
import { inflateSync } from "node:zlib";

import { Contract, Wallet, type HDNodeWallet } from "ethers";
import { PDFDocument } from "pdf-lib";
import type { Browser, BrowserContext, Download, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { documentHashOf } from "../../lib/content/index.js";
import { normalizeCode } from "../../lib/votecodes/index.js";
import {
  expectAccessible,
  launchBrowser,
  press,
  restoreAccount,
  screenshot,
  tabTo,
  toggle,
  type,
  visit,
  watchErrors,
} from "./support/browser.js";
import { startStack, type Stack } from "./support/stack.js";

const DAY = 86_400;

let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  page.on("dialog", (dialog) => void dialog.accept());
  watchErrors(page);
  return page;
}

/** Waits for a confirmation ("bevestigd in blok") and fails at once on an error the page shows. */
async function waitConfirmed(page: Page, times = 1): Promise<void> {
  await expect
    .poll(
      async () => {
        const error = await page.locator("[role=alert] .error").allTextContents();
        if (error.some((text) => text.trim())) throw new Error(`the page reports: ${error.join(" ")}`);
        return page.getByText(/bevestigd in blok/).count();
      },
      { timeout: 60_000 },
    )
    .toBeGreaterThanOrEqual(times);
}

const restoredPage = async (phrase: string): Promise<Page> => restoreAccount(await newPage(), stack.url, phrase);

const chainNow = () => stack.chain.networkHelpers.time.latest();

/**
 * A generated register extract: `households` addresses in two districts' postcode areas, some
 * with two residents, a few with only a child (under the age limit), and malformed rows.
 */
function generatedExtract() {
  const lines = ["postcode;huisnummer;toevoeging;geboortedatum"];
  const expected = { households: { 1: 0, 2: 0 } as Record<number, number>, rejectedLines: [] as number[], underAge: 0 };
  for (let i = 0; i < 300; i++) {
    const district = i % 3 === 0 ? 2 : 1;
    const postcode =
      district === 1 ? `9401 ${String.fromCharCode(65 + (i % 20))}B` : `9404${String.fromCharCode(65 + (i % 20))}C`;
    const number = String(1 + (i % 97));
    const addition = i % 7 === 0 ? "A" : "";
    if (i % 50 === 49) {
      // Only a child lives here: no letter.
      lines.push(`${postcode};${number};${addition};2016-05-0${1 + (i % 9)}`);
      expected.underAge++;
      continue;
    }
    lines.push(`${postcode};${number};${addition};19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 9}`);
    expected.households[district]!++;
    if (i % 5 === 0) lines.push(`${postcode};${number};${addition};2012-01-01`); // a child in the same household
    if (i % 5 === 0) expected.underAge++;
  }
  for (const bad of [
    "94O1AB;3;;1980-01-01",
    "9401AB;drie;;1980-01-01",
    "9401AB;4;;31-02-1980",
    "9999ZZ;5;;1980-01-01",
    "9401AB;6;",
  ]) {
    lines.push(bad);
    expected.rejectedLines.push(lines.length);
  }
  return { text: lines.join("\n") + "\n", expected };
}

/** The codes printed on the letters, in page order (pdf-lib writes text as hex strings in Flate streams). */
function codesInPdf(bytes: Buffer): string[] {
  const text = bytes.toString("latin1");
  const codes: string[] = [];
  for (let at = text.indexOf("stream\n"); at >= 0; at = text.indexOf("stream\n", at + 1)) {
    const start = at + "stream\n".length;
    let content: string;
    try {
      content = inflateSync(bytes.subarray(start, text.indexOf("endstream", start))).toString("latin1");
    } catch {
      continue;
    }
    for (const [, hex] of content.matchAll(/<([0-9A-F]+)> Tj/g)) {
      const decoded = Buffer.from(hex!, "hex").toString("latin1");
      if (/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(decoded)) codes.push(normalizeCode(decoded));
    }
  }
  return codes;
}

async function downloaded(page: Page, start: () => Promise<void>): Promise<Buffer> {
  const [download] = (await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), start()])) as [
    Download,
    void,
  ];
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
});

afterEach(async ({ task }) => {
  if (task.result?.state !== "fail") return;
  for (const [i, context] of contexts.entries()) {
    for (const [j, page] of context.pages().entries()) {
      await screenshot(page, `failed-backoffice-${i}-${j}`).catch(() => {});
    }
  }
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await stack?.close();
});

describe("the back office", () => {
  it("runs a whole round from the officials' pages: rules, register import, letters, online and paper votes, review, finalize, turnout", async () => {
    const { contracts, admin, networkHelpers, deployment, ethers } = stack.chain;
    const grant = async (address: string, roleName: string, to: string) => {
      const contract = new Contract(
        address,
        ["function grantRole(bytes32,address)", `function ${roleName}() view returns (bytes32)`],
        admin,
      );
      await (await contract.getFunction("grantRole")(await contract.getFunction(roleName)(), to)).wait();
    };
    const officialWallet = Wallet.createRandom();
    const official = officialWallet.address;
    await grant(deployment.contracts.BudgetRound.address, "ROUND_MANAGER_ROLE", official);
    await grant(deployment.contracts.BudgetRound.address, "REVIEWER_ROLE", official);
    await grant(deployment.contracts.ResidentRegistry.address, "REGISTRAR_ROLE", official);
    await grant(deployment.contracts.ResidentRegistry.address, "CODE_ISSUER_ROLE", official);
    await grant(deployment.contracts.PaperBallotDesk.address, "CLERK_ROLE", official);
    const roundsBefore = Number(await contracts.budgetRound.getFunction("roundCount")());

    // ---- the round, with every rule; a bad budget is named with its field and value
    const page = await restoredPage(officialWallet.mnemonic!.phrase);
    await visit(page, stack.url, "/officials");
    const desks = page.getByRole("navigation", { name: "Balies" });
    expect(await desks.getByRole("link").allTextContents()).toEqual([
      "Rondes",
      "Beoordelen",
      "Inwoners",
      "Stemcodes",
      "Papieren stemmen",
    ]);
    await expectAccessible(page, "backoffice-round-form");
    const form = page.locator("form", { has: page.getByRole("heading", { name: "Ronde openen" }) });
    await type(page, form.getByLabel("Naam van de ronde"), "Buurtbudget Assen 2027");
    await type(page, form.getByLabel("Omschrijving"), "Twee wijken, stemmen online of op papier.");
    await type(page, form.getByLabel("Wijknaam (rij 1)"), "Centrum");
    await type(page, form.getByLabel("Budget in euro (rij 1)"), "vijfduizend");
    await press(page, form.getByRole("button", { name: "Wijk toevoegen" }));
    await type(page, form.getByLabel("Wijknaam (rij 2)"), "Noord");
    await type(page, form.getByLabel("Budget in euro (rij 2)"), "3000");
    await type(page, form.getByLabel("Voorstellen per inwoner"), "2");
    await type(page, form.getByLabel("Minimaal aantal projecten op een stembiljet"), "1");
    await type(page, form.getByLabel("Maximaal aantal projecten op een stembiljet"), "3");
    await type(page, form.getByLabel("Minimaal te besteden deel van het budget (%)"), "10");
    await tabTo(page, form.getByLabel("Bij gelijke stand"));
    await page.keyboard.press("ArrowDown");
    await press(page, form.getByRole("button", { name: "Aanmaken" }));
    const summary = form.locator(".error-summary");
    await summary.waitFor();
    expect(await summary.textContent()).toContain("Budget in euro (rij 1): vijfduizend — dit is geen geheel getal");
    await expectAccessible(page, "backoffice-round-form-problem");
    await type(page, form.getByLabel("Budget in euro (rij 1)"), "5000");
    await press(page, form.getByRole("button", { name: "Aanmaken" }));
    await waitConfirmed(page);
    const roundId = roundsBefore + 1;
    const rules = await contracts.budgetRound.getFunction("getRules")(roundId);
    expect([...rules.districts].map(Number)).toEqual([1, 2]);
    expect([...rules.budgets].map(Number)).toEqual([5000, 3000]);
    expect(
      [
        rules.maxProposalsPerProposer,
        rules.minProjects,
        rules.maxProjects,
        rules.minBudgetShareBps,
        rules.maxBudgetShareBps,
        rules.tieBreak,
      ].map(Number),
    ).toEqual([2, 1, 3, 1000, 10_000, 1]);

    // ---- the register extract: households per district, rejected rows by line
    await press(page, desks.getByRole("link", { name: "Inwoners" }));
    const { text: extract, expected } = generatedExtract();
    await page.getByLabel("Postcodetabel van de wijken (CSV)").setInputFiles({
      name: "postcodes.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("van;tot;wijk;naam\n9401;9402;1;Centrum\n9403;9405;2;Noord\n"),
    });
    await page
      .getByLabel("Uittreksel (CSV)")
      .setInputFiles({ name: "brp.csv", mimeType: "text/csv", buffer: Buffer.from(extract) });
    await type(page, page.getByLabel("Minimumleeftijd (leeg: geen)"), "16");
    await press(page, page.getByRole("button", { name: "Bestanden controleren" }));
    const households = expected.households[1]! + expected.households[2]!;
    await expect
      .poll(() => page.getByTestId("import-summary").textContent())
      .toContain(
        `${households} huishoudens krijgen een brief, ${expected.rejectedLines.length} regels afgewezen, ${expected.underAge} bewoners jonger`,
      );
    const rejected = await page.locator("ul.rejected li").allTextContents();
    expect(rejected.map((line) => Number(/regel (\d+)/.exec(line)?.[1]))).toEqual(expected.rejectedLines);
    expect(rejected[0]).toContain("postcode: 94O1AB");
    await expectAccessible(page, "backoffice-register-import");
    await press(page, page.getByRole("button", { name: `Stemcodes maken voor ${households} huishoudens` }));
    await page.getByText("Wijk 2:", { exact: false }).waitFor({ timeout: 90_000 });
    const pdf = await downloaded(page, () =>
      press(page, page.getByRole("button", { name: "Brieven downloaden (PDF, geheim)" })),
    );
    expect((await PDFDocument.load(pdf)).getPageCount()).toBe(households);
    const codes = codesInPdf(pdf);
    expect(codes).toHaveLength(households);
    const district1Codes = codes.slice(0, expected.households[1]);
    const batchCount = Number(await contracts.registry.getFunction("codeBatchCount")());
    const batch1 = String(batchCount - 1);

    // ---- proposals by residents (the proposal pages are another issue's): two in Centrum, one in Noord
    const proposers = [Wallet.createRandom().connect(ethers.provider), Wallet.createRandom().connect(ethers.provider)];
    for (const [i, p] of proposers.entries()) {
      await networkHelpers.setBalance(p.address, 10n ** 18n);
      await (
        await contracts.registry.connect(admin).getFunction("register")(
          p.address,
          i === 0 ? 1 : 2,
          (await chainNow()) + 400 * DAY,
        )
      ).wait();
    }
    await networkHelpers.time.increaseTo(Number(rules.schedule.proposalsStart));
    const propose = async (who: HDNodeWallet, district: number, cost: number, title: string) => {
      const document = { title, summary: `${title}: samenvatting`, body: "", images: [] };
      const hash = documentHashOf(document);
      await (
        await contracts.budgetRound.connect(who).getFunction("submitProposal")(roundId, district, cost, hash)
      ).wait();
    };
    await propose(proposers[0]!, 1, 2000, "Bankjes op de Brink");
    await propose(proposers[0]!, 1, 1500, "Fietsenrek bij de bieb");
    await propose(proposers[1]!, 2, 1000, "Speeltuin Noord");
    await networkHelpers.time.increaseTo(Number(rules.schedule.reviewStart));

    // ---- the reviewer works through the queue, then publishes both ballots
    await press(page, desks.getByRole("link", { name: "Beoordelen" }));
    const firstId = Number(await contracts.budgetRound.getFunction("proposalCount")()) - 2;
    for (const id of [firstId, firstId + 1, firstId + 2]) {
      await page.getByLabel(`Toelichting bij voorstel ${id}`).waitFor({ timeout: 30_000 });
      if (id === firstId + 1) {
        // Tab reaches the radio group at its checked radio; the arrow key picks the other one.
        await tabTo(page, page.locator(`input[name="rv-${id}-verdict"][value="feasible"]`));
        await page.keyboard.press("ArrowDown");
      } else {
        await type(
          page,
          page.getByLabel(`Definitieve kosten van voorstel ${id} (euro)`),
          id === firstId ? "1800" : "1000",
        );
      }
      await type(
        page,
        page.getByLabel(`Toelichting bij voorstel ${id}`),
        id === firstId + 1 ? "De grond is niet van de gemeente." : "Haalbaar.",
      );
      await press(page, page.getByRole("button", { name: `Beoordeling van voorstel ${id} opslaan` }));
      await expect
        .poll(async () => Number((await contracts.budgetRound.getFunction("getProposal")(id)).status), {
          timeout: 60_000,
        })
        .toBeGreaterThan(1);
    }
    await expectAccessible(page, "backoffice-review-queue");
    for (const district of [1, 2]) {
      await press(page, page.getByRole("button", { name: `Stembiljet van wijk ${district} publiceren` }));
      await expect
        .poll(async () => (await contracts.budgetRound.getFunction("getDistrict")(roundId, district)).ballotPublished, {
          timeout: 60_000,
        })
        .toBe(true);
    }
    await networkHelpers.time.increaseTo(Number(rules.schedule.votingStart));

    // ---- a resident registers with a letter's code (the QR code's link fills it in) and votes
    const resident = await newPage();
    await visit(resident, stack.url, `/account?batch=${batch1}&code=${district1Codes[0]}`);
    await press(resident, resident.getByRole("button", { name: "Nieuw account maken" }));
    await press(resident, resident.getByRole("button", { name: "Ik heb de woorden opgeschreven" }));
    expect(await resident.getByLabel("Stemcode (XXXX-XXXX-XXXX-XXXX)").inputValue()).toBe(district1Codes[0]);
    await press(resident, resident.getByRole("button", { name: "Inschrijven met stemcode" }));
    await waitConfirmed(resident);
    const phrase = await resident.evaluate(() => localStorage.getItem("buurtkas.recoveryPhrase"));
    const voter = Wallet.fromPhrase(phrase!).connect(ethers.provider);
    await networkHelpers.setBalance(voter.address, 10n ** 18n);
    // The ballot page is another issue's: the vote goes to the contract directly (position 0: 1,800 of 5,000, over the 10 % minimum).
    await (await contracts.budgetRound.connect(voter).getFunction("castApprovalBallot")(roundId, 1, 1n)).wait();

    // ---- the clerk records a paper ballot with another household's code; a redeemed code is refused on paper
    await press(page, desks.getByRole("link", { name: "Papieren stemmen" }));
    const ballotPdfBytes = await downloaded(page, () =>
      press(page, page.getByRole("button", { name: "Papieren stembiljet van wijk 1 (PDF)" })),
    );
    expect((await PDFDocument.load(ballotPdfBytes)).getPageCount()).toBe(1);
    await type(page, page.getByLabel("Stemcode van de brief"), district1Codes[1]!.toLowerCase());
    await toggle(page, page.getByRole("checkbox").first());
    await expectAccessible(page, "backoffice-clerk-desk");
    await press(page, page.getByRole("button", { name: "Stembiljet invoeren" }));
    await waitConfirmed(page);
    expect(Number((await contracts.budgetRound.getFunction("getDistrict")(roundId, 1)).paperBallotCount)).toBe(1);
    await type(page, page.getByLabel("Stemcode van de brief"), district1Codes[0]!);
    await toggle(page, page.getByRole("checkbox").first());
    await press(page, page.getByRole("button", { name: "Stembiljet invoeren" }));
    await page.locator("[role=alert]").getByText("al gebruikt", { exact: false }).first().waitFor({ timeout: 30_000 });

    // ---- the paper household's code is refused online
    const late = await newPage();
    await visit(late, stack.url, `/account?batch=${batch1}&code=${district1Codes[1]}`);
    await press(late, late.getByRole("button", { name: "Nieuw account maken" }));
    await press(late, late.getByRole("button", { name: "Ik heb de woorden opgeschreven" }));
    await press(late, late.getByRole("button", { name: "Inschrijven met stemcode" }));
    await late.locator("[role=alert]").getByText("al gebruikt", { exact: false }).first().waitFor({ timeout: 30_000 });
    await expectAccessible(late, "backoffice-code-used-online");

    // ---- the round closes and is finalized from the round desk
    await networkHelpers.time.increaseTo(Number(rules.schedule.votingEnd) + 1);
    await networkHelpers.mine();
    await press(page, desks.getByRole("link", { name: "Rondes" }));
    // Past the whole round form (five date-and-time fields of five parts each) to the outcome desk.
    await tabTo(page, page.getByLabel("Rondenummer"), 300);
    await page.getByLabel("Rondenummer").selectOption(String(roundId));
    await press(page, page.getByRole("button", { name: `Uitslag van ronde ${roundId} vaststellen` }));
    await expect
      .poll(async () => Number(await contracts.budgetRound.getFunction("phase")(roundId)), { timeout: 60_000 })
      .toBe(6);

    // ---- turnout: Centrum has the proposer and the online voter registered, one online and one paper vote
    const reports = await newPage();
    await visit(reports, stack.url, "/reports");
    await reports.getByLabel("Rondenummer").selectOption(String(roundId));
    const row = reports.getByTestId("turnout").locator("tbody tr").first();
    // District 1, registered 2, online 1, paper 1, (1 + 1) / (2 + 1).
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toBe("121166.7%");
    const noord = reports.getByTestId("turnout").locator("tbody tr").nth(1);
    expect(await noord.textContent()).toBe("21000.0%");
    await expectAccessible(reports, "backoffice-turnout-nl");
    await tabTo(reports, reports.getByLabel("Taal"));
    await reports.keyboard.press("ArrowDown");
    await reports.getByRole("heading", { name: "Turnout per district" }).waitFor();
    await expectAccessible(reports, "backoffice-turnout-en");
    // The officials' desks in English too.
    await tabTo(page, page.getByLabel("Taal"));
    await page.keyboard.press("ArrowDown");
    await page.getByRole("navigation", { name: "Desks" }).getByRole("link", { name: "Rounds" }).waitFor();
    await page.getByRole("heading", { name: "Open a round" }).waitFor();
    await expectAccessible(page, "backoffice-officials-en");
    const csv = await (await fetch(`${stack.url}/api/rounds/${roundId}/turnout.csv`)).text();
    expect(csv.split("\r\n").slice(0, 3)).toEqual([
      "district;registered;voted_online;voted_paper;percent",
      "1;2;1;1;66.7",
      "2;1;0;0;0.0",
    ]);
  });
});
