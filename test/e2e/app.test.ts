/**
 * End to end in a real Chromium against the full stack: a resident onboards with a recovery
 * phrase, registers with a household vote code, proposes, supports, votes, checks the receipt on
 * chain and changes the vote; the audit page recounts and matches; a task is claimed, evidence
 * submitted and approved by the verifier, the coins show in the wallet and are paid to a shop,
 * which redeems them. Every interaction uses the keyboard alone (Tab, Enter, Space, typing), every
 * page is checked with axe-core, and screenshots are written to test-results/screenshots/.
 */
import { Wallet, id, type Signer } from "ethers";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";

import { roundRules, scheduleFrom } from "../../lib/budget/index.js";
import { buildCodeTree, codeWallet, formatCode, generateCode, normalizeCode } from "../../lib/votecodes/index.js";
import {
  choosePin,
  closeAfterwards,
  E2E_PIN,
  expectAccessible,
  launchBrowser,
  openPage,
  press,
  restoreAccount,
  tabTo,
  toggle,
  type,
  visit,
  waitConfirmed as confirmed,
} from "./support/browser.js";
import { startStack, type Stack } from "./support/stack.js";
import { storeDocument, titledText } from "./support/content.js";

/** A confirmation on the page; an error sentence anywhere (also outside an alert) fails at once. */
const waitConfirmed = (page: Page) => confirmed(page, { errors: ".error[role], [role=alert] .error" });

const DAY = 86_400;
const PHASE = 10 * DAY;

let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];
let resident: Page;
let residentAddress = "";
let schedule: {
  proposalsStart: number;
  supportStart: number;
  reviewStart: number;
  votingStart: number;
  votingEnd: number;
};
const voteCodes: string[] = [];

function newPage(width = 1200): Promise<Page> {
  return openPage(browser, contexts, { width });
}

async function chainNow(): Promise<number> {
  return stack.chain.networkHelpers.time.latest();
}

/** Stores a text signed by `author` (a registered resident's proposal, an official's task). */
const postContent = (title: string, author: Signer, kind: "proposal" | "task" = "proposal") =>
  storeDocument(stack, author, kind, titledText(title));

/** Restores a known phrase in a fresh browser context, by keyboard. */
const restoredPage = async (phrase: string): Promise<Page> => restoreAccount(await newPage(), stack.url, phrase);

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  const { contracts, official, admin } = stack.chain;
  const start = (await chainNow()) + 600;
  schedule = scheduleFrom(start, PHASE);
  await (
    await contracts.budgetRound.connect(official).getFunction("createRound")(
      roundRules({ districts: [{ district: 1, budget: 1000 }], schedule, rulesHash: id("Buurtbudget e2e") }),
    )
  ).wait();
  // A household vote-code batch for district 1; its public record is published through the API.
  for (let i = 0; i < 3; i++) voteCodes.push(normalizeCode(generateCode()));
  const tree = buildCodeTree(voteCodes.map((code) => codeWallet(code).address));
  const until = start + 365 * DAY;
  await (
    await contracts.registry.connect(admin).getFunction("publishCodeBatch")(1, tree.root, 3, until, until + 365 * DAY)
  ).wait();
  stack.publishCodeBatch(1, { district: 1, tree: tree.dump() });
  await stack.chain.networkHelpers.time.increaseTo(schedule.proposalsStart);
});

// A failed step leaves a picture of every open page, to see what the resident saw.
closeAfterwards("app", () => ({ contexts, browser, stack }));

