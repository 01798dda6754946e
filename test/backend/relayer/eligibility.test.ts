/** Whom the relayer pays for (backend/relayer/eligibility.ts), read from a deployed system. */
import { Wallet, encodeBytes32String } from "ethers";
import { beforeAll, describe, expect, test } from "vitest";

import type { RoleName } from "../../../backend/relayer/allowlist.js";
import { createEligibilityCheck, payeeOf, type EligibilityCheck } from "../../../backend/relayer/eligibility.js";
import { RelayError } from "../../../backend/relayer/errors.js";
import { type System, YEAR, deploySystem, now } from "../../helpers/system.js";
import { deploymentOf } from "../support/chain.js";

let system: System;
let check: EligibilityCheck;
beforeAll(async () => {
  system = await deploySystem();
  check = createEligibilityCheck({ provider: system.ethers.provider, deployment: await deploymentOf(system) });
});

async function at(
  from: string,
  contract: "TaskBoard" | "LocalCoin" | "ResidentRegistry" | "BudgetRound",
  fn: string,
  roles?: readonly RoleName[],
  orResident?: boolean,
) {
  const block = (await system.ethers.provider.getBlock("latest"))!;
  return check({
    from: from.toLowerCase(),
    contract,
    fn,
    roles: roles ?? null,
    ...(orResident ? { orResident } : {}),
    blockNumber: block.number,
    chainTime: BigInt(block.timestamp),
  });
}

async function refusal(run: Promise<unknown>): Promise<RelayError> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof RelayError) return error;
  throw new Error(`expected a refusal, got ${String(error)}`);
}

describe("relayer eligibility", () => {
  test("who is paid for what", () => {
    expect(payeeOf("ResidentRegistry", "redeemVoteCode")).toBe("anyone");
    expect(payeeOf("LocalCoin", "redeem")).toBe("resident_or_merchant");
    expect(payeeOf("BudgetRound", "castApprovalBallot")).toBe("resident");
    expect(payeeOf("TaskBoard", "claim")).toBe("resident");
  });

  test("a fresh key may redeem a vote code but nothing else", async () => {
    const fresh = Wallet.createRandom().address;
    await expect(at(fresh, "ResidentRegistry", "redeemVoteCode")).resolves.toBe("anyone");
    for (const [contract, fn] of [
      ["TaskBoard", "claim"],
      ["LocalCoin", "transfer"],
      ["BudgetRound", "castApprovalBallot"],
    ] as const) {
      const error = await refusal(at(fresh, contract, fn));
      expect(error).toMatchObject({
        status: 403,
        code: "not_eligible",
        details: { reason: "not_registered", from: fresh.toLowerCase(), contract, function: fn },
      });
    }
  });

  test("a current registration is paid for; a revoked or expired one is not", async () => {
    const [current, revoked, expiring] = [Wallet.createRandom(), Wallet.createRandom(), Wallet.createRandom()];
    const start = await now(system);
    await system.registry.register(current.address, 2, start + YEAR);
    await system.registry.register(revoked.address, 1, start + YEAR);
    await system.registry.revoke(revoked.address);
    await system.registry.register(expiring.address, 1, start + 100);
    await expect(at(current.address, "TaskBoard", "claim")).resolves.toBe("resident");
    expect((await refusal(at(revoked.address, "TaskBoard", "claim"))).details).toMatchObject({
      reason: "registration_revoked",
      district: "1",
    });
    await system.networkHelpers.time.increase(200);
    const expired = await refusal(at(expiring.address, "BudgetRound", "support"));
    expect(expired.details).toMatchObject({ reason: "registration_expired", expiresAt: String(start + 100) });
    expect(expired.message).toContain("expired");
  });

  test("a merchant who is no resident may use LocalCoin (redeem), not the other contracts", async () => {
    const shop = Wallet.createRandom();
    await system.coin.registerMerchant(shop.address, encodeBytes32String("De Bakker"));
    await expect(at(shop.address, "LocalCoin", "redeem")).resolves.toBe("merchant");
    expect((await refusal(at(shop.address, "TaskBoard", "claim"))).code).toBe("not_eligible");
  });

  test("an official's function is paid for a holder of one of its roles, read on chain, and for nobody else", async () => {
    const official = system.official.address;
    await expect(at(official, "BudgetRound", "review", ["REVIEWER_ROLE"])).resolves.toBe("role");
    await expect(
      at(official, "BudgetRound", "finalize", ["ROUND_MANAGER_ROLE", "REVIEWER_ROLE", "CLERK_ROLE"]),
    ).resolves.toBe("role");
    // The official is no registrar in this deployment: a registered resident is not either.
    const resident = Wallet.createRandom().address;
    await system.registry.register(resident, 1, (await now(system)) + YEAR);
    for (const who of [official, resident]) {
      const error = await refusal(at(who, "ResidentRegistry", "register", ["REGISTRAR_ROLE"]));
      expect(error).toMatchObject({
        status: 403,
        code: "not_eligible",
        details: { reason: "missing_role", from: who.toLowerCase(), function: "register", roles: ["REGISTRAR_ROLE"] },
      });
      expect(error.message).toContain("REGISTRAR_ROLE");
    }
    // Granted: paid from that block on; revoked: refused again.
    const role = await system.registry.REGISTRAR_ROLE();
    await system.registry.grantRole(role, resident);
    await expect(at(resident, "ResidentRegistry", "register", ["REGISTRAR_ROLE"])).resolves.toBe("role");
    await system.registry.revokeRole(role, resident);
    expect((await refusal(at(resident, "ResidentRegistry", "register", ["REGISTRAR_ROLE"]))).code).toBe("not_eligible");
  });

  test("a function on both lists is paid for a holder of its roles or a registered resident, nobody else", async () => {
    const roles = ["TASK_POSTER_ROLE", "DEFAULT_ADMIN_ROLE"] as const;
    const [poster, resident, stranger] = [Wallet.createRandom(), Wallet.createRandom(), Wallet.createRandom()];
    await system.taskBoard.grantRole(await system.taskBoard.TASK_POSTER_ROLE(), poster.address);
    await system.registry.register(resident.address, 1, (await now(system)) + YEAR);
    // How each qualified decides whose allowance the call uses: the poster's as an official, the resident's own.
    await expect(at(poster.address, "TaskBoard", "releaseExpiredClaim", roles, true)).resolves.toBe("role");
    await expect(at(resident.address, "TaskBoard", "releaseExpiredClaim", roles, true)).resolves.toBe("resident");
    // A poster who is also a registered resident qualifies through the role.
    await system.registry.register(poster.address, 1, (await now(system)) + YEAR);
    await expect(at(poster.address, "TaskBoard", "releaseExpiredClaim", roles, true)).resolves.toBe("role");
    expect(
      (await refusal(at(stranger.address, "TaskBoard", "releaseExpiredClaim", roles, true))).details,
    ).toMatchObject({
      reason: "not_registered",
      function: "releaseExpiredClaim",
    });
    // Without orResident the roles alone decide.
    expect((await refusal(at(resident.address, "TaskBoard", "releaseExpiredClaim", roles))).details).toMatchObject({
      reason: "missing_role",
    });
  });
});
