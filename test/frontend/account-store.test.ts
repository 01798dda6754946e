/**
 * The account's storage in the browser (frontend/src/lib/account/keyStore.ts): the recovery
 * phrase is stored only sealed under the resident's PIN, an older plain copy is sealed and
 * removed, a wrong PIN is refused and repeated wrong PINs make the resident wait.
 */
import { HDNodeWallet, Wallet } from "ethers";
import { beforeEach, describe, expect, test } from "vitest";

import {
  ATTEMPTS_KEY,
  FIRST_WAIT_MS,
  FREE_ATTEMPTS,
  LEGACY_KEY,
  MAX_WAIT_MS,
  PIN_MIN_LENGTH,
  SEALED_KEY,
  attemptsOf,
  forgetStored,
  legacyPhrase,
  pinProblem,
  saveSealed,
  storedState,
  unlockSealed,
  waitAfter,
  type KeyStorage,
} from "../../frontend/src/lib/account/keyStore.js";

/** localStorage's methods over a Map, with a view of everything stored. */
class MemoryStorage implements KeyStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  /** Every key and value, as a copied profile would show them. */
  dump(): string {
    return JSON.stringify([...this.items]);
  }
  /** Every stored value, a sealed one as its fields' values (the words check must not hit key names such as "salt"). */
  values(): string {
    return [...this.items.values()]
      .map((value) => {
        try {
          const parsed: unknown = JSON.parse(value);
          return parsed && typeof parsed === "object" ? Object.values(parsed).join(" ") : value;
        } catch {
          return value;
        }
      })
      .join(" ");
  }
}

const PIN = "482913";
let storage: MemoryStorage;
let wallet: HDNodeWallet;

/** Nothing stored reveals the phrase (whole or any word of it) or the private key. */
function expectNothingSecret(store: MemoryStorage, account: HDNodeWallet): void {
  const dump = store.dump();
  const phrase = account.mnemonic!.phrase;
  expect(dump).not.toContain(phrase);
  const values = store.values();
  for (const word of new Set(phrase.split(" ")))
    expect(values).not.toMatch(new RegExp(`(^|[^A-Za-z0-9])${word}([^A-Za-z0-9]|$)`));
  expect(dump.toLowerCase()).not.toContain(account.privateKey.slice(2).toLowerCase());
  expect(dump).not.toContain(Buffer.from(phrase).toString("base64"));
}

beforeEach(() => {
  storage = new MemoryStorage();
  wallet = Wallet.createRandom();
});

describe("a new or restored account", () => {
  test("is stored only sealed: neither the phrase, a word of it nor the private key is in storage", async () => {
    expect(storedState(storage)).toBe("none");
    await saveSealed(storage, wallet.mnemonic!.phrase, PIN);
    expect(storedState(storage)).toBe("sealed");
    expect([...storage.items.keys()]).toEqual([SEALED_KEY]);
    expectNothingSecret(storage, wallet);
    const sealed = JSON.parse(storage.getItem(SEALED_KEY)!) as Record<string, unknown>;
    expect(Object.keys(sealed).sort()).toEqual(["data", "iv", "salt", "v"]);
  });

  test("opens with its PIN and gives back the phrase of the same address", async () => {
    await saveSealed(storage, wallet.mnemonic!.phrase, PIN);
    const result = await unlockSealed(storage, PIN, Date.now());
    expect(result).toEqual({ ok: true, phrase: wallet.mnemonic!.phrase });
    if (!result.ok) throw new Error("not unlocked");
    expect(Wallet.fromPhrase(result.phrase).address).toBe(wallet.address);
  });

  test("restoring another phrase replaces the stored one; the old PIN no longer opens anything else", async () => {
    await saveSealed(storage, wallet.mnemonic!.phrase, PIN);
    const other = Wallet.createRandom();
    await saveSealed(storage, other.mnemonic!.phrase, "a longer passphrase");
    expect(await unlockSealed(storage, PIN, Date.now())).toMatchObject({ ok: false, reason: "wrong" });
    expect(await unlockSealed(storage, "a longer passphrase", Date.now())).toEqual({
      ok: true,
      phrase: other.mnemonic!.phrase,
    });
    expectNothingSecret(storage, wallet);
    expectNothingSecret(storage, other);
  });

  test("the same phrase sealed twice under the same PIN looks different (fresh salt and IV)", async () => {
    await saveSealed(storage, wallet.mnemonic!.phrase, PIN);
    const first = storage.getItem(SEALED_KEY);
    await saveSealed(storage, wallet.mnemonic!.phrase, PIN);
    expect(storage.getItem(SEALED_KEY)).not.toBe(first);
  });

  test("a PIN shorter than the minimum is refused before anything is stored", async () => {
    await expect(saveSealed(storage, wallet.mnemonic!.phrase, "1".repeat(PIN_MIN_LENGTH - 1))).rejects.toThrow(
      /at least 6 characters/,
    );
    expect(storage.items.size).toBe(0);
  });
});

