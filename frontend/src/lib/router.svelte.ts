/** Hash routing (`#/rounds/1/ballot`): works from any folder the backend serves the app from. */
import type { Component } from "svelte";

type Loader = () => Promise<{ default: Component<Record<string, string>> }>;

const routes: [RegExp, string[], Loader][] = [
  [/^\/$/, [], () => import("../pages/budget/RoundsPage.svelte")],
  [/^\/account$/, [], () => import("../pages/account/AccountPage.svelte")],
  [/^\/rounds\/(\d+)$/, ["roundId"], () => import("../pages/budget/RoundPage.svelte")],
  [/^\/rounds\/(\d+)\/propose$/, ["roundId"], () => import("../pages/budget/ProposalForm.svelte")],
  [/^\/rounds\/(\d+)\/ballot$/, ["roundId"], () => import("../pages/ballot/BallotPage.svelte")],
  [/^\/rounds\/(\d+)\/results$/, ["roundId"], () => import("../pages/results/ResultsPage.svelte")],
  [/^\/rounds\/(\d+)\/audit$/, ["roundId"], () => import("../pages/audit/AuditPage.svelte")],
  [/^\/proposals\/(\d+)$/, ["proposalId"], () => import("../pages/budget/ProposalPage.svelte")],
  [/^\/tasks$/, [], () => import("../pages/tasks/TasksPage.svelte")],
  [/^\/tasks\/(\d+)$/, ["taskId"], () => import("../pages/tasks/TaskPage.svelte")],
  [/^\/wallet$/, [], () => import("../pages/wallet/WalletPage.svelte")],
  [/^\/merchant$/, [], () => import("../pages/merchant/MerchantPage.svelte")],
  [/^\/officials$/, [], () => import("../pages/officials/OfficialsPage.svelte")],
  [/^\/tx\/(0x[0-9a-fA-F]{64})$/, ["hash"], () => import("../pages/audit/TxPage.svelte")],
];

export interface Match {
  path: string;
  load: Loader | null;
  params: Record<string, string>;
}

function currentPath(): string {
  const hash = location.hash.replace(/^#/, "");
  return hash.startsWith("/") ? hash.split("?")[0]! : "/";
}

function match(path: string): Match {
  for (const [pattern, names, load] of routes) {
    const found = pattern.exec(path);
    if (found) return { path, load, params: Object.fromEntries(names.map((name, i) => [name, found[i + 1]!])) };
  }
  return { path, load: null, params: {} };
}

class Router {
  current = $state.raw<Match>(match(currentPath()));

  constructor() {
    if (typeof window !== "undefined") {
      window.addEventListener("hashchange", () => (this.current = match(currentPath())));
    }
  }
}

export const router = new Router();
