/**
 * The officials' tasks desk end to end in a real Chromium (issue 14: "Tasks: cancel with refund,
 * release expired claims, see the verifier queue"): an official holding the task poster's role
 * (granted in code: the roles desk has its own test) posts two tasks on the desk by keyboard,
 * funded with coins the treasury minted (in code: by design no page mints); two residents claim the
 * second one on the tasks page and one of them submits evidence, which the official then sees in
 * the verifier queue; the official cancels the unclaimed task and gets its escrow back; the other
 * resident's claim expires (chain time moved on) and the official releases it, in English, after
 * which the slot is open again. Keyboard only, axe on every step's page; the test reads the chain
 * only to check what the pages did. The official has no ether: every write goes through the relayer.
 */
import { Contract, Wallet } from "ethers";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";

import { ClaimStatus } from "../helpers/tasks.js";
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
  waitConfirmed,
} from "./support/browser.js";
import { startStack, type Stack } from "./support/stack.js";

const DAY = 86_400;

/** An account as the pages show it (the Address component). */
const short = (address: string) => `${address.slice(0, 6).toLowerCase()}…${address.slice(-4).toLowerCase()}`;

let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** The confirmation questions the pages asked (each is accepted). */
const questions: string[] = [];

function newPage(): Promise<Page> {
  return openPage(browser, contexts, {
    onDialog: (dialog) => {
      questions.push(dialog.message());
      void dialog.accept();
    },
  });
}

const restoredPage = async (phrase: string): Promise<Page> => restoreAccount(await newPage(), stack.url, phrase);

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
});

closeAfterwards("tasks-desk", () => ({ contexts, browser, stack }));

