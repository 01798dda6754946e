/**
 * Names for addresses, where a name exists: the resident's own account ("U"), the installation's
 * contracts ("Klussenbord"), and registered shops: by their listing in the content store (a
 * `merchant` document whose hash is the shop's current name hash: the one its registration or its
 * latest `MerchantRenamed` anchored on the coin contract), or by a plain listing
 * in the theme that hashes to it. Either way the chain's hash decides, so no store or theme can
 * rename a shop. Anyone else stays a short address: the chain knows no names
 * of residents, and we do not make them up.
 */
import { system, type ContractKey } from "./chain/system.svelte.js";
import { t } from "./i18n/index.svelte.js";
import type { MessageKey } from "./i18n/messages.js";
import { theme } from "./theme/theme.svelte.js";

const CONTRACT_NAMES: Record<ContractKey, MessageKey> = {
  BudgetRound: "nameBudgetRound",
  BuurtkasForwarder: "nameForwarder",
  LocalCoin: "nameMunicipality",
  ResidentRegistry: "nameRegistry",
  TaskBoard: "nameTaskBoard",
  ResultCommitments: "nameResultCommitments",
  SecretBallots: "nameSecretBallots",
  PaperBallotDesk: "namePaperBallotDesk",
};

class Names {
  /** Shop name by merchant address (lowercase), for merchants whose listing matched. */
  shops = $state.raw<ReadonlyMap<string, string>>(new Map());
  #loading: Promise<void> | null = null;
  /** Which read is the latest: an older one that answers late must not put back an old name. */
  #generation = 0;

  /** Reads the merchant list once; a failure leaves shops unnamed (addresses), never wrong. */
  loadShops(): Promise<void> {
    if (this.#loading) return this.#loading;
    const generation = ++this.#generation;
    this.#loading = system()
      .api.merchants()
      .then(async (answer) => {
        // The content store's reader loads with the first list of shops, not with the first visit.
        const { readDocument } = await import("./chain/content.js");
        const byHash = theme.shopsByHash;
        const named = await Promise.all(
          answer.items.map(async (m): Promise<[string, string] | null> => {
            const listing = byHash.get(m.nameHash.toLowerCase());
            if (listing) return [m.address.toLowerCase(), listing];
            const read = await readDocument(m.nameHash, "merchant").catch(() => null);
            return read?.state === "shown" ? [m.address.toLowerCase(), read.document.name] : null;
          }),
        );
        if (generation === this.#generation) this.shops = new Map(named.filter((entry) => entry !== null));
      })
      .catch(() => {
        if (generation === this.#generation) this.#loading = null;
      });
    return this.#loading;
  }

  /** Reads the merchant list again (a shop was registered, renamed or removed: Live.shops). */
  reloadShops(): Promise<void> {
    this.#loading = null;
    return this.loadShops();
  }

  /** The shop's name, or null. */
  shop(address: string): string | null {
    return this.shops.get(address.toLowerCase()) ?? null;
  }

  /** A name for `address` as seen by `me`, or null when none exists. */
  of(address: string, me: string | null): string | null {
    const lower = address.toLowerCase();
    if (me && lower === me.toLowerCase()) return t("nameYou");
    const shop = this.shops.get(lower);
    if (shop) return shop;
    const contracts = system().deployment.contracts;
    for (const [key, message] of Object.entries(CONTRACT_NAMES) as [ContractKey, MessageKey][]) {
      if (contracts[key].address.toLowerCase() === lower) return t(message);
    }
    return null;
  }
}

export const names = new Names();
