/** The roles desk's catalogue (frontend/src/pages/officials/roleCatalog.ts): every role of the build, each with its texts. */
import { ZeroHash, id } from "ethers";
import { describe, expect, test } from "vitest";

import { DESKS } from "../../frontend/src/pages/officials/desks.js";
import { ROLE_CONTRACT_NAMES, rolesOf } from "../../frontend/src/pages/officials/roleCatalog.js";
import { rolesMessages } from "../../frontend/src/lib/i18n/messages/roles.js";
import { contractInterfaces } from "../../lib/contracts/interfaces.js";

const texts = rolesMessages as Record<string, readonly [string, string]>;

describe("role catalogue", () => {
  test("lists every *_ROLE constant of each contract's ABI, the admin role first, with its id", () => {
    for (const contract of ROLE_CONTRACT_NAMES) {
      const fromAbi: string[] = [];
      contractInterfaces[contract].forEachFunction((f) => {
        if (f.name.endsWith("_ROLE")) fromAbi.push(f.name);
      });
      const listed = rolesOf(contract);
      expect(listed[0]).toMatchObject({ name: "DEFAULT_ADMIN_ROLE", id: ZeroHash });
      expect(listed.map((r) => r.name).sort()).toEqual([...new Set(["DEFAULT_ADMIN_ROLE", ...fromAbi])].sort());
      for (const role of listed.slice(1)) expect(role.id).toBe(id(role.name));
    }
    expect(rolesOf("BudgetRound").map((r) => r.name)).toEqual(
      expect.arrayContaining(["ROUND_MANAGER_ROLE", "REVIEWER_ROLE", "CLERK_ROLE", "BALLOT_BOX_ROLE"]),
    );
    expect(rolesOf("PaperBallotDesk").map((r) => r.name)).toEqual(["DEFAULT_ADMIN_ROLE", "CLERK_ROLE"]);
  });

  test("every role has a plain name and an explanation in Dutch and English", () => {
    for (const contract of ROLE_CONTRACT_NAMES) {
      for (const role of rolesOf(contract)) {
        expect(texts[role.helpKey]?.[0]).not.toBe(texts[role.helpKey]?.[1]);
        for (const key of [role.nameKey, role.helpKey]) {
          expect(texts[key], `${contract}.${role.name}: ${key}`).toBeDefined();
          expect(texts[key]![0].length).toBeGreaterThan(2);
          expect(texts[key]![1].length).toBeGreaterThan(2);
        }
      }
    }
  });

  test("the roles desk is open to the admin of any contract with roles", () => {
    const desk = DESKS.find((d) => d.id === "roles")!;
    expect(desk.roles.map(([contract, role]) => `${contract}.${role}`)).toEqual(
      ROLE_CONTRACT_NAMES.map((contract) => `${contract}.DEFAULT_ADMIN_ROLE`),
    );
  });
});
