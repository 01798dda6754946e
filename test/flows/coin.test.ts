/**
 * LocalCoin: minting, the merchant registry, redemption (direct and relayed for a merchant without
 * ETH), the emergency brake, ERC-20 transfers and allowances, and ERC-2612 permits.
 */
import type { SnapshotRestorer } from "@nomicfoundation/hardhat-network-helpers/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import {
  type HDNodeWallet,
  type Signer,
  MaxUint256,
  TypedDataEncoder,
  Wallet,
  ZeroAddress,
  ZeroHash,
  id,
  verifyTypedData,
} from "ethers";
import { beforeAll, beforeEach, describe, expect, test } from "vitest";

import {
  type ForwardRequestData,
  FORWARD_REQUEST_TYPES,
  buildForwardRequest,
  forwardRequestSigner,
  signForwardRequest,
} from "../../lib/relay/forwardRequest.js";
import { expectRevert } from "../helpers/errors.js";
import { eventOf, eventsOf, plain } from "../helpers/rounds.js";
import { type System, deploySystem, now } from "../helpers/system.js";

const SHOP_LISTING = id("Bakkerij De Zon, Pancratiusstraat 12, Heerlen, KvK 12345678");
const INVOICE = id("invoice 2026-0042");
const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

let system: System;
let clean: SnapshotRestorer;
let minterRole: string;
let managerRole: string;
let adminRole: string;
let alice: HardhatEthersSigner;
let bob: HardhatEthersSigner;
/** Holds no ETH: pays and redeems only through the forwarder. */
let shopKey: HDNodeWallet;

beforeAll(async () => {
  system = await deploySystem();
  const { coin } = system;
  [alice, bob] = system.residents as [HardhatEthersSigner, HardhatEthersSigner];
  shopKey = Wallet.createRandom().connect(system.ethers.provider);
  minterRole = await coin.MINTER_ROLE();
  managerRole = await coin.MERCHANT_MANAGER_ROLE();
  adminRole = await coin.DEFAULT_ADMIN_ROLE();
  clean = await system.networkHelpers.takeSnapshot();
});

beforeEach(async () => {
  await clean.restore();
});

async function chainId(): Promise<bigint> {
  return (await system.ethers.provider.getNetwork()).chainId;
}

/** What a browser does for a coin call: encode it, read the forwarder nonce, sign. */
async function relayedCoinCall(signer: Signer, data: string, deadlineIn = 3_600): Promise<ForwardRequestData> {
  const { forwarder, coin } = system;
  return signForwardRequest(signer, {
    forwarder: await forwarder.getAddress(),
    chainId: await chainId(),
    to: await coin.getAddress(),
    data,
    gas: 200_000n,
    nonce: await forwarder.nonces(await signer.getAddress()),
    deadline: BigInt((await now(system)) + deadlineIn),
  });
}

async function registeredMerchantWith(merchant: string, coins: bigint): Promise<void> {
  const { coin, admin } = system;
  await coin.connect(admin).registerMerchant(merchant, SHOP_LISTING);
  if (coins > 0n) await coin.connect(admin).mint(merchant, coins);
}

async function permitDomain() {
  const { coin } = system;
  return { name: "Heitje", version: "1", chainId: await chainId(), verifyingContract: await coin.getAddress() };
}

/** `signer`'s permit signature; `owner` defaults to the signer (another owner makes a forgery). */
async function signPermit(signer: Signer, spender: string, value: bigint, deadline: bigint, owner?: string) {
  const ownerAddress = owner ?? (await signer.getAddress());
  const message = { owner: ownerAddress, spender, value, nonce: await system.coin.nonces(ownerAddress), deadline };
  const signature = await signer.signTypedData(await permitDomain(), PERMIT_TYPES, message);
  return { message, signature, ...splitSignature(signature) };
}

function splitSignature(signature: string): { v: number; r: string; s: string } {
  return {
    r: "0x" + signature.slice(2, 66),
    s: "0x" + signature.slice(66, 130),
    v: parseInt(signature.slice(130, 132), 16),
  };
}

