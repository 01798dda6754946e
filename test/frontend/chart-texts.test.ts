/** The results chart's legend names the round's own rule as the official count (frontend/src/pages/results/chartTexts.ts). */
import { describe, expect, test } from "vitest";

import { TallyRuleLabels } from "../../lib/budget/index.js";
import { chartTexts, chartWords } from "../../frontend/src/pages/results/chartTexts.js";

const words = (rule: (typeof TallyRuleLabels)[number], lang: 0 | 1) =>
  Object.fromEntries(Object.entries(chartWords(rule)).map(([part, key]) => [part, chartTexts[key][lang]]));

describe("cost-against-votes chart texts", () => {
  test("a greedy round: the squares are the official count, the rings equal shares", () => {
    expect(words("greedy", 0)).toMatchObject({
      greedy: "Vierkant: gekozen door de officiële telling (meeste stemmen eerst)",
      mes: "Ring: gekozen door de methode van gelijke delen",
    });
    expect(words("greedy", 1).greedy).toBe("Square: chosen by the official count (most votes first)");
  });

  test("an Equal Shares round: the rings are the official count, the squares greedy for comparison", () => {
    const nl = words("equal-shares-add1", 0);
    const en = words("equal-shares-add1", 1);
    expect(nl).toMatchObject({
      greedy: "Vierkant: gekozen door meeste stemmen eerst (ter vergelijking)",
      mes: "Ring: gekozen door de officiële telling (methode van gelijke delen)",
      greedyColumn: "Meeste stemmen eerst (vergelijking)",
      mesColumn: "Gelijke delen (officieel)",
    });
    expect(en).toMatchObject({
      greedy: "Square: chosen by most votes first (for comparison)",
      mes: "Ring: chosen by the official count (Method of Equal Shares)",
    });
    // Nothing in an Equal Shares round's chart calls greedy the official count.
    for (const text of [...Object.values(nl), ...Object.values(en)]) {
      expect(text).not.toMatch(/officiële telling \(meeste|official count \(most|Officiële telling$|^Official count$/);
    }
    expect(nl.desc).toContain("Een ring: gekozen door de officiële telling, de methode van gelijke delen");
  });

  test("every tally rule has its words, in both languages", () => {
    for (const rule of TallyRuleLabels) {
      for (const key of Object.values(chartWords(rule)))
        expect(chartTexts[key].every((text) => text.length > 0)).toBe(true);
    }
  });
});
