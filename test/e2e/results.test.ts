/**
 * The results page of a Method of Equal Shares round in a real Chromium against the full stack:
 * the binding rule and its objection window, the committed result with the blocks and library
 * version it counted, a resident's objection freezing it, then the admin's decision and the final
 * result, in Dutch and in English; the browser's own recount agrees with the commitment. Every
 * state is checked with axe-core.
 */
import { Wallet, id, toBeHex } from "ethers";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

import { createCommitter } from "../../backend/committer/index.js";
import { encodeApproval } from "../../lib/ballots/encoding.js";
import { roundRules } from "../../lib/budget/index.js";
import { connectContract } from "../../generated/contracts.js";
import { expectAccessible, launchBrowser, visit, watchErrors } from "./support/browser.js";
import { startStack, type Stack } from "./support/stack.js";
import { storeDocument, titledText } from "./support/content.js";

const WINDOW = 7_200;
let stack: Stack;
let browser: Browser;
let page: Page;
let roundId: bigint;

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
  watchErrors(page);

  const { chain } = stack;
  const provider = chain.ethers.provider;
  const rounds = connectContract("BudgetRound", chain.deployment.contracts.BudgetRound.address, chain.official);
  const voters = Array.from({ length: 6 }, () => Wallet.createRandom().connect(provider));
  const now = await chain.networkHelpers.time.latest();
  for (const voter of voters) {
    await provider.send("hardhat_setBalance", [voter.address, toBeHex(10n ** 18n)]);
    await (await chain.contracts.registry.getFunction("register")(voter.address, 1, now + 365 * 86_400)).wait();
  }
  const start = now + 100;
  const rules = roundRules({
    districts: [{ district: 1, budget: 1000 }],
    schedule: {
      proposalsStart: start,
      supportStart: start + 100,
      reviewStart: start + 200,
      votingStart: start + 300,
      votingEnd: start + 400,
    },
    tallyRule: "equal-shares-add1",
    objectionWindow: WINDOW,
    rulesHash: id("e2e equal shares"),
  });
  await (await rounds.createRound(rules)).wait();
  roundId = await rounds.roundCount();
  await chain.networkHelpers.time.increaseTo(start);
  const titles = ["Speeltuin", "Bankjes", "Moestuin"];
  const costs = [600, 400, 400];
  for (const [i, title] of titles.entries()) {
    // The content store keeps the text under its hash, written with the author's signature.
    const contentHash = await storeDocument(stack, voters[i]!, "proposal", titledText(title));
    await (await rounds.connect(voters[i]!).submitProposal(roundId, 1, costs[i]!, contentHash)).wait();
  }
  const first = (await rounds.proposalCount()) - 2n;
  await chain.networkHelpers.time.increaseTo(start + 200);
  for (let p = first; p < first + 3n; p++)
    await (await rounds.review(p, true, costs[Number(p - first)]!, id("ok"))).wait();
  await (await rounds.publishBallot(roundId, 1)).wait();
  await chain.networkHelpers.time.increaseTo(start + 300);
  const selections = [[0, 1], [0, 1], [0, 1], [0, 1], [2], [2]];
  for (const [i, positions] of selections.entries()) {
    await (await rounds.connect(voters[i]!).castApprovalBallot(roundId, 1, encodeApproval(positions))).wait();
  }
  await chain.networkHelpers.time.increaseTo(start + 400);
  await chain.networkHelpers.mine();
  await createCommitter({
    provider,
    signer: chain.admin,
    budgetRound: chain.deployment.contracts.BudgetRound.address,
    resultCommitments: chain.deployment.contracts.ResultCommitments.address,
    fromBlock: 0,
  }).tick();
  const commitments = connectContract(
    "ResultCommitments",
    chain.deployment.contracts.ResultCommitments.address,
    voters[0]!,
  );
  await (await commitments.lodgeObjection(roundId, 1, [first, first + 1n], id("greedy"))).wait();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

test("the committed result, a frozen round after an objection, then the admin's decision", async () => {
  await visit(page, stack.url, `/rounds/${roundId}/results`);
  await page.getByText(/Uitslagregel: Method of Equal Shares met Add1/).waitFor({ timeout: 30_000 });
  await page.getByText("2 uur lang bezwaar", { exact: false }).waitFor();
  await page.getByRole("heading", { name: "Vastgelegde uitslag" }).waitFor();
  // The binding rule is the official column; greedy is for comparison.
  await page.getByRole("heading", { name: "Methode van gelijke delen (officieel)" }).waitFor();
  await page.getByRole("heading", { name: "Meeste stemmen eerst (ter vergelijking)" }).waitFor();
  await page.getByText("Gekozen: Bankjes, Moestuin (€ 800)").waitFor();
  await page
    .getByText(
      /Geteld: blokken 0 t\/m \d+ \(hash 0x[0-9a-f]{8}…[0-9a-f]{6}\), met rekenbibliotheek buurtkas-tally\/2\./,
    )
    .waitFor();
  await page.getByText("Bevroren: 1 bezwaar(en) wachten op een besluit van de gemeente.").waitFor();
  await page
    .getByText(/Bezwaar 1 van 0x[0-9a-f]{8}…[0-9a-f]{6}: voorgestelde uitslag Speeltuin, Bankjes\. Nog niet beslist\./)
    .waitFor();
  await page.getByText("Deze browser telde de stemmen opnieuw: dezelfde uitslag.").waitFor();
  await expectAccessible(page, "results-equal-shares-objection");

  const { chain } = stack;
  const commitments = connectContract(
    "ResultCommitments",
    chain.deployment.contracts.ResultCommitments.address,
    chain.admin,
  );
  await (await commitments.upholdCommitment(roundId, 1, id("de hertelling klopt"))).wait();
  await chain.networkHelpers.time.increase(WINDOW + 10);
  await chain.networkHelpers.mine();
  await page.evaluate(() => localStorage.setItem("buurtkas.lang", "en"));
  await page.reload();
  await page.getByText("Decision: the committed result stands.", { exact: false }).waitFor({ timeout: 30_000 });
  await page.getByText("Selected: Bankjes, Moestuin (€ 800)").waitFor();
  await page.getByText("This browser recounted the ballots: the same result.").waitFor();
  await page.getByText(/Objection window ended .+: the result is final\./).waitFor();
  await expectAccessible(page, "results-equal-shares-decided");

  // The browser's audit checks the commitment as it checks the contract.
  await visit(page, stack.url, `/rounds/${roundId}/audit`);
  await expect
    .poll(() => page.getByTestId("audit-verdict").textContent(), { timeout: 30_000 })
    .toContain("Everything matches");
  await page.getByText(/Committed result: \d+, \d+/).waitFor();
});