describe("resident budget flow", () => {
  it("onboarding: creates a key under a PIN, shows the recovery phrase, locks, unlocks, restores it", async () => {
    resident = await newPage();
    await visit(resident, stack.url, "/account");
    await expectAccessible(resident, "account-new");
    await press(resident, resident.getByRole("button", { name: "Nieuw account maken" }));
    // The PIN comes first; two different ones are refused with a sentence.
    await type(resident, resident.getByLabel("Pincode of wachtwoord", { exact: true }), E2E_PIN);
    await type(resident, resident.getByLabel("Herhaal de pincode of het wachtwoord"), "135790");
    await press(resident, resident.getByRole("button", { name: "Account beveiligen" }));
    await resident.getByRole("alert").getByText("niet gelijk", { exact: false }).waitFor();
    await expectAccessible(resident, "account-choose-pin");
    await choosePin(resident);
    const phrase = (await resident.getByTestId("recovery-phrase").textContent())!.trim();
    expect(phrase.split(" ")).toHaveLength(12);
    await expectAccessible(resident, "account-phrase");
    await press(resident, resident.getByRole("button", { name: "Ik heb de woorden opgeschreven" }));
    residentAddress = (await resident.getByTestId("my-address").textContent())!.trim();
    expect(residentAddress).toBe(Wallet.fromPhrase(phrase).address.toLowerCase());
    // Stored encrypted only: no word of the phrase and not the private key.
    const stored = await resident.evaluate(() => JSON.stringify(localStorage));
    expect(stored).not.toContain(phrase.split(" ").slice(0, 3).join(" "));
    expect(stored.toLowerCase()).not.toContain(Wallet.fromPhrase(phrase).privateKey.slice(2));

    // Locked, the account page asks for the PIN: a wrong one is refused, the right one opens.
    await press(resident, resident.getByRole("button", { name: "Vergrendelen" }));
    await type(resident, resident.getByLabel("Pincode of wachtwoord", { exact: true }), "000000");
    await press(resident, resident.getByRole("button", { name: "Ontgrendelen" }));
    await resident.getByRole("alert").getByText("Die pincode klopt niet", { exact: false }).waitFor();
    await expectAccessible(resident, "account-unlock");
    await type(resident, resident.getByLabel("Pincode of wachtwoord", { exact: true }), E2E_PIN);
    await press(resident, resident.getByRole("button", { name: "Ontgrendelen" }));
    expect((await resident.getByTestId("my-address").textContent())!.trim()).toBe(residentAddress);

    await press(resident, resident.getByRole("button", { name: "Account uit deze browser verwijderen" }));
    await type(resident, resident.getByLabel("Herstelzin (12 woorden)"), phrase);
    await press(resident, resident.getByRole("button", { name: "Herstellen" }));
    await choosePin(resident);
    expect((await resident.getByTestId("my-address").textContent())!.trim()).toBe(residentAddress);
  });

  it("an account an older version stored in plain text asks for a PIN once, then is stored encrypted", async () => {
    const older = await newPage();
    const wallet = Wallet.createRandom();
    await visit(older, stack.url, "/");
    await older.evaluate((phrase) => localStorage.setItem("buurtkas.recoveryPhrase", phrase), wallet.mnemonic!.phrase);
    await older.reload();
    await older.getByTestId("protect-account").waitFor();
    await visit(older, stack.url, "/account");
    await expectAccessible(older, "account-migrate");
    await choosePin(older);
    expect((await older.getByTestId("my-address").textContent())!.trim()).toBe(wallet.address.toLowerCase());
    const stored = await older.evaluate(() => JSON.stringify(localStorage));
    expect(stored).not.toContain("recoveryPhrase");
    expect(stored).not.toContain(wallet.mnemonic!.phrase.split(" ").slice(0, 3).join(" "));
    // A new visit (the tab closed) finds it locked; the PIN opens it where an account is needed.
    await older.reload();
    await visit(older, stack.url, "/wallet");
    await type(older, older.getByLabel("Pincode of wachtwoord", { exact: true }), E2E_PIN);
    await press(older, older.getByRole("button", { name: "Ontgrendelen" }));
    await older.getByRole("link", { name: "Uw account" }).waitFor();

    // Five wrong PINs in a row: the next try has to wait, said in a sentence, the button off meanwhile.
    await visit(older, stack.url, "/account");
    await press(older, older.getByRole("button", { name: "Vergrendelen" }));
    for (let i = 1; i <= 5; i++) {
      await type(older, older.getByLabel("Pincode of wachtwoord", { exact: true }), `fout-${i}`);
      await press(older, older.getByRole("button", { name: "Ontgrendelen" }));
      if (i < 5)
        await older
          .getByRole("alert")
          .getByText(`nog ${5 - i} keer`, { exact: false })
          .waitFor();
    }
    await older.getByRole("alert").getByText("Te vaak een verkeerde pincode", { exact: false }).waitFor();
    expect(await older.getByRole("button", { name: "Ontgrendelen" }).isDisabled()).toBe(true);
    await expectAccessible(older, "account-unlock-wait");
  });

  it("vote code: registers the resident in district 1 through the relayer", async () => {
    // A mistyped code is refused with a message in Dutch before anything is signed.
    await type(resident, resident.getByLabel("Stemcode (XXXX-XXXX-XXXX-XXXX)"), "ABCD-1234");
    await type(resident, resident.getByLabel("Briefnummer (batch)"), "1");
    await press(resident, resident.getByRole("button", { name: "Inschrijven met stemcode" }));
    await resident.getByRole("alert").getByText("Deze stemcode klopt niet", { exact: false }).waitFor();
    await type(
      resident,
      resident.getByLabel("Stemcode (XXXX-XXXX-XXXX-XXXX)"),
      formatCode(voteCodes[0]!).toLowerCase(),
    );
    await type(resident, resident.getByLabel("Briefnummer (batch)"), "1");
    await expectAccessible(resident, "account-vote-code");
    await press(resident, resident.getByRole("button", { name: "Inschrijven met stemcode" }));
    await waitConfirmed(resident);
    await expect.poll(() => resident.getByTestId("registration").textContent()).toContain("wijk 1");
    const registration = await stack.chain.contracts.registry.getFunction("registrationOf")(residentAddress);
    expect(Number(registration.district)).toBe(1);
  });

  it("proposal form and support", async () => {
    await visit(resident, stack.url, "/rounds/1");
    await press(resident, resident.getByRole("link", { name: "Voorstel indienen" }));
    await resident.locator("main h1").getByText("Voorstel indienen").waitFor();
    await type(resident, resident.getByLabel("Titel"), "Bankjes in het park");
    await type(resident, resident.getByLabel("Korte samenvatting"), "Vier nieuwe bankjes");
    await type(resident, resident.getByLabel("Beschrijving"), "Bij de vijver, rolstoeltoegankelijk.");
    await type(resident, resident.getByLabel("Geschatte kosten (euro)"), "400");
    await expectAccessible(resident, "proposal-form");
    await press(resident, resident.getByRole("button", { name: "Voorstel indienen" }));
    await resident.waitForURL(/#\/rounds\/1$/, { timeout: 30_000 });

    // Two neighbours propose too (registered by the registrar, sending their own transactions).
    const { contracts, admin, others } = stack.chain;
    for (const [i, [title, cost]] of (
      [
        ["Speeltuin opknappen", 500],
        ["Fietsenstalling", 300],
      ] as const
    ).entries()) {
      const neighbour = others[i]!;
      await (
        await contracts.registry.connect(admin).getFunction("register")(
          neighbour.address,
          1,
          schedule.votingEnd + 365 * DAY,
        )
      ).wait();
      await (
        await contracts.budgetRound.connect(neighbour).getFunction("submitProposal")(
          1,
          1,
          cost,
          await postContent(title, neighbour),
        )
      ).wait();
    }
    await stack.chain.networkHelpers.time.increaseTo(schedule.supportStart);

    await visit(resident, stack.url, "/rounds/1");
    const card = resident.getByRole("article").filter({ hasText: "Speeltuin opknappen" });
    await card.getByText("Tekst klopt met de vingerafdruk op de blockchain.").waitFor();
    await expectAccessible(resident, "round");
    await press(resident, card.getByRole("button", { name: "Steunen" }));
    await card.getByText("U steunt dit voorstel.").first().waitFor({ timeout: 30_000 });
    expect(await stack.chain.contracts.budgetRound.getFunction("hasSupported")(2, residentAddress)).toBe(true);
  });

  it("ballot: budget meter blocks an invalid ballot, vote, receipt from the chain, change of vote", async () => {
    const { contracts, official } = stack.chain;
    await stack.chain.networkHelpers.time.increaseTo(schedule.reviewStart);
    for (const [proposalId, cost] of [
      [1n, 400n],
      [2n, 500n],
      [3n, 300n],
    ] as const) {
      await (
        await contracts.budgetRound.connect(official).getFunction("review")(proposalId, true, cost, id("ok"))
      ).wait();
    }
    await (await contracts.budgetRound.connect(official).getFunction("publishBallot")(1, 1)).wait();
    await stack.chain.networkHelpers.time.increaseTo(schedule.votingStart);

    await visit(resident, stack.url, "/rounds/1/ballot");
    const box = (name: string) => resident.getByRole("checkbox", { name: new RegExp(name) });
    await box("Bankjes").waitFor();
    await toggle(resident, box("Bankjes"));
    await toggle(resident, box("Speeltuin"));
    await toggle(resident, box("Fietsenstalling"));
    await expect
      .poll(() => resident.getByTestId("ballot-problems").textContent())
      .toContain("Uw keuze kost €\u00a0200 meer dan het budget.");
    expect(await resident.getByRole("button", { name: "Stem uitbrengen" }).isDisabled()).toBe(true);
    await expectAccessible(resident, "ballot-invalid");

    await toggle(resident, box("Speeltuin"));
    await expect
      .poll(() => resident.getByTestId("budget-meter").textContent())
      .toContain("Gekozen: €\u00a0700 van €\u00a01.000");
    await press(resident, resident.getByRole("button", { name: "Stem uitbrengen" }));
    await waitConfirmed(resident);
    await expect.poll(() => resident.getByTestId("receipt").textContent()).toContain("uw stem telt mee");
    expect(await resident.getByTestId("receipt").textContent()).toContain("Bankjes in het park, Fietsenstalling");
    await expectAccessible(resident, "ballot-receipt");

    // Change of vote: the playground instead of the bicycle shed.
    await visit(resident, stack.url, "/rounds/1/ballot");
    await resident.getByRole("button", { name: "Stem wijzigen" }).waitFor();
    await expect.poll(() => box("Fietsenstalling").isChecked()).toBe(true);
    await toggle(resident, box("Fietsenstalling"));
    await toggle(resident, box("Speeltuin"));
    await press(resident, resident.getByRole("button", { name: "Stem wijzigen" }));
    await waitConfirmed(resident);
    await expect
      .poll(() => resident.getByTestId("receipt").textContent())
      .toContain("Bankjes in het park, Speeltuin opknappen");
    const [district, selection] = await contracts.budgetRound.getFunction("approvalBallotOf")(1, residentAddress);
    expect([Number(district), selection]).toEqual([1, 0b011n]);
  });

  it("results and the audit page: the browser's recount matches the contract and the API", async () => {
    const { contracts, official, others } = stack.chain;
    // Two neighbours vote as well; then the round closes and is finalized.
    await (await contracts.budgetRound.connect(others[0]!).getFunction("castApprovalBallot")(1, 1, 0b110n)).wait();
    await (await contracts.budgetRound.connect(others[1]!).getFunction("castApprovalBallot")(1, 1, 0b100n)).wait();
    await stack.chain.networkHelpers.time.increaseTo(schedule.votingEnd);
    await (await contracts.budgetRound.connect(official).getFunction("finalize")(1)).wait();

    await visit(resident, stack.url, "/rounds/1/results");
    await resident.getByRole("heading", { name: /Meeste stemmen eerst/ }).waitFor({ timeout: 30_000 });
    await resident.getByRole("heading", { name: /Methode van gelijke delen/ }).waitFor();
    await resident.getByRole("heading", { name: /3 stemmers/ }).waitFor({ timeout: 30_000 });
    await resident.getByText("Vastgesteld door het contract: Speeltuin opknappen, Fietsenstalling").waitFor();
    await expectAccessible(resident, "results");

    await visit(resident, stack.url, "/rounds/1/audit");
    await expect
      .poll(() => resident.getByTestId("audit-verdict").textContent(), { timeout: 30_000 })
      .toContain("Alles klopt");
    await expectAccessible(resident, "audit");
  });
});

describe("injected wallet (EIP-1193)", () => {
  it("connects an injected wallet and registers it with a vote code, signing typed data in the wallet", async () => {
    const wallet = Wallet.createRandom();
    const signed: string[] = [];
    const page = await newPage();
    // A wallet extension stand-in: accounts and typed-data signatures from a key in the test, every
    // other request forwarded to the chain.
    await page.exposeFunction("__testWallet", async (method: string, params: unknown[]) => {
      if (method === "eth_accounts" || method === "eth_requestAccounts") return [wallet.address];
      if (method === "eth_signTypedData_v4") {
        const { domain, types, message } = JSON.parse(params[1] as string) as {
          domain: never;
          types: Record<string, never>;
          message: never;
        };
        delete types.EIP712Domain;
        signed.push(Object.keys(types)[0]!);
        return wallet.signTypedData(domain, types, message);
      }
      const response = await fetch(`${stack.url}/rpc`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      });
      const answer = (await response.json()) as { result?: unknown; error?: { message: string } };
      if (answer.error) throw new Error(answer.error.message);
      return answer.result;
    });
    await page.addInitScript(() => {
      const call = (window as unknown as { __testWallet: (m: string, p: unknown[]) => Promise<unknown> }).__testWallet;
      (window as unknown as { ethereum: unknown }).ethereum = {
        request: ({ method, params }: { method: string; params?: unknown[] }) => call(method, params ?? []),
        on: () => {},
        removeListener: () => {},
      };
    });
    await visit(page, stack.url, "/account");
    await press(page, page.getByRole("button", { name: "Verbind wallet" }));
    await expect.poll(() => page.getByTestId("my-address").textContent()).toBe(wallet.address.toLowerCase());
    await type(page, page.getByLabel("Stemcode (XXXX-XXXX-XXXX-XXXX)"), formatCode(voteCodes[1]!));
    await type(page, page.getByLabel("Briefnummer (batch)"), "1");
    await press(page, page.getByRole("button", { name: "Inschrijven met stemcode" }));
    await waitConfirmed(page);
    const registration = await stack.chain.contracts.registry.getFunction("registrationOf")(wallet.address);
    expect(Number(registration.district)).toBe(1);
    expect(signed).toEqual(["ForwardRequest"]);
  });
});

