/**
 * ResidentRegistry: registration by a registrar (expiry, revocation, re-registration), yearly
 * earnings, and household vote codes end to end with lib/votecodes: codes generated, a batch
 * published, codes redeemed directly and through the forwarder, and every way a redemption is refused.
 */
import type { SnapshotRestorer } from "@nomicfoundation/hardhat-network-helpers/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { type Signer, TypedDataEncoder, Wallet, ZeroAddress, ZeroHash, id, verifyTypedData } from "ethers";
import { beforeAll, beforeEach, describe, expect, test } from "vitest";

import { signForwardRequest } from "../../lib/relay/forwardRequest.js";
import {
  type CodeTree,
  VOTE_CODE_TYPES,
  buildCodeTree,
  codeWallet,
  generateCode,
  proofFor,
  signVoteCode,
  voteCodeDomain,
} from "../../lib/votecodes/index.js";
import { expectRevert } from "../helpers/errors.js";
import { eventOf, plain } from "../helpers/rounds.js";
import { DAY, type System, YEAR, deploySystem, now } from "../helpers/system.js";

const DISTRICT = 3;
const OTHER_DISTRICT = 4;

let system: System;
let clean: SnapshotRestorer;
let registrarRole: string;
let issuerRole: string;
let recorderRole: string;
let alice: HardhatEthersSigner;
let bob: HardhatEthersSigner;
let carol: HardhatEthersSigner;

beforeAll(async () => {
  system = await deploySystem();
  const { registry } = system;
  [alice, bob, carol] = system.residents as [HardhatEthersSigner, HardhatEthersSigner, HardhatEthersSigner];
  registrarRole = await registry.REGISTRAR_ROLE();
  issuerRole = await registry.CODE_ISSUER_ROLE();
  recorderRole = await registry.EARNINGS_RECORDER_ROLE();
  clean = await system.networkHelpers.takeSnapshot();
});

beforeEach(async () => {
  await clean.restore();
});

async function chainId(): Promise<bigint> {
  return (await system.ethers.provider.getNetwork()).chainId;
}

async function registrationOf(account: string): Promise<unknown[]> {
  return plain(await system.registry.registrationOf(account)) as unknown[];
}

/** A registration by the registrar, expiring `lifetime` seconds from now. */
async function registerFor(account: string, district = DISTRICT, lifetime = YEAR): Promise<bigint> {
  const expiresAt = BigInt((await now(system)) + lifetime);
  await system.registry.connect(system.admin).register(account, district, expiresAt);
  return expiresAt;
}

interface Batch {
  batchId: bigint;
  codes: string[];
  tree: CodeTree;
  district: number;
  redeemableUntil: bigint;
  registrationExpiresAt: bigint;
}

/** Generates `count` codes as the CLI does (or takes `codes`) and publishes their root. */
async function publishBatch(
  count = 4,
  district = DISTRICT,
  redeemableFor = 30 * DAY,
  codes = Array.from({ length: count }, () => generateCode()),
): Promise<Batch> {
  const { registry, admin } = system;
  const tree = buildCodeTree(codes.map((code) => codeWallet(code).address));
  const start = await now(system);
  const redeemableUntil = BigInt(start + redeemableFor);
  const registrationExpiresAt = BigInt(start + YEAR);
  await registry
    .connect(admin)
    .publishCodeBatch(district, tree.root, codes.length, redeemableUntil, registrationExpiresAt);
  return { batchId: await registry.codeBatchCount(), codes, tree, district, redeemableUntil, registrationExpiresAt };
}

/** What the resident's browser sends to redeem `code` of `batch` for `account`. */
async function redemption(batch: Batch, code: string, account: string, signedBatchId = batch.batchId) {
  const signature = await signVoteCode(code, {
    registry: await system.registry.getAddress(),
    chainId: await chainId(),
    account,
    district: batch.district,
    batchId: signedBatchId,
  });
  return { signature, proof: proofFor(batch.tree, codeWallet(code).address) };
}

async function redeem(batch: Batch, code: string, resident: Signer) {
  const { signature, proof } = await redemption(batch, code, await resident.getAddress());
  return system.registry.connect(resident).redeemVoteCode(batch.batchId, signature, proof);
}

