/** Texts of the cost-against-votes chart (loaded with the results page). */
import type { TallyRuleLabel } from "../../../../lib/budget/index.js";

export const chartTexts = {
  chartCostVotes: ["Kosten en stemmen per project", "Cost and votes per project"],
  chartCostVotesHelp: [
    "Rechts staan dure projecten, bovenaan projecten met veel stemmen. Het nummer hoort bij de tabel eronder.",
    "Expensive projects are on the right, projects with many votes at the top. The number belongs to the table below.",
  ],
  chartCostVotesDesc: [
    "Spreidingsdiagram: kosten horizontaal, stemmen verticaal. Een vierkant: gekozen door de officiële telling. Een ring: gekozen door de methode van gelijke delen. Een kruis: door geen van beide gekozen. De tabel eronder geeft dezelfde gegevens.",
    "Scatter plot: cost across, votes up. A square: chosen by the official count. A ring: chosen by the Method of Equal Shares. A cross: chosen by neither. The table below gives the same data.",
  ],
  chartCostVotesDescMes: [
    "Spreidingsdiagram: kosten horizontaal, stemmen verticaal. Een ring: gekozen door de officiële telling, de methode van gelijke delen. Een vierkant: gekozen door meeste stemmen eerst, ter vergelijking. Een kruis: door geen van beide gekozen. De tabel eronder geeft dezelfde gegevens.",
    "Scatter plot: cost across, votes up. A ring: chosen by the official count, the Method of Equal Shares. A square: chosen by most votes first, for comparison. A cross: chosen by neither. The table below gives the same data.",
  ],
  legendGreedy: [
    "Vierkant: gekozen door de officiële telling (meeste stemmen eerst)",
    "Square: chosen by the official count (most votes first)",
  ],
  legendGreedyComparison: [
    "Vierkant: gekozen door meeste stemmen eerst (ter vergelijking)",
    "Square: chosen by most votes first (for comparison)",
  ],
  legendMes: ["Ring: gekozen door de methode van gelijke delen", "Ring: chosen by the Method of Equal Shares"],
  legendMesOfficial: [
    "Ring: gekozen door de officiële telling (methode van gelijke delen)",
    "Ring: chosen by the official count (Method of Equal Shares)",
  ],
  legendNone: ["Kruis: niet gekozen", "Cross: not chosen"],
  ruleGreedyShort: ["Officiële telling", "Official count"],
  ruleGreedyComparisonShort: ["Meeste stemmen eerst (vergelijking)", "Most votes first (comparison)"],
  ruleMesShort: ["Gelijke delen", "Equal shares"],
  ruleMesOfficialShort: ["Gelijke delen (officieel)", "Equal shares (official)"],
} as const;

type ChartKey = keyof typeof chartTexts;

/**
 * The chart's words for a round's tally rule: the official count is the rule the round names, the
 * other one is shown for comparison (a greedy round's squares, an Equal Shares round's rings).
 */
export function chartWords(
  tallyRule: TallyRuleLabel,
): Record<"desc" | "greedy" | "mes" | "greedyColumn" | "mesColumn", ChartKey> {
  return tallyRule === "greedy"
    ? {
        desc: "chartCostVotesDesc",
        greedy: "legendGreedy",
        mes: "legendMes",
        greedyColumn: "ruleGreedyShort",
        mesColumn: "ruleMesShort",
      }
    : {
        desc: "chartCostVotesDescMes",
        greedy: "legendGreedyComparison",
        mes: "legendMesOfficial",
        greedyColumn: "ruleGreedyComparisonShort",
        mesColumn: "ruleMesOfficialShort",
      };
}
