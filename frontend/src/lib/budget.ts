/** Small helpers shared by the budget pages. */
import type { Phase } from "../../../lib/budget/index.js";
import type { Proposal, Round } from "../../../lib/api/schemas.js";
import type { MessageKey } from "./i18n/messages.js";

export function phaseKey(phase: Phase): MessageKey {
  return `phase_${phase}` as MessageKey;
}

export function statusKey(status: string): MessageKey | null {
  return ["submitted", "feasible", "infeasible", "onBallot"].includes(status)
    ? (`status_${status}` as MessageKey)
    : null;
}

/** The cost that counts: the reviewed final cost once there is one. */
export function costOf(proposal: Proposal): bigint {
  return BigInt(proposal.finalCost && proposal.finalCost !== "0" ? proposal.finalCost : proposal.requestedCost);
}

export function titleOf(proposal: Proposal): string {
  return proposal.content?.title ?? `#${proposal.proposalId}`;
}

export function budgetOf(round: Round, district: number): bigint {
  const found = round.rules.districts.find((d) => d.district === district);
  return BigInt(found?.budget ?? 0);
}

/** Triggers a download of `text` as a file. */
export function download(name: string, text: string, type = "text/plain"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