describe("deployment", () => {
  test("grants the admin DEFAULT_ADMIN_ROLE only and the task board EARNINGS_RECORDER_ROLE", async () => {
    const { registry, admin, taskBoard, forwarder } = system;
    expect(await registry.hasRole(await registry.DEFAULT_ADMIN_ROLE(), admin.address)).toBe(true);
    expect(await registry.hasRole(recorderRole, await taskBoard.getAddress())).toBe(true);
    expect(await registry.hasRole(recorderRole, admin.address)).toBe(false);
    expect(await registry.isTrustedForwarder(await forwarder.getAddress())).toBe(true);
    expect(await registry.codeBatchCount()).toBe(0n);
    expect(await registrationOf(alice.address)).toEqual([0n, 0n, false, false, 0n, 0n]);
  });

  test("reverts with RegistryZeroAddress when the admin is the zero address", async () => {
    const { ethers, registry, forwarder } = system;
    const factory = await ethers.getContractFactory("ResidentRegistry");
    await expectRevert(factory.deploy(ZeroAddress, await forwarder.getAddress()), registry, "RegistryZeroAddress", []);
  });
});

describe("register", () => {
  test("registers an account in a district until its expiry and emits ResidentRegistered with the registrar", async () => {
    const { registry, admin } = system;
    const expiresAt = BigInt((await now(system)) + YEAR);
    const tx = registry.connect(admin).register(alice.address, DISTRICT, expiresAt);
    expect(await eventOf(tx, registry, "ResidentRegistered")).toEqual([
      alice.address,
      BigInt(DISTRICT),
      expiresAt,
      admin.address,
    ]);
    expect(await registrationOf(alice.address)).toEqual([BigInt(DISTRICT), expiresAt, false, false, 0n, 0n]);
    expect(await registry.isResident(alice.address, DISTRICT)).toBe(true);
  });

  test("reverts with AccessControlUnauthorizedAccount for an account without REGISTRAR_ROLE", async () => {
    const { registry, outsider } = system;
    const expiresAt = (await now(system)) + YEAR;
    await expectRevert(
      registry.connect(outsider).register(outsider.address, DISTRICT, expiresAt),
      registry,
      "AccessControlUnauthorizedAccount",
      [outsider.address, registrarRole],
    );
  });

  test("reverts with RegistryZeroAddress for the zero address", async () => {
    const { registry, admin } = system;
    const expiresAt = (await now(system)) + YEAR;
    await expectRevert(
      registry.connect(admin).register(ZeroAddress, DISTRICT, expiresAt),
      registry,
      "RegistryZeroAddress",
      [],
    );
  });

  test("reverts with RegistryInvalidDistrict for district 0", async () => {
    const { registry, admin } = system;
    const expiresAt = (await now(system)) + YEAR;
    await expectRevert(
      registry.connect(admin).register(alice.address, 0, expiresAt),
      registry,
      "RegistryInvalidDistrict",
      [0],
    );
  });

  test("reverts with RegistryExpiryInPast for an expiry at the block's time", async () => {
    const { registry, admin, networkHelpers } = system;
    const at = (await now(system)) + 100;
    await networkHelpers.time.setNextBlockTimestamp(at);
    await expectRevert(
      registry.connect(admin).register(alice.address, DISTRICT, at),
      registry,
      "RegistryExpiryInPast",
      [at, at],
    );
  });

  test("reverts with RegistryAlreadyRegistered for a current resident, naming their district", async () => {
    const { registry, admin } = system;
    await registerFor(alice.address, DISTRICT);
    const expiresAt = (await now(system)) + YEAR;
    await expectRevert(
      registry.connect(admin).register(alice.address, OTHER_DISTRICT, expiresAt),
      registry,
      "RegistryAlreadyRegistered",
      [alice.address, DISTRICT],
    );
  });
});

describe("isResident", () => {
  test("holds only for the registered district, never for district 0 or another account", async () => {
    const { registry } = system;
    await registerFor(alice.address, DISTRICT);
    expect(await registry.isResident(alice.address, DISTRICT)).toBe(true);
    expect(await registry.isResident(alice.address, OTHER_DISTRICT)).toBe(false);
    expect(await registry.isResident(alice.address, 0)).toBe(false);
    expect(await registry.isResident(bob.address, DISTRICT)).toBe(false);
    expect(await registry.isResident(bob.address, 0)).toBe(false);
  });

  test("holds until the second before the expiry and not from the expiry on", async () => {
    const { registry, networkHelpers } = system;
    const expiresAt = await registerFor(alice.address, DISTRICT, 30 * DAY);
    await networkHelpers.time.increaseTo(expiresAt - 1n);
    expect(await registry.isResident(alice.address, DISTRICT)).toBe(true);
    await networkHelpers.time.increaseTo(expiresAt);
    expect(await registry.isResident(alice.address, DISTRICT)).toBe(false);
  });

  test("ends with revocation; a revoked or expired account can be registered again, in another district too", async () => {
    const { registry, admin, networkHelpers } = system;
    await registerFor(alice.address, DISTRICT);
    await registry.connect(admin).revoke(alice.address);
    expect(await registry.isResident(alice.address, DISTRICT)).toBe(false);
    const moved = await registerFor(alice.address, OTHER_DISTRICT);
    expect(await registry.isResident(alice.address, OTHER_DISTRICT)).toBe(true);
    expect(await registry.isResident(alice.address, DISTRICT)).toBe(false);
    expect(await registrationOf(alice.address)).toEqual([BigInt(OTHER_DISTRICT), moved, false, false, 0n, 0n]);

    const expiresAt = await registerFor(bob.address, DISTRICT, DAY);
    await networkHelpers.time.increaseTo(expiresAt);
    expect(await registry.isResident(bob.address, DISTRICT)).toBe(false);
    await registerFor(bob.address, DISTRICT);
    expect(await registry.isResident(bob.address, DISTRICT)).toBe(true);
  });
});