describe("cumulative round", () => {
  it("points ballot: too many points cannot be sent, a valid one is counted on chain", async () => {
    const { contracts, official, others, networkHelpers } = stack.chain;
    const start = (await chainNow()) + 600;
    const times = scheduleFrom(start, PHASE);
    await (
      await contracts.budgetRound.connect(official).getFunction("createRound")(
        roundRules({
          districts: [{ district: 1, budget: 2000 }],
          schedule: times,
          ballotType: "cumulative",
          rulesHash: id("Punten e2e"),
        }),
      )
    ).wait();
    await networkHelpers.time.increaseTo(times.proposalsStart);
    const titles = ["Boomspiegels", "Bankje bij de bushalte", "Zwerfvuilactie"];
    for (const [i, title] of titles.entries()) {
      await (
        await contracts.budgetRound.connect(others[i % 2]!).getFunction("submitProposal")(
          2,
          1,
          300 + i * 100,
          await postContent(title, others[i % 2]!),
        )
      ).wait();
    }
    await networkHelpers.time.increaseTo(times.reviewStart);
    for (const [i, proposalId] of [4n, 5n, 6n].entries()) {
      await (
        await contracts.budgetRound.connect(official).getFunction("review")(proposalId, true, 300 + i * 100, id("ok"))
      ).wait();
    }
    await (await contracts.budgetRound.connect(official).getFunction("publishBallot")(2, 1)).wait();
    await networkHelpers.time.increaseTo(times.votingStart);

    await visit(resident, stack.url, "/rounds/2/ballot");
    const points = (title: string) => resident.getByLabel(new RegExp(`Punten voor ${title}`));
    await points("Boomspiegels").waitFor();
    await type(resident, points("Boomspiegels"), "5");
    await type(resident, points("Bankje bij de bushalte"), "5");
    await type(resident, points("Zwerfvuilactie"), "1");
    await resident.getByText("U gebruikt 1 punten te veel.").waitFor();
    expect(await resident.getByRole("button", { name: "Stem uitbrengen" }).isDisabled()).toBe(true);
    await expectAccessible(resident, "ballot-cumulative");
    await type(resident, points("Bankje bij de bushalte"), "4");
    await resident.getByText("Punten gebruikt: 10 van 10").waitFor();
    await press(resident, resident.getByRole("button", { name: "Stem uitbrengen" }));
    await waitConfirmed(resident);
    await expect.poll(() => resident.getByTestId("receipt").textContent()).toContain("uw stem telt mee");
    expect(await resident.getByTestId("receipt").textContent()).toContain(
      "Boomspiegels (5), Bankje bij de bushalte (4), Zwerfvuilactie (1)",
    );
    const [district, words] = await contracts.budgetRound.getFunction("cumulativeBallotOf")(2, residentAddress);
    expect([Number(district), [...words]]).toEqual([1, [5n | (4n << 8n) | (1n << 16n)]]);
  });
});

