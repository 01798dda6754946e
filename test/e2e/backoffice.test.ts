/**
 * The back office end to end in a real Chromium (issue 14's acceptance scenario), from an empty
 * deployment, through the pages only: the admin grants the officials' roles on the roles desk (a
 * bad address and a role already held first, named); an official opens a round with all its rules (a bad value first, named), imports a
 * generated population-register extract (some rows malformed, reported by line), issues the
 * households' codes for the round just opened and downloads the letters as PDF (each prints its
 * QR code's address, naming that round); the registrar registers two residents, who
 * submit proposals on the proposal form; a resident votes with only a letter's code on the letter
 * vote page; a clerk records a paper ballot with another household's code, which is then refused online; a
 * code redeemed online is refused on paper; the reviewer works through the queue and publishes the
 * ballots; the round closes and is finalized; the turnout page shows the right figures, in Dutch
 * and English. A second test walks every desk in Dutch and English with axe, and operates the
 * shops, vote-codes and roles desks (grant and revoke, after a confirmation). Keyboard only where
 * a person would use it (files are chosen with setInputFiles: a file dialog is the operating
 * system's; a select's option with selectOption once Tab has reached it), axe on every page.
 * The test reads the chain only to check what the pages did.
 */
import { inflateSync } from "node:zlib";

import { Contract, Wallet, ZeroHash, id } from "ethers";
import { PDFDocument } from "pdf-lib";
import type { Browser, BrowserContext, Download, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";

import type { ContractName } from "../../generated/abis.js";
import { contractInterfaces } from "../../lib/contracts/interfaces.js";
import { letterVoteUrl, normalizeCode } from "../../lib/votecodes/index.js";
import {
  closeAfterwards,
  expectAccessible,
  launchBrowser,
  openPage,
  press,
  restoreAccount,
  tabTo,
  toggle,
  type,
  visit,
  waitConfirmed,
} from "./support/browser.js";
import { startStack, type Stack } from "./support/stack.js";

/** Hardhat's default accounts' phrase: its first account deployed the system and holds every admin role. */
const DEPLOYER_PHRASE = "test test test test test test test test test test test junk";

let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];

function newPage(): Promise<Page> {
  return openPage(browser, contexts, { acceptDownloads: true });
}

const restoredPage = async (phrase: string): Promise<Page> => restoreAccount(await newPage(), stack.url, phrase);

/** Whether `account` holds `role` on `contract`, read on chain (to check what a page did). */
async function hasRole(contract: ContractName, role: string, account: string): Promise<boolean> {
  const handle = new Contract(
    stack.chain.deployment.contracts[contract].address,
    contractInterfaces[contract],
    stack.chain.ethers.provider,
  );
  return (await handle.getFunction("hasRole")(role === "DEFAULT_ADMIN_ROLE" ? ZeroHash : id(role), account)) as boolean;
}

/**
 * Grants `role` of `contract` to `to` on the roles desk, by keyboard (a select's option is chosen
 * once Tab has reached it), and waits until the chain has it.
 */
async function grantOnDesk(page: Page, labels: GrantLabels, contract: ContractName, role: string, to: string) {
  const contractField = page.getByLabel(labels.contract, { exact: true });
  await tabTo(page, contractField);
  await contractField.selectOption(contract);
  const roleField = page.getByLabel(labels.role, { exact: true });
  await tabTo(page, roleField);
  await roleField.selectOption(role);
  await type(page, page.getByLabel(labels.account), to);
  await press(page, page.getByRole("button", { name: labels.grant, exact: true }));
  await expect.poll(() => hasRole(contract, role, to), { timeout: 60_000 }).toBe(true);
}

interface GrantLabels {
  contract: string;
  role: string;
  account: string;
  grant: string;
}
const GRANT_NL: GrantLabels = {
  contract: "Contract",
  role: "Rol",
  account: "Account (adres, 0x…)",
  grant: "Rol geven",
};
const GRANT_EN: GrantLabels = {
  contract: "Contract",
  role: "Role",
  account: "Account (address, 0x…)",
  grant: "Grant role",
};

/** Pages the second test walks again: the deployer's (the admin) and the official's. */
let adminPage: Page;
let officialPage: Page;

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

/**
 * What each letter prints after `label`, in page order: the vote page's address (its lines joined)
 * and then the rest of the page's text.
 */