describe("the tasks desk", () => {
  it("posts two tasks, shows the verifier queue, cancels with refund and releases an expired claim, in Dutch and English", async () => {
    const { contracts, admin, networkHelpers, ethers } = stack.chain;
    const officialWallet = Wallet.createRandom();
    const official = officialWallet.address;
    const [worker, idler] = [Wallet.createRandom(), Wallet.createRandom()];

    // ---- setup in code: the poster's role, coins from the treasury, two registered residents
    await (
      await contracts.taskBoard.connect(admin).getFunction("grantRole")(
        await contracts.taskBoard.getFunction("TASK_POSTER_ROLE")(),
        official,
      )
    ).wait();
    await (await contracts.coin.connect(admin).getFunction("mint")(official, 10_000n)).wait();
    const until = (await networkHelpers.time.latest()) + 365 * DAY;
    for (const resident of [worker, idler]) {
      await (await contracts.registry.connect(admin).getFunction("register")(resident.address, 1, until)).wait();
    }
    const coin = new Contract(contracts.coin.target, contracts.coin.interface, ethers.provider);
    const board = new Contract(contracts.taskBoard.target, contracts.taskBoard.interface, ethers.provider);
    const balance = async (account: string) => (await coin.getFunction("balanceOf")(account)) as bigint;
    const taskCount = async () => Number(await board.getFunction("taskCount")());
    const before = await taskCount();
    const [unclaimedId, claimedId] = [before + 1, before + 2];

    // ---- the official posts two tasks on the desk, by keyboard
    const officialPage = await restoredPage(officialWallet.mnemonic!.phrase);
    await visit(officialPage, stack.url, "/officials");
    const desks = officialPage.getByRole("navigation", { name: "Balies" });
    await press(officialPage, desks.getByRole("link", { name: "Klussen", exact: true }));
    const postTask = officialPage.locator("form", {
      has: officialPage.getByRole("heading", { name: "Klus plaatsen" }),
    });
    await postTask.waitFor();
    await expectAccessible(officialPage, "tasks-desk-empty-nl");
    const post = async (title: string, reward: string, slots: string, expectedCount: number) => {
      await type(officialPage, postTask.getByLabel("Titel"), title);
      await type(officialPage, postTask.getByLabel("Omschrijving"), `${title}: rond het speelveld.`);
      await type(officialPage, postTask.getByLabel("Beloning"), reward);
      await type(officialPage, postTask.getByLabel("Aantal plekken"), slots);
      await press(officialPage, postTask.getByRole("button", { name: "Klus plaatsen" }));
      await expect.poll(taskCount, { timeout: 60_000 }).toBe(expectedCount);
      await waitConfirmed(officialPage, { within: postTask, pattern: /bevestigd in blok/, errors: ".error" });
      // Cleared once posted: a second press cannot post the same task twice.
      expect(await postTask.getByLabel("Titel").inputValue()).toBe("");
    };
    await post("Zwerfvuil prikken", "5", "1", unclaimedId);
    await post("Bladeren harken", "7,50", "2", claimedId);
    const unclaimed = await board.getFunction("getTask")(unclaimedId);
    const claimed = await board.getFunction("getTask")(claimedId);
    expect([unclaimed.reward, unclaimed.escrow, claimed.reward, claimed.escrow]).toEqual([500n, 500n, 750n, 1_500n]);
    expect(await balance(official)).toBe(10_000n - 2_000n);
    expect(await ethers.provider.getBalance(official)).toBe(0n);

    // The desk's own section (the officials' page may wrap its desks in sections of its own).
    const desk = officialPage.locator('section[aria-labelledby="task-admin-heading"]');
    const row = (taskId: number) => desk.getByTestId(`desk-task-${taskId}`);
    await row(claimedId).getByRole("link", { name: "Bladeren harken" }).waitFor({ timeout: 30_000 });
    await row(unclaimedId).getByRole("link", { name: "Zwerfvuil prikken" }).waitFor();
    const queue = desk.getByTestId("verifier-queue");
    await desk.getByText("Er wacht geen werk op controle.").waitFor();
    await expectAccessible(officialPage, "tasks-desk-posted-nl");

    // ---- two residents claim the second task on the tasks page; one submits evidence
    const claim = async (phrase: string, screenshotName?: string) => {
      const page = await restoredPage(phrase);
      await visit(page, stack.url, "/tasks");
      await page.getByRole("link", { name: "Bladeren harken" }).first().waitFor();
      if (screenshotName) await expectAccessible(page, screenshotName);
      await press(page, page.getByRole("link", { name: "Bladeren harken" }).first());
      await page.getByRole("heading", { name: "Bladeren harken", level: 1 }).waitFor();
      await press(page, page.getByRole("button", { name: "Ik doe deze klus" }));
      await page.getByLabel("Bewijs: wat heb je gedaan?").waitFor({ timeout: 60_000 });
      return page;
    };
    const workerPage = await claim(worker.mnemonic!.phrase, "tasks-desk-board-nl");
    await expectAccessible(workerPage, "tasks-desk-claimed-nl");
    await claim(idler.mnemonic!.phrase);
    expect(Number((await board.getFunction("getTask")(claimedId)).activeClaims)).toBe(2);
    await type(workerPage, workerPage.getByLabel("Bewijs: wat heb je gedaan?"), "Geharkt op zaterdag, twaalf zakken.");
    await press(workerPage, workerPage.getByRole("button", { name: "Bewijs inleveren" }));
    await workerPage
      .getByTestId("my-claim")
      .getByText("Bewijs ingeleverd; wacht op controle.")
      .waitFor({ timeout: 60_000 });

    // ---- the official sees the work to check in the verifier queue
    const queued = queue
      .getByRole("listitem")
      .filter({ has: officialPage.getByRole("link", { name: "Bladeren harken" }) });
    await queued.waitFor({ timeout: 30_000 });
    expect(await queue.getByRole("listitem").count()).toBe(1);
    expect(await queued.locator(`span[title="${worker.address.toLowerCase()}" i]`).count()).toBe(1);
    expect(await queued.textContent()).toContain("wacht op uw controle");
    await expectAccessible(officialPage, "tasks-desk-queue-nl");

    // ---- the official cancels the unclaimed task (after a confirmation): the escrow comes back
    const refundFrom = await balance(official);
    await press(officialPage, row(unclaimedId).getByRole("button", { name: `Klus ${unclaimedId} stoppen` }));
    const status = desk.getByRole("status");
    await waitConfirmed(officialPage, { within: desk, pattern: /bevestigd in blok/, errors: ".error" });
    expect(await status.textContent()).toContain(`Klus ${unclaimedId} gestopt; 5,00 munten teruggestort.`);
    expect(questions.at(-1)).toContain(`${unclaimedId}`);
    expect(await balance(official)).toBe(refundFrom + 500n);
    const cancelled = await board.getFunction("getTask")(unclaimedId);
    expect([cancelled.cancelled, cancelled.escrow]).toEqual([true, 0n]);
    await row(unclaimedId).waitFor({ state: "detached", timeout: 30_000 });
    // No release button before the claim expired.
    expect(
      await row(claimedId)
        .getByRole("button", { name: /Verlopen aanmelding/ })
        .count(),
    ).toBe(0);
    await expectAccessible(officialPage, "tasks-desk-cancelled-nl");

    // ---- the idle resident's claim expires; in English the official releases it
    const idleClaim = await board.getFunction("getClaim")(claimedId, idler.address);
    await networkHelpers.time.increaseTo(Number(idleClaim.expiresAt) + 60);
    await tabTo(officialPage, officialPage.getByLabel("Taal"));
    await officialPage.keyboard.press("ArrowDown");
    await officialPage.getByRole("heading", { name: "Manage tasks" }).waitFor();
    // The cancellation's confirmation, still on screen, now reads in English too.
    await expect.poll(() => status.textContent()).toContain(`Task ${unclaimedId} cancelled;`);
    expect(await status.textContent()).not.toContain("bevestigd");
    const release = row(claimedId).getByRole("button", {
      name: `Release the expired claim of ${short(idler.address)} on task ${claimedId}`,
    });
    await release.waitFor({ timeout: 30_000 });
    // The worker's claim (evidence submitted) cannot expire: only the idle one is offered.
    expect(
      await row(claimedId)
        .getByRole("button", { name: /Release/ })
        .count(),
    ).toBe(1);
    await expectAccessible(officialPage, "tasks-desk-expired-en");
    await press(officialPage, release);
    await waitConfirmed(officialPage, {
      within: desk,
      pattern: /Claim released; the slot is open again\..*confirmed in block/i,
      errors: ".error",
    });
    expect(await status.textContent()).toContain("Claim released; the slot is open again.");
    expect(Number((await board.getFunction("getClaim")(claimedId, idler.address)).status)).toBe(ClaimStatus.Released);
    expect(Number((await board.getFunction("getClaim")(claimedId, worker.address)).status)).toBe(ClaimStatus.Submitted);
    const reopened = await board.getFunction("getTask")(claimedId);
    expect([
      Number(reopened.activeClaims),
      Number(reopened.openSlots),
      Number(reopened.completed),
      reopened.escrow,
      reopened.cancelled,
    ]).toEqual([1, 1, 0, 1_500n, false]);
    // Open again: the API (and so the residents' board) offers the slot.
    await expect
      .poll(
        async () => ((await (await fetch(`${stack.url}/api/tasks/${claimedId}`)).json()) as { open: number }).open,
        {
          timeout: 30_000,
        },
      )
      .toBe(1);
    await row(claimedId)
      .getByRole("button", { name: /Release/ })
      .waitFor({ state: "detached", timeout: 30_000 });
    await expectAccessible(officialPage, "tasks-desk-released-en");
    expect(await ethers.provider.getBalance(official)).toBe(0n);
    // A whole desk's worth of relayed transactions and seven axe runs: minutes on a loaded machine.
  }, 360_000);
});