describe("deployment", () => {
  test("is the Heitje with 2 decimals, no supply, the forwarder trusted and the admin holding only the admin role", async () => {
    const { coin, forwarder, admin, outsider } = system;
    expect(await coin.name()).toBe("Heitje");
    expect(await coin.symbol()).toBe("HTJ");
    expect(await coin.decimals()).toBe(2n);
    expect(await coin.totalSupply()).toBe(0n);
    expect([await coin.totalMinted(), await coin.totalRedeemed(), await coin.redemptionCount()]).toEqual([0n, 0n, 0n]);
    expect(await coin.paused()).toBe(false);
    expect(await coin.trustedForwarder()).toBe(await forwarder.getAddress());
    expect(await coin.isTrustedForwarder(await forwarder.getAddress())).toBe(true);
    expect(await coin.isTrustedForwarder(outsider.address)).toBe(false);
    expect(await coin.hasRole(adminRole, admin.address)).toBe(true);
    expect(await coin.hasRole(adminRole, outsider.address)).toBe(false);
    expect(await coin.getRoleAdmin(minterRole)).toBe(adminRole);
    expect(await coin.getRoleAdmin(managerRole)).toBe(adminRole);
    expect(minterRole).toBe(id("MINTER_ROLE"));
    expect(managerRole).toBe(id("MERCHANT_MANAGER_ROLE"));
  });

  test("reverts with CoinZeroAddress when the admin is the zero address", async () => {
    const { ethers, coin, forwarder } = system;
    const factory = await ethers.getContractFactory("LocalCoin");
    await expectRevert(
      factory.deploy("Heitje", "HTJ", ZeroAddress, await forwarder.getAddress()),
      coin,
      "CoinZeroAddress",
      [],
    );
  });

  test("supports the ERC-165 ids of IAccessControl and ERC-165 and no others", async () => {
    const { coin } = system;
    expect(await coin.supportsInterface("0x01ffc9a7")).toBe(true);
    expect(await coin.supportsInterface("0x7965db0b")).toBe(true);
    expect(await coin.supportsInterface("0xffffffff")).toBe(false);
    expect(await coin.supportsInterface("0x36372b07")).toBe(false);
  });
});

describe("mint", () => {
  test("creates coins for the recipient and records them in totalMinted, with Minted and Transfer events", async () => {
    const { coin, admin } = system;
    const tx = coin.connect(admin).mint(alice.address, 2_500n);
    expect(await eventOf(tx, coin, "Minted")).toEqual([alice.address, 2_500n, admin.address]);
    await coin.connect(admin).mint(alice.address, 150n);
    expect(await coin.balanceOf(alice.address)).toBe(2_650n);
    expect(await coin.totalSupply()).toBe(2_650n);
    expect(await coin.totalMinted()).toBe(2_650n);
  });

  test("emits a Transfer from the zero address", async () => {
    const { coin, admin } = system;
    expect(await eventOf(coin.connect(admin).mint(bob.address, 1n), coin, "Transfer")).toEqual([
      ZeroAddress,
      bob.address,
      1n,
    ]);
  });

  test("reverts with AccessControlUnauthorizedAccount for an account without MINTER_ROLE", async () => {
    const { coin, outsider } = system;
    await expectRevert(coin.connect(outsider).mint(outsider.address, 1n), coin, "AccessControlUnauthorizedAccount", [
      outsider.address,
      minterRole,
    ]);
  });

  test("reverts with CoinZeroAddress when minting to the zero address", async () => {
    const { coin, admin } = system;
    await expectRevert(coin.connect(admin).mint(ZeroAddress, 1n), coin, "CoinZeroAddress", []);
  });

  test("reverts with CoinZeroAmount when minting nothing", async () => {
    const { coin, admin } = system;
    await expectRevert(coin.connect(admin).mint(alice.address, 0n), coin, "CoinZeroAmount", []);
  });

  test("reverts with EnforcedPause while paused", async () => {
    const { coin, admin } = system;
    await coin.connect(admin).pause();
    await expectRevert(coin.connect(admin).mint(alice.address, 1n), coin, "EnforcedPause", []);
    expect(await coin.totalMinted()).toBe(0n);
  });

  test("relayed through the forwarder, checks the signer's MINTER_ROLE, not the relayer's", async () => {
    const { coin, forwarder, admin, outsider, ethers } = system;
    const minterKey = Wallet.createRandom().connect(ethers.provider);
    await coin.connect(admin).grantRole(minterRole, minterKey.address);
    const request = await relayedCoinCall(minterKey, coin.interface.encodeFunctionData("mint", [alice.address, 700n]));
    expect(await eventOf(forwarder.connect(outsider).execute(request), coin, "Minted")).toEqual([
      alice.address,
      700n,
      minterKey.address,
    ]);

    // The relayer holds no role; a request it signs itself fails inside the call.
    const own = await relayedCoinCall(outsider, coin.interface.encodeFunctionData("mint", [outsider.address, 1n]));
    await expectRevert(forwarder.connect(outsider).execute(own), forwarder, "FailedCall", []);
    expect(await coin.totalMinted()).toBe(700n);
  });
});

