/** The app's language: Dutch by default, English on request; remembered in this browser. */
import { formatCount, formatDuration, formatEuros, localeOf } from "../format.js";
import { messages, type MessageKey } from "./messages.js";

export type Lang = "nl" | "en";
const STORAGE_KEY = "buurtkas.lang";

type Texts = Readonly<Record<string, readonly [string, string]>>;
/** Texts of pages that load on demand (registered by their message module). */
const pageMessages: Record<string, readonly [string, string]> = {};

/** Adds a lazily loaded page's texts (messages/backoffice.ts). */
export function registerMessages(texts: Texts): void {
  Object.assign(pageMessages, texts);
}

class I18n {
  lang = $state<Lang>(readStoredLang());

  set(lang: Lang): void {
    this.lang = lang;
    localStorage.setItem(STORAGE_KEY, lang);
    document.documentElement.lang = lang;
  }

  /** The text for `key` in the current language with `{name}` placeholders filled in. */
  t = (key: MessageKey, values: Record<string, string | number | bigint> = {}): string => {
    const pair = (messages as Texts)[key] ?? pageMessages[key];
    // A page's texts load with the page; a key from a page not loaded yet shows as itself.
    const text: string = pair ? pair[this.lang === "nl" ? 0 : 1] : key;
    return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
  };

  locale(): string {
    return localeOf(this.lang);
  }

  /** Whole euros with the currency sign: "€ 30.000" (nl), "€30,000" (en). */
  money = (value: bigint | string | number): string => formatEuros(value, this.lang);

  /** A count with thousands separators. */
  count = (value: bigint | string | number): string => formatCount(value, this.lang);

  /** "3 dagen en 4 uur". */
  duration = (seconds: number): string => formatDuration(seconds, this.lang);

  /** `one` for exactly 1, else `many`, each with `{n}` filled in (formatted). */
  plural = (n: bigint | number | string, one: MessageKey, many: MessageKey): string =>
    this.t(BigInt(n) === 1n ? one : many, { n: formatCount(n, this.lang) });

  date = (unixSeconds: number): string =>
    new Date(unixSeconds * 1000).toLocaleString(this.locale(), { dateStyle: "medium", timeStyle: "short" });

  /** Whole euros (budgets, costs) with thousands separators. */
  euros = (value: bigint | string | number): string => BigInt(value).toLocaleString(this.locale());

  /** Coins have 2 decimals on chain. */
  coins = (cents: bigint | string): string => {
    const value = BigInt(cents);
    const sign = value < 0n ? "-" : "";
    const abs = value < 0n ? -value : value;
    const decimal = this.lang === "nl" ? "," : ".";
    return `${sign}${(abs / 100n).toLocaleString(this.locale())}${decimal}${(abs % 100n).toString().padStart(2, "0")}`;
  };
}

function readStoredLang(): Lang {
  const stored = typeof localStorage === "undefined" ? null : localStorage.getItem(STORAGE_KEY);
  return stored === "en" ? "en" : "nl";
}

export const i18n = new I18n();
export const t = i18n.t;