describe("tasks, coins and a shop", () => {
  const verifierWallet = Wallet.createRandom();
  const merchantWallet = Wallet.createRandom();

  it("claim, submit evidence, the verifier approves, the balance is updated", async () => {
    const { contracts, official, admin, networkHelpers } = stack.chain;
    await networkHelpers.setBalance(verifierWallet.address, 10n ** 19n);
    await (await contracts.coin.connect(admin).getFunction("mint")(official.address, 100_000n)).wait();
    await (await contracts.coin.connect(official).getFunction("approve")(contracts.taskBoard.target, 2_000n)).wait();
    const contentHash = await postContent("Plantenbak wieden", official, "task");
    const deadline = (await chainNow()) + 30 * DAY;
    await (
      await contracts.taskBoard.connect(official).getFunction("createTask")({
        reward: 1_000n,
        slots: 2,
        district: 1,
        deadline,
        claimWindow: 3 * DAY,
        verifier: verifierWallet.address,
        contentHash,
      })
    ).wait();

    await visit(resident, stack.url, "/tasks");
    await expectAccessible(resident, "tasks");
    await press(resident, resident.getByRole("link", { name: "Plantenbak wieden" }).first());
    await resident.getByRole("button", { name: "Ik doe deze klus" }).waitFor();
    await expectAccessible(resident, "task");
    await press(resident, resident.getByRole("button", { name: "Ik doe deze klus" }));
    await resident.getByLabel("Bewijs: wat heb je gedaan?").waitFor({ timeout: 30_000 });
    await type(
      resident,
      resident.getByLabel("Bewijs: wat heb je gedaan?"),
      "Gewied op zaterdag, foto: https://example.org/bak.jpg",
    );
    await press(resident, resident.getByRole("button", { name: "Bewijs inleveren" }));
    await resident
      .getByTestId("my-claim")
      .getByText("Bewijs ingeleverd; wacht op controle.")
      .waitFor({ timeout: 30_000 });

    const verifier = await restoredPage(verifierWallet.mnemonic!.phrase);
    await visit(verifier, stack.url, "/tasks/1");
    await verifier.getByRole("button", { name: "Goedkeuren" }).waitFor();
    await expectAccessible(verifier, "task-verifier");
    await press(verifier, verifier.getByRole("button", { name: "Goedkeuren" }));
    await waitConfirmed(verifier);

    await visit(resident, stack.url, "/wallet");
    await expect
      .poll(() => resident.getByTestId("balance").textContent(), { timeout: 30_000 })
      .toContain("10,00 munten");
    expect(await resident.getByTestId("earned").textContent()).toContain(
      "Verdiend dit jaar: 10,00 van maximaal 1.500,00",
    );
    await resident.getByRole("cell", { name: "Beloning" }).first().waitFor();
    await expectAccessible(resident, "wallet");
    // Each history row links to its transaction, read and decoded from the chain.
    await press(resident, resident.getByRole("row", { name: /Beloning/ }).getByRole("link", { name: /Transactie/ }));
    await resident.getByText("TaskBoard.approve").waitFor({ timeout: 30_000 });
    await resident.getByText(/TaskBoard\.ClaimApproved\(1, /).waitFor();
    await expectAccessible(resident, "transaction");
  });

  it("the resident pays a shop, which redeems the coins", async () => {
    const { contracts, admin } = stack.chain;
    await (
      await contracts.coin.connect(admin).getFunction("registerMerchant")(merchantWallet.address, id("Bakker Jansen"))
    ).wait();
    await visit(resident, stack.url, "/wallet");
    await type(resident, resident.getByLabel("Adres van de winkel"), merchantWallet.address);
    await type(resident, resident.getByLabel("Bedrag (munten)"), "4,50");
    await press(resident, resident.getByRole("button", { name: "Betalen" }));
    await waitConfirmed(resident);
    await expect.poll(() => resident.getByTestId("balance").textContent()).toContain("5,50 munten");

    const merchant = await restoredPage(merchantWallet.mnemonic!.phrase);
    await visit(merchant, stack.url, "/merchant");
    await expect.poll(() => merchant.getByTestId("merchant-balance").textContent()).toContain("4,50 munten");
    await type(merchant, merchant.getByLabel("Bedrag (munten)"), "4,50");
    await type(merchant, merchant.getByLabel("Betalingskenmerk"), "NL-2026-0001");
    await expectAccessible(merchant, "merchant");
    await press(merchant, merchant.getByRole("button", { name: "Inwisselen voor euro's" }));
    await waitConfirmed(merchant);
    await expect.poll(() => merchant.getByTestId("merchant-balance").textContent()).toContain("0,00 munten");
    expect(await contracts.coin.getFunction("totalRedeemed")()).toBe(450n);
  });

  it("main pages fit a 375 px screen and pass axe in English too", async () => {
    const phone = await restoredPage(verifierWallet.mnemonic!.phrase);
    await phone.setViewportSize({ width: 375, height: 800 });
    for (const [route, name] of [
      ["/", "rounds"],
      ["/rounds/1", "round"],
      ["/tasks", "tasks"],
      ["/wallet", "wallet"],
      ["/officials", "officials"],
    ] as const) {
      await visit(phone, stack.url, route);
      await phone.waitForLoadState("networkidle").catch(() => {});
      expect(await phone.evaluate(() => document.documentElement.scrollWidth), route).toBeLessThanOrEqual(375);
      await expectAccessible(phone, `375-${name}`);
    }
    await tabTo(phone, phone.getByLabel("Taal"));
    await phone.keyboard.press("ArrowDown");
    await phone.locator("nav").getByRole("link", { name: "Tasks" }).waitFor();
    await expectAccessible(phone, "375-officials-en");
  });
});

describe("officials", () => {
  it("open a round, post and fund a task, issue vote codes, through the relayer with the roles on chain", async () => {
    const { contracts, admin } = stack.chain;
    const officialWallet = Wallet.createRandom();
    const grant = async (contract: typeof contracts.coin, role: string) =>
      (
        await contract.connect(admin).getFunction("grantRole")(
          await contract.getFunction(role)(),
          officialWallet.address,
        )
      ).wait();
    await grant(contracts.budgetRound, "ROUND_MANAGER_ROLE");
    await grant(contracts.taskBoard, "TASK_POSTER_ROLE");
    await grant(contracts.registry, "CODE_ISSUER_ROLE");
    // No ether: the relayer pays for what the official's roles allow.
    await (await contracts.coin.connect(admin).getFunction("mint")(officialWallet.address, 10_000n)).wait();

    const count = async (contract: typeof contracts.coin, fn: string) => Number(await contract.getFunction(fn)());
    const [rounds, tasks, batches] = [
      await count(contracts.budgetRound, "roundCount"),
      await count(contracts.taskBoard, "taskCount"),
      await count(contracts.registry, "codeBatchCount"),
    ];
    const official = await restoredPage(officialWallet.mnemonic!.phrase);
    await visit(official, stack.url, "/officials");
    await expectAccessible(official, "officials");
    const desks = official.getByRole("navigation", { name: "Balies" });
    // The menu shows once the account's roles are read from the chain (the heading comes first).
    await expect
      .poll(() => desks.getByRole("link").allTextContents())
      .toEqual(["Rondes", "Inwoners", "Stemcodes", "Klussen"]);

    const openRound = official.locator("form", { has: official.getByRole("heading", { name: "Ronde openen" }) });
    await type(official, openRound.getByLabel("Naam van de ronde"), "Buurtbudget officials");
    await type(official, openRound.getByLabel("Wijknaam (rij 1)"), "Centrum");
    await type(official, openRound.getByLabel("Budget in euro (rij 1)"), "5000");
    await press(official, openRound.getByRole("button", { name: "Wijk toevoegen" }));
    await type(official, openRound.getByLabel("Wijknaam (rij 2)"), "Noord");
    await type(official, openRound.getByLabel("Budget in euro (rij 2)"), "3000");
    await press(official, openRound.getByRole("button", { name: "Aanmaken" }));
    await waitConfirmed(official);
    expect(await count(contracts.budgetRound, "roundCount")).toBe(rounds + 1);
    const rules = await contracts.budgetRound.getFunction("getRules")(rounds + 1);
    expect([...rules.districts].map(Number)).toEqual([1, 2]);
    expect([...rules.budgets].map(Number)).toEqual([5000, 3000]);

    await press(official, desks.getByRole("link", { name: "Klussen" }));
    const postTask = official.locator("form", { has: official.getByRole("heading", { name: "Klus plaatsen" }) });
    await type(official, postTask.getByLabel("Titel"), "Speelplaats vegen");
    await type(official, postTask.getByLabel("Omschrijving"), "Blad vegen rond de schommels.");
    await type(official, postTask.getByLabel("Beloning"), "7,50");
    await type(official, postTask.getByLabel("Aantal plekken"), "2");
    await press(official, postTask.getByRole("button", { name: "Klus plaatsen" }));
    await expect.poll(() => postTask.getByText(/bevestigd in blok/).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await count(contracts.taskBoard, "taskCount")).toBe(tasks + 1);
    const task = await contracts.taskBoard.getFunction("getTask")(tasks + 1);
    expect([task.reward, task.escrow, String(task.verifier).toLowerCase()]).toEqual([
      750n,
      1_500n,
      officialWallet.address.toLowerCase(),
    ]);

    await press(official, desks.getByRole("link", { name: "Stemcodes" }));
    const issue = official.locator("form", { has: official.getByRole("heading", { name: "Stemcodes uitgeven" }) });
    await type(official, issue.getByLabel("Aantal codes"), "5");
    await press(official, issue.getByRole("button", { name: "Stemcodes uitgeven" }));
    await issue.getByText(`Batch ${batches + 1} gepubliceerd.`, { exact: false }).waitFor({ timeout: 30_000 });
    expect(await count(contracts.registry, "codeBatchCount")).toBe(batches + 1);
    // The record is served through the API (no hand copying), once the index has the batch.
    await expect
      .poll(async () => (await fetch(`${stack.url}/api/codebatches/${batches + 1}`)).status, { timeout: 30_000 })
      .toBe(200);
    expect(await stack.chain.ethers.provider.getBalance(officialWallet.address)).toBe(0n);
    await expectAccessible(official, "officials-done");
  });
});
