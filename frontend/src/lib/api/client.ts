/**
 * The one client of the Buurtkas API (backend/api/ROUTES.md); every request goes through `send`,
 * and every answer is parsed with the route's schema from lib/api/schemas.ts, the same schema the
 * backend declares the route with. A server answering another shape is an ApiError here, not a
 * wrong value deep in a page. Types of the answers are the schemas' (`import type { Round } from
 * "../../../../lib/api/schemas.js"`).
 */
import type { z } from "zod";

import * as api from "../../../../lib/api/schemas.js";
import { commentVersionsView, commentView } from "../../../../lib/comments/index.js";

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

  deployment = () => this.send(api.deploymentAnswer, "GET", "/api/deployment");
  rounds = () => this.send(api.page(api.round), "GET", "/api/rounds", { limit: 200 });
  round = (roundId: string) => this.send(api.round, "GET", `/api/rounds/${roundId}`);
  proposals = (roundId: string, query: Query = {}) =>
    this.send(api.page(api.proposal), "GET", `/api/rounds/${roundId}/proposals`, { limit: 200, ...query });
  proposal = (proposalId: string) => this.send(api.proposal, "GET", `/api/proposals/${proposalId}`);
  /** A signed document for the content store (lib/chain/content.ts signs it). */
  putContent = (write: { kind: string; document: unknown; author: string; issuedAt: number; signature: string }) =>
    this.send(api.contentItem, "POST", "/api/content", undefined, write);
  /** A signed photo upload (the file in base64). */
  putPhoto = (write: { photo: string; author: string; issuedAt: number; signature: string }) =>
    this.send(api.contentItem, "POST", "/api/content/photos", undefined, write);
  content = (hash: string) => this.send(api.contentItem, "GET", `/api/content/${hash}`);
  moderate = (
    hash: string,
    write: { action: "hide" | "restore"; reason: string; moderator: string; issuedAt: number; signature: string },
  ) => this.send(api.moderationEntry, "POST", `/api/content/${hash}/moderation`, undefined, write);
  districts = () => this.send(api.districtNames, "GET", "/api/districts");
  moderation = () => this.send(api.page(api.moderationEntry), "GET", "/api/moderation", { limit: 200 });
  accountBallots = (address: string) =>
    this.send(api.page(api.ballot), "GET", `/api/accounts/${address}/ballots`, { limit: 200 });
  tasks = (query: Query = {}) => this.send(api.page(api.task), "GET", "/api/tasks", { limit: 200, ...query });
  task = (taskId: string) => this.send(api.taskDetail, "GET", `/api/tasks/${taskId}`);
  ledger = (address: string) =>
    this.send(api.page(api.ledgerEntry), "GET", `/api/accounts/${address}/ledger`, { limit: 200 });
  merchants = () => this.send(api.page(api.merchant), "GET", "/api/merchants", { limit: 200 });
  redemptions = (merchant: string) =>
    this.send(api.page(api.redemption), "GET", "/api/redemptions", { merchant, limit: 200 });
  codeBatch = (batchId: string) => this.send(api.codeBatch, "GET", `/api/codebatches/${batchId}`);
  turnout = (roundId: string) => this.send(api.turnout, "GET", `/api/rounds/${roundId}/turnout`);
  accountability = (roundId: string) => this.send(api.accountability, "GET", `/api/rounds/${roundId}/accountability`);
  /** Where a report's CSV downloads from (a plain link: the browser saves the file). */
  csvUrl = (roundId: string, report: "turnout" | "accountability") =>
    `${this.base}/api/rounds/${roundId}/${report}.csv`;
  /** Every contract's roles with their holders now, from the index (the roles desk). */
  roles = () => this.send(api.rolesAnswer, "GET", "/api/roles");
  accountRoles = (address: string) => this.send(api.accountRoles, "GET", `/api/roles/${address}`);
  /** Role changes, newest first (the roles desk's history); `before` is a page's nextCursor. */
  roleHistory = (query: { contract?: string; role?: string; account?: string; before?: string; limit?: number } = {}) =>
    this.send(api.roleHistory, "GET", "/api/roles/history", { limit: 50, ...query });
  codeBatches = () => this.send(api.codeBatchList, "GET", "/api/codebatches");
  postCodeBatch = (record: { district: number; root: string; codeCount: number; tree: api.CodeBatch["tree"] }) =>
    this.send(api.codeBatchStored, "POST", "/api/codebatches", undefined, record);
  relay = (request: Record<string, string>, signature: string) =>
    this.send(api.relayAccepted, "POST", "/api/relay", undefined, { request, signature });
  relayStatus = (id: string) => this.send(api.relayView, "GET", `/api/relay/${id}`);
  /** An anonymous ballot of a secret round (its one-time key signed it); the relayer keeps no record. */
  relaySecretBallot = (ballot: Record<string, unknown>) =>
    this.send(api.anonymousBallotAccepted, "POST", "/api/relay/secret-ballot", undefined, ballot);

  comments = (proposalId: string) =>
    this.send(api.page(commentView), "GET", `/api/proposals/${proposalId}/comments`, { limit: 200 });
  postComment = (proposalId: string, write: Record<string, unknown>) =>
    this.send(commentView, "POST", `/api/proposals/${proposalId}/comments`, undefined, write);
  editComment = (hash: string, write: Record<string, unknown>) =>
    this.send(commentView, "POST", `/api/comments/${hash}/edits`, undefined, write);
  deleteComment = (hash: string, write: Record<string, unknown>) =>
    this.send(commentView, "POST", `/api/comments/${hash}/deletion`, undefined, write);
  commentVersions = (hash: string) => this.send(commentVersionsView, "GET", `/api/comments/${hash}/versions`);
  flagComment = (hash: string, write: Record<string, unknown>) =>
    this.send(commentView, "POST", `/api/comments/${hash}/flags`, undefined, write);
  moderateComment = (hash: string, write: Record<string, unknown>) =>
    this.send(commentView, "POST", `/api/comments/${hash}/moderation`, undefined, write);

  /** Where a stored photo's file (or thumbnail) is served. */
  photoUrl(hash: string, which: "file" | "thumbnail" = "file"): string {
    return `${this.base}/api/content/${hash}/${which}`;
  }

  eventsUrl(): string {
    return `${this.base}/api/events`;
  }

  private async send<S extends z.ZodType>(
    schema: S,
    method: "GET" | "POST",
    path: string,
    query?: Query,
    body?: unknown,
  ): Promise<z.output<S>> {
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
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw new ApiError(
        response.status,
        "not_json",
        `${method} ${path} answered HTTP ${response.status} without JSON`,
      );
    }
    if (!response.ok) {
      const error = api.errorAnswer.safeParse(json);
      throw new ApiError(
        response.status,
        error.success ? error.data.error.code : "http_error",
        error.success ? error.data.error.message : `${response.status} ${response.statusText}`,
        error.success ? error.data.error.details : undefined,
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ApiError(
        response.status,
        "unexpected_answer",
        `${method} ${path} answered an unexpected ${issue.path.join(".") || "shape"}: ${issue.message}`,
        parsed.error.issues,
      );
    }
    return parsed.data as z.output<S>;
  }
}