describe("merchant registry", () => {
  test("registerMerchant registers a shop and emits MerchantRegistered with its listing hash", async () => {
    const { coin, admin, merchant } = system;
    expect(await coin.isMerchant(merchant.address)).toBe(false);
    const tx = coin.connect(admin).registerMerchant(merchant.address, SHOP_LISTING);
    expect(await eventOf(tx, coin, "MerchantRegistered")).toEqual([merchant.address, SHOP_LISTING]);
    expect(await coin.isMerchant(merchant.address)).toBe(true);
    expect(await coin.isMerchant(alice.address)).toBe(false);
  });

  test("registerMerchant reverts with AccessControlUnauthorizedAccount without MERCHANT_MANAGER_ROLE", async () => {
    const { coin, merchant, outsider } = system;
    await expectRevert(
      coin.connect(outsider).registerMerchant(merchant.address, SHOP_LISTING),
      coin,
      "AccessControlUnauthorizedAccount",
      [outsider.address, managerRole],
    );
  });

  test("registerMerchant reverts with CoinZeroAddress for the zero address", async () => {
    const { coin, admin } = system;
    await expectRevert(coin.connect(admin).registerMerchant(ZeroAddress, SHOP_LISTING), coin, "CoinZeroAddress", []);
  });

  test("registerMerchant reverts with CoinMerchantAlreadyRegistered for a registered merchant", async () => {
    const { coin, admin, merchant } = system;
    await coin.connect(admin).registerMerchant(merchant.address, SHOP_LISTING);
    await expectRevert(
      coin.connect(admin).registerMerchant(merchant.address, id("another listing")),
      coin,
      "CoinMerchantAlreadyRegistered",
      [merchant.address],
    );
  });

  test("removeMerchant ends the registration with MerchantRemoved, and the shop can be registered again", async () => {
    const { coin, admin, merchant } = system;
    await coin.connect(admin).registerMerchant(merchant.address, SHOP_LISTING);
    const tx = coin.connect(admin).removeMerchant(merchant.address);
    expect(await eventOf(tx, coin, "MerchantRemoved")).toEqual([merchant.address]);
    expect(await coin.isMerchant(merchant.address)).toBe(false);
    await coin.connect(admin).registerMerchant(merchant.address, SHOP_LISTING);
    expect(await coin.isMerchant(merchant.address)).toBe(true);
  });

  test("removeMerchant reverts with AccessControlUnauthorizedAccount without MERCHANT_MANAGER_ROLE", async () => {
    const { coin, admin, merchant, outsider } = system;
    await coin.connect(admin).registerMerchant(merchant.address, SHOP_LISTING);
    await expectRevert(
      coin.connect(outsider).removeMerchant(merchant.address),
      coin,
      "AccessControlUnauthorizedAccount",
      [outsider.address, managerRole],
    );
  });

  test("removeMerchant reverts with CoinNotMerchant for an account that is not a merchant", async () => {
    const { coin, admin, merchant } = system;
    await expectRevert(coin.connect(admin).removeMerchant(merchant.address), coin, "CoinNotMerchant", [
      merchant.address,
    ]);
  });
});

