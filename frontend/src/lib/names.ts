/**
 * Names from the content store: a round's name and its districts' names come from its rules
 * document (embedded in the round, shown only when it hashes to the on-chain rulesHash).
 */
import type { Round } from "../../../lib/api/schemas.js";
import { documentMatches } from "../../../lib/content/index.js";
import { districtLabel } from "./districts.svelte.js";
import { t } from "./i18n/index.svelte.js";

/** The round's checked rules document, or null. */
export function rulesOf(round: Round): Round["rulesContent"] {
  return round.rulesContent && documentMatches(round.rulesContent, round.rules.rulesHash) ? round.rulesContent : null;
}

/** "Wijkbudget Assen 2027 (ronde 2)", or "Ronde 2" without a stored name. */
export function roundName(round: Round): string {
  const rules = rulesOf(round);
  return rules
    ? `${rules.title} (${t("roundTitle", { id: round.roundId }).toLowerCase()})`
    : t("roundTitle", { id: round.roundId });
}

/** A district as this round names it, else as the newest round naming it, else "Wijk N". */
export function districtIn(round: Round, district: number): string {
  return rulesOf(round)?.districts.find((d) => d.district === district)?.name ?? districtLabel(district);
}
