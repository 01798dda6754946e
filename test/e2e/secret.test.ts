/**
 * End to end in a real Chromium: a resident with nothing but the letter's code votes in a secret
 * round. The QR code's address opens the vote page with the code filled in; the resident chooses
 * a PIN; the browser makes its keys, redeems the code, gets the round's token (blinded, answered
 * by the issuer service), casts from a one-time key after a random delay, sees the receipt,
 * changes the vote and sees the new receipt. The audit page then matches and shows the token
 * checks, and the results count the anonymous ballot. A public round is in voting for the same
 * district at the same time: the letter's address names its round (`&round=1`) and opens that
 * ballot, although the newer round is listed first; a letter that names no round lets the
 * household choose between the two, by keyboard.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { Contract, id, type Signer } from "ethers";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createIssuer, openKeyring } from "../../backend/issuer/index.js";
import { SecretBallotsAbi } from "../../generated/abis.js";
import { roundRules, scheduleFrom } from "../../lib/budget/index.js";
import { buildCodeTree, codeWallet, generateCode, letterVoteUrl, normalizeCode } from "../../lib/votecodes/index.js";
import { expectAccessible, launchBrowser, press, waitConfirmed, watchErrors } from "./support/browser.js";
import { startStack, type Stack } from "./support/stack.js";
import { storeDocument, titledText } from "./support/content.js";

const DAY = 86_400;
const PHASE = 10 * DAY;
const ROUND = 1n;
/** A public round in voting for the same district at the same time, created after the secret one. */
const PUBLIC_ROUND = 2n;

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let code = "";
/** A second household's letter, which names no round. */
let otherCode = "";
const keyringDir = mkdtempSync(path.join(tmpdir(), "buurtkas-e2e-issuer-"));
const stopIssuer = new AbortController();
let issuing: Promise<void> | undefined;

const postContent = (title: string, author: Signer) => storeDocument(stack, author, "proposal", titledText(title));

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  const { contracts, official, admin, others, networkHelpers, deployment } = stack.chain;
  const secretBallots = new Contract(deployment.contracts.SecretBallots.address, SecretBallotsAbi, admin);
  const issuerSigner = others[5]!;
  await (
    await secretBallots.getFunction("grantRole")(await secretBallots.getFunction("ISSUER_ROLE")(), issuerSigner.address)
  ).wait();
  const issuer = createIssuer({
    provider: stack.chain.ethers.provider,
    signer: issuerSigner,
    deployment,
    keyring: await openKeyring(path.join(keyringDir, "keyring.json")),
    pollMs: 500,
  });

  const start = (await networkHelpers.time.latest()) + 600;
  const schedule = scheduleFrom(start, PHASE);
  await (
    await contracts.budgetRound.connect(official).getFunction("createRound")(
      roundRules({
        districts: [{ district: 1, budget: 1000 }],
        schedule,
        secrecy: "secret",
        rulesHash: id("Geheime stemming e2e"),
      }),
    )
  ).wait();
  await (
    await contracts.budgetRound.connect(official).getFunction("createRound")(
      roundRules({ districts: [{ district: 1, budget: 500 }], schedule, rulesHash: id("Openbare stemming e2e") }),
    )
  ).wait();
  const proposer = others[0]!;
  await (
    await contracts.registry.connect(admin).getFunction("register")(proposer.address, 1, start + 365 * DAY)
  ).wait();
  code = normalizeCode(generateCode());
  otherCode = normalizeCode(generateCode());
  const tree = buildCodeTree([codeWallet(code).address, codeWallet(otherCode).address]);
  await (
    await contracts.registry.connect(admin).getFunction("publishCodeBatch")(
      1,
      tree.root,
      2,
      start + 365 * DAY,
      start + 730 * DAY,
    )
  ).wait();
  stack.publishCodeBatch(1, { district: 1, tree: tree.dump() });
  await networkHelpers.time.increaseTo(schedule.proposalsStart);
  for (const [i, title] of ["Speeltuin Brink", "Bankjes Vaart", "Fietsenrek Station"].entries()) {
    await (
      await contracts.budgetRound.connect(proposer).getFunction("submitProposal")(
        ROUND,
        1,
        200 + i * 100,
        await postContent(title, proposer),
      )
    ).wait();
  }
  await networkHelpers.time.increaseTo(schedule.reviewStart);
  expect((await issuer.scan()).keysSet).toEqual([ROUND]);
  for (const [i, proposalId] of [1n, 2n, 3n].entries()) {
    await (
      await contracts.budgetRound.connect(official).getFunction("review")(proposalId, true, 200 + i * 100, id("ok"))
    ).wait();
  }
  await (await contracts.budgetRound.connect(official).getFunction("publishBallot")(ROUND, 1)).wait();
  await networkHelpers.time.increaseTo(schedule.votingStart);
  issuing = issuer.run(stopIssuer.signal);

  context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  page = await context.newPage();
  watchErrors(page);
}, 240_000);

afterAll(async () => {
  stopIssuer.abort();
  await issuing;
  await context?.close();
  await browser?.close();
  await stack?.close();
  rmSync(keyringDir, { recursive: true, force: true });
});

