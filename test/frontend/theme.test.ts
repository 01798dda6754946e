/**
 * The demo's municipal theme (frontend/themes/assen) is what the front end accepts: it parses with
 * the schema the app checks theme/theme.json with, its district outlines name the same districts,
 * and a wrong file is refused with the field named. Also the Dutch and English formatting the
 * pages use for money, counts and durations.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { formatCoins, formatCount, formatDuration, formatEuros } from "../../frontend/src/lib/format.js";
import { themeSchema } from "../../frontend/src/lib/theme/schema.js";

const folder = path.resolve(import.meta.dirname, "../../frontend/themes/assen");
const theme = JSON.parse(readFileSync(path.join(folder, "theme.json"), "utf8")) as Record<string, unknown>;

describe("the Assen theme", () => {
  test("parses, and its logo and outlines are files next to it", () => {
    const parsed = themeSchema.parse(theme);
    expect(parsed.municipality).toBe("Gemeente Assen");
    expect(existsSync(path.join(folder, parsed.logo))).toBe(true);
    expect(parsed.map.tiles).toContain("service.pdok.nl/brt/achtergrondkaart");
    expect(new Set(parsed.proposalThemes).size).toBe(parsed.proposalThemes.length);
    const outlines = JSON.parse(readFileSync(path.join(folder, parsed.map.outlines!), "utf8")) as {
      features: { properties: { district: number; name: string } }[];
    };
    expect(outlines.features.map((f) => [String(f.properties.district), f.properties.name])).toEqual(
      Object.entries(parsed.districts),
    );
  });

  test("a wrong file is refused with the field named", () => {
    const bad = themeSchema.safeParse({ ...theme, tokens: { brand: "#fff" } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path.join(".")).toBe("tokens.brand");
    const unknown = themeSchema.safeParse({ ...theme, colour: "red" });
    expect(unknown.success).toBe(false);
    const injected = themeSchema.safeParse({ ...theme, tokens: { "--buurtkas-brand": "red; } body { display: none" } });
    expect(injected.success).toBe(false);
  });
});

describe("formatting", () => {
  test("money, coins and counts the Dutch and the English way", () => {
    expect(formatEuros(4443n, "nl")).toBe("€\u00a04.443");
    expect(formatEuros(4443n, "en")).toBe("€4,443");
    expect(formatCoins(150000n, "nl")).toBe("1.500,00");
    expect(formatCoins(5n, "en")).toBe("0.05");
    expect(formatCount(1n, "nl")).toBe("1");
    expect(formatCount(12345678901234567890n, "nl")).toBe("12.345.678.901.234.567.890");
  });

  test("durations: the largest unit and the next, singular and plural", () => {
    expect(formatDuration(3 * 86_400 + 4 * 3_600 + 59, "nl")).toBe("3 dagen en 4 uur");
    // The next unit only when it follows the largest directly: minutes do not matter a day ahead.
    expect(formatDuration(86_400 + 60, "en")).toBe("1 day");
    expect(formatDuration(3_600 + 120, "en")).toBe("1 hour and 2 minutes");
    expect(formatDuration(3_600, "en")).toBe("1 hour");
    expect(formatDuration(30, "nl")).toBe("minder dan een minuut");
  });
});
