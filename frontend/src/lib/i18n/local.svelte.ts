/**
 * Texts that only some pages show live with those pages, not in the app's message table, so the
 * first visit does not load them (the initial JavaScript budget). `dictionary(table)` gives a `t`
 * for that table in the current language, with `{name}` placeholders filled in as `t` does.
 */
import { i18n } from "./index.svelte.js";

export type Texts = Record<string, readonly [nl: string, en: string]>;

export function dictionary<T extends Texts>(table: T) {
  return (key: keyof T & string, values: Record<string, string | number | bigint> = {}): string =>
    table[key]![i18n.lang === "nl" ? 0 : 1].replace(/\{(\w+)\}/g, (match, name: string) =>
      name in values ? String(values[name]) : match,
    );
}
