/** One user action that sends a transaction: its progress and outcome, announced via aria-live. */
import type { TransactionReceipt } from "ethers";

import { plainError } from "./errors/index.js";
import { i18n, t } from "./i18n/index.svelte.js";
import type { SendStatus } from "./chain/send.js";

export class Action {
  busy = $state(false);
  txHash = $state<string | null>(null);
  /**
   * The outcome is kept as what to say, not as a sentence: the resident may switch the language
   * while it is on screen, and it then reads in the new one (a `done` given as a string stays as
   * it was written; pass a function to have it follow the language too).
   */
  #say = $state.raw<(() => string) | null>(null);
  #failure = $state.raw<{ error: unknown } | null>(null);

  /** The progress or success sentence in the current language, or "". */
  get message(): string {
    return this.#say ? this.#say() : "";
  }

  /** The failure in plain language in the current language, or "". */
  get error(): string {
    return this.#failure ? plainError(this.#failure.error, i18n.lang) : "";
  }

  /** Runs `work`, reporting progress; returns its receipt, or null when it failed. */
  async run(
    work: (onStatus: SendStatus) => Promise<TransactionReceipt | void>,
    done?: string | (() => string),
  ): Promise<TransactionReceipt | null> {
    this.busy = true;
    this.#failure = null;
    this.txHash = null;
    this.#say = () => t("sending");
    try {
      const receipt = await work((phase, txHash) => {
        if (phase === "sent") {
          this.#say = () => t("sentWaiting");
          this.txHash = txHash ?? null;
        }
      });
      this.#say = () =>
        [typeof done === "function" ? done() : done, receipt ? t("confirmed", { block: receipt.blockNumber }) : ""]
          .filter(Boolean)
          .join(" ");
      return receipt ?? null;
    } catch (error) {
      this.#say = null;
      this.#failure = { error };
      return null;
    } finally {
      this.busy = false;
    }
  }
}
