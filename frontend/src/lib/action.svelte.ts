/** One user action that sends a transaction: its progress and outcome, announced via aria-live. */
import type { TransactionReceipt } from "ethers";

import { plainError } from "./errors/index.js";
import { i18n, t } from "./i18n/index.svelte.js";
import type { SendStatus } from "./chain/send.js";

export class Action {
  busy = $state(false);
  message = $state("");
  error = $state("");
  txHash = $state<string | null>(null);

  /** Runs `work`, reporting progress; returns its receipt, or null when it failed. */
  async run(
    work: (onStatus: SendStatus) => Promise<TransactionReceipt | void>,
    done?: string | (() => string),
  ): Promise<TransactionReceipt | null> {
    this.busy = true;
    this.error = "";
    this.txHash = null;
    this.message = t("sending");
    try {
      const receipt = await work((phase, txHash) => {
        if (phase === "sent") {
          this.message = t("sentWaiting");
          this.txHash = txHash ?? null;
        }
      });
      this.message = [
        typeof done === "function" ? done() : done,
        receipt ? t("confirmed", { block: receipt.blockNumber }) : "",
      ]
        .filter(Boolean)
        .join(" ");
      return receipt ?? null;
    } catch (error) {
      this.message = "";
      this.error = plainError(error, i18n.lang);
      return null;
    } finally {
      this.busy = false;
    }
  }
}