describe("redeem", () => {
  test("burns the merchant's coins, numbers the redemption and emits Redeemed and Transfer to zero", async () => {
    const { coin, merchant } = system;
    await registeredMerchantWith(merchant.address, 10_000n);
    expect(await coin.connect(merchant).redeem.staticCall(4_000n, INVOICE)).toBe(1n);
    const tx = coin.connect(merchant).redeem(4_000n, INVOICE);
    const receiptEvents = await eventsOf(tx, coin, "Transfer");
    expect(receiptEvents.map((event) => plain(event.args))).toEqual([[merchant.address, ZeroAddress, 4_000n]]);
    const second = coin.connect(merchant).redeem(1_500n, id("invoice 2026-0043"));
    expect(await eventOf(second, coin, "Redeemed")).toEqual([2n, merchant.address, 1_500n, id("invoice 2026-0043")]);

    expect(await coin.balanceOf(merchant.address)).toBe(4_500n);
    expect(await coin.totalSupply()).toBe(4_500n);
    expect(await coin.totalMinted()).toBe(10_000n);
    expect(await coin.totalRedeemed()).toBe(5_500n);
    expect(await coin.redemptionCount()).toBe(2n);
  });

  test("emits Redeemed with the redemption id, merchant, amount and payment reference", async () => {
    const { coin, merchant } = system;
    await registeredMerchantWith(merchant.address, 300n);
    expect(await eventOf(coin.connect(merchant).redeem(300n, INVOICE), coin, "Redeemed")).toEqual([
      1n,
      merchant.address,
      300n,
      INVOICE,
    ]);
    expect(await coin.balanceOf(merchant.address)).toBe(0n);
  });

  test("reverts with CoinNotMerchant for a resident holding coins", async () => {
    const { coin, admin } = system;
    await coin.connect(admin).mint(alice.address, 500n);
    await expectRevert(coin.connect(alice).redeem(500n, INVOICE), coin, "CoinNotMerchant", [alice.address]);
  });

  test("reverts with CoinNotMerchant for a merchant that was removed", async () => {
    const { coin, admin, merchant } = system;
    await registeredMerchantWith(merchant.address, 500n);
    await coin.connect(admin).removeMerchant(merchant.address);
    await expectRevert(coin.connect(merchant).redeem(500n, INVOICE), coin, "CoinNotMerchant", [merchant.address]);
  });

  test("reverts with CoinZeroAmount for nothing", async () => {
    const { coin, merchant } = system;
    await registeredMerchantWith(merchant.address, 500n);
    await expectRevert(coin.connect(merchant).redeem(0n, INVOICE), coin, "CoinZeroAmount", []);
  });

  test("reverts with CoinEmptyRedemptionReference without a payment reference", async () => {
    const { coin, merchant } = system;
    await registeredMerchantWith(merchant.address, 500n);
    await expectRevert(coin.connect(merchant).redeem(500n, ZeroHash), coin, "CoinEmptyRedemptionReference", []);
  });

  test("reverts with ERC20InsufficientBalance for more than the merchant holds", async () => {
    const { coin, merchant } = system;
    await registeredMerchantWith(merchant.address, 500n);
    await expectRevert(coin.connect(merchant).redeem(501n, INVOICE), coin, "ERC20InsufficientBalance", [
      merchant.address,
      500n,
      501n,
    ]);
    expect([await coin.totalRedeemed(), await coin.redemptionCount()]).toEqual([0n, 0n]);
  });

  test("reverts with EnforcedPause while paused", async () => {
    const { coin, admin, merchant } = system;
    await registeredMerchantWith(merchant.address, 500n);
    await coin.connect(admin).pause();
    await expectRevert(coin.connect(merchant).redeem(500n, INVOICE), coin, "EnforcedPause", []);
  });

  test("a merchant with no ETH redeems through the forwarder; the relayer pays the gas and gets nothing", async () => {
    const { coin, forwarder, outsider, ethers } = system;
    const relayer = outsider;
    await registeredMerchantWith(shopKey.address, 2_000n);
    expect(await ethers.provider.getBalance(shopKey.address)).toBe(0n);

    const request = await relayedCoinCall(shopKey, coin.interface.encodeFunctionData("redeem", [1_200n, INVOICE]));
    expect(await forwarder.verify(request)).toBe(true);
    expect(forwardRequestSigner(request, await forwarder.getAddress(), await chainId(), 0n)).toBe(shopKey.address);
    const tx = forwarder.connect(relayer).execute(request);
    expect(await eventOf(tx, coin, "Redeemed")).toEqual([1n, shopKey.address, 1_200n, INVOICE]);

    expect(await coin.balanceOf(shopKey.address)).toBe(800n);
    expect(await coin.totalRedeemed()).toBe(1_200n);
    expect(await forwarder.nonces(shopKey.address)).toBe(1n);
    expect(await ethers.provider.getBalance(shopKey.address)).toBe(0n);
    expect(await coin.isMerchant(relayer.address)).toBe(false);
  });

  test("a relayed redemption cannot be replayed: the used nonce makes the signature recover another account", async () => {
    const { coin, forwarder, outsider } = system;
    await registeredMerchantWith(shopKey.address, 2_000n);
    const request = await relayedCoinCall(shopKey, coin.interface.encodeFunctionData("redeem", [500n, INVOICE]));
    await forwarder.connect(outsider).execute(request);
    const recovered = forwardRequestSigner(request, await forwarder.getAddress(), await chainId(), 1n);
    expect(recovered).not.toBe(shopKey.address);
    expect(await forwarder.verify(request)).toBe(false);
    await expectRevert(forwarder.connect(outsider).execute(request), forwarder, "ERC2771ForwarderInvalidSigner", [
      recovered,
      shopKey.address,
    ]);
    expect(await coin.totalRedeemed()).toBe(500n);
  });

  test("a relayed redemption past its deadline reverts with ERC2771ForwarderExpiredRequest", async () => {
    const { coin, forwarder, outsider, networkHelpers } = system;
    await registeredMerchantWith(shopKey.address, 2_000n);
    const request = await relayedCoinCall(shopKey, coin.interface.encodeFunctionData("redeem", [500n, INVOICE]), 60);
    await networkHelpers.time.increaseTo(request.deadline + 1n);
    await expectRevert(forwarder.connect(outsider).execute(request), forwarder, "ERC2771ForwarderExpiredRequest", [
      request.deadline,
    ]);
  });

  test("a relayed redemption by a signer that is not a merchant fails inside the call and leaves its nonce unused", async () => {
    const { coin, forwarder, outsider, admin } = system;
    await coin.connect(admin).mint(shopKey.address, 2_000n);
    const request = await relayedCoinCall(shopKey, coin.interface.encodeFunctionData("redeem", [500n, INVOICE]));
    await expectRevert(forwarder.connect(outsider).execute(request), forwarder, "FailedCall", []);
    // The same call made directly names the problem.
    await expectRevert(coin.connect(outsider).redeem(500n, INVOICE), coin, "CoinNotMerchant", [outsider.address]);
    expect(await forwarder.nonces(shopKey.address)).toBe(0n);
    expect(await coin.balanceOf(shopKey.address)).toBe(2_000n);
  });
});

