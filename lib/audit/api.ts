/**
 * The published API's view of a round (backend/api/ROUTES.md): GET /api/rounds/:id/results and
 * every page of GET /api/rounds/:id/proposals, plus the content-hash rule the API promises; and
 * the role holders of GET /api/roles.
 * Answers are parsed with the API's own schemas (lib/api/schemas.ts), narrowed to the fields the
 * audit compares: an API that answers another shape is unavailable to the audit, not misread.
 * Browser-safe: plain fetch and zod; content hashes from lib/content.
 */
import { z } from "zod";

import * as api from "../api/schemas.js";

const outcome = api.ruleOutcome.pick({ selected: true, cost: true });

/** What the audit reads of GET /api/rounds/:id/results. */
export const auditedResults = api.results.pick({ roundId: true, finalized: true }).extend({
  districts: z.array(
    api.districtResults.pick({ district: true, budget: true, voters: true, contract: true }).extend({
      greedy: outcome,
      mes: outcome.nullable(),
      tallies: z.array(api.districtResults.shape.tallies.element.pick({ proposalId: true, votes: true })),
    }),
  ),
});

/** What the audit reads of each proposal of GET /api/rounds/:id/proposals. */
export const auditedProposal = api.proposal.pick({
  proposalId: true,
  roundId: true,
  district: true,
  proposer: true,
  requestedCost: true,
  finalCost: true,
  status: true,
  contentHash: true,
  reasonHash: true,
  votes: true,
  supportCount: true,
  paperSupportCount: true,
  content: true,
});

export type ApiResults = z.infer<typeof auditedResults>;
export type ApiResultsDistrict = ApiResults["districts"][number];
export type ApiProposal = z.infer<typeof auditedProposal>;
export type ApiContent = api.ProposalContent;

export interface ApiView {
  url: string;
  /** null when the API answers 404 for the round. */
  results: ApiResults | null;
  proposals: ApiProposal[];
}

/** The API could not be asked (unreachable, an error status other than 404, not JSON). */
export class ApiUnavailableError extends Error {
  override name = "ApiUnavailableError";
}

export type Fetch = (url: string) => Promise<Response>;

export { contentHashOf } from "../content/index.js";

/** GET `path` of the API parsed with `schema`; null on 404; ApiUnavailableError otherwise. */
async function getJson<S extends z.ZodType>(
  base: string,
  path: string,
  schema: S,
  fetchFn: Fetch,
): Promise<z.output<S> | null> {
  let response: Response;
  try {
    response = await fetchFn(base + path);
  } catch (error) {
    throw new ApiUnavailableError(`the API at ${base} does not answer (${(error as Error).message})`);
  }
  if (response.status === 404) return null;
  if (!response.ok) throw new ApiUnavailableError(`GET ${base}${path} answered HTTP ${response.status}`);
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new ApiUnavailableError(`GET ${base}${path} did not answer JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ApiUnavailableError(
      `GET ${base}${path} answered an unexpected ${issue.path.join(".") || "shape"}: ${issue.message}`,
    );
  }
  return parsed.data as z.output<S>;
}

export async function readApi(
  baseUrl: string,
  roundId: bigint,
  fetchFn: Fetch = (url) => fetch(url),
): Promise<ApiView> {
  const base = baseUrl.replace(/\/+$/, "");
  const get = <S extends z.ZodType>(path: string, schema: S) => getJson(base, path, schema, fetchFn);
  const results = await get(`/api/rounds/${roundId}/results`, auditedResults);
  const proposals: ApiProposal[] = [];
  if (results !== null) {
    let cursor: string | null = null;
    do {
      const query: string = `?limit=200${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`;
      const page: { items: ApiProposal[]; nextCursor: string | null } | null = await get(
        `/api/rounds/${roundId}/proposals${query}`,
        api.page(auditedProposal),
      );
      if (page === null) break;
      proposals.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
  }
  return { url: base, results, proposals };
}

/** What the audit reads of GET /api/roles: each contract's roles and their holders' accounts. */
export const auditedRoles = api.rolesAnswer.pick({ indexedBlock: true }).extend({
  contracts: z.array(
    api.rolesAnswer.shape.contracts.element.pick({ contract: true, address: true }).extend({
      roles: z.array(
        api.roleHolders.pick({ role: true, name: true }).extend({
          holders: z.array(api.roleHolder.pick({ account: true })),
        }),
      ),
    }),
  ),
});

export type ApiRoles = z.infer<typeof auditedRoles>;

/** GET /api/roles; null when the API has no such route (404). */
export function readApiRoles(baseUrl: string, fetchFn: Fetch = (url) => fetch(url)): Promise<ApiRoles | null> {
  return getJson(baseUrl.replace(/\/+$/, ""), "/api/roles", auditedRoles, fetchFn);
}

/** The block the API's index has reached (GET /healthz `indexedBlock`), or undefined if it does not say. */
export async function readIndexedBlock(
  baseUrl: string,
  fetchFn: Fetch = (url) => fetch(url),
): Promise<number | undefined> {
  try {
    const response = await fetchFn(`${baseUrl.replace(/\/+$/, "")}/healthz`);
    if (!response.ok) return undefined;
    const parsed = api.healthAnswer.pick({ indexedBlock: true }).safeParse(await response.json());
    return parsed.success ? (parsed.data.indexedBlock ?? undefined) : undefined;
  } catch {
    return undefined;
  }
}
