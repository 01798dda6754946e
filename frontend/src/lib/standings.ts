/**
 * Whether a round's live standings stay hidden now: its published rules text
 * (`hideStandingsUntilClosed`, lib/content/kinds.ts) asks for it and voting has not closed. The
 * rules text is read from the content store and shown only when it hashes to the round's
 * on-chain rulesHash, so the store cannot switch standings on or off for a round.
 */
import type { Round } from "../../../lib/api/schemas.js";
import { readDocument } from "./chain/content.js";

export async function standingsHidden(round: Round): Promise<boolean> {
  if (["closed", "finalized", "cancelled"].includes(round.phase)) return false;
  const read = await readDocument(round.rules.rulesHash, "rules").catch(() => null);
  return read?.state === "shown" && read.document.hideStandingsUntilClosed === true;
}
