/**
 * Proposal titles for an export, from a Buurtkas API's content store, each checked against the
 * content hash the chain anchors: a server cannot swap a title the chain did not commit to. A
 * proposal whose content the API does not have, or has differently, gets no title (the export then
 * names it by its hash and says so). Browser-safe (fetch).
 */
import { contentHashOf, type ProposalContent } from "../content/index.js";
import type { ChainRound } from "../chain/roundLogs.js";

export interface TitleLookup {
  titles: Map<string, string>;
  /** Proposal ids whose stored content did not hash to the anchored hash. */
  mismatched: string[];
}

export async function titlesFromApi(
  apiUrl: string,
  round: ChainRound,
  districtId: number,
  fetchContent: typeof fetch = fetch,
): Promise<TitleLookup> {
  const district = round.districts.get(districtId);
  const titles = new Map<string, string>();
  const mismatched: string[] = [];
  for (const { proposalId } of district?.positions ?? []) {
    const hash = round.proposals.get(proposalId)?.contentHash;
    if (hash === undefined) continue;
    const response = await fetchContent(new URL(`/api/content/${hash}`, apiUrl));
    if (response.status === 404) continue;
    if (!response.ok)
      throw new Error(`${apiUrl} answered ${response.status} for the content of proposal ${proposalId}`);
    // The content store's item (GET /api/content/{hash}): a hidden one has no document.
    const content = ((await response.json()) as { document?: ProposalContent | null }).document;
    if (!content || typeof content.title !== "string" || contentHashOf(content) !== hash) {
      mismatched.push(proposalId.toString());
      continue;
    }
    titles.set(proposalId.toString(), content.title);
  }
  return { titles, mismatched };
}
