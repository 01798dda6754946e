/**
 * The round form's result options and the shop list's rename, in a real Chromium against the full
 * stack. An official opens a Method of Equal Shares round from the form with its objection window
 * (a bad value first, named with field and value) and the live standings hidden until voting
 * closes: the results page shows no standings while voting runs and all of them once it has
 * closed, and its chart names Equal Shares as the official count. An official opens a secret-ballot
 * round from the form (refused first on a points ballot, named with field and value): the chain
 * holds `secrecy` secret, the round page says the ballot is secret, and the token issuer names the
 * district's key. An official renames a shop on the merchants' desk, and the pay form a resident
 * has open names the shop by its new name without a reload (the live stream's merchant event).
 * Keyboard only, axe on every state, in Dutch and English.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { Contract, Wallet, getBytes, id, toBeHex, type Signer } from "ethers";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";

import { createIssuer, openKeyring } from "../../backend/issuer/index.js";
import { SecretBallotsAbi } from "../../generated/abis.js";
import { encodeApproval } from "../../lib/ballots/encoding.js";
import type { DocumentKind } from "../../lib/content/index.js";
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
import { storeDocument } from "./support/content.js";

const DAY = 86_400;

let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];

function newPage(): Promise<Page> {
  return openPage(browser, contexts, { onDialog: (dialog) => void dialog.dismiss() });
}

const tx = async (sent: Promise<{ wait(): Promise<unknown> }>) => (await sent).wait();

async function grant(address: string, roleName: string, to: string): Promise<void> {
  const contract = new Contract(
    address,
    ["function grantRole(bytes32,address)", `function ${roleName}() view returns (bytes32)`],
    stack.chain.admin,
  );
  await tx(contract.getFunction("grantRole")(await contract.getFunction(roleName)(), to));
}

/** Stores a document signed by `author` in the content store; its hash. */
const store = (author: Signer, kind: DocumentKind, document: unknown) => storeDocument(stack, author, kind, document);

/** Keyboard only: the language menu lists Nederlands, then English. */
async function switchLanguage(page: Page, to: "nl" | "en"): Promise<void> {
  await tabTo(page, page.getByLabel(/^(Taal|Language)\b/));
  await page.keyboard.press(to === "en" ? "ArrowDown" : "ArrowUp");
}

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
}, 300_000);

closeAfterwards("rounds", () => ({ contexts, browser, stack }));

