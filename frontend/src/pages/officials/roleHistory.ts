/**
 * The roles desk's history (RoleHistory.svelte) without runes, so tests can run it: a role change
 * told in plain words, and the newest page read again merged with the older pages already shown.
 */
import type { Page, RoleChange } from "../../../../lib/api/schemas.js";

type HistoryKey = "rolesHistoryGranted" | "rolesHistoryRevoked" | "rolesHistoryRenounced" | "rolesHistoryAdminChanged";

export interface Teller {
  /** The text of `key` (lib/i18n/messages/roles.ts) with its `{name}` placeholders filled in. */
  text: (key: HistoryKey, values: Record<string, string>) => string;
  /** A role's plain name on the change's contract (its id and its ABI name, null when undeclared). */
  role: (roleId: string, name: string | null) => string;
  /** A name for an account, or its short address. */
  who: (address: string) => string;
}

/** "<role> gegeven aan <account> door <by> in blok N", and so on for each kind of change. */
export function changeSentence(c: RoleChange, tell: Teller): string {
  const role = tell.role(c.role, c.name);
  const block = c.blockNumber;
  if (c.kind === "admin-changed") {
    return tell.text("rolesHistoryAdminChanged", {
      role,
      previous: tell.role(c.previousAdminRole!, c.previousAdminName),
      admin: tell.role(c.newAdminRole!, c.newAdminName),
      block,
    });
  }
  const [account, by] = [tell.who(c.account!), tell.who(c.by!)];
  if (c.kind === "granted") return tell.text("rolesHistoryGranted", { role, account, by, block });
  // renounceRole: the holder revoked it itself.
  if (c.account === c.by) return tell.text("rolesHistoryRenounced", { role, account, block });
  return tell.text("rolesHistoryRevoked", { role, account, by, block });
}

/** Whether `a` comes before `b` on the chain. */
const olderThan = (a: RoleChange, b: RoleChange) =>
  BigInt(a.blockNumber) < BigInt(b.blockNumber) || (a.blockNumber === b.blockNumber && a.logIndex < b.logIndex);

/**
 * The list after the newest page was read again: that page, then the older changes shown that it
 * does not reach (what it covers is replaced, so a change a reorg removed goes). The cursor is the
 * older pages' own while any is kept, else the new page's.
 */
export function mergeNewest(
  shown: { items: readonly RoleChange[]; cursor: string | null },
  newest: Page<RoleChange>,
): { items: RoleChange[]; cursor: string | null } {
  const tail = newest.items.at(-1);
  const rest = newest.nextCursor !== null && tail ? shown.items.filter((c) => olderThan(c, tail)) : [];
  return { items: [...newest.items, ...rest], cursor: rest.length > 0 ? shown.cursor : newest.nextCursor };
}
