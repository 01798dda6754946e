/**
 * The published API's view of a round (backend/api/ROUTES.md): GET /api/rounds/:id/results and
 * every page of GET /api/rounds/:id/proposals, plus the content-hash rule the API promises.
 * Browser-safe: plain fetch; content hashes from lib/content.
 */

export interface ApiOutcome {
  selected: string[];
  cost: string;
  explanation?: unknown[];
}

export interface ApiResultsDistrict {
  district: number | string;
  budget: string;
  voters: number | string;
  contract: { selected: string[]; selectedCost: string } | null;
  greedy: ApiOutcome;
  mes: ApiOutcome | null;
  tallies: { proposalId: string; votes: string }[];
}

export interface ApiResults {
  roundId: string;
  finalized: boolean;
  districts: ApiResultsDistrict[];
}

export interface ApiContent {
  title: string;
  summary: string;
  body: string;
  images?: string[];
}

export interface ApiProposal {
  proposalId: string;
  roundId: string;
  district: number | string;
  proposer: string;
  requestedCost: string;
  finalCost: string | null;
  status: string;
  contentHash: string;
  reasonHash: string | null;
  votes: string | null;
  content: ApiContent | null;
}

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

export async function readApi(
  baseUrl: string,
  roundId: bigint,
  fetchFn: Fetch = (url) => fetch(url),
): Promise<ApiView> {
  const base = baseUrl.replace(/\/+$/, "");
  const get = async (path: string): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetchFn(base + path);
    } catch (error) {
      throw new ApiUnavailableError(`the API at ${base} does not answer (${(error as Error).message})`);
    }
    if (response.status === 404) return null;
    if (!response.ok) throw new ApiUnavailableError(`GET ${base}${path} answered HTTP ${response.status}`);
    try {
      return await response.json();
    } catch {
      throw new ApiUnavailableError(`GET ${base}${path} did not answer JSON`);
    }
  };
  const results = (await get(`/api/rounds/${roundId}/results`)) as ApiResults | null;
  const proposals: ApiProposal[] = [];
  if (results !== null) {
    let cursor: string | null = null;
    do {
      const query: string = `?limit=200${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`;
      const page = (await get(`/api/rounds/${roundId}/proposals${query}`)) as {
        items: ApiProposal[];
        nextCursor: string | null;
      } | null;
      if (page === null) break;
      if (!Array.isArray(page.items))
        throw new ApiUnavailableError(`GET ${base}/api/rounds/${roundId}/proposals did not answer a page`);
      proposals.push(...page.items);
      cursor = page.nextCursor ?? null;
    } while (cursor !== null);
  }
  return { url: base, results, proposals };
}

/** The block the API's index has reached (GET /healthz `indexedBlock`), or undefined if it does not say. */
export async function readIndexedBlock(
  baseUrl: string,
  fetchFn: Fetch = (url) => fetch(url),
): Promise<number | undefined> {
  try {
    const response = await fetchFn(`${baseUrl.replace(/\/+$/, "")}/healthz`);
    if (!response.ok) return undefined;
    const { indexedBlock } = (await response.json()) as { indexedBlock?: unknown };
    const block = typeof indexedBlock === "string" && /^\d+$/.test(indexedBlock) ? Number(indexedBlock) : indexedBlock;
    return typeof block === "number" && Number.isSafeInteger(block) && block >= 0 ? block : undefined;
  } catch {
    return undefined;
  }
}