describe("choosing a PIN", () => {
  test("needs the minimum length and the same text twice", () => {
    expect(pinProblem("12345", "12345")).toBe("pinTooShort");
    expect(pinProblem("123456", "123465")).toBe("pinMismatch");
    expect(pinProblem("123456", "123456")).toBeNull();
    expect(pinProblem("één twee", "één twee")).toBeNull();
  });
});

describe("a wrong PIN", () => {
  test("is refused and counted; the right PIN afterwards opens and clears the count", async () => {
    await saveSealed(storage, wallet.mnemonic!.phrase, PIN);
    const now = 1_000_000;
    const wrong = await unlockSealed(storage, "000000", now);
    expect(wrong).toEqual({ ok: false, reason: "wrong", attempts: { failures: 1, blockedUntil: 0 } });
    expect(attemptsOf(storage).failures).toBe(1);
    expect(await unlockSealed(storage, PIN, now + 1)).toMatchObject({ ok: true });
    expect(storage.getItem(ATTEMPTS_KEY)).toBeNull();
  });

  test("after the free attempts makes the resident wait, even for the right PIN, until the wait is over", async () => {
    await saveSealed(storage, wallet.mnemonic!.phrase, PIN);
    const now = 5_000_000;
    for (let i = 1; i < FREE_ATTEMPTS; i++) {
      expect(await unlockSealed(storage, `wrong-${i}`, now)).toEqual({
        ok: false,
        reason: "wrong",
        attempts: { failures: i, blockedUntil: 0 },
      });
    }
    const last = await unlockSealed(storage, "wrong-last", now);
    expect(last).toEqual({
      ok: false,
      reason: "wrong",
      attempts: { failures: FREE_ATTEMPTS, blockedUntil: now + FIRST_WAIT_MS },
    });
    expect(await unlockSealed(storage, PIN, now + FIRST_WAIT_MS - 1)).toMatchObject({ ok: false, reason: "wait" });
    // A reload reads the count from storage: the wait stays.
    expect(attemptsOf(storage)).toEqual({ failures: FREE_ATTEMPTS, blockedUntil: now + FIRST_WAIT_MS });
    expect(await unlockSealed(storage, PIN, now + FIRST_WAIT_MS)).toEqual({
      ok: true,
      phrase: wallet.mnemonic!.phrase,
    });
  });

  test("a further wrong PIN after a wait doubles the next wait", async () => {
    await saveSealed(storage, wallet.mnemonic!.phrase, PIN);
    storage.setItem(ATTEMPTS_KEY, JSON.stringify({ failures: FREE_ATTEMPTS, blockedUntil: 10 }));
    expect(await unlockSealed(storage, "still wrong", 100)).toEqual({
      ok: false,
      reason: "wrong",
      attempts: { failures: FREE_ATTEMPTS + 1, blockedUntil: 100 + 2 * FIRST_WAIT_MS },
    });
  });

  test("waits grow by doubling up to the cap", () => {
    expect(waitAfter(FREE_ATTEMPTS - 1)).toBe(0);
    expect(waitAfter(FREE_ATTEMPTS)).toBe(FIRST_WAIT_MS);
    expect(waitAfter(FREE_ATTEMPTS + 2)).toBe(4 * FIRST_WAIT_MS);
    expect(waitAfter(FREE_ATTEMPTS + 100)).toBe(MAX_WAIT_MS);
  });

  test("a damaged count in storage counts as no failures, never as a permanent lock", () => {
    storage.setItem(ATTEMPTS_KEY, "{not json");
    expect(attemptsOf(storage)).toEqual({ failures: 0, blockedUntil: 0 });
    storage.setItem(ATTEMPTS_KEY, JSON.stringify({ failures: "many", blockedUntil: null }));
    expect(attemptsOf(storage)).toEqual({ failures: 0, blockedUntil: 0 });
  });

  test("without a stored account there is nothing to unlock", async () => {
    expect(await unlockSealed(storage, PIN, 0)).toEqual({ ok: false, reason: "none" });
  });
});

describe("an account an older version stored in plain text", () => {
  test("is reported, sealed under the PIN chosen now, and its plain copy removed", async () => {
    storage.setItem(LEGACY_KEY, wallet.mnemonic!.phrase);
    storage.setItem("buurtkas.lang", "en");
    expect(storedState(storage)).toBe("legacy");
    expect(legacyPhrase(storage)).toBe(wallet.mnemonic!.phrase);
    await saveSealed(storage, legacyPhrase(storage)!, PIN);
    expect(storedState(storage)).toBe("sealed");
    expect(storage.getItem(LEGACY_KEY)).toBeNull();
    expectNothingSecret(storage, wallet);
    expect(storage.getItem("buurtkas.lang")).toBe("en");
    expect(await unlockSealed(storage, PIN, Date.now())).toEqual({ ok: true, phrase: wallet.mnemonic!.phrase });
  });

  test("removing the account from the browser removes every copy and the count of wrong PINs", async () => {
    storage.setItem(LEGACY_KEY, wallet.mnemonic!.phrase);
    await saveSealed(storage, wallet.mnemonic!.phrase, PIN);
    await unlockSealed(storage, "wrong!", 0);
    forgetStored(storage);
    expect(storage.items.size).toBe(0);
    expect(storedState(storage)).toBe("none");
  });
});