describe("voting with the letter only, in a secret round", () => {
  it("the letter's address opens the vote page; a PIN, and the resident is on the ballot", async () => {
    // The newer public round is listed first: the letter's round decides, not the list's order.
    await page.goto(letterVoteUrl(stack.url, 1, code, ROUND));
    await page.getByLabel(/Code uit de brief/).waitFor();
    expect(await page.getByLabel(/Code uit de brief/).inputValue()).toBe(code);
    await expectAccessible(page, "secret-1-letter");
    await page.getByLabel(/Kies een pincode/).fill("4821");
    await page.getByRole("button", { name: "Ga naar het stembiljet" }).click();
    await page.waitForURL(/#\/rounds\/1\/ballot/, { timeout: 60_000 });
    await page.getByTestId("secret-note").waitFor();
    // No recovery phrase was asked or shown, and nothing is stored in plain text.
    const stored = await page.evaluate(() => JSON.stringify(localStorage));
    expect(stored).not.toMatch(/recoveryPhrase/);
    expect(stored).toMatch(/letterVault/);
    expect(stored).not.toMatch(/"residentKey"/);
  }, 120_000);

  it("casts the ballot from a one-time key and shows the receipt", async () => {
    await page.getByLabel(/Speeltuin Brink/).check();
    await page.getByLabel(/Bankjes Vaart/).check();
    await expectAccessible(page, "secret-2-ballot");
    await page.getByRole("button", { name: "Stem uitbrengen" }).click();
    await waitConfirmed(page, { errors: ".error[role], [role=alert] .error, p.error" });
    const receipt = page.getByTestId("receipt");
    await expect.poll(() => receipt.textContent(), { timeout: 30_000 }).toMatch(/uw stem telt mee/);
    expect(await receipt.textContent()).toMatch(/Speeltuin Brink, Bankjes Vaart/);
    const tallies = (await stack.chain.contracts.budgetRound.getFunction("getTallies")(ROUND, 1)) as bigint[];
    expect([...tallies]).toEqual([1n, 1n, 0n]);
    await expectAccessible(page, "secret-3-receipt");
  }, 120_000);

  it("changes the vote with the same token; the new ballot replaces the first", async () => {
    await page.getByLabel(/Bankjes Vaart/).uncheck();
    await page.getByLabel(/Fietsenrek Station/).check();
    await page.getByRole("button", { name: "Stem wijzigen" }).click();
    await expect
      .poll(
        async () => [...((await stack.chain.contracts.budgetRound.getFunction("getTallies")(ROUND, 1)) as bigint[])],
        {
          timeout: 60_000,
        },
      )
      .toEqual([1n, 0n, 1n]);
    const receipt = page.getByTestId("receipt");
    await expect.poll(() => receipt.textContent(), { timeout: 30_000 }).toMatch(/Speeltuin Brink, Fietsenrek Station/);
  }, 120_000);

  it("the audit page matches and shows the token checks; the results count the ballot", async () => {
    await page.goto(`${stack.url}/#/rounds/1/audit`);
    const verdict = page.getByTestId("audit-verdict");
    // The verdict, with every mismatch the page names when there is one (so a failure says which).
    const outcome = async () => {
      const text = (await verdict.textContent()) ?? "";
      const mismatches = await page.getByTestId("audit-mismatches").allTextContents();
      return `${text} ${mismatches.join(" | ")}`.trim();
    };
    await expect.poll(outcome, { timeout: 60_000 }).toMatch(/^✓/);
    const tokens = page.getByTestId("audit-tokens");
    await tokens.waitFor();
    expect(await tokens.textContent()).toMatch(
      /Wijk 1: 1 aangevraagd, 1 uitgegeven \(1 gecontroleerd\), 1 gebruikt \(1 gecontroleerd\), 1 geheime stemmen, 0 ongebruikt/,
    );
    await expectAccessible(page, "secret-4-audit");
    const results = (await (await fetch(`${stack.url}/api/rounds/1/results`)).json()) as {
      districts: { voters: string; tallies: { votes: string }[] }[];
    };
    expect(results.districts[0]!.tallies.map((t) => t.votes)).toEqual(["1", "0", "1"]);
  }, 120_000);

  it("a letter that names no round, with two rounds in voting for its district: the household chooses", async () => {
    const otherContext = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const other = watchErrors(await otherContext.newPage());
    try {
      await other.goto(letterVoteUrl(stack.url, 1, otherCode));
      await other.getByLabel(/Kies een pincode/).fill("7302");
      await press(other, other.getByRole("button", { name: "Ga naar het stembiljet" }));
      const choice = other.getByTestId("letter-rounds");
      await choice.waitFor({ timeout: 60_000 });
      const links = choice.getByRole("link");
      expect(await links.allTextContents()).toEqual([
        expect.stringMatching(/^Ronde 1, stemmen kan tot /),
        expect.stringMatching(/^Ronde 2, stemmen kan tot /),
      ]);
      // The list has the focus: the next Tab reaches the first round, a second the other.
      await expect
        .poll(() => choice.getByRole("heading").evaluate((heading) => heading === document.activeElement))
        .toBe(true);
      await expectAccessible(other, "secret-5-choose-round");
      await press(other, links.nth(1));
      await other.waitForURL(new RegExp(`#/rounds/${PUBLIC_ROUND}/ballot`), { timeout: 30_000 });
    } finally {
      await otherContext.close();
    }
  }, 120_000);
});