describe("revoke", () => {
  test("revokes a current registration and emits ResidentRevoked with its district and the registrar", async () => {
    const { registry, admin } = system;
    const expiresAt = await registerFor(alice.address, DISTRICT);
    const tx = registry.connect(admin).revoke(alice.address);
    expect(await eventOf(tx, registry, "ResidentRevoked")).toEqual([alice.address, BigInt(DISTRICT), admin.address]);
    expect(await registrationOf(alice.address)).toEqual([BigInt(DISTRICT), expiresAt, true, false, 0n, 0n]);
  });

  test("reverts with AccessControlUnauthorizedAccount for an account without REGISTRAR_ROLE", async () => {
    const { registry, outsider } = system;
    await registerFor(alice.address);
    await expectRevert(registry.connect(outsider).revoke(alice.address), registry, "AccessControlUnauthorizedAccount", [
      outsider.address,
      registrarRole,
    ]);
  });

  test("reverts with RegistryNotRegistered for an account never registered, already revoked, or expired", async () => {
    const { registry, admin, networkHelpers } = system;
    await expectRevert(registry.connect(admin).revoke(alice.address), registry, "RegistryNotRegistered", [
      alice.address,
    ]);
    await registerFor(bob.address);
    await registry.connect(admin).revoke(bob.address);
    await expectRevert(registry.connect(admin).revoke(bob.address), registry, "RegistryNotRegistered", [bob.address]);
    const expiresAt = await registerFor(carol.address, DISTRICT, DAY);
    await networkHelpers.time.increaseTo(expiresAt);
    await expectRevert(registry.connect(admin).revoke(carol.address), registry, "RegistryNotRegistered", [
      carol.address,
    ]);
  });
});

describe("setExpiry", () => {
  test("renews and shortens a registration and emits ResidentExpiryChanged", async () => {
    const { registry, admin, networkHelpers } = system;
    const first = await registerFor(alice.address, DISTRICT, 10 * DAY);
    const renewed = first + BigInt(YEAR);
    expect(
      await eventOf(registry.connect(admin).setExpiry(alice.address, renewed), registry, "ResidentExpiryChanged"),
    ).toEqual([alice.address, renewed, admin.address]);
    await networkHelpers.time.increaseTo(first);
    expect(await registry.isResident(alice.address, DISTRICT)).toBe(true);

    const shortened = BigInt((await now(system)) + DAY);
    await registry.connect(admin).setExpiry(alice.address, shortened);
    expect((await registry.registrationOf(alice.address)).expiresAt).toBe(shortened);
    await networkHelpers.time.increaseTo(shortened);
    expect(await registry.isResident(alice.address, DISTRICT)).toBe(false);
  });

  test("brings an expired registration back", async () => {
    const { registry, admin, networkHelpers } = system;
    const expiresAt = await registerFor(alice.address, DISTRICT, DAY);
    await networkHelpers.time.increaseTo(expiresAt);
    await registry.connect(admin).setExpiry(alice.address, expiresAt + BigInt(YEAR));
    expect(await registry.isResident(alice.address, DISTRICT)).toBe(true);
  });

  test("reverts with AccessControlUnauthorizedAccount for an account without REGISTRAR_ROLE", async () => {
    const { registry, outsider } = system;
    const expiresAt = await registerFor(alice.address);
    await expectRevert(
      registry.connect(outsider).setExpiry(alice.address, expiresAt + 1n),
      registry,
      "AccessControlUnauthorizedAccount",
      [outsider.address, registrarRole],
    );
  });

  test("reverts with RegistryNotRegistered for an account never registered or revoked", async () => {
    const { registry, admin } = system;
    const expiresAt = (await now(system)) + YEAR;
    await expectRevert(registry.connect(admin).setExpiry(alice.address, expiresAt), registry, "RegistryNotRegistered", [
      alice.address,
    ]);
    await registerFor(bob.address);
    await registry.connect(admin).revoke(bob.address);
    await expectRevert(registry.connect(admin).setExpiry(bob.address, expiresAt), registry, "RegistryNotRegistered", [
      bob.address,
    ]);
  });

  test("reverts with RegistryExpiryInPast for an expiry at the block's time", async () => {
    const { registry, admin, networkHelpers } = system;
    await registerFor(alice.address);
    const at = (await now(system)) + 100;
    await networkHelpers.time.setNextBlockTimestamp(at);
    await expectRevert(registry.connect(admin).setExpiry(alice.address, at), registry, "RegistryExpiryInPast", [
      at,
      at,
    ]);
  });
});

