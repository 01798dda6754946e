/** Role holders from the chain's logs (lib/chain/roleLogs.ts), checked against `hasRole` on a deployed system. */
import { ZeroHash, Wallet, id } from "ethers";
import { beforeAll, describe, expect, test } from "vitest";

import { foldRoleLogs, holdersOf, readRoleHolders } from "../../lib/chain/roleLogs.js";
import { contractInterfaces } from "../../lib/contracts/interfaces.js";
import type { ChainLog } from "../../lib/chain/logs.js";
import { deploySystem, type System } from "../helpers/system.js";

let system: System;
beforeAll(async () => {
  system = await deploySystem();
});

async function holdersNow() {
  const addresses = await Promise.all([system.registry.getAddress(), system.budgetRound.getAddress()]);
  return readRoleHolders(system.ethers.provider, addresses, {
    fromBlock: 0,
    toBlock: await system.ethers.provider.getBlockNumber(),
    batchBlocks: 3,
  });
}

describe("role holders from RoleGranted/RoleRevoked", () => {
  test("the deployment's grants, then a grant and a revocation, match hasRole", async () => {
    const registry = await system.registry.getAddress();
    const budgetRound = await system.budgetRound.getAddress();
    const admin = system.admin.address.toLowerCase();
    let holders = await holdersNow();
    expect(holdersOf(holders, registry, ZeroHash)).toEqual([admin]);
    expect(holdersOf(holders, registry, id("REGISTRAR_ROLE"))).toEqual([admin]);
    expect(holdersOf(holders, budgetRound, id("REVIEWER_ROLE"))).toEqual([system.official.address.toLowerCase()]);
    // The deployment's own grants: the task board records earnings, the admin moderates.
    expect(holdersOf(holders, registry, id("EARNINGS_RECORDER_ROLE"))).toEqual([
      (await system.taskBoard.getAddress()).toLowerCase(),
    ]);
    expect(holdersOf(holders, registry, id("MODERATOR_ROLE"))).toEqual([admin]);
    expect(holdersOf(holders, registry, id("CODE_CONSUMER_ROLE"))).toEqual([
      (await system.paperDesk.getAddress()).toLowerCase(),
    ]);

    const [first, second] = [Wallet.createRandom().address, Wallet.createRandom().address];
    await (await system.registry.grantRole(id("REGISTRAR_ROLE"), first)).wait();
    await (await system.registry.grantRole(id("REGISTRAR_ROLE"), second)).wait();
    await (await system.registry.revokeRole(id("REGISTRAR_ROLE"), first)).wait();
    // A second grant of a held role emits nothing and changes nothing.
    await (await system.registry.grantRole(id("REGISTRAR_ROLE"), second)).wait();
    holders = await holdersNow();
    expect(holdersOf(holders, registry, id("REGISTRAR_ROLE"))).toEqual([admin, second.toLowerCase()]);
    for (const who of [system.admin.address, first, second]) {
      expect(holdersOf(holders, registry, id("REGISTRAR_ROLE")).includes(who.toLowerCase())).toBe(
        await system.registry.hasRole(id("REGISTRAR_ROLE"), who),
      );
    }
    // A registrar of the registry is nothing on BudgetRound.
    expect(holdersOf(holders, budgetRound, id("REGISTRAR_ROLE"))).toEqual([]);
  });

  test("logs are folded in chain order whatever order they arrive in", () => {
    const iface = contractInterfaces.ResidentRegistry;
    const account = "0x" + "ab".repeat(20);
    const log = (name: "RoleGranted" | "RoleRevoked", blockNumber: number, index: number): ChainLog => {
      const { topics, data } = iface.encodeEventLog(name, [id("MODERATOR_ROLE"), account, account]);
      return {
        address: "0x" + "01".repeat(20),
        topics,
        data,
        blockNumber,
        blockHash: "0x",
        transactionHash: "0x",
        index,
      };
    };
    const granted = log("RoleGranted", 5, 1);
    const revoked = log("RoleRevoked", 5, 2);
    const regranted = log("RoleGranted", 7, 0);
    expect(holdersOf(foldRoleLogs([revoked, granted]), "0x" + "01".repeat(20), id("MODERATOR_ROLE"))).toEqual([]);
    expect(
      holdersOf(foldRoleLogs([regranted, revoked, granted]), "0x" + "01".repeat(20), id("MODERATOR_ROLE")),
    ).toEqual([account]);
  });
});
