/** Texts of the cost-against-votes chart (loaded with the results page). */
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
  legendGreedy: [
    "Vierkant: gekozen door de officiële telling (meeste stemmen eerst)",
    "Square: chosen by the official count (most votes first)",
  ],
  legendMes: ["Ring: gekozen door de methode van gelijke delen", "Ring: chosen by the Method of Equal Shares"],
  legendNone: ["Kruis: niet gekozen", "Cross: not chosen"],
  ruleGreedyShort: ["Officiële telling", "Official count"],
  ruleMesShort: ["Gelijke delen", "Equal shares"],
} as const;