function addressesInPdf(bytes: Buffer, label: string): string[] {
  const text = bytes.toString("latin1");
  const addresses: string[] = [];
  for (let at = text.indexOf("stream\n"); at >= 0; at = text.indexOf("stream\n", at + 1)) {
    const start = at + "stream\n".length;
    let content: string;
    try {
      content = inflateSync(bytes.subarray(start, text.indexOf("endstream", start))).toString("latin1");
    } catch {
      continue;
    }
    const shown = [...content.matchAll(/<([0-9A-F]+)> Tj/g)].map(([, hex]) =>
      Buffer.from(hex!, "hex").toString("latin1"),
    );
    const from = shown.indexOf(label);
    if (from >= 0) addresses.push(shown.slice(from + 1).join(""));
  }
  return addresses;
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

closeAfterwards("backoffice", () => ({ contexts, browser, stack }));

describe("the back office", () => {
  it("runs a whole round from the officials' pages: rules, register import, letters, online and paper votes, review, finalize, turnout", async () => {
    const { contracts, admin, networkHelpers } = stack.chain;
    const officialWallet = Wallet.createRandom();
    const official = officialWallet.address;

    // ---- the admin (the deployer's account, restored from its phrase) grants the official's roles on the roles desk
    adminPage = await restoredPage(DEPLOYER_PHRASE);
    expect((await adminPage.getByTestId("my-address").textContent())!.trim()).toBe(admin.address.toLowerCase());
    await visit(adminPage, stack.url, "/officials");
    const adminDesks = adminPage.getByRole("navigation", { name: "Balies" });
    // The menu shows once the account's roles are read from the chain (the heading comes first).
    await expect
      .poll(() => adminDesks.getByRole("link").allTextContents())
      .toEqual(["Inwoners", "Stemcodes", "Winkels", "Rollen"]);
    await press(adminPage, adminDesks.getByRole("link", { name: "Rollen" }));
    await adminPage.getByRole("heading", { name: "Rollen en bevoegdheden" }).waitFor();
    const rolesTable = (contract: ContractName) => adminPage.getByTestId(`roles-${contract}`);
    // The holders come from the index of the chain's role events (GET /api/roles): the deployment
    // made the paper desk BudgetRound's clerk.
    await rolesTable("BudgetRound")
      .locator(
        `tr[data-role="CLERK_ROLE"] li[data-holder="${stack.chain.deployment.contracts.PaperBallotDesk.address.toLowerCase()}"]`,
      )
      .waitFor();
    // A mistyped address is named with its field and value before anything is signed.
    await type(adminPage, adminPage.getByLabel(GRANT_NL.account), "0x12345");
    await press(adminPage, adminPage.getByRole("button", { name: GRANT_NL.grant, exact: true }));
    const grantProblems = adminPage.locator("form .error-summary");
    await grantProblems.waitFor();
    expect(await grantProblems.textContent()).toContain("Account (adres, 0x…): 0x12345 — dit is geen accountadres");
    await grantOnDesk(adminPage, GRANT_NL, "BudgetRound", "ROUND_MANAGER_ROLE", official);
    const managerRow = rolesTable("BudgetRound").locator(
      `tr[data-role="ROUND_MANAGER_ROLE"] li[data-holder="${official.toLowerCase()}"]`,
    );
    await managerRow.waitFor();
    // Who granted it and in which block, as the index has it: the admin, here "U" (you).
    const [granted] = await contracts.budgetRound.queryFilter(
      contracts.budgetRound.filters.RoleGranted!(id("ROUND_MANAGER_ROLE"), official),
    );
    expect(await managerRow.textContent()).toContain(`gegeven door U in blok ${granted!.blockNumber}`);
    // The desk's history tells the grant in words, linking its transaction.
    const lower = official.toLowerCase();
    const told = adminPage.locator(
      `[data-testid="roles-history"] li[data-kind="granted"][data-role="ROUND_MANAGER_ROLE"][data-account="${lower}"]`,
    );
    await told.waitFor();
    expect(await told.textContent()).toContain(
      `gegeven aan ${lower.slice(0, 6)}…${lower.slice(-4)} door U in blok ${granted!.blockNumber}`,
    );
    await told.locator(`a[title="${granted!.transactionHash.toLowerCase()}"]`).waitFor();
    // A role the account holds already is refused by name too.
    const roleField = adminPage.getByLabel(GRANT_NL.role, { exact: true });
    await tabTo(adminPage, roleField);
    await roleField.selectOption("ROUND_MANAGER_ROLE");
    await type(adminPage, adminPage.getByLabel(GRANT_NL.account), official);
    await press(adminPage, adminPage.getByRole("button", { name: GRANT_NL.grant, exact: true }));
    await expect
      .poll(() => grantProblems.textContent())
      .toContain(`Account (adres, 0x…): ${official} — dit account heeft deze rol al`);
    await grantOnDesk(adminPage, GRANT_NL, "BudgetRound", "REVIEWER_ROLE", official);
    await grantOnDesk(adminPage, GRANT_NL, "ResidentRegistry", "REGISTRAR_ROLE", official);
    await grantOnDesk(adminPage, GRANT_NL, "ResidentRegistry", "CODE_ISSUER_ROLE", official);
    await grantOnDesk(adminPage, GRANT_NL, "PaperBallotDesk", "CLERK_ROLE", official);
    await rolesTable("PaperBallotDesk")
      .locator(`tr[data-role="CLERK_ROLE"] li[data-holder="${official.toLowerCase()}"]`)
      .waitFor();
    await expectAccessible(adminPage, "backoffice-roles-desk");
    const roundsBefore = Number(await contracts.budgetRound.getFunction("roundCount")());

    // ---- the round, with every rule; a bad budget is named with its field and value
    const page = await restoredPage(officialWallet.mnemonic!.phrase);
    officialPage = page;
    await visit(page, stack.url, "/officials");
    const desks = page.getByRole("navigation", { name: "Balies" });
    await expect
      .poll(() => desks.getByRole("link").allTextContents())
      .toEqual(["Rondes", "Beoordelen", "Inwoners", "Stemcodes", "Papieren stemmen"]);
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
    // The letters name the round just opened (it has both districts of the import), chosen by keyboard.
    const letterRound = page.getByLabel("Ronde waarvoor de brieven zijn (niet verplicht)");
    await letterRound.locator(`option[value="${roundId}"]`).waitFor({ state: "attached" });
    await tabTo(page, letterRound);
    await letterRound.selectOption(String(roundId));
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
    // Each letter prints its QR code's address (what the QR code holds), and it names the round.
    const addresses = addressesInPdf(pdf, "Geen camera? Typ dit adres in uw browser:");
    expect(addresses).toHaveLength(households);
    codes.forEach((code, i) => {
      // Letters come district by district, district 1's batch first (batch ids count up from 1).
      const batch = i < expected.households[1]! ? batch1 : String(batchCount);
      const address = letterVoteUrl(stack.url, batch, code, roundId);
      expect(address).toContain(`&round=${roundId}`);
      // After the address comes the page's last paragraph, which starts with a letter.
      expect(addresses[i]!.slice(0, address.length)).toBe(address);
      expect(addresses[i]!.slice(address.length)).toMatch(/^[A-Za-z]/);
    });

    // ---- two residents, registered at the registrar desk, propose on the proposal form: two in Centrum, one in Noord
    const proposers = [Wallet.createRandom(), Wallet.createRandom()];
    await press(page, desks.getByRole("link", { name: "Inwoners" }));
    for (const [i, proposer] of proposers.entries()) {
      await type(page, page.getByLabel("Account van de inwoner (0x…)"), proposer.address);
      await type(page, page.getByLabel("Wijk", { exact: true }), String(i + 1));
      await press(page, page.getByRole("button", { name: "Registreren", exact: true }));
      await expect
        .poll(async () => Number((await contracts.registry.getFunction("registrationOf")(proposer.address)).district), {
          timeout: 60_000,
        })
        .toBe(i + 1);
    }
    await networkHelpers.time.increaseTo(Number(rules.schedule.proposalsStart));
    const proposerPages = [
      await restoredPage(proposers[0]!.mnemonic!.phrase),
      await restoredPage(proposers[1]!.mnemonic!.phrase),
    ];
    const propose = async (who: Page, cost: number, title: string) => {
      await visit(who, stack.url, `/rounds/${roundId}/propose`);
      await type(who, who.getByLabel("Titel"), title);
      await type(who, who.getByLabel("Korte samenvatting"), `${title}: samenvatting`);
      await type(who, who.getByLabel("Beschrijving"), `${title}, voor de hele buurt.`);
      await type(who, who.getByLabel("Geschatte kosten (euro)"), String(cost));
      await press(who, who.getByRole("button", { name: "Voorstel indienen" }));
      await who.waitForURL(new RegExp(`#/rounds/${roundId}$`), { timeout: 60_000 });
    };
    const proposalsBefore = Number(await contracts.budgetRound.getFunction("proposalCount")());
    await propose(proposerPages[0]!, 2000, "Bankjes op de Brink");
    await propose(proposerPages[0]!, 1500, "Fietsenrek bij de bieb");
    await propose(proposerPages[1]!, 1000, "Speeltuin Noord");
    await expect
      .poll(async () => Number(await contracts.budgetRound.getFunction("proposalCount")()), { timeout: 60_000 })
      .toBe(proposalsBefore + 3);
    const firstProposal = await contracts.budgetRound.getFunction("getProposal")(proposalsBefore + 1);
    expect([Number(firstProposal.district), Number(firstProposal.requestedCost)]).toEqual([1, 2000]);
    expect(String(firstProposal.proposer).toLowerCase()).toBe(proposers[0]!.address.toLowerCase());
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

    // ---- a resident votes with only the letter: its QR code's address (naming the round) opens the vote page with the code filled in
    const resident = await newPage();
    await resident.goto(letterVoteUrl(stack.url, batch1, district1Codes[0]!, roundId));
    await resident.getByLabel("Code uit de brief").waitFor();
    expect(await resident.getByLabel("Code uit de brief").inputValue()).toBe(district1Codes[0]);
    expect(await resident.getByLabel("Nummer van de brief (reeks)").inputValue()).toBe(batch1);
    await expectAccessible(resident, "backoffice-letter-vote");
    await type(resident, resident.getByLabel(/Kies een pincode/), "4821");
    await press(resident, resident.getByRole("button", { name: "Ga naar het stembiljet" }));
    await resident.waitForURL(new RegExp(`#/rounds/${roundId}/ballot`), { timeout: 60_000 });
    // Position 0: 1,800 of 5,000, over the 10 % minimum (the bicycle rack was found infeasible).
    const bankjes = resident.getByRole("checkbox", { name: /Bankjes op de Brink/ });
    await bankjes.waitFor({ timeout: 30_000 });
    await toggle(resident, bankjes);
    await press(resident, resident.getByRole("button", { name: "Stem uitbrengen" }));
    await waitConfirmed(resident);
    await expect.poll(() => resident.getByTestId("receipt").textContent()).toContain("uw stem telt mee");
    expect(Number((await contracts.budgetRound.getFunction("getTallies")(roundId, 1))[0])).toBe(1);

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
    await late.goto(letterVoteUrl(stack.url, batch1, district1Codes[1]!, roundId));
    await type(late, late.getByLabel(/Kies een pincode/), "7390");
    await press(late, late.getByRole("button", { name: "Ga naar het stembiljet" }));
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
    // Dozens of transactions through the relayer and ten axe runs: minutes on a loaded machine.
  }, 480_000);

  it("every desk in Dutch and English passes axe; the shops, vote-codes and roles desks work by keyboard", async () => {
    /** Each desk's menu entry and its heading, in Dutch and English. */
    const DESK_TEXTS = {
      round: { nl: ["Rondes", "Ronde openen"], en: ["Rounds", "Open a round"] },
      review: { nl: ["Beoordelen", "Voorstellen beoordelen"], en: ["Review", "Review proposals"] },
      registrar: { nl: ["Inwoners", "Inwoners registreren"], en: ["Residents", "Register residents"] },
      codes: { nl: ["Stemcodes", "Stemcodes uitgeven"], en: ["Vote codes", "Issue vote codes"] },
      clerk: {
        nl: ["Papieren stemmen", "Papieren stembiljetten invoeren"],
        en: ["Paper ballots", "Record paper ballots"],
      },
      tasks: { nl: ["Klussen", "Klus plaatsen"], en: ["Tasks", "Post a task"] },
      merchants: { nl: ["Winkels", "Winkel aanmelden"], en: ["Shops", "Register a shop"] },
      roles: { nl: ["Rollen", "Rollen en bevoegdheden"], en: ["Roles", "Roles and permissions"] },
    } as const;
    type DeskId = keyof typeof DESK_TEXTS;
    const menu = (page: Page, lang: "nl" | "en") =>
      page.getByRole("navigation", { name: lang === "nl" ? "Balies" : "Desks" });
    /** Opens desk `desk` from the menu by keyboard and waits for its heading. */
    const open = async (page: Page, lang: "nl" | "en", desk: DeskId) => {
      const [link, heading] = DESK_TEXTS[desk][lang];
      await press(page, menu(page, lang).getByRole("link", { name: link, exact: true }));
      await page.getByRole("heading", { name: heading, exact: true }).waitFor({ timeout: 30_000 });
    };
    /** Every desk of the menu, in order, each checked with axe. */
    const walk = async (page: Page, who: string, lang: "nl" | "en", expected: readonly DeskId[]) => {
      expect(await menu(page, lang).getByRole("link").allTextContents()).toEqual(
        expected.map((desk) => DESK_TEXTS[desk][lang][0]),
      );
      for (const desk of expected) {
        await open(page, lang, desk);
        await expectAccessible(page, `backoffice-${who}-${desk}-${lang}`);
      }
    };
    const switchLanguage = async (page: Page, to: "nl" | "en") => {
      await tabTo(page, page.getByLabel(to === "en" ? "Taal" : "Language"));
      await page.keyboard.press(to === "en" ? "ArrowDown" : "ArrowUp");
      await menu(page, to).waitFor();
    };
    const { contracts, admin } = stack.chain;

    // ---- the admin gives itself the task poster's role: the tasks desk joins its menu
    await open(adminPage, "nl", "roles");
    await grantOnDesk(adminPage, GRANT_NL, "TaskBoard", "TASK_POSTER_ROLE", admin.address);
    await menu(adminPage, "nl").getByRole("link", { name: "Klussen" }).waitFor({ timeout: 30_000 });
    const adminDesks = ["registrar", "codes", "tasks", "merchants", "roles"] as const;
    await walk(adminPage, "admin", "nl", adminDesks);

    // ---- shops: register one and remove it again (after a confirmation)
    await open(adminPage, "nl", "merchants");
    const shop = Wallet.createRandom().address;
    await type(adminPage, adminPage.getByLabel("Account van de winkel (0x…)"), shop);
    await type(adminPage, adminPage.getByLabel("Naam van de winkel"), "Bakkerij De Brink");
    await type(adminPage, adminPage.getByLabel("Adres van de winkel"), "Brink 1, Assen");
    await press(adminPage, adminPage.getByRole("button", { name: "Winkel aanmelden" }));
    await expect.poll(() => contracts.coin.getFunction("isMerchant")(shop), { timeout: 60_000 }).toBe(true);
    const listed = adminPage.locator(`li:has(span[title="${shop}" i])`);
    await press(adminPage, listed.getByRole("button", { name: "Afmelden" }));
    await expect.poll(() => contracts.coin.getFunction("isMerchant")(shop), { timeout: 60_000 }).toBe(false);

    // ---- vote codes: a count of 0 is named before anything is made
    await open(adminPage, "nl", "codes");
    await type(adminPage, adminPage.getByLabel("Aantal codes"), "0");
    await press(adminPage, adminPage.getByRole("button", { name: "Stemcodes uitgeven" }));
    await expect
      .poll(() => adminPage.locator(".error-summary").textContent())
      .toContain("Aantal codes: 0 — dit moet minstens 1 zijn");

    // ---- the admin's desks in English; on the roles desk a grant, then a revocation after a confirmation
    await switchLanguage(adminPage, "en");
    await walk(adminPage, "admin", "en", adminDesks);
    await open(adminPage, "en", "roles");
    await type(adminPage, adminPage.getByLabel(GRANT_EN.account), "nope");
    await press(adminPage, adminPage.getByRole("button", { name: GRANT_EN.grant, exact: true }));
    await expect
      .poll(() => adminPage.locator("form .error-summary").textContent())
      .toContain("Account (address, 0x…): nope — this is not an account address");
    const moderator = Wallet.createRandom().address;
    await grantOnDesk(adminPage, GRANT_EN, "ResidentRegistry", "MODERATOR_ROLE", moderator);
    const holder = adminPage
      .getByTestId("roles-ResidentRegistry")
      .locator(`tr[data-role="MODERATOR_ROLE"] li[data-holder="${moderator.toLowerCase()}"]`);
    await holder.waitFor({ timeout: 30_000 });
    const questions: string[] = [];
    adminPage.on("dialog", (dialog) => questions.push(dialog.message()));
    await press(
      adminPage,
      holder.getByRole("button", { name: `Revoke role: Moderator from ${moderator.toLowerCase()}` }),
    );
    await expect.poll(() => hasRole("ResidentRegistry", "MODERATOR_ROLE", moderator), { timeout: 60_000 }).toBe(false);
    expect(questions).toEqual([
      `Revoke Moderator from ${moderator.toLowerCase()}? That account will no longer be able to: hide texts and photos (with a public reason) or show them again.`,
    ]);
    await holder.waitFor({ state: "detached", timeout: 30_000 });
    await expectAccessible(adminPage, "backoffice-admin-roles-revoked-en");

    // ---- the official's desks, in English (where the first test left them) and in Dutch
    const officialDesks = ["round", "review", "registrar", "codes", "clerk"] as const;
    await walk(officialPage, "official", "en", officialDesks);
    await switchLanguage(officialPage, "nl");
    await walk(officialPage, "official", "nl", officialDesks);
  }, 300_000);
});