describe("the round form's result options", () => {
  it("an equal-shares round with a two-hour objection window and hidden standings: none while voting, all after", async () => {
    const { contracts, networkHelpers, deployment, ethers, admin, official } = stack.chain;
    const officialWallet = Wallet.createRandom();
    await grant(deployment.contracts.BudgetRound.address, "ROUND_MANAGER_ROLE", officialWallet.address);
    const roundId = Number(await contracts.budgetRound.getFunction("roundCount")()) + 1;

    // ---- the form: the window is asked only for a rule that has one; a bad value is named
    const page = await restoreAccount(await newPage(), stack.url, officialWallet.mnemonic!.phrase);
    await visit(page, stack.url, "/officials");
    const form = page.locator("form", { has: page.getByRole("heading", { name: "Ronde openen" }) });
    await type(page, form.getByLabel("Naam van de ronde"), "Wijkbudget met gelijke delen");
    await type(page, form.getByLabel("Wijknaam (rij 1)"), "Centrum");
    await type(page, form.getByLabel("Budget in euro (rij 1)"), "1000");
    expect(await form.getByLabel("Bezwaartermijn in uren").count()).toBe(0);
    await tabTo(page, form.getByLabel("Telregel"));
    await page.keyboard.press("ArrowDown");
    const window = form.getByLabel("Bezwaartermijn in uren");
    expect(await window.inputValue()).toBe("336");
    await type(page, window, "twee");
    const hide = form.getByLabel("Tussenstand verbergen tot de stemperiode voorbij is");
    expect(await hide.isChecked()).toBe(false);
    await toggle(page, hide);
    expect(await hide.isChecked()).toBe(true);
    await press(page, form.getByRole("button", { name: "Aanmaken" }));
    const summary = form.locator(".error-summary");
    await summary.waitFor();
    expect(await summary.textContent()).toContain("Bezwaartermijn in uren: twee — dit is geen geheel getal");
    await expectAccessible(page, "rounds-form-objection-problem");
    await type(page, window, "2");
    await press(page, form.getByRole("button", { name: "Aanmaken" }));
    await waitConfirmed(page);
    const rules = await contracts.budgetRound.getFunction("getRules")(roundId);
    expect([Number(rules.tallyRule), Number(rules.objectionWindow)]).toEqual([1, 7_200]);
    // The choice is part of the published rules text whose hash the chain holds.
    const text = (await (await fetch(`${stack.url}/api/content/${rules.rulesHash}`)).json()) as {
      document: { hideStandingsUntilClosed?: boolean; title: string };
    };
    expect(text.document).toMatchObject({ title: "Wijkbudget met gelijke delen", hideStandingsUntilClosed: true });

    // ---- proposals, review and three ballots on the chain
    const voters = Array.from({ length: 3 }, () => Wallet.createRandom().connect(ethers.provider));
    const now = await networkHelpers.time.latest();
    for (const voter of voters) {
      await ethers.provider.send("hardhat_setBalance", [voter.address, toBeHex(10n ** 18n)]);
      await tx(contracts.registry.connect(admin).getFunction("register")(voter.address, 1, now + 365 * DAY));
    }
    const schedule = rules.schedule as {
      proposalsStart: bigint;
      reviewStart: bigint;
      votingStart: bigint;
      votingEnd: bigint;
    };
    await networkHelpers.time.increaseTo(Number(schedule.proposalsStart));
    const first = Number(await contracts.budgetRound.getFunction("proposalCount")()) + 1;
    const costs = [600, 400];
    for (const [i, cost] of costs.entries()) {
      const contentHash = await store(voters[i]!, "proposal", {
        title: ["Speeltuin", "Bankjes"][i]!,
        summary: "Voor de buurt.",
        body: "",
      });
      await tx(contracts.budgetRound.connect(voters[i]!).getFunction("submitProposal")(roundId, 1, cost, contentHash));
    }
    await networkHelpers.time.increaseTo(Number(schedule.reviewStart));
    for (const [i, cost] of costs.entries()) {
      await tx(contracts.budgetRound.connect(official).getFunction("review")(first + i, true, cost, id("haalbaar")));
    }
    await tx(contracts.budgetRound.connect(official).getFunction("publishBallot")(roundId, 1));
    await networkHelpers.time.increaseTo(Number(schedule.votingStart));
    for (const [i, positions] of [[0], [0, 1], [1]].entries()) {
      await tx(
        contracts.budgetRound.connect(voters[i]!).getFunction("castApprovalBallot")(
          roundId,
          1,
          encodeApproval(positions),
        ),
      );
    }
    await networkHelpers.mine();

    // ---- while voting runs: the note, and no numbers
    await visit(page, stack.url, `/rounds/${roundId}/results`);
    await page.getByRole("heading", { name: `Tussenstand ronde ${roundId}` }).waitFor({ timeout: 30_000 });
    await page
      .getByTestId("standings-note")
      .getByText(/In deze ronde blijft de tussenstand verborgen tot het stemmen sluit/)
      .waitFor();
    expect(await page.locator("main section").count()).toBe(0);
    expect(await page.getByText(/stemmers|stemmen ·/).count()).toBe(0);
    await expectAccessible(page, "rounds-standings-hidden-nl");
    await switchLanguage(page, "en");
    await page.getByText(/In this round the standings stay hidden until voting closes/).waitFor();
    expect(await page.locator("main section").count()).toBe(0);
    await expectAccessible(page, "rounds-standings-hidden-en");
    await switchLanguage(page, "nl");

    // ---- voting has closed: every district with its votes
    await networkHelpers.time.increaseTo(Number(schedule.votingEnd) + 1);
    await networkHelpers.mine();
    await page.reload();
    await page.getByRole("heading", { name: `Uitslag ronde ${roundId}` }).waitFor({ timeout: 30_000 });
    await page.getByRole("heading", { name: /Centrum — € .* · 3 stemmers/ }).waitFor({ timeout: 30_000 });
    const bars = page.locator("main ul.bar-chart li");
    await expect
      .poll(() => bars.allTextContents(), { timeout: 30_000 })
      .toEqual([
        expect.stringMatching(/^Speeltuin: 2 stemmen · € /),
        expect.stringMatching(/^Bankjes: 2 stemmen · € /),
      ]);
    expect(await page.getByTestId("standings-note").count()).toBe(0);
    // The chart's legend: in an Equal Shares round the rings are the official count, greedy compares.
    const legend = page.locator("main ul.legend").first();
    await expect
      .poll(() => legend.textContent())
      .toContain("Ring: gekozen door de officiële telling (methode van gelijke delen)");
    expect(await legend.textContent()).toContain("Vierkant: gekozen door meeste stemmen eerst (ter vergelijking)");
    expect(await page.getByText(/officiële telling \(meeste stemmen eerst\)/).count()).toBe(0);
    await expectAccessible(page, "rounds-standings-shown-nl");
    await switchLanguage(page, "en");
    await expect
      .poll(() => legend.textContent())
      .toContain("Ring: chosen by the official count (Method of Equal Shares)");
    expect(await legend.textContent()).toContain("Square: chosen by most votes first (for comparison)");
    await expectAccessible(page, "rounds-standings-shown-en");
    await switchLanguage(page, "nl");
  }, 300_000);

  it("a secret-ballot round: refused on a points ballot, then secret on chain, said on the round page, keys named", async () => {
    const { contracts, deployment, admin, others } = stack.chain;
    const officialWallet = Wallet.createRandom();
    await grant(deployment.contracts.BudgetRound.address, "ROUND_MANAGER_ROLE", officialWallet.address);
    const roundId = Number(await contracts.budgetRound.getFunction("roundCount")()) + 1;

    const page = await restoreAccount(await newPage(), stack.url, officialWallet.mnemonic!.phrase);
    await visit(page, stack.url, "/officials");
    const form = page.locator("form", { has: page.getByRole("heading", { name: "Ronde openen" }) });
    await type(page, form.getByLabel("Naam van de ronde"), "Geheime wijkronde");
    await type(page, form.getByLabel("Wijknaam (rij 1)"), "Centrum");
    await type(page, form.getByLabel("Budget in euro (rij 1)"), "1000");
    const secrecy = form.getByLabel("Stemgeheim");
    expect(await secrecy.inputValue()).toBe("public");
    expect(await secrecy.locator("option").allTextContents()).toEqual(["Openbare stemming", "Geheime stemming"]);
    // The help text says what secret means for the resident and that the issuer names the keys.
    const help = await form.locator(`#${await secrecy.getAttribute("aria-describedby")}`).textContent();
    expect(help).toContain("niemand, ook de gemeente niet, kan zien wat een bewoner koos");
    expect(help).toContain("De tokenuitgever (backend/issuer");
    expect(help).toContain("legt vóór de stemperiode per wijk een sleutel vast");

    // A secret points ballot: the contract refuses it, so the form names field and value first.
    await tabTo(page, form.getByLabel("Soort stembiljet"));
    await page.keyboard.press("ArrowDown");
    await tabTo(page, secrecy);
    await page.keyboard.press("ArrowDown");
    expect(await secrecy.inputValue()).toBe("secret");
    await press(page, form.getByRole("button", { name: "Aanmaken" }));
    const summary = form.locator(".error-summary");
    await summary.waitFor();
    expect(await summary.textContent()).toContain(
      "Stemgeheim: secret — geheime stemming werkt alleen met het stembiljet 'Kiezen binnen budget'",
    );
    await expectAccessible(page, "rounds-form-secrecy-problem");
    await tabTo(page, form.getByLabel("Soort stembiljet"));
    await page.keyboard.press("ArrowUp");
    expect(await form.getByLabel("Soort stembiljet").inputValue()).toBe("approval");
    await press(page, form.getByRole("button", { name: "Aanmaken" }));
    await waitConfirmed(page);
    const rules = await contracts.budgetRound.getFunction("getRules")(roundId);
    expect([Number(rules.secrecy), Number(rules.ballotType)]).toEqual([1, 0]);

    // The round page says the ballot is secret, in Dutch and English.
    await visit(page, stack.url, `/rounds/${roundId}`);
    const rulesList = page.locator("main section", { has: page.getByRole("heading", { name: "Regels", exact: true }) });
    await rulesList
      .getByRole("listitem")
      .filter({ hasText: /^Geheime stemming$/ })
      .waitFor({ timeout: 30_000 });
    expect(
      await rulesList
        .getByRole("listitem")
        .filter({ hasText: /^Openbare stemming$/ })
        .count(),
    ).toBe(0);
    await expectAccessible(page, "rounds-secret-round-nl");
    await switchLanguage(page, "en");
    await page
      .getByRole("listitem")
      .filter({ hasText: /^Secret ballot$/ })
      .waitFor();
    await expectAccessible(page, "rounds-secret-round-en");
    await switchLanguage(page, "nl");

    // The e2e stack runs no issuer (the API process starts one only with ISSUER_PRIVATE_KEY); the
    // issuer service, as that process would run it, names the district's key before voting opens.
    const secretBallots = new Contract(deployment.contracts.SecretBallots.address, SecretBallotsAbi, admin);
    const issuerSigner = others[5]!;
    await tx(
      secretBallots.getFunction("grantRole")(await secretBallots.getFunction("ISSUER_ROLE")(), issuerSigner.address),
    );
    const keyringDir = mkdtempSync(path.join(tmpdir(), "buurtkas-e2e-rounds-issuer-"));
    try {
      const issuer = createIssuer({
        provider: stack.chain.ethers.provider,
        signer: issuerSigner,
        deployment,
        keyring: await openKeyring(path.join(keyringDir, "keyring.json")),
        pollMs: 500,
      });
      expect((await issuer.scan()).keysSet).toContain(BigInt(roundId));
    } finally {
      rmSync(keyringDir, { recursive: true, force: true });
    }
    expect(await secretBallots.getFunction("issuerOf")(roundId)).toBe(issuerSigner.address);
    expect(getBytes(await secretBallots.getFunction("issuerKey")(roundId, 1)).length).toBeGreaterThanOrEqual(256);
  }, 300_000);
});