describe("recordEarnings and earnedIn", () => {
  /** The Dutch calendar year at `timestamp` (New Year is always in winter time, UTC+1). */
  function dutchYear(timestamp: number): number {
    return new Date((timestamp + 3_600) * 1_000).getUTCFullYear();
  }

  test("adds earnings within the cap and reports the year and what was earned before", async () => {
    const { registry, admin } = system;
    await registry.connect(admin).grantRole(recorderRole, admin.address);
    await registerFor(alice.address);
    const year = BigInt(dutchYear(await now(system)));
    expect(await registry.connect(admin).recordEarnings.staticCall(alice.address, 1_000n, 1_500n)).toEqual([
      true,
      year,
      0n,
    ]);
    await registry.connect(admin).recordEarnings(alice.address, 1_000n, 1_500n);
    // Exactly at the cap still fits; one cent more does not and changes nothing.
    expect(await registry.connect(admin).recordEarnings.staticCall(alice.address, 501n, 1_500n)).toEqual([
      false,
      year,
      1_000n,
    ]);
    await registry.connect(admin).recordEarnings(alice.address, 501n, 1_500n);
    expect(await registry.earnedIn(alice.address, year)).toBe(1_000n);
    await registry.connect(admin).recordEarnings(alice.address, 500n, 1_500n);
    expect(await registry.earnedIn(alice.address, year)).toBe(1_500n);
    expect(await registry.earnedIn(alice.address, year - 1n)).toBe(0n);
    expect(await registrationOf(alice.address)).toMatchObject([
      BigInt(DISTRICT),
      expect.any(BigInt),
      false,
      false,
      year,
      1_500n,
    ]);
  });

  test("starts a new total at the Dutch New Year (23:00 UTC on 31 December)", async () => {
    const { registry, admin, networkHelpers } = system;
    await registry.connect(admin).grantRole(recorderRole, admin.address);
    await registerFor(alice.address, DISTRICT, 2 * YEAR);
    const year = dutchYear(await now(system));
    const newYear = Date.UTC(year, 11, 31, 23, 0, 0) / 1_000;
    await networkHelpers.time.setNextBlockTimestamp(newYear - 1);
    await registry.connect(admin).recordEarnings(alice.address, 1_200n, 1_500n);
    expect(await registry.earnedIn(alice.address, year)).toBe(1_200n);

    await networkHelpers.time.setNextBlockTimestamp(newYear);
    await registry.connect(admin).recordEarnings(alice.address, 1_200n, 1_500n);
    expect(await registry.earnedIn(alice.address, year + 1)).toBe(1_200n);
    // Only the latest year is kept; the earlier one is in the task boards' events.
    expect(await registry.earnedIn(alice.address, year)).toBe(0n);
  });

  test("keeps the year's earnings across revocation and re-registration: the cap is per person", async () => {
    const { registry, admin } = system;
    await registry.connect(admin).grantRole(recorderRole, admin.address);
    await registerFor(alice.address);
    await registry.connect(admin).recordEarnings(alice.address, 1_400n, 1_500n);
    await registry.connect(admin).revoke(alice.address);
    await registerFor(alice.address, OTHER_DISTRICT);
    const year = BigInt(dutchYear(await now(system)));
    expect(await registry.earnedIn(alice.address, year)).toBe(1_400n);
    expect(await registry.connect(admin).recordEarnings.staticCall(alice.address, 200n, 1_500n)).toEqual([
      false,
      year,
      1_400n,
    ]);
  });

  test("reverts with RegistryEarningsForUnregistered for an account never registered", async () => {
    const { registry, admin } = system;
    await registry.connect(admin).grantRole(recorderRole, admin.address);
    await expectRevert(
      registry.connect(admin).recordEarnings(alice.address, 1n, 1_500n),
      registry,
      "RegistryEarningsForUnregistered",
      [alice.address],
    );
  });

  test("reverts with AccessControlUnauthorizedAccount for an account without EARNINGS_RECORDER_ROLE", async () => {
    const { registry, outsider } = system;
    await registerFor(alice.address);
    await expectRevert(
      registry.connect(outsider).recordEarnings(alice.address, 1n, 1_500n),
      registry,
      "AccessControlUnauthorizedAccount",
      [outsider.address, recorderRole],
    );
  });
});