describe("pause and unpause", () => {
  test("pause stops transfers and emits Paused; unpause lets them through again and emits Unpaused", async () => {
    const { coin, admin } = system;
    await coin.connect(admin).mint(alice.address, 1_000n);
    expect(await eventOf(coin.connect(admin).pause(), coin, "Paused")).toEqual([admin.address]);
    expect(await coin.paused()).toBe(true);
    await expectRevert(coin.connect(alice).transfer(bob.address, 100n), coin, "EnforcedPause", []);

    expect(await eventOf(coin.connect(admin).unpause(), coin, "Unpaused")).toEqual([admin.address]);
    expect(await coin.paused()).toBe(false);
    await coin.connect(alice).transfer(bob.address, 100n);
    expect(await coin.balanceOf(bob.address)).toBe(100n);
  });

  test("transferFrom reverts with EnforcedPause while paused, though approvals still work", async () => {
    const { coin, admin } = system;
    await coin.connect(admin).mint(alice.address, 1_000n);
    await coin.connect(admin).pause();
    await coin.connect(alice).approve(bob.address, 300n);
    expect(await coin.allowance(alice.address, bob.address)).toBe(300n);
    await expectRevert(coin.connect(bob).transferFrom(alice.address, bob.address, 300n), coin, "EnforcedPause", []);
  });

  test("pause reverts with AccessControlUnauthorizedAccount for an account without DEFAULT_ADMIN_ROLE", async () => {
    const { coin, outsider } = system;
    await expectRevert(coin.connect(outsider).pause(), coin, "AccessControlUnauthorizedAccount", [
      outsider.address,
      adminRole,
    ]);
  });

  test("unpause reverts with AccessControlUnauthorizedAccount for an account without DEFAULT_ADMIN_ROLE", async () => {
    const { coin, admin, outsider } = system;
    await coin.connect(admin).pause();
    await expectRevert(coin.connect(outsider).unpause(), coin, "AccessControlUnauthorizedAccount", [
      outsider.address,
      adminRole,
    ]);
  });

  test("pause reverts with EnforcedPause when already paused", async () => {
    const { coin, admin } = system;
    await coin.connect(admin).pause();
    await expectRevert(coin.connect(admin).pause(), coin, "EnforcedPause", []);
  });

  test("unpause reverts with ExpectedPause when not paused", async () => {
    const { coin, admin } = system;
    await expectRevert(coin.connect(admin).unpause(), coin, "ExpectedPause", []);
  });
});

