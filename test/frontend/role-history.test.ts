/** The roles desk's history (frontend/src/pages/officials/roleHistory.ts): each change in words, and the newest page merged with older ones. */
import { describe, expect, test } from "vitest";

import type { RoleChange } from "../../lib/api/schemas.js";
import { rolesMessages } from "../../frontend/src/lib/i18n/messages/roles.js";
import { changeSentence, mergeNewest, type Teller } from "../../frontend/src/pages/officials/roleHistory.js";

const [alice, bob] = ["0x" + "a1".repeat(20), "0x" + "b2".repeat(20)];
const ROLE = "0x" + "11".repeat(32);
const ADMIN = "0x" + "00".repeat(32);

function change(over: Partial<RoleChange>): RoleChange {
  return {
    kind: "granted",
    contract: "ResidentRegistry",
    contractAddress: "0x" + "cc".repeat(20),
    role: ROLE,
    name: "REGISTRAR_ROLE",
    account: alice,
    by: bob,
    previousAdminRole: null,
    previousAdminName: null,
    newAdminRole: null,
    newAdminName: null,
    blockNumber: "10",
    logIndex: 0,
    txHash: "0x" + "ee".repeat(32),
    time: 1_700_000_000,
    ...over,
  };
}

const tellIn = (lang: 0 | 1): Teller => ({
  text: (key, values) =>
    rolesMessages[key][lang].replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`),
  role: (roleId, name) => (roleId === ROLE ? "Registrar" : (name ?? roleId)),
  who: (address) => (address === bob ? "U" : `${address.slice(0, 6)}…`),
});

describe("role history", () => {
  test("each kind of change in plain Dutch and English", () => {
    const nl = tellIn(0);
    expect(changeSentence(change({}), nl)).toBe("Registrar gegeven aan 0xa1a1… door U in blok 10");
    expect(changeSentence(change({ kind: "revoked", blockNumber: "12" }), nl)).toBe(
      "Registrar ontnomen aan 0xa1a1… door U in blok 12",
    );
    expect(changeSentence(change({ kind: "revoked", by: alice }), nl)).toBe(
      "Registrar opgegeven door 0xa1a1… in blok 10",
    );
    const admin = change({
      kind: "admin-changed",
      account: null,
      by: null,
      previousAdminRole: ADMIN,
      previousAdminName: "DEFAULT_ADMIN_ROLE",
      newAdminRole: "0x" + "22".repeat(32),
      newAdminName: null,
    });
    expect(changeSentence(admin, nl)).toBe(
      `Beheer van Registrar overgegaan van DEFAULT_ADMIN_ROLE naar 0x${"22".repeat(32)} in blok 10`,
    );
    expect(changeSentence(change({}), tellIn(1))).toBe("Registrar granted to 0xa1a1… by U in block 10");
  });

  test("the newest page read again replaces what it covers and keeps the older pages after it", () => {
    const at = (block: number, logIndex = 0) => change({ blockNumber: String(block), logIndex });
    const shown = { items: [at(9), at(8, 1), at(8, 0), at(7), at(5)], cursor: "5-0" };
    // Two new changes; the one of block 8 log 1 was removed by a reorg.
    const merged = mergeNewest(shown, { items: [at(11), at(10), at(9), at(8, 0)], nextCursor: "8-0" });
    expect(merged.items.map((c) => `${c.blockNumber}-${c.logIndex}`)).toEqual([
      "11-0",
      "10-0",
      "9-0",
      "8-0",
      "7-0",
      "5-0",
    ]);
    expect(merged.cursor).toBe("5-0");
    // Nothing older shown: the new page's cursor.
    expect(mergeNewest({ items: [at(9)], cursor: null }, { items: [at(10), at(9)], nextCursor: "9-0" })).toEqual({
      items: [at(10), at(9)],
      cursor: "9-0",
    });
    // The newest page is the whole history: nothing else stays.
    expect(mergeNewest(shown, { items: [at(11)], nextCursor: null })).toEqual({ items: [at(11)], cursor: null });
  });
});