describe("publishCodeBatch", () => {
  test("stores the batch under the next id and emits CodeBatchPublished", async () => {
    const { registry, admin } = system;
    const tree = buildCodeTree([codeWallet(generateCode()).address, codeWallet(generateCode()).address]);
    const start = await now(system);
    const until = BigInt(start + 30 * DAY);
    const expires = BigInt(start + YEAR);
    expect(await registry.connect(admin).publishCodeBatch.staticCall(DISTRICT, tree.root, 2, until, expires)).toBe(1n);
    const tx = registry.connect(admin).publishCodeBatch(DISTRICT, tree.root, 2, until, expires);
    expect(await eventOf(tx, registry, "CodeBatchPublished")).toEqual([
      1n,
      BigInt(DISTRICT),
      tree.root,
      2n,
      until,
      expires,
    ]);
    expect(plain(await registry.codeBatch(1))).toEqual([tree.root, BigInt(DISTRICT), until, expires]);
    expect(await registry.codeBatchCount()).toBe(1n);
    expect(await registry.isCodeBatchWithdrawn(1)).toBe(false);

    await registry.connect(admin).publishCodeBatch(OTHER_DISTRICT, tree.root, 2, until, expires);
    expect(await registry.codeBatchCount()).toBe(2n);
    expect(plain(await registry.codeBatch(3))).toEqual([ZeroHash, 0n, 0n, 0n]);
  });

  test("reverts with AccessControlUnauthorizedAccount for an account without CODE_ISSUER_ROLE", async () => {
    const { registry, outsider } = system;
    const start = await now(system);
    await expectRevert(
      registry.connect(outsider).publishCodeBatch(DISTRICT, id("root"), 1, start + DAY, start + YEAR),
      registry,
      "AccessControlUnauthorizedAccount",
      [outsider.address, issuerRole],
    );
  });

  test("reverts with RegistryInvalidDistrict for district 0", async () => {
    const { registry, admin } = system;
    const start = await now(system);
    await expectRevert(
      registry.connect(admin).publishCodeBatch(0, id("root"), 1, start + DAY, start + YEAR),
      registry,
      "RegistryInvalidDistrict",
      [0],
    );
  });

  test("reverts with RegistryEmptyRoot for a zero root", async () => {
    const { registry, admin } = system;
    const start = await now(system);
    await expectRevert(
      registry.connect(admin).publishCodeBatch(DISTRICT, ZeroHash, 1, start + DAY, start + YEAR),
      registry,
      "RegistryEmptyRoot",
      [],
    );
  });

  test("reverts with RegistryExpiryInPast when the redemption period or the registrations would already be over", async () => {
    const { registry, admin, networkHelpers } = system;
    const at = (await now(system)) + 100;
    await networkHelpers.time.setNextBlockTimestamp(at);
    await expectRevert(
      registry.connect(admin).publishCodeBatch(DISTRICT, id("root"), 1, at, at + YEAR),
      registry,
      "RegistryExpiryInPast",
      [at, at],
    );
    await expectRevert(
      registry.connect(admin).publishCodeBatch(DISTRICT, id("root"), 1, at + DAY, at - 1),
      registry,
      "RegistryExpiryInPast",
      [at - 1, at],
    );
    expect(await registry.codeBatchCount()).toBe(0n);
  });
});

