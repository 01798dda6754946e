/**
 * What a resident who votes with nothing but the letter keeps in this browser, encrypted with a
 * PIN (vault.ts): the account key the letter's code registered (no recovery phrase), and per
 * secret round the one-time key, the blinding factor and the unblinded token. Losing it loses
 * only the ability to change the vote from this device; the ballot stays counted.
 */
import { Wallet } from "ethers";

import { account } from "./account.svelte.js";
import { seal, unseal, type Sealed } from "./vault.js";

const STORAGE_KEY = "buurtkas.letterVault";

export interface SecretRoundKeys {
  district: number;
  /** The one-time key's private key (0x hex). */
  oneTimeKey: string;
  /** The blinding factor and blinded message (hex), kept until the token is unblinded. */
  r: string;
  blinded: string;
  /** The unblinded token (hex), once the issuer answered. */
  token?: string;
}

interface VaultData {
  residentKey: string;
  rounds: Record<string, SecretRoundKeys>;
}

class LetterVault {
  /** Whether this browser holds a vault (locked or not). */
  exists = $state(typeof localStorage !== "undefined" && localStorage.getItem(STORAGE_KEY) !== null);
  unlocked = $state(false);
  /** Counts changes to the rounds' keys, so what reads them (the receipt's voter) follows. */
  version = $state(0);
  #data: VaultData | null = null;
  #pin: string | null = null;

  /** A new vault for a fresh account key; the account uses it from now on. */
  async create(pin: string): Promise<Wallet> {
    const wallet = Wallet.createRandom();
    this.#data = { residentKey: wallet.privateKey, rounds: {} };
    this.#pin = pin;
    await this.#save();
    this.#use();
    return new Wallet(wallet.privateKey);
  }

  /** Opens the vault with the PIN; false when the PIN is wrong. */
  async unlock(pin: string): Promise<boolean> {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (!stored) return false;
    const plain = await unseal(JSON.parse(stored) as Sealed, pin);
    if (plain === null) return false;
    this.#data = JSON.parse(plain) as VaultData;
    this.#pin = pin;
    this.#use();
    return true;
  }

  round(roundId: string): SecretRoundKeys | undefined {
    void this.version;
    return this.#data?.rounds[roundId];
  }

  async setRound(roundId: string, keys: SecretRoundKeys): Promise<void> {
    if (!this.#data) throw new Error("the vault is locked");
    this.#data.rounds[roundId] = keys;
    await this.#save();
    this.version++;
  }

  #use(): void {
    this.unlocked = true;
    account.useKey(new Wallet(this.#data!.residentKey));
  }

  async #save(): Promise<void> {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(await seal(JSON.stringify(this.#data), this.#pin!)));
    this.exists = true;
  }
}

export const letterVault = new LetterVault();
