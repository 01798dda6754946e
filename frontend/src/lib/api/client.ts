/** The one client of the Buurtkas API (backend/api/ROUTES.md); every request goes through `send`. */
import type {
  AccountInfo,
  AuditAnswer,
  Ballot,
  Deployment,
  LedgerEntry,
  Merchant,
  Page,
  Proposal,
  ProposalContent,
  Redemption,
  RelayAnswer,
  Results,
  Round,
  Task,
} from "./types.js";

/** An error answer of the API: `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | undefined | null>;

export class ApiClient {
  constructor(private readonly base: string) {}

  deployment = () => this.send<Deployment>("GET", "/api/deployment");
  rounds = () => this.send<Page<Round>>("GET", "/api/rounds", { limit: 200 });
  round = (roundId: string) => this.send<Round>("GET", `/api/rounds/${roundId}`);
  proposals = (roundId: string, query: Query = {}) =>
    this.send<Page<Proposal>>("GET", `/api/rounds/${roundId}/proposals`, { limit: 200, ...query });
  proposal = (proposalId: string) => this.send<Proposal>("GET", `/api/proposals/${proposalId}`);
  postContent = (content: ProposalContent) =>
    this.send<{ contentHash: string }>("POST", "/api/proposals/content", undefined, content);
  content = (contentHash: string) =>
    this.send<ProposalContent & { contentHash?: string }>("GET", `/api/content/${contentHash}`);
  ballots = (roundId: string, query: Query = {}) =>
    this.send<Page<Ballot>>("GET", `/api/rounds/${roundId}/ballots`, { limit: 200, ...query });
  accountBallots = (address: string) => this.send<Ballot[] | Page<Ballot>>("GET", `/api/accounts/${address}/ballots`);
  results = (roundId: string) => this.send<Results>("GET", `/api/rounds/${roundId}/results`);
  audit = (roundId: string) => this.send<AuditAnswer>("GET", `/api/rounds/${roundId}/audit`);
  tasks = (query: Query = {}) => this.send<Page<Task>>("GET", "/api/tasks", { limit: 200, ...query });
  task = (taskId: string) => this.send<Task>("GET", `/api/tasks/${taskId}`);
  account = (address: string) => this.send<AccountInfo>("GET", `/api/accounts/${address}`);
  ledger = (address: string) => this.send<Page<LedgerEntry>>("GET", `/api/accounts/${address}/ledger`, { limit: 200 });
  merchants = () => this.send<Merchant[] | Page<Merchant>>("GET", "/api/merchants");
  redemptions = (merchant: string) => this.send<Page<Redemption>>("GET", "/api/redemptions", { merchant, limit: 200 });
  relay = (request: Record<string, string>, signature: string) =>
    this.send<RelayAnswer>("POST", "/api/relay", undefined, { request, signature });
  relayStatus = (id: string) => this.send<RelayAnswer>("GET", `/api/relay/${id}`);

  eventsUrl(): string {
    return `${this.base}/api/events`;
  }

  private async send<T>(method: "GET" | "POST", path: string, query?: Query, body?: unknown): Promise<T> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
    }
    const url = `${this.base}${path}${params.size ? `?${params}` : ""}`;
    const response = await fetch(url, {
      method,
      headers:
        body === undefined
          ? { accept: "application/json" }
          : { "content-type": "application/json", accept: "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const error = (json as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
      throw new ApiError(
        response.status,
        error?.code ?? "http_error",
        error?.message ?? `${response.status} ${response.statusText}`,
        error?.details,
      );
    }
    return json as T;
  }
}

/** A list answer as an array, whether the route pages it or not. */
export function itemsOf<T>(answer: T[] | Page<T>): T[] {
  return Array.isArray(answer) ? answer : answer.items;
}