describe("withdrawCodeBatch", () => {
  test("withdraws a batch and emits CodeBatchWithdrawn; registrations made with it stay", async () => {
    const { registry, admin } = system;
    const batch = await publishBatch();
    await redeem(batch, batch.codes[0]!, alice);
    expect(
      await eventOf(registry.connect(admin).withdrawCodeBatch(batch.batchId), registry, "CodeBatchWithdrawn"),
    ).toEqual([batch.batchId]);
    expect(await registry.isCodeBatchWithdrawn(batch.batchId)).toBe(true);
    expect(await registry.isResident(alice.address, DISTRICT)).toBe(true);
  });

  test("reverts with AccessControlUnauthorizedAccount for an account without CODE_ISSUER_ROLE", async () => {
    const { registry, outsider } = system;
    const batch = await publishBatch();
    await expectRevert(
      registry.connect(outsider).withdrawCodeBatch(batch.batchId),
      registry,
      "AccessControlUnauthorizedAccount",
      [outsider.address, issuerRole],
    );
  });

  test("reverts with RegistryUnknownBatch for a batch never published", async () => {
    const { registry, admin } = system;
    await publishBatch();
    await expectRevert(registry.connect(admin).withdrawCodeBatch(2), registry, "RegistryUnknownBatch", [2]);
    await expectRevert(registry.connect(admin).withdrawCodeBatch(0), registry, "RegistryUnknownBatch", [0]);
  });

  test("reverts with RegistryBatchWithdrawn for a batch withdrawn before", async () => {
    const { registry, admin } = system;
    const batch = await publishBatch();
    await registry.connect(admin).withdrawCodeBatch(batch.batchId);
    await expectRevert(registry.connect(admin).withdrawCodeBatch(batch.batchId), registry, "RegistryBatchWithdrawn", [
      batch.batchId,
    ]);
  });
});

