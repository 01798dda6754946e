/**
 * Chromium for the end-to-end tests: Debian's /usr/bin/chromium driven by playwright-core (no
 * browser download), keyboard-only interaction helpers, axe-core checks and screenshots.
 */
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";

import { chromium, type Browser, type BrowserContext, type Dialog, type Locator, type Page } from "playwright-core";
import { afterAll, afterEach, expect } from "vitest";

export const SCREENSHOTS = path.resolve(import.meta.dirname, "../../../test-results/screenshots");
const AXE = path.resolve(import.meta.dirname, "../../../node_modules/axe-core/axe.min.js");

export async function launchBrowser(): Promise<Browser> {
  await mkdir(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Serious and critical axe-core violations of the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, not a <script> tag: the API's Content-Security-Policy
  // (script-src 'self') rightly refuses inline scripts, and the tests keep that policy on.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(await readFile(AXE, "utf8"));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: AxeViolation[] }> } })
      .axe;
    return (await axe.run(document)).violations;
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** What an e2e file opens and {@link closeAfterwards} closes; read when the hooks run. */
export interface E2eSession {
  contexts: readonly BrowserContext[];
  browser?: Browser;
  stack?: { close(): Promise<void> };
}

/**
 * The hooks every e2e file shares: after a failed test, a screenshot of every open page
 * (`failed-<file>-<test>-<context>-<page>`, for CI's artifacts); after the file, its contexts,
 * its browser and its stack close.
 */
export function closeAfterwards(file: string, session: () => E2eSession): void {
  afterEach(async ({ task }) => {
    if (task.result?.state !== "fail") return;
    const name = `failed-${file}-${task.name.slice(0, 40).replace(/\W+/g, "-")}`;
    for (const [i, context] of session().contexts.entries()) {
      for (const [j, page] of context.pages().entries()) await screenshot(page, `${name}-${i}-${j}`).catch(() => {});
    }
  });
  afterAll(async () => {
    const { contexts, browser, stack } = session();
    for (const context of contexts) await context.close();
    await browser?.close();
    await stack?.close();
  });
}

/**
 * Moves focus with the Tab key alone until `target` has it (as a keyboard user would), starting
 * from wherever focus is; fails when the element cannot be reached.
 */
export async function tabTo(page: Page, target: Locator, maxPresses = 120): Promise<void> {
  await target.waitFor();
  for (let i = 0; i < maxPresses; i++) {
    // The locator is resolved again on every press: a live page may re-render the element (a new
    // block reloads a list), and a handle taken once would then never be the focused element.
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`tabTo: ${target} not reachable with Tab within ${maxPresses} presses`);
}

/** Keyboard only: Tab to a button or link and press Enter. */
export async function press(page: Page, target: Locator): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press("Enter");
}

/** Keyboard only: Tab to a checkbox and toggle it with Space. */
export async function toggle(page: Page, target: Locator): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press("Space");
}

/** Keyboard only: Tab to a field, select what is in it and type `text`. */
export async function type(page: Page, target: Locator, text: string): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type(text);
}

/**
 * A page in a browser context of its own (one resident's device: its own storage), kept in
 * `contexts` for the file's afterAll to close. Dialogs (confirm before revoking, deleting, …) are
 * accepted, or handed to `onDialog`; uncaught errors are recorded by `watchErrors`.
 */
export async function openPage(
  browser: Browser,
  contexts: BrowserContext[],
  options: { width?: number; acceptDownloads?: boolean; onDialog?: (dialog: Dialog) => void } = {},
): Promise<Page> {
  const { width = 1200, acceptDownloads = false, onDialog = (dialog: Dialog) => void dialog.accept() } = options;
  const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads });
  contexts.push(context);
  const page = await context.newPage();
  page.on("dialog", onDialog);
  watchErrors(page);
  return page;
}

/**
 * Waits until `within` (default the whole page) shows `pattern` (default the confirmation
 * "bevestigd in blok") at least `times` times, and fails at once with the text of any error the
 * page shows there (`errors`, a selector) instead of waiting out the timeout.
 */
