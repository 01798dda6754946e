/**
 * Numbers, money and dates the Dutch way (nl-NL) or the British way (en-GB), through Intl. Pure
 * functions of the language, so the error sentences and tests can use them outside Svelte; the
 * i18n class wraps them for the current language.
 */
export type Lang = "nl" | "en";

export const localeOf = (lang: Lang): string => (lang === "nl" ? "nl-NL" : "en-GB");

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}:${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(localeOf(lang), options);
    cache.set(key, format);
  }
  return format;
}

/** A count with thousands separators: 4.443 (nl), 4,443 (en). */
export function formatCount(value: bigint | number | string, lang: Lang): string {
  return numberFormat(lang, { maximumFractionDigits: 0 }).format(BigInt(value));
}

/** Whole euros (budgets, costs): "€ 30.000" (nl), "€30,000" (en). */
export function formatEuros(value: bigint | number | string, lang: Lang): string {
  return numberFormat(lang, { style: "currency", currency: "EUR", maximumFractionDigits: 0 }).format(BigInt(value));
}

/**
 * Coins have 2 decimals on chain (1 coin = 1 euro): "12,50" (nl), "12.50" (en). Exact: the cents
 * never pass through a float, so a large balance is not rounded.
 */
export function formatCoins(cents: bigint | string, lang: Lang): string {
  const value = BigInt(cents);
  const abs = value < 0n ? -value : value;
  const whole = numberFormat(lang, { maximumFractionDigits: 0 }).format(abs / 100n);
  const decimal = lang === "nl" ? "," : ".";
  return `${value < 0n ? "−" : ""}${whole}${decimal}${(abs % 100n).toString().padStart(2, "0")}`;
}

/** A date and time: "1 dec 2026, 14:00" (nl). */
export function formatDate(unixSeconds: number | bigint | string, lang: Lang): string {
  return new Date(Number(unixSeconds) * 1000).toLocaleString(localeOf(lang), {
    dateStyle: "medium",
    timeStyle: "short",
  });
}

/** "3 dagen en 4 uur" / "3 days and 4 hours": the largest unit, and the next one when it is not zero. */
export function formatDuration(seconds: number, lang: Lang): string {
  const units: [number, [string, string], [string, string]][] = [
    [86_400, ["dag", "dagen"], ["day", "days"]],
    [3_600, ["uur", "uur"], ["hour", "hours"]],
    [60, ["minuut", "minuten"], ["minute", "minutes"]],
  ];
  const parts: string[] = [];
  let rest = Math.max(0, Math.floor(seconds));
  for (const [size, nl, en] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 && parts.length < 2) {
      const [one, many] = lang === "nl" ? nl : en;
      parts.push(`${formatCount(n, lang)} ${n === 1 ? one : many}`);
    } else if (parts.length > 0) break;
  }
  if (parts.length === 0) return lang === "nl" ? "minder dan een minuut" : "less than a minute";
  return parts.join(lang === "nl" ? " en " : " and ");
}

/** "1 stemmer" / "2 stemmers": a count with the right singular or plural noun. */
export function plural(n: bigint | number | string, one: string, many: string, lang: Lang): string {
  return `${formatCount(n, lang)} ${BigInt(n) === 1n ? one : many}`;
}
