/**
 * The municipality's theme, loaded once at start-up from theme/theme.json (lib/theme/schema.ts).
 * Its tokens are set as CSS custom properties on the document, so every page, including pages
 * that know nothing of themes, takes the municipality's colours from the shared stylesheet.
 */
import { keccak256, toUtf8Bytes } from "ethers";

import { themeSchema, type Theme } from "./schema.js";

export type { Theme };

/** theme/… relative to the page, as the build lays it out next to index.html. */
export const themeFile = (name: string): string => `theme/${name}`;

class ThemeState {
  current = $state.raw<Theme | null>(null);
  /** Shop listing by its keccak256 (the merchant's nameHash on chain). */
  shopsByHash = $state.raw<ReadonlyMap<string, string>>(new Map());

  async load(fetchFile: typeof fetch = fetch): Promise<Theme> {
    const response = await fetchFile(themeFile("theme.json"));
    if (!response.ok) throw new Error(`theme/theme.json answered HTTP ${response.status}`);
    const parsed = themeSchema.safeParse(await response.json());
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`theme/theme.json: ${issue.path.join(".") || "(root)"} ${issue.message}`);
    }
    this.apply(parsed.data);
    return parsed.data;
  }

  apply(theme: Theme): void {
    this.current = theme;
    this.shopsByHash = new Map(theme.shops.map((listing) => [keccak256(toUtf8Bytes(listing)), listing]));
    const root = document.documentElement;
    for (const [name, value] of Object.entries(theme.tokens)) root.style.setProperty(name, value);
    document.title = theme.appName;
  }

  /** "Centrum" for district 1 when the theme names it, else `fallback` ("Wijk 1"). */
  districtName(district: number | string, fallback: string): string {
    return this.current?.districts[String(district)] ?? fallback;
  }
}

export const theme = new ThemeState();
