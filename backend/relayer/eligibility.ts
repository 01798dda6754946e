/**
 * Whom the relayer pays for. Fresh keys cost nothing to make, and some allowed calls succeed for
 * anyone (a transfer of 0 coins), so without this check anyone could spend the daily budget.
 *
 * - `ResidentRegistry.redeemVoteCode`: anyone — it is how a resident registers, and its
 *   simulation fails without an unused code from the municipality's letter, so it cannot be
 *   repeated at will.
 * - `LocalCoin` functions: a registered resident or a registered merchant (merchants redeem).
 * - everything else: a registered resident (any district, not revoked, not expired at the
 *   latest block). The contract itself checks the district where it matters.
 * - officials' functions (allowlist.ts OFFICIAL_FUNCTIONS): a holder of one of the roles the
 *   contract requires for the function, read with `hasRole` at the same block. A role is the
 *   on-chain fact the relayer pays on; nothing off chain can grant it. A function on both lists
 *   (`orResident`) is paid for a holder of one of those roles or for a registered resident.
 *
 * The check answers how the signer qualified, because that decides whose allowance the request
 * uses (quota.ts): a call paid through a role counts against the account's officials' allowance,
 * any other against its own, so a registrar who is also a resident keeps both apart.
 */
import { ZeroHash, id, type Provider } from "ethers";

import type { ContractName } from "../../generated/abis.js";
import type { Deployment } from "../../lib/contracts/deployments.js";
import { ILocalCoin__factory } from "../../types/ethers-contracts/factories/contracts/coin/ILocalCoin__factory.js";
import { IResidentRegistry__factory } from "../../types/ethers-contracts/factories/contracts/registry/IResidentRegistry__factory.js";
import { connectContract } from "../../generated/contracts.js";
import type { RoleName } from "./allowlist.js";
import { RelayError } from "./errors.js";

/** The bytes32 of a role: OpenZeppelin's `keccak256("NAME")`, the admin role is zero. */
export function roleId(role: RoleName): string {
  return role === "DEFAULT_ADMIN_ROLE" ? ZeroHash : id(role);
}

export type Payee = "anyone" | "resident" | "resident_or_merchant";

export function payeeOf(contract: ContractName, fn: string): Payee {
  if (contract === "ResidentRegistry" && fn === "redeemVoteCode") return "anyone";
  if (contract === "LocalCoin") return "resident_or_merchant";
  return "resident";
}

export interface EligibilityDeps {
  provider: Provider;
  deployment: Deployment;
}

export interface EligibilityQuery {
  from: string;
  contract: ContractName;
  fn: string;
  /** An official's function: the roles (any one) that qualify; null or absent for residents' functions. */
  roles?: readonly RoleName[] | null;
  /** With `roles`: a registered resident qualifies as well (a function on both lists). */
  orResident?: boolean;
  /** The block the other checks read (so registration and nonce come from one state). */
  blockNumber: number;
  /** That block's time: a registration counts while `expiresAt` is after it. */
  chainTime: bigint;
}

/**
 * How the signer qualified: `role` (holds one of the function's roles), `resident` (a current
 * registration), `merchant` (a registered merchant, on LocalCoin) or `anyone` (redeemVoteCode).
 */
export type Qualification = "role" | "resident" | "merchant" | "anyone";

/**
 * Resolves to how `from` qualifies when the relayer pays for it calling `fn`; throws 403
 * `not_eligible` otherwise.
 */
export type EligibilityCheck = (query: EligibilityQuery) => Promise<Qualification>;

export function createEligibilityCheck(deps: EligibilityDeps): EligibilityCheck {
  const registry = IResidentRegistry__factory.connect(
    deps.deployment.contracts.ResidentRegistry.address,
    deps.provider,
  );
  const coin = ILocalCoin__factory.connect(deps.deployment.contracts.LocalCoin.address, deps.provider);
  const accessOf = (contract: Exclude<ContractName, "BuurtkasForwarder">) =>
    connectContract(contract, deps.deployment.contracts[contract].address, deps.provider);

  async function holdsRole(query: EligibilityQuery, roles: readonly RoleName[]): Promise<boolean> {
    const { from, contract, blockNumber } = query;
    if (contract === "BuurtkasForwarder") throw new Error("the forwarder has no roles");
    const access = accessOf(contract);
    const held = await Promise.all(roles.map((role) => access.hasRole(roleId(role), from, { blockTag: blockNumber })));
    return held.some(Boolean);
  }

  async function checkRole(query: EligibilityQuery, roles: readonly RoleName[]): Promise<"role"> {
    const { from, contract, fn } = query;
    if (await holdsRole(query, roles)) return "role";
    throw new RelayError(
      403,
      "not_eligible",
      `the relayer pays for ${contract}.${fn} only for holders of ${roles.join(" or ")}: ${from} holds none of them`,
      { reason: "missing_role", from, contract, function: fn, roles: [...roles] },
    );
  }

  return async (query) => {
    const { from, contract, fn, blockNumber, chainTime } = query;
    if (query.roles && !query.orResident) return checkRole(query, query.roles);
    // A role holder is paid as an official even where a resident would be paid too.
    if (query.roles && (await holdsRole(query, query.roles))) return "role";
    const payee = payeeOf(contract, fn);
    if (payee === "anyone") return "anyone";
    const [registration, merchant] = await Promise.all([
      registry.registrationOf(from, { blockTag: blockNumber }),
      payee === "resident_or_merchant" ? coin.isMerchant(from, { blockTag: blockNumber }) : Promise.resolve(false),
    ]);
    if (merchant) return "merchant";
    const reason =
      registration.district === 0n
        ? "not_registered"
        : registration.revoked
          ? "registration_revoked"
          : registration.expiresAt <= chainTime
            ? "registration_expired"
            : undefined;
    if (reason === undefined) return "resident";
    const who = payee === "resident_or_merchant" ? "registered residents and merchants" : "registered residents";
    const why = {
      not_registered: `${from} is not registered (redeem the vote code from the municipality's letter first)`,
      registration_revoked: `the registration of ${from} was revoked`,
      registration_expired: `the registration of ${from} expired at ${registration.expiresAt}`,
    }[reason];
    throw new RelayError(403, "not_eligible", `the relayer pays only for ${who}: ${why}`, {
      reason,
      from,
      contract,
      function: fn,
      ...(reason === "not_registered" ? {} : { district: registration.district.toString() }),
      ...(reason === "registration_expired" ? { expiresAt: registration.expiresAt.toString() } : {}),
    });
  };
}