describe("the merchants' desk", () => {
  it("an official renames a shop; the pay form a resident has open names it by its new name, no reload", async () => {
    const { contracts, deployment, admin, networkHelpers } = stack.chain;
    const officialWallet = Wallet.createRandom();
    await grant(deployment.contracts.LocalCoin.address, "MERCHANT_MANAGER_ROLE", officialWallet.address);
    const bakery = Wallet.createRandom();
    const listing = await store(admin, "merchant", { name: "Bakkerij Het Brinkje", address: "Brink 12, Assen" });
    await tx(contracts.coin.connect(admin).getFunction("registerMerchant")(bakery.address, listing));

    // A resident has the pay form open before the rename.
    const resident = Wallet.createRandom();
    await tx(
      contracts.registry.connect(admin).getFunction("register")(
        resident.address,
        1,
        (await networkHelpers.time.latest()) + 365 * DAY,
      ),
    );
    const wallet = await restoreAccount(await newPage(), stack.url, resident.mnemonic!.phrase);
    await visit(wallet, stack.url, "/wallet");
    const shops = wallet.getByLabel("Winkel", { exact: true });
    await expect
      .poll(() => shops.locator("option").allTextContents(), { timeout: 30_000 })
      .toContainEqual("Bakkerij Het Brinkje");
    // Marks this document: a reload would lose the mark.
    await wallet.evaluate(() => ((window as unknown as { sameDocument?: boolean }).sameDocument = true));

    const page = await restoreAccount(await newPage(), stack.url, officialWallet.mnemonic!.phrase);
    await visit(page, stack.url, "/officials/merchants");
    const shop = page.getByTestId("shop").filter({ hasText: "Bakkerij Het Brinkje" });
    await shop.waitFor({ timeout: 30_000 });
    await press(page, shop.getByRole("button", { name: "Naam wijzigen" }));
    const rename = shop.locator("form", {
      has: page.getByRole("heading", { name: "Naam van Bakkerij Het Brinkje wijzigen" }),
    });
    const name = rename.getByLabel("Naam van de winkel");
    expect(await name.inputValue()).toBe("Bakkerij Het Brinkje");
    expect(await rename.getByLabel("Adres van de winkel").inputValue()).toBe("Brink 12, Assen");
    await type(page, name, "B");
    await press(page, rename.getByRole("button", { name: "Nieuwe naam opslaan" }));
    await rename.locator(".error-summary").waitFor();
    expect(await rename.locator(".error-summary").textContent()).toContain(
      "Naam van de winkel: B — dit moet 2–120 tekens lang zijn",
    );
    await expectAccessible(page, "rounds-shop-rename-problem");
    await type(page, name, "Bakkerij Brinkje & Dochter");
    await press(page, rename.getByRole("button", { name: "Nieuwe naam opslaan" }));
    await waitConfirmed(page);
    await page.getByTestId("shop").filter({ hasText: "Bakkerij Brinkje & Dochter" }).waitFor({ timeout: 30_000 });
    await expectAccessible(page, "rounds-shop-renamed-nl");
    await switchLanguage(page, "en");
    await page.getByTestId("shop").getByRole("button", { name: "Rename" }).first().waitFor();
    await expectAccessible(page, "rounds-shops-en");

    // The resident's pay form, open all along and never reloaded, follows the live stream to the
    // chain's latest listing.
    await expect
      .poll(() => shops.locator("option").allTextContents(), { timeout: 30_000 })
      .toContainEqual("Bakkerij Brinkje & Dochter");
    expect(await shops.locator("option").allTextContents()).not.toContainEqual("Bakkerij Het Brinkje");
    expect(await wallet.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  }, 300_000);
});