export async function waitConfirmed(
  page: Page,
  options: { times?: number; within?: Locator; pattern?: RegExp; errors?: string; timeout?: number } = {},
): Promise<void> {
  const {
    times = 1,
    within = page.locator("body"),
    pattern = /bevestigd in blok/,
    errors = "[role=alert] .error",
    timeout = 60_000,
  } = options;
  await expect
    .poll(
      async () => {
        const shown = await within.locator(errors).allTextContents();
        if (shown.some((text) => text.trim())) throw new Error(`the page reports: ${shown.join(" ")}`);
        return within.getByText(pattern).count();
      },
      { timeout },
    )
    .toBeGreaterThanOrEqual(times);
}

/** Uncaught errors of each page, recorded by `watchErrors`, for failure messages. */
const pageErrors = new WeakMap<Page, string[]>();

/** Records the page's uncaught errors (and prints them), so a failing step can name them. */
export function watchErrors(page: Page): Page {
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on("pageerror", (error) => {
    errors.push(error.message);
    // The first frames name the bundle chunk and function, enough to find the component.
    console.error("[browser]", (error.stack ?? error.message).split("\n").slice(0, 4).join("\n"));
  });
  return page;
}

/** Navigates within the app (hash route) and waits for the page heading. */
export async function visit(page: Page, base: string, route: string): Promise<void> {
  await page.goto(`${base}/#${route}`);
  try {
    await page.locator("main h1").first().waitFor();
  } catch (error) {
    // Say what the page shows instead (a loading note, an error sentence, nothing at all), so a
    // failure on a loaded CI machine can be told apart from a broken page.
    const main = await page
      .locator("main")
      .innerText({ timeout: 1_000 })
      .catch(() => "(no main element)");
    const errors = pageErrors.get(page) ?? [];
    throw new Error(
      `visit ${route}: no page heading within the timeout at ${page.url()}; main shows: ${JSON.stringify(main.slice(0, 400))}; ` +
        `page errors: ${errors.length ? errors.join(" | ") : "none"}`,
      { cause: error },
    );
  }
  // Start keyboard navigation from the top of the document.
  await page
    .locator("body")
    .focus()
    .catch(() => {});
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/**
 * Writes the screenshot `name`, then expects no serious or critical axe violation on the page; a
 * failure lists each violation with the elements it names.
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  const violations = await seriousViolations(page);
  expect(
    violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`),
    name,
  ).toEqual([]);
}

/** The PIN the e2e residents protect their accounts with (the account page asks for one). */
export const E2E_PIN = "246810";

/** Chooses `pin` in the account page's "choose a PIN" form (typed twice), by keyboard. */
export async function choosePin(page: Page, pin = E2E_PIN): Promise<void> {
  await type(page, page.getByLabel("Pincode of wachtwoord", { exact: true }), pin);
  await type(page, page.getByLabel("Herhaal de pincode of het wachtwoord"), pin);
  await press(page, page.getByRole("button", { name: "Account beveiligen" }));
}

/** Restores the account of `phrase` on the account page, by keyboard, and waits for its address. */
export async function restoreAccount(page: Page, baseUrl: string, phrase: string, pin = E2E_PIN): Promise<Page> {
  await visit(page, baseUrl, "/account");
  await type(page, page.getByLabel("Herstelzin (12 woorden)"), phrase);
  await press(page, page.getByRole("button", { name: "Herstellen" }));
  await choosePin(page, pin);
  await page.getByTestId("my-address").waitFor();
  return page;
}

/**
 * Creates a new account on the account page that `page` shows (its address may carry a letter's
 * code), by keyboard: the PIN first, then the recovery phrase, which it returns once the
 * resident "wrote it down".
 */
export async function createAccount(page: Page, pin = E2E_PIN): Promise<string> {
  await press(page, page.getByRole("button", { name: "Nieuw account maken" }));
  await choosePin(page, pin);
  const phrase = (await page.getByTestId("recovery-phrase").textContent())!.trim();
  await press(page, page.getByRole("button", { name: "Ik heb de woorden opgeschreven" }));
  await page.getByTestId("my-address").waitFor();
  return phrase;
}
