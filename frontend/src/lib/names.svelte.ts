/**
 * Names for addresses, where a name exists: the resident's own account ("U"), the installation's
 * contracts ("Klussenbord"), and registered shops: by their listing in the content store (a
 * `merchant` document whose hash is the shop's current name hash: the one its registration or its
 * latest `MerchantRenamed` anchored on the coin contract), or by a plain listing
 * in the theme that hashes to it. Either way the chain's hash decides, so no store or theme can
 * rename a shop. Anyone else stays a short address: the chain knows no names
 * of residents, and we do not make them up.
 */
import type { Merchant } from "../../../lib/api/schemas.js";
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
  /** The merchant list (address and name hash of each) the names were read from, or are being read from. */
  #listed = "";

  /** Reads the merchant list once; a failure leaves shops unnamed (addresses), never wrong. */
  loadShops(): Promise<void> {
    if (this.#loading) return this.#loading;
    const generation = ++this.#generation;
    this.#loading = system()
      .api.merchants()
      .then(async (answer) => {
        this.#listed = listKey(answer.items);
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
        if (generation !== this.#generation) return;
        this.#loading = null;
        this.#listed = "";
      });
    return this.#loading;
  }

  /** Reads the merchant list again (a shop was registered, renamed or removed: Live.shops). */
  reloadShops(): Promise<void> {
    this.#loading = null;
    return this.loadShops();
  }

  /**
   * Reads the names again when `merchants`, a page's newer copy of the list, is not the list they
   * were read from: the names are read once when the app loads, and a shop registered or renamed
   * since would otherwise stay an address until the next load.
   */
  follow(merchants: readonly Merchant[]): void {
    const key = listKey(merchants);
    if (key === this.#listed) return;
    this.#listed = key;
    void this.reloadShops();
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

/** A merchant list's identity for `follow`: who is listed, under which name hash. */
function listKey(merchants: readonly Merchant[]): string {
  return merchants
    .map((m) => `${m.address.toLowerCase()}:${m.nameHash.toLowerCase()}`)
    .sort()
    .join(",");
}

export const names = new Names();