describe("redeemVoteCode", () => {
  test("voteCodeDigest is the EIP-712 hash lib/votecodes signs", async () => {
    const { registry } = system;
    const value = { account: alice.address, district: DISTRICT, batchId: 7n };
    const domain = voteCodeDomain(await registry.getAddress(), await chainId());
    expect(await registry.voteCodeDigest(alice.address, DISTRICT, 7n)).toBe(
      TypedDataEncoder.hash(domain, VOTE_CODE_TYPES, value),
    );
  });

  test("registers the caller in the batch's district until the batch's expiry and marks the code used", async () => {
    const { registry } = system;
    const batch = await publishBatch();
    const code = batch.codes[2]!;
    const codeSigner = codeWallet(code).address;
    expect(await registry.isVoteCodeUsed(codeSigner)).toBe(false);

    const redeemed = await eventOf(redeem(batch, code, alice), registry, "VoteCodeRedeemed");
    expect(redeemed).toEqual([batch.batchId, codeSigner, alice.address]);
    expect(await registry.isVoteCodeUsed(codeSigner)).toBe(true);
    expect(await registry.isResident(alice.address, DISTRICT)).toBe(true);
    expect(await registrationOf(alice.address)).toEqual([
      BigInt(DISTRICT),
      batch.registrationExpiresAt,
      false,
      true,
      0n,
      0n,
    ]);
  });

  test("emits ResidentRegistered with the zero address as registrar", async () => {
    const { registry } = system;
    const batch = await publishBatch();
    expect(await eventOf(redeem(batch, batch.codes[0]!, alice), registry, "ResidentRegistered")).toEqual([
      alice.address,
      BigInt(DISTRICT),
      batch.registrationExpiresAt,
      ZeroAddress,
    ]);
  });

  test("accepts the code as a resident types it: lower case, spaces, O for 0 and I or L for 1", async () => {
    const { registry } = system;
    const code = generateCode(() => Uint8Array.from({ length: 16 }, (_, index) => index));
    expect(code).toBe("0123-4567-89AB-CDEF");
    const batch = await publishBatch(3, DISTRICT, 30 * DAY, [generateCode(), code, generateCode()]);
    const typed = " ol23 4567 89ab cdef ";
    const { signature, proof } = await redemption(batch, typed, alice.address);
    await registry.connect(alice).redeemVoteCode(batch.batchId, signature, proof);
    expect(await registry.isVoteCodeUsed(codeWallet(code).address)).toBe(true);
  });

  test("a resident with no ETH redeems through the forwarder and the resident, not the relayer, is registered", async () => {
    const { registry, forwarder, outsider, ethers } = system;
    const relayer = outsider;
    const residentKey = Wallet.createRandom().connect(ethers.provider);
    const batch = await publishBatch();
    const code = batch.codes[1]!;
    const { signature, proof } = await redemption(batch, code, residentKey.address);
    const request = await signForwardRequest(residentKey, {
      forwarder: await forwarder.getAddress(),
      chainId: await chainId(),
      to: await registry.getAddress(),
      data: registry.interface.encodeFunctionData("redeemVoteCode", [batch.batchId, signature, proof]),
      gas: 300_000n,
      nonce: await forwarder.nonces(residentKey.address),
      deadline: BigInt((await now(system)) + 3_600),
    });
    const redeemed = await eventOf(forwarder.connect(relayer).execute(request), registry, "VoteCodeRedeemed");
    expect(redeemed).toEqual([batch.batchId, codeWallet(code).address, residentKey.address]);
    expect(await registry.isResident(residentKey.address, DISTRICT)).toBe(true);
    expect(await registry.isResident(relayer.address, DISTRICT)).toBe(false);
    expect(await ethers.provider.getBalance(residentKey.address)).toBe(0n);
  });

  test("reverts with RegistryVoteCodeUsed when the code was redeemed before, by anyone", async () => {
    const { registry } = system;
    const batch = await publishBatch();
    const code = batch.codes[0]!;
    await redeem(batch, code, alice);
    await expectRevert(redeem(batch, code, bob), registry, "RegistryVoteCodeUsed", [codeWallet(code).address]);
    expect(await registry.isResident(bob.address, DISTRICT)).toBe(false);
  });

  test("after the registration from a code expires, a code of a new batch registers the resident again", async () => {
    const { registry, networkHelpers } = system;
    const batch = await publishBatch();
    await redeem(batch, batch.codes[0]!, alice);
    await networkHelpers.time.increaseTo(batch.registrationExpiresAt);
    expect(await registry.isResident(alice.address, DISTRICT)).toBe(false);

    const renewal = await publishBatch();
    await redeem(renewal, renewal.codes[0]!, alice);
    expect(await registry.isResident(alice.address, DISTRICT)).toBe(true);
    expect((await registry.registrationOf(alice.address)).expiresAt).toBe(renewal.registrationExpiresAt);
    expect(await registry.isVoteCodeUsed(codeWallet(batch.codes[0]!).address)).toBe(true);
  });

  test("reverts with RegistryExpiryInPast for a batch still redeemable after its registrations' expiry", async () => {
    const { registry, networkHelpers } = system;
    // publishCodeBatch accepts a redemption period that outlasts the registrations it grants.
    const batch = await publishBatch(2, DISTRICT, 2 * YEAR);
    await networkHelpers.time.setNextBlockTimestamp(batch.registrationExpiresAt);
    await expectRevert(redeem(batch, batch.codes[0]!, alice), registry, "RegistryExpiryInPast", [
      batch.registrationExpiresAt,
      batch.registrationExpiresAt,
    ]);
  });

  test("after a revocation the resident registers again with a code of another batch, but not with the used one", async () => {
    const { registry, admin } = system;
    const batch = await publishBatch();
    await redeem(batch, batch.codes[0]!, alice);
    await registry.connect(admin).revoke(alice.address);
    await expectRevert(redeem(batch, batch.codes[0]!, alice), registry, "RegistryVoteCodeUsed", [
      codeWallet(batch.codes[0]!).address,
    ]);
    const other = await publishBatch(2, OTHER_DISTRICT);
    await redeem(other, other.codes[0]!, alice);
    expect(await registry.isResident(alice.address, OTHER_DISTRICT)).toBe(true);
  });

  test("reverts with RegistryInvalidVoteCode for a code of another batch, even with that batch's proof", async () => {
    const { registry } = system;
    const batch = await publishBatch();
    const other = await publishBatch();
    const code = other.codes[0]!;
    // Signed for the first batch, proved against the tree it really belongs to.
    const { signature, proof } = await redemption(other, code, alice.address, batch.batchId);
    await expectRevert(
      registry.connect(alice).redeemVoteCode(batch.batchId, signature, proof),
      registry,
      "RegistryInvalidVoteCode",
      [batch.batchId, codeWallet(code).address],
    );
    expect(await registry.isVoteCodeUsed(codeWallet(code).address)).toBe(false);
  });

  test("reverts with RegistryInvalidVoteCode for a code in no batch", async () => {
    const { registry } = system;
    const batch = await publishBatch();
    const stranger = generateCode();
    const signature = await signVoteCode(stranger, {
      registry: await registry.getAddress(),
      chainId: await chainId(),
      account: alice.address,
      district: DISTRICT,
      batchId: batch.batchId,
    });
    const borrowedProof = proofFor(batch.tree, codeWallet(batch.codes[0]!).address);
    await expectRevert(
      registry.connect(alice).redeemVoteCode(batch.batchId, signature, borrowedProof),
      registry,
      "RegistryInvalidVoteCode",
      [batch.batchId, codeWallet(stranger).address],
    );
  });

  test("reverts with RegistryInvalidVoteCode when a front-runner submits a resident's signature as their own", async () => {
    const { registry, outsider } = system;
    const batch = await publishBatch();
    const code = batch.codes[0]!;
    // The front-runner copies the pending transaction's arguments.
    const { signature, proof } = await redemption(batch, code, alice.address);
    const domain = voteCodeDomain(await registry.getAddress(), await chainId());
    const recovered = verifyTypedData(
      domain,
      VOTE_CODE_TYPES,
      { account: outsider.address, district: DISTRICT, batchId: batch.batchId },
      signature,
    );
    expect(recovered).not.toBe(codeWallet(code).address);
    await expectRevert(
      registry.connect(outsider).redeemVoteCode(batch.batchId, signature, proof),
      registry,
      "RegistryInvalidVoteCode",
      [batch.batchId, recovered],
    );
    // The resident's own transaction still goes through.
    await registry.connect(alice).redeemVoteCode(batch.batchId, signature, proof);
    expect(await registry.isResident(alice.address, DISTRICT)).toBe(true);
    expect(await registry.isResident(outsider.address, DISTRICT)).toBe(false);
  });

  test("reverts with RegistryInvalidVoteCode for a signature made for another batch id", async () => {
    const { registry } = system;
    const batch = await publishBatch();
    const code = batch.codes[0]!;
    const { signature, proof } = await redemption(batch, code, alice.address, batch.batchId + 1n);
    const recovered = verifyTypedData(
      voteCodeDomain(await registry.getAddress(), await chainId()),
      VOTE_CODE_TYPES,
      { account: alice.address, district: DISTRICT, batchId: batch.batchId },
      signature,
    );
    await expectRevert(
      registry.connect(alice).redeemVoteCode(batch.batchId, signature, proof),
      registry,
      "RegistryInvalidVoteCode",
      [batch.batchId, recovered],
    );
  });

  test("reverts with ECDSAInvalidSignatureLength for a signature that is not 65 bytes", async () => {
    const { registry } = system;
    const batch = await publishBatch();
    const { signature, proof } = await redemption(batch, batch.codes[0]!, alice.address);
    await expectRevert(
      registry.connect(alice).redeemVoteCode(batch.batchId, signature.slice(0, -2), proof),
      registry,
      "ECDSAInvalidSignatureLength",
      [64],
    );
  });

  test("reverts with RegistryBatchWithdrawn for a code of a withdrawn batch", async () => {
    const { registry, admin } = system;
    const batch = await publishBatch();
    await registry.connect(admin).withdrawCodeBatch(batch.batchId);
    await expectRevert(redeem(batch, batch.codes[0]!, alice), registry, "RegistryBatchWithdrawn", [batch.batchId]);
    expect(await registry.isVoteCodeUsed(codeWallet(batch.codes[0]!).address)).toBe(false);
  });

  test("redeems up to and including redeemableUntil, and reverts with RegistryBatchClosed a second later", async () => {
    const { registry, networkHelpers } = system;
    const batch = await publishBatch();
    await networkHelpers.time.setNextBlockTimestamp(batch.redeemableUntil);
    await redeem(batch, batch.codes[0]!, alice);
    expect(await now(system)).toBe(Number(batch.redeemableUntil));
    await networkHelpers.time.setNextBlockTimestamp(batch.redeemableUntil + 1n);
    await expectRevert(redeem(batch, batch.codes[1]!, bob), registry, "RegistryBatchClosed", [
      batch.batchId,
      batch.redeemableUntil,
    ]);
  });

  test("reverts with RegistryUnknownBatch for a batch never published", async () => {
    const { registry } = system;
    const batch = await publishBatch();
    const { signature, proof } = await redemption(batch, batch.codes[0]!, alice.address, 2n);
    await expectRevert(registry.connect(alice).redeemVoteCode(2n, signature, proof), registry, "RegistryUnknownBatch", [
      2n,
    ]);
    await expectRevert(registry.connect(alice).redeemVoteCode(0n, signature, proof), registry, "RegistryUnknownBatch", [
      0n,
    ]);
  });

  test("reverts with RegistryAlreadyRegistered for a current resident and leaves the code unused for later", async () => {
    const { registry, admin } = system;
    await registerFor(alice.address, OTHER_DISTRICT);
    const batch = await publishBatch();
    const code = batch.codes[0]!;
    await expectRevert(redeem(batch, code, alice), registry, "RegistryAlreadyRegistered", [
      alice.address,
      OTHER_DISTRICT,
    ]);
    expect(await registry.isVoteCodeUsed(codeWallet(code).address)).toBe(false);
    await registry.connect(admin).revoke(alice.address);
    await redeem(batch, code, alice);
    expect(await registry.isResident(alice.address, DISTRICT)).toBe(true);
  });
});
