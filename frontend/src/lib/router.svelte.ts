/** Hash routing (`#/rounds/1/ballot`): works from any folder the backend serves the app from. */
import type { Component } from "svelte";

type Loader = () => Promise<{ default: Component<Record<string, string>> }>;

interface Route {
  pattern: RegExp;
  names: readonly string[];
  load: Loader;
}

/** A route whose captured groups, by `names`, are exactly the string props its page declares. */
function route<const N extends readonly string[]>(
  pattern: RegExp,
  names: N,
  load: () => Promise<{ default: Component<{ [K in N[number]]: string }> }>,
): Route {
  return { pattern, names, load: load as Loader };
}

const routes: Route[] = [
  route(/^\/$/, [], () => import("../pages/budget/RoundsPage.svelte")),
  route(/^\/account$/, [], () => import("../pages/account/AccountPage.svelte")),
  route(/^\/stem$/, [], () => import("../pages/vote/LetterVotePage.svelte")),
  route(/^\/rounds\/(\d+)$/, ["roundId"], () => import("../pages/budget/RoundPage.svelte")),
  route(/^\/rounds\/(\d+)\/propose$/, ["roundId"], () => import("../pages/budget/ProposalForm.svelte")),
  route(/^\/rounds\/(\d+)\/ballot$/, ["roundId"], () => import("../pages/ballot/BallotPage.svelte")),
  route(/^\/rounds\/(\d+)\/results$/, ["roundId"], () => import("../pages/results/ResultsPage.svelte")),
  route(/^\/rounds\/(\d+)\/audit$/, ["roundId"], () => import("../pages/audit/AuditPage.svelte")),
  route(/^\/proposals\/(\d+)$/, ["proposalId"], () => import("../pages/budget/ProposalPage.svelte")),
  route(/^\/tasks$/, [], () => import("../pages/tasks/TasksPage.svelte")),
  route(/^\/tasks\/(\d+)$/, ["taskId"], () => import("../pages/tasks/TaskPage.svelte")),
  route(/^\/wallet$/, [], () => import("../pages/wallet/WalletPage.svelte")),
  route(/^\/merchant$/, [], () => import("../pages/merchant/MerchantPage.svelte")),
  route(/^\/officials$/, [], () => import("../pages/officials/OfficialsPage.svelte")),
  route(/^\/how-it-works$/, [], () => import("../pages/help/HowItWorksPage.svelte")),
  route(/^\/officials\/([a-z]+)$/, ["desk"], () => import("../pages/officials/OfficialsPage.svelte")),
  route(/^\/reports$/, [], () => import("../pages/officials/ReportsPage.svelte")),
  route(/^\/tx\/(0x[0-9a-fA-F]{64})$/, ["hash"], () => import("../pages/audit/TxPage.svelte")),
  route(/^\/moderation$/, [], () => import("../pages/moderation/ModerationPage.svelte")),
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
  for (const { pattern, names, load } of routes) {
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
