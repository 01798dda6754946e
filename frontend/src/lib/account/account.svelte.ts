/**
 * The resident's account: a key generated in this browser and backed up by a 12-word recovery
 * phrase, or an injected EIP-1193 wallet. The phrase is stored only sealed under the resident's
 * PIN or passphrase (keyStore.ts) and never sent anywhere; unlocked, it is kept in memory only,
 * so a closed tab or the lock button locks it again. Registration and balance are read from the
 * chain itself.
 */
import { BrowserProvider, HDNodeWallet, Mnemonic, Wallet, type Eip1193Provider, type Signer } from "ethers";

import { system } from "../chain/system.svelte.js";
import {
  attemptsOf,
  forgetStored,
  legacyPhrase,
  saveSealed,
  storedState,
  unlockSealed,
  type Attempts,
  type StoredState,
  type UnlockResult,
} from "./keyStore.js";

export interface Registration {
  district: number;
  expiresAt: number;
  revoked: boolean;
}

declare global {
  interface Window {
    ethereum?: Eip1193Provider;
  }
}

/** Normalises a typed recovery phrase; null when it is not a valid one. */
export function recoveryPhraseOf(input: string): string | null {
  const phrase = input.trim().toLowerCase().split(/\s+/).join(" ");
  return Mnemonic.isValidMnemonic(phrase) ? phrase : null;
}

class Account {
  address = $state<string | null>(null);
  kind = $state<"local" | "injected" | null>(null);
  registration = $state.raw<Registration | null>(null);
  /** Coin balance in cents. */
  balance = $state<bigint>(0n);
  /** What this browser stores: a sealed phrase (locked until `unlock`), a plain one to migrate, or none. */
  stored = $state<StoredState>("none");
  #signer: Signer | null = null;
  /** The unlocked recovery phrase: in memory only. */
  #phrase: string | null = null;

  /** Reads what an earlier visit stored; a sealed account stays locked until the PIN is given. */
  restoreStored(): void {
    this.stored = storedState(localStorage);
  }

  /** A new key sealed under `pin`; returns its recovery phrase, which the resident must write down. */
  async create(pin: string): Promise<string> {
    const wallet = Wallet.createRandom();
    const phrase = wallet.mnemonic!.phrase;
    await this.#seal(phrase, pin);
    this.#useLocal(wallet, phrase);
    return phrase;
  }

  /** Restores the key of a recovery phrase, sealed under `pin`; false when the phrase is not valid. */
  async restore(input: string, pin: string): Promise<boolean> {
    const phrase = recoveryPhraseOf(input);
    if (!phrase) return false;
    await this.#seal(phrase, pin);
    this.#useLocal(Wallet.fromPhrase(phrase), phrase);
    return true;
  }

  /** Opens the sealed account with the resident's PIN (refused while a wait after wrong PINs runs). */
  async unlock(pin: string): Promise<UnlockResult> {
    const result = await unlockSealed(localStorage, pin, Date.now());
    if (result.ok) this.#useLocal(Wallet.fromPhrase(result.phrase), result.phrase);
    return result;
  }

  /** Wrong PINs so far and the wait they caused. */
  attempts(): Attempts {
    return attemptsOf(localStorage);
  }

  /** Seals the plain phrase an older version stored under the PIN now chosen; the plain copy goes. */
  async migrate(pin: string): Promise<void> {
    const stored = legacyPhrase(localStorage);
    const phrase = stored === null ? null : recoveryPhraseOf(stored);
    if (!phrase) {
      // Not a recovery phrase (damaged): nothing to protect, and nothing a resident could use.
      forgetStored(localStorage);
      this.stored = "none";
      return;
    }
    await this.#seal(phrase, pin);
    this.#useLocal(Wallet.fromPhrase(phrase), phrase);
  }

  /** Forgets the unlocked key; the sealed copy stays for the next unlock. */
  lock(): void {
    this.#clear();
  }

  /** Whether the lock button makes sense: an account whose phrase is sealed here. */
  get lockable(): boolean {
    return this.kind === "local" && this.#phrase !== null && this.stored === "sealed";
  }

  /** Uses a key kept elsewhere (the letter vault, lib/account/letter.svelte.ts): no recovery phrase. */
  useKey(wallet: Wallet): void {
    this.#useLocal(wallet, null);
  }

  phrase(): string | null {
    return this.kind === "local" ? this.#phrase : null;
  }

  hasInjected(): boolean {
    return typeof window !== "undefined" && window.ethereum !== undefined;
  }

  async connectInjected(): Promise<void> {
    if (!window.ethereum) throw new Error("no injected wallet");
    const signer = await new BrowserProvider(window.ethereum).getSigner();
    this.#signer = signer;
    this.kind = "injected";
    this.address = (await signer.getAddress()).toLowerCase();
    await this.refresh();
  }

  signOut(): void {
    forgetStored(localStorage);
    this.stored = "none";
    this.#clear();
  }

  get signer(): Signer {
    if (!this.#signer) throw new Error("no account");
    return this.#signer;
  }

  /** Re-reads registration and balance from the chain. */
  async refresh(): Promise<void> {
    const address = this.address;
    if (!address) return;
    const { contracts } = system();
    const [registration, balance] = await Promise.all([
      contracts.ResidentRegistry.registrationOf(address),
      contracts.LocalCoin.balanceOf(address),
    ]);
    if (address !== this.address) return;
    const district = Number(registration.district);
    const expiresAt = Number(registration.expiresAt);
    this.registration =
      district > 0 && !registration.revoked && expiresAt * 1000 > Date.now()
        ? { district, expiresAt, revoked: registration.revoked }
        : null;
    this.balance = balance;
  }

  async #seal(phrase: string, pin: string): Promise<void> {
    await saveSealed(localStorage, phrase, pin);
    this.stored = "sealed";
  }

  #clear(): void {
    this.#signer = null;
    this.#phrase = null;
    this.kind = null;
    this.address = null;
    this.registration = null;
    this.balance = 0n;
  }

  #useLocal(wallet: Wallet | HDNodeWallet, phrase: string | null): void {
    this.#phrase = phrase;
    this.#signer = wallet.connect(system().provider);
    this.kind = "local";
    this.address = wallet.address.toLowerCase();
    void this.refresh().catch(() => {});
  }
}

export const account = new Account();