describe("roles", () => {
  test("grantRole and revokeRole by the admin give and take the minter's power, with RoleGranted and RoleRevoked", async () => {
    const { coin, admin, official } = system;
    expect(await eventOf(coin.connect(admin).grantRole(minterRole, official.address), coin, "RoleGranted")).toEqual([
      minterRole,
      official.address,
      admin.address,
    ]);
    await coin.connect(official).mint(alice.address, 1n);
    expect(await eventOf(coin.connect(admin).revokeRole(minterRole, official.address), coin, "RoleRevoked")).toEqual([
      minterRole,
      official.address,
      admin.address,
    ]);
    await expectRevert(coin.connect(official).mint(alice.address, 1n), coin, "AccessControlUnauthorizedAccount", [
      official.address,
      minterRole,
    ]);
  });

  test("grantRole reverts with AccessControlUnauthorizedAccount for an account without DEFAULT_ADMIN_ROLE", async () => {
    const { coin, outsider } = system;
    await expectRevert(
      coin.connect(outsider).grantRole(minterRole, outsider.address),
      coin,
      "AccessControlUnauthorizedAccount",
      [outsider.address, adminRole],
    );
  });

  test("renounceRole gives up one's own role and reverts with AccessControlBadConfirmation for another account", async () => {
    const { coin, admin } = system;
    await expectRevert(
      coin.connect(alice).renounceRole(minterRole, admin.address),
      coin,
      "AccessControlBadConfirmation",
      [],
    );
    await coin.connect(admin).renounceRole(minterRole, admin.address);
    expect(await coin.hasRole(minterRole, admin.address)).toBe(false);
  });
});

