/** What the round page's list of proposals is narrowed to and ordered by (the API's query). */
export interface Filters {
  /** Words to search for (the API searches with PostgreSQL's Dutch full-text configuration). */
  q: string;
  district: string;
  /** One of the municipality's proposal themes (theme.json `proposalThemes`), or "" for all. */
  theme: string;
  status: "" | "submitted" | "feasible" | "infeasible" | "onBallot" | "chosen" | "notChosen" | "inProgress" | "done";
  sort: "" | "newest" | "support" | "cost";
}
