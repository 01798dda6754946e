/**
 * The resident's account: a key generated in this browser and backed up by a 12-word recovery
 * phrase (kept in localStorage, never sent anywhere), or an injected EIP-1193 wallet. Registration
 * and balance are read from the chain itself.
 */
import { BrowserProvider, HDNodeWallet, Mnemonic, Wallet, type Eip1193Provider, type Signer } from "ethers";

import { system } from "../chain/system.svelte.js";

const PHRASE_KEY = "buurtkas.recoveryPhrase";

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

class Account {
  address = $state<string | null>(null);
  kind = $state<"local" | "injected" | null>(null);
  registration = $state.raw<Registration | null>(null);
  /** Coin balance in cents. */
  balance = $state<bigint>(0n);
  #signer: Signer | null = null;

  /** Picks up a key stored by an earlier visit. */
  restoreStored(): void {
    const phrase = localStorage.getItem(PHRASE_KEY);
    if (phrase) this.#useLocal(Wallet.fromPhrase(phrase));
  }

  /** A new key; returns its recovery phrase, which the resident must write down. */
  create(): string {
    const wallet = Wallet.createRandom();
    const phrase = wallet.mnemonic!.phrase;
    localStorage.setItem(PHRASE_KEY, phrase);
    this.#useLocal(wallet);
    return phrase;
  }

  /** Restores the key of a recovery phrase; false when the phrase is not valid. */
  restore(input: string): boolean {
    const phrase = input.trim().toLowerCase().split(/\s+/).join(" ");
    if (!Mnemonic.isValidMnemonic(phrase)) return false;
    localStorage.setItem(PHRASE_KEY, phrase);
    this.#useLocal(Wallet.fromPhrase(phrase));
    return true;
  }

  /** Uses a key kept elsewhere (the letter vault, lib/account/letter.svelte.ts): no recovery phrase. */
  useKey(wallet: Wallet): void {
    this.#useLocal(wallet);
  }

  phrase(): string | null {
    return this.kind === "local" ? localStorage.getItem(PHRASE_KEY) : null;
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
    localStorage.removeItem(PHRASE_KEY);
    this.#signer = null;
    this.kind = null;
    this.address = null;
    this.registration = null;
    this.balance = 0n;
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

  #useLocal(wallet: Wallet | HDNodeWallet): void {
    this.#signer = wallet.connect(system().provider);
    this.kind = "local";
    this.address = wallet.address.toLowerCase();
    void this.refresh().catch(() => {});
  }
}

export const account = new Account();
