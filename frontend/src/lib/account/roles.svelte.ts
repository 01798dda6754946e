/**
 * What the current account may do beyond a resident's rights, read from the contracts' role
 * registries (OpenZeppelin AccessControl) and the coin's merchant list, so menus show only what
 * the account's roles allow. The chain stays the authority: a hidden menu entry is convenience,
 * the contract refuses a call without the role either way.
 */
import { ZeroHash, id } from "ethers";

import { system, type ContractKey } from "../chain/system.svelte.js";
import { account } from "./account.svelte.js";

export type RoleHolder = Extract<
  ContractKey,
  | "BudgetRound"
  | "LocalCoin"
  | "PaperBallotDesk"
  | "ResidentRegistry"
  | "ResultCommitments"
  | "SecretBallots"
  | "TaskBoard"
>;

/** Every role an official can hold, by the contract that checks it. */
const OFFICIAL_ROLES: readonly [RoleHolder, string][] = [
  ["BudgetRound", "ROUND_MANAGER_ROLE"],
  ["BudgetRound", "REVIEWER_ROLE"],
  ["BudgetRound", "CLERK_ROLE"],
  ["LocalCoin", "MINTER_ROLE"],
  ["LocalCoin", "MERCHANT_MANAGER_ROLE"],
  ["ResidentRegistry", "REGISTRAR_ROLE"],
  ["ResidentRegistry", "CODE_ISSUER_ROLE"],
  ["ResidentRegistry", "MODERATOR_ROLE"],
  ["TaskBoard", "TASK_POSTER_ROLE"],
  // People record paper ballots through the desk, which is BudgetRound's clerk (contracts/paper).
  ["PaperBallotDesk", "CLERK_ROLE"],
];
/** Every contract with roles: its admin may grant and revoke them (the roles desk). */
export const ADMIN_HOLDERS: readonly RoleHolder[] = [
  "BudgetRound",
  "ResidentRegistry",
  "LocalCoin",
  "TaskBoard",
  "ResultCommitments",
  "SecretBallots",
  "PaperBallotDesk",
];

class Roles {
  /** `BudgetRound.REVIEWER_ROLE`-style names of the roles the account holds. */
  held = $state.raw<ReadonlySet<string>>(new Set());
  merchant = $state(false);
  /** The address the fields above were read (or are being read) for, and that read. */
  #readFor: string | null = null;
  #reading: Promise<void> = Promise.resolve();

  get official(): boolean {
    return this.held.size > 0;
  }

  has(contract: RoleHolder, role: string): boolean {
    return this.held.has(`${contract}.${role}`);
  }

  /**
   * Re-reads the roles when the account changed (or `force`). For the same account it answers the
   * read already under way, so a page that waits for the roles never sees them half-read (empty).
   */
  refresh(force = false): Promise<void> {
    const address = account.address;
    if (!force && address === this.#readFor) return this.#reading;
    this.#readFor = address;
    this.#reading = this.#read(address);
    return this.#reading;
  }

  async #read(address: string | null): Promise<void> {
    if (!address) {
      this.held = new Set();
      this.merchant = false;
      return;
    }
    const { contracts } = system();
    const checks: [string, Promise<boolean>][] = [
      ...OFFICIAL_ROLES.map(([contract, role]): [string, Promise<boolean>] => [
        `${contract}.${role}`,
        contracts[contract].hasRole(id(role), address),
      ]),
      ...ADMIN_HOLDERS.map((contract): [string, Promise<boolean>] => [
        `${contract}.DEFAULT_ADMIN_ROLE`,
        contracts[contract].hasRole(ZeroHash, address),
      ]),
    ];
    const [answers, merchant] = await Promise.all([
      Promise.all(checks.map(([, answer]) => answer.catch(() => false))),
      contracts.LocalCoin.isMerchant(address).catch(() => false),
    ]);
    if (address !== account.address) return;
    this.held = new Set(checks.filter((_, i) => answers[i]).map(([name]) => name));
    this.merchant = merchant;
  }
}

export const roles = new Roles();
