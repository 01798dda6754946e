/**
 * The audit's verdict: the browser's recount from the chain's logs against the contract's own views
 * and against what the API publishes. Every difference is listed by district, proposal and field.
 */
import type { AuditAnswer, Results } from "../../lib/api/types.js";
import type { RoundRecount } from "../../lib/chain/recount.js";

export interface Comparison {
  match: boolean;
  mismatches: string[];
  /** The API's votes by `district:proposalId`. */
  apiVotes: Map<string, string>;
}

export function compareRound(recount: RoundRecount, results: Results | null, apiAudit: AuditAnswer | null): Comparison {
  const mismatches: string[] = [];
  const apiVotes = new Map<string, string>();
  for (const d of recount.districts) {
    d.positions.forEach((p, i) => {
      const recounted = d.votes[i] ?? 0n;
      const onContract = d.contract.tallies[i] ?? 0n;
      if (recounted !== onContract) {
        mismatches.push(
          `district ${d.district}, proposal ${p.proposalId}: recount ${recounted}, contract ${onContract}`,
        );
      }
    });
    if (d.contract.finalized && d.greedy) {
      const ours = [...d.greedy.selected].sort().join(",");
      const theirs = [...d.contract.selected].sort().join(",");
      if (ours !== theirs) mismatches.push(`district ${d.district}: recount selects ${ours}, contract ${theirs}`);
    }
    const published = results?.districts.find((r) => Number(r.district) === d.district);
    if (results && !published && d.positions.length > 0) mismatches.push(`district ${d.district}: missing in the API`);
    if (published) {
      for (const tally of published.tallies) apiVotes.set(`${d.district}:${tally.proposalId}`, String(tally.votes));
      d.positions.forEach((p, i) => {
        const api = apiVotes.get(`${d.district}:${p.proposalId}`);
        if (api !== undefined && BigInt(api) !== (d.votes[i] ?? 0n)) {
          mismatches.push(`district ${d.district}, proposal ${p.proposalId}: recount ${d.votes[i] ?? 0n}, API ${api}`);
        }
      });
      if (d.greedy && published.greedy) {
        const ours = [...d.greedy.selected].sort().join(",");
        const theirs = [...published.greedy.selected].map(String).sort().join(",");
        if (ours !== theirs) mismatches.push(`district ${d.district}: recount selects ${ours}, API ${theirs}`);
      }
    }
  }
  if (apiAudit && !apiAudit.match) mismatches.push("the API's own audit reports a mismatch");
  return { match: mismatches.length === 0, mismatches, apiVotes };
}
