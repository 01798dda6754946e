/**
 * Paper support forms at the clerk's desk in a real Chromium, keyboard only: during the support
 * phase a clerk records a household's form with the code from its letter; it counts on chain
 * toward the threshold, under the code's address, and leaves the code valid for voting; the same
 * code again is refused with a sentence, a code that registered an account is refused with the
 * sentence telling the household to support online (in Dutch and in English), and that account
 * cannot support online what its code supported on paper. Axe on the desk.
 */
import { Contract, Wallet, id, type HDNodeWallet } from "ethers";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";

import { roundRules, scheduleFrom } from "../../lib/budget/index.js";
import { buildCodeTree, codeWallet, generateCode, normalizeCode, signVoteCode } from "../../lib/votecodes/index.js";
import { proofFor } from "../../lib/votecodes/index.js";
import {
  closeAfterwards,
  expectAccessible,
  launchBrowser,
  openPage,
  press,
  restoreAccount,
  tabTo,
  type,
  visit,
} from "./support/browser.js";
import { startStack, type Stack } from "./support/stack.js";

const DAY = 86_400;
const PHASE = 3_600;

let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];
const clerkWallet = Wallet.createRandom();
const codes = [normalizeCode(generateCode()), normalizeCode(generateCode())];
let roundId: bigint;
let proposalId: bigint;
let batchId: bigint;
let paperDesk: Contract;

function newPage(): Promise<Page> {
  return openPage(browser, contexts, { onDialog: (dialog) => void dialog.dismiss() });
}

/** The sentence the page announces in its alert region (fails on a wait of more than 60 s). */
async function alertText(page: Page, text: string): Promise<void> {
  await page.locator("[role=alert]").getByText(text, { exact: false }).first().waitFor({ timeout: 60_000 });
}

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  const { contracts, official, admin, networkHelpers, deployment } = stack.chain;
  paperDesk = new Contract(
    deployment.contracts.PaperBallotDesk.address,
    ["function grantRole(bytes32,address)", "function CLERK_ROLE() view returns (bytes32)"],
    admin,
  );
  await (
    await paperDesk.getFunction("grantRole")(await paperDesk.getFunction("CLERK_ROLE")(), clerkWallet.address)
  ).wait();

  const start = (await networkHelpers.time.latest()) + 600;
  const schedule = scheduleFrom(start, PHASE);
  roundId = BigInt(await contracts.budgetRound.getFunction("roundCount")()) + 1n;
  await (
    await contracts.budgetRound.connect(official).getFunction("createRound")(
      roundRules({
        districts: [{ district: 1, budget: 1000 }],
        schedule,
        supportThreshold: 2,
        rulesHash: id("Papieren steun e2e"),
      }),
    )
  ).wait();
  const proposer = Wallet.createRandom().connect(stack.chain.ethers.provider);
  await networkHelpers.setBalance(proposer.address, 10n ** 18n);
  await (
    await contracts.registry.connect(admin).getFunction("register")(proposer.address, 1, start + 365 * DAY)
  ).wait();

  // A letter batch of two codes for district 1, its public record posted as the officials' page does.
  const tree = buildCodeTree(codes.map((code) => codeWallet(code).address));
  const until = start + 365 * DAY;
  await (
    await contracts.registry.connect(admin).getFunction("publishCodeBatch")(
      1,
      tree.root,
      codes.length,
      until,
      until + 365 * DAY,
    )
  ).wait();
  batchId = BigInt(await contracts.registry.getFunction("codeBatchCount")());
  const posted = await fetch(`${stack.url}/api/codebatches`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ district: 1, root: tree.root, codeCount: codes.length, tree: tree.dump() }),
  });
  expect(posted.status, await posted.clone().text()).toBeLessThan(300);

  await networkHelpers.time.increaseTo(schedule.proposalsStart);
  await (
    await contracts.budgetRound.connect(proposer).getFunction("submitProposal")(
      roundId,
      1,
      400,
      id("Bankjes in het park"),
    )
  ).wait();
  proposalId = BigInt(await contracts.budgetRound.getFunction("proposalCount")());
  await networkHelpers.time.increaseTo(schedule.supportStart);
  await networkHelpers.mine();
});

closeAfterwards("paper", () => ({ contexts, browser, stack }));

