/**
 * Where this browser keeps the account's recovery phrase: only sealed (vault.ts, AES-GCM under a
 * PBKDF2 key) with a PIN or passphrase the resident chooses. The unlocked phrase lives in memory
 * only (account.svelte.ts), so closing the tab locks the account.
 *
 * Versions before the PIN kept the phrase in plain text under LEGACY_KEY; `storedState` reports
 * such a copy so the app can ask for a PIN, and `saveSealed` deletes it.
 *
 * Wrong PINs are counted in storage (the count is not secret) so that a reload does not reset the
 * wait: after FREE_ATTEMPTS wrong tries each further try waits, doubling up to MAX_WAIT_MS. This
 * slows a passer-by at a shared computer; it cannot stop someone who copied the storage, which is
 * why a passphrase beats a short PIN and the PBKDF2 iteration count is high. The recovery phrase
 * itself is never locked out: restoring with it always works and replaces what is stored.
 */
import { seal, unseal, type Sealed } from "./vault.js";

export const SEALED_KEY = "buurtkas.account";
export const LEGACY_KEY = "buurtkas.recoveryPhrase";
export const ATTEMPTS_KEY = "buurtkas.accountAttempts";

/** Six characters: a six-digit PIN at the least (the letter vault, for a vote only, asks four). */
export const PIN_MIN_LENGTH = 6;
export const FREE_ATTEMPTS = 5;
export const FIRST_WAIT_MS = 30_000;
export const MAX_WAIT_MS = 15 * 60_000;

/** What storage holds: nothing, a sealed phrase, or a plain phrase of an older version. */
export type StoredState = "none" | "sealed" | "legacy";

/** The slice of the Web Storage API used here (tests pass a Map-backed one). */
export type KeyStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export interface Attempts {
  failures: number;
  /** Unix milliseconds before which no PIN is tried; 0 when there is no wait. */
  blockedUntil: number;
}

export type UnlockResult =
  | { ok: true; phrase: string }
  | { ok: false; reason: "wrong"; attempts: Attempts }
  | { ok: false; reason: "wait"; attempts: Attempts }
  | { ok: false; reason: "none" };

export function storedState(storage: KeyStorage): StoredState {
  if (storage.getItem(SEALED_KEY) !== null) return "sealed";
  return storage.getItem(LEGACY_KEY) !== null ? "legacy" : "none";
}

/** The plain phrase an older version stored, to be sealed with the PIN the resident now chooses. */
export function legacyPhrase(storage: KeyStorage): string | null {
  return storage.getItem(LEGACY_KEY);
}

/** Why `pin` cannot be chosen (with its repetition), or null when it can. */
export function pinProblem(pin: string, repeated: string): "pinTooShort" | "pinMismatch" | null {
  if ([...pin].length < PIN_MIN_LENGTH) return "pinTooShort";
  return pin === repeated ? null : "pinMismatch";
}

/** Seals `phrase` under `pin`, replacing whatever was stored; the plain copy of an older version goes. */
export async function saveSealed(storage: KeyStorage, phrase: string, pin: string): Promise<void> {
  if ([...pin].length < PIN_MIN_LENGTH) throw new Error(`a PIN needs at least ${PIN_MIN_LENGTH} characters`);
  storage.setItem(SEALED_KEY, JSON.stringify(await seal(phrase, pin)));
  storage.removeItem(LEGACY_KEY);
  storage.removeItem(ATTEMPTS_KEY);
}

export function attemptsOf(storage: KeyStorage): Attempts {
  try {
    const parsed = JSON.parse(storage.getItem(ATTEMPTS_KEY) ?? "null") as Partial<Attempts> | null;
    const failures = Number(parsed?.failures);
    const blockedUntil = Number(parsed?.blockedUntil);
    return {
      failures: Number.isSafeInteger(failures) && failures > 0 ? failures : 0,
      blockedUntil: Number.isFinite(blockedUntil) && blockedUntil > 0 ? blockedUntil : 0,
    };
  } catch {
    return { failures: 0, blockedUntil: 0 };
  }
}

/** The wait after the `failures`-th wrong PIN: none for the first FREE_ATTEMPTS, then doubling. */
export function waitAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** Math.min(failures - FREE_ATTEMPTS, 20));
}

/** Opens the sealed phrase with `pin`, unless a wait after wrong PINs is still running. */
export async function unlockSealed(storage: KeyStorage, pin: string, now: number): Promise<UnlockResult> {
  const stored = storage.getItem(SEALED_KEY);
  if (stored === null) return { ok: false, reason: "none" };
  const before = attemptsOf(storage);
  if (before.blockedUntil > now) return { ok: false, reason: "wait", attempts: before };
  let sealed: Sealed;
  try {
    sealed = JSON.parse(stored) as Sealed;
  } catch {
    return { ok: false, reason: "none" };
  }
  const phrase = await unseal(sealed, pin);
  if (phrase !== null) {
    storage.removeItem(ATTEMPTS_KEY);
    return { ok: true, phrase };
  }
  const failures = before.failures + 1;
  const wait = waitAfter(failures);
  const attempts = { failures, blockedUntil: wait > 0 ? now + wait : 0 };
  storage.setItem(ATTEMPTS_KEY, JSON.stringify(attempts));
  return { ok: false, reason: "wrong", attempts };
}

/** Removes the account from this browser: sealed copy, plain copy and the count of wrong PINs. */
export function forgetStored(storage: KeyStorage): void {
  for (const key of [SEALED_KEY, LEGACY_KEY, ATTEMPTS_KEY]) storage.removeItem(key);
}