describe("ERC-20", () => {
  test("transfer moves coins and emits Transfer", async () => {
    const { coin, admin, merchant } = system;
    await coin.connect(admin).mint(alice.address, 1_000n);
    expect(await coin.connect(alice).transfer.staticCall(merchant.address, 250n)).toBe(true);
    expect(await eventOf(coin.connect(alice).transfer(merchant.address, 250n), coin, "Transfer")).toEqual([
      alice.address,
      merchant.address,
      250n,
    ]);
    expect([await coin.balanceOf(alice.address), await coin.balanceOf(merchant.address)]).toEqual([750n, 250n]);
    expect(await coin.totalSupply()).toBe(1_000n);
  });

  test("transfer reverts with ERC20InsufficientBalance for more than the balance", async () => {
    const { coin, admin } = system;
    await coin.connect(admin).mint(alice.address, 100n);
    await expectRevert(coin.connect(alice).transfer(bob.address, 101n), coin, "ERC20InsufficientBalance", [
      alice.address,
      100n,
      101n,
    ]);
  });

  test("transfer reverts with ERC20InvalidReceiver to the zero address", async () => {
    const { coin, admin } = system;
    await coin.connect(admin).mint(alice.address, 100n);
    await expectRevert(coin.connect(alice).transfer(ZeroAddress, 1n), coin, "ERC20InvalidReceiver", [ZeroAddress]);
  });

  test("approve sets the allowance and emits Approval; approving the zero address reverts with ERC20InvalidSpender", async () => {
    const { coin } = system;
    expect(await eventOf(coin.connect(alice).approve(bob.address, 400n), coin, "Approval")).toEqual([
      alice.address,
      bob.address,
      400n,
    ]);
    expect(await coin.allowance(alice.address, bob.address)).toBe(400n);
    await expectRevert(coin.connect(alice).approve(ZeroAddress, 1n), coin, "ERC20InvalidSpender", [ZeroAddress]);
  });

  test("transferFrom spends the allowance; an unlimited allowance is not spent", async () => {
    const { coin, admin } = system;
    await coin.connect(admin).mint(alice.address, 1_000n);
    await coin.connect(alice).approve(bob.address, 400n);
    await coin.connect(bob).transferFrom(alice.address, bob.address, 150n);
    expect(await coin.allowance(alice.address, bob.address)).toBe(250n);
    expect(await coin.balanceOf(bob.address)).toBe(150n);

    await coin.connect(alice).approve(bob.address, MaxUint256);
    await coin.connect(bob).transferFrom(alice.address, bob.address, 150n);
    expect(await coin.allowance(alice.address, bob.address)).toBe(MaxUint256);
    expect(await coin.balanceOf(alice.address)).toBe(700n);
  });

  test("transferFrom reverts with ERC20InsufficientAllowance beyond the allowance", async () => {
    const { coin, admin } = system;
    await coin.connect(admin).mint(alice.address, 1_000n);
    await coin.connect(alice).approve(bob.address, 100n);
    await expectRevert(
      coin.connect(bob).transferFrom(alice.address, bob.address, 101n),
      coin,
      "ERC20InsufficientAllowance",
      [bob.address, 100n, 101n],
    );
  });

  test("a resident with no ETH pays a shop through the forwarder", async () => {
    const { coin, forwarder, admin, merchant, outsider, ethers } = system;
    const residentKey = Wallet.createRandom().connect(ethers.provider);
    await coin.connect(admin).mint(residentKey.address, 1_000n);
    const request = await relayedCoinCall(
      residentKey,
      coin.interface.encodeFunctionData("transfer", [merchant.address, 350n]),
    );
    expect(await eventOf(forwarder.connect(outsider).execute(request), coin, "Transfer")).toEqual([
      residentKey.address,
      merchant.address,
      350n,
    ]);
    expect([await coin.balanceOf(residentKey.address), await coin.balanceOf(merchant.address)]).toEqual([650n, 350n]);
    expect(await coin.balanceOf(outsider.address)).toBe(0n);
  });
});

