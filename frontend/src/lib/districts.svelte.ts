/**
 * District names, from the rounds' rules documents (GET /api/districts, anchored on chain), else
 * from the municipality's theme, else "Wijk N". Loaded once, on the first label asked for.
 */
import { system } from "./chain/system.svelte.js";
import { t } from "./i18n/index.svelte.js";
import { theme } from "./theme/theme.svelte.js";

class Districts {
  names = $state.raw<ReadonlyMap<number, string>>(new Map());
  #loading: Promise<void> | null = null;

  load(): Promise<void> {
    this.#loading ??= system()
      .api.districts()
      .then((answer) => {
        this.names = new Map(answer.items.map((d) => [d.district, d.name]));
      })
      .catch(() => {
        this.#loading = null;
      });
    return this.#loading;
  }

  /** The district's name, or "Wijk N" when none was given. */
  label = (district: number | string): string => {
    void this.load();
    return this.names.get(Number(district)) ?? theme.districtName(district, t("district", { district }));
  };
}

export const districts = new Districts();
export const districtLabel = districts.label;