describe("paper support forms at the clerk's desk", () => {
  it("records a household's form by keyboard, refuses a second one and a code that made an account, in Dutch and English", async () => {
    const { contracts, ethers, networkHelpers } = stack.chain;
    const page = await restoreAccount(await newPage(), stack.url, clerkWallet.mnemonic!.phrase);
    await visit(page, stack.url, "/officials");
    await press(page, page.getByRole("navigation", { name: "Balies" }).getByRole("link", { name: "Papieren stemmen" }));
    const form = page.locator("form", { has: page.getByRole("button", { name: "Steun invoeren" }) });
    await form.waitFor({ timeout: 60_000 });
    await page.getByLabel("Rondenummer").selectOption(String(roundId));

    await tabTo(page, form.getByLabel("Voorstel op het formulier"));
    await page.keyboard.press("ArrowDown");
    expect(await form.getByLabel("Voorstel op het formulier").inputValue()).toBe(proposalId.toString());
    await type(page, form.getByLabel("Stemcode van de brief"), codes[0]!.toLowerCase());
    await expectAccessible(page, "paper-support-desk");
    await press(page, form.getByRole("button", { name: "Steun invoeren" }));
    await expect
      .poll(() => page.getByText(/Papieren steun ingevoerd/).count(), { timeout: 60_000 })
      .toBeGreaterThanOrEqual(1);
    const proposal = await contracts.budgetRound.getFunction("getProposal")(proposalId);
    expect(Number(proposal.supportCount)).toBe(1);
    expect(await contracts.budgetRound.getFunction("hasSupported")(proposalId, codeWallet(codes[0]!).address)).toBe(
      true,
    );
    expect(await contracts.registry.getFunction("isVoteCodeUsed")(codeWallet(codes[0]!).address)).toBe(false);

    // The same household's form again.
    await type(page, form.getByLabel("Stemcode van de brief"), codes[0]!);
    await press(page, form.getByRole("button", { name: "Steun invoeren" }));
    await alertText(page, "Met deze code is dit voorstel al gesteund.");

    // The other household made an account with its code: it supports online.
    const resident = Wallet.createRandom().connect(ethers.provider);
    await networkHelpers.setBalance(resident.address, 10n ** 18n);
    const registry = stack.chain.deployment.contracts.ResidentRegistry.address;
    const chainId = (await ethers.provider.getNetwork()).chainId;
    const tree = buildCodeTree(codes.map((code) => codeWallet(code).address));
    const redeem = async (code: string, account: HDNodeWallet) => {
      const signature = await signVoteCode(code, { registry, chainId, account: account.address, district: 1, batchId });
      await (
        await contracts.registry.connect(account).getFunction("redeemVoteCode")(
          batchId,
          signature,
          proofFor(tree, codeWallet(code).address),
        )
      ).wait();
    };
    await redeem(codes[1]!, resident);
    await type(page, form.getByLabel("Stemcode van de brief"), codes[1]!);
    await press(page, form.getByRole("button", { name: "Steun invoeren" }));
    await alertText(page, "Het huishouden steunt online");
    await expectAccessible(page, "paper-support-refused");

    await tabTo(page, page.getByLabel("Taal"));
    await page.keyboard.press("ArrowDown");
    const english = page.locator("form", { has: page.getByRole("button", { name: "Record the support" }) });
    await type(page, english.getByLabel("Vote code from the letter"), codes[1]!);
    await press(page, english.getByRole("button", { name: "Record the support" }));
    await alertText(page, "The household supports online");
    await expectAccessible(page, "paper-support-refused-en");

    // The first household registers with its code later: its paper support is its account's.
    const late = Wallet.createRandom().connect(ethers.provider);
    await networkHelpers.setBalance(late.address, 10n ** 18n);
    await redeem(codes[0]!, late);
    const refusal = await contracts.budgetRound
      .connect(late)
      .getFunction("support")
      .staticCall(proposalId)
      .then(
        () => "no revert",
        (error: { data?: string; message?: string }) =>
          contracts.budgetRound.interface.parseError(error.data ?? "0x")?.name ?? String(error.message),
      );
    expect(refusal).toBe("RoundSupportedOnPaper");
    await (await contracts.budgetRound.connect(resident).getFunction("support")(proposalId)).wait();
    expect(Number((await contracts.budgetRound.getFunction("getProposal")(proposalId)).supportCount)).toBe(2);
  });
});