describe("ERC-2612 permit", () => {
  test("the domain separator and eip712Domain describe the Heitje, version 1, on this chain", async () => {
    const { coin } = system;
    const domain = await permitDomain();
    expect(await coin.DOMAIN_SEPARATOR()).toBe(TypedDataEncoder.hashDomain(domain));
    const described = await coin.eip712Domain();
    expect([described.name, described.version, described.chainId, described.verifyingContract]).toEqual([
      domain.name,
      domain.version,
      domain.chainId,
      domain.verifyingContract,
    ]);
  });

  test("a signed permit sets the allowance for anyone who submits it, spends the nonce and emits Approval", async () => {
    const { coin, admin, merchant, outsider } = system;
    await coin.connect(admin).mint(alice.address, 1_000n);
    const deadline = BigInt((await now(system)) + 3_600);
    const { v, r, s } = await signPermit(alice, merchant.address, 600n, deadline);
    const tx = coin.connect(outsider).permit(alice.address, merchant.address, 600n, deadline, v, r, s);
    expect(await eventOf(tx, coin, "Approval")).toEqual([alice.address, merchant.address, 600n]);
    expect(await coin.allowance(alice.address, merchant.address)).toBe(600n);
    expect(await coin.nonces(alice.address)).toBe(1n);

    await coin.connect(merchant).transferFrom(alice.address, merchant.address, 600n);
    expect(await coin.balanceOf(merchant.address)).toBe(600n);
  });

  test("a permit past its deadline reverts with ERC2612ExpiredSignature", async () => {
    const { coin, merchant, networkHelpers } = system;
    const deadline = BigInt((await now(system)) + 60);
    const { v, r, s } = await signPermit(alice, merchant.address, 600n, deadline);
    await networkHelpers.time.setNextBlockTimestamp(deadline + 1n);
    await expectRevert(
      coin.permit(alice.address, merchant.address, 600n, deadline, v, r, s),
      coin,
      "ERC2612ExpiredSignature",
      [deadline],
    );
  });

  test("a permit signed by someone else reverts with ERC2612InvalidSigner naming both", async () => {
    const { coin, merchant } = system;
    const deadline = BigInt((await now(system)) + 3_600);
    // Bob signs a permit that claims to be Alice's.
    const forged = await signPermit(bob, merchant.address, 600n, deadline, alice.address);
    await expectRevert(
      coin.permit(alice.address, merchant.address, 600n, deadline, forged.v, forged.r, forged.s),
      coin,
      "ERC2612InvalidSigner",
      [bob.address, alice.address],
    );
  });

  test("a permit cannot be used twice: with the nonce spent it recovers another signer", async () => {
    const { coin, merchant } = system;
    const deadline = BigInt((await now(system)) + 3_600);
    const { message, signature, v, r, s } = await signPermit(alice, merchant.address, 600n, deadline);
    await coin.permit(alice.address, merchant.address, 600n, deadline, v, r, s);
    const recovered = verifyTypedData(await permitDomain(), PERMIT_TYPES, { ...message, nonce: 1n }, signature);
    expect(recovered).not.toBe(alice.address);
    await expectRevert(
      coin.permit(alice.address, merchant.address, 600n, deadline, v, r, s),
      coin,
      "ERC2612InvalidSigner",
      [recovered, alice.address],
    );
  });
});

describe("forward request signer (lib/relay/forwardRequest)", () => {
  test("buildForwardRequest's typed data hashes to what the forwarder checks, and the signer recovers", async () => {
    const { coin, forwarder } = system;
    const input = {
      forwarder: await forwarder.getAddress(),
      chainId: await chainId(),
      to: await coin.getAddress(),
      data: coin.interface.encodeFunctionData("transfer", [bob.address, 1n]),
      gas: 100_000n,
      nonce: 0n,
      deadline: BigInt((await now(system)) + 3_600),
    };
    const typed = buildForwardRequest(alice.address, input);
    expect(typed.types).toBe(FORWARD_REQUEST_TYPES);
    expect(typed.message.value).toBe(0n);
    expect(TypedDataEncoder.hashDomain(typed.domain)).toBe(
      TypedDataEncoder.hashDomain({
        name: (await forwarder.eip712Domain()).name,
        version: (await forwarder.eip712Domain()).version,
        chainId: await chainId(),
        verifyingContract: await forwarder.getAddress(),
      }),
    );
    const request = await signForwardRequest(alice, input);
    expect(forwardRequestSigner(request, input.forwarder, input.chainId, 0n)).toBe(alice.address);
    expect(await forwarder.verify(request)).toBe(true);
    expect(await forwarder.verify({ ...request, gas: 100_001n })).toBe(false);
  });
});
