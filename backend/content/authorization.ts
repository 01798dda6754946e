/**
 * Who may write which kind of content: a registered resident (current registration, read from
 * ResidentRegistry) or an account holding the role on chain that anchors that kind (a reviewer
 * writes review reasons, a round manager rules texts and progress notes, ...). Read from the
 * chain at the latest block, so a revoked role or registration stops writes at once.
 */
import { id, ZeroHash } from "ethers";

import type { ContentKind } from "../../lib/content/index.js";
import type { ChainViews } from "../api/chain.js";
import { ApiError } from "../api/http.js";

export type Writer =
  { resident: true } | { contract: "BudgetRound" | "TaskBoard" | "LocalCoin" | "ResidentRegistry"; role: string };

const resident: Writer = { resident: true };
const role = (contract: Extract<Writer, { contract: string }>["contract"], name: string): Writer => ({
  contract,
  role: name,
});

/** Role names as the contracts declare them (`keccak256("REVIEWER_ROLE")`; the admin's is zero). */
export function roleId(name: string): string {
  return name === "DEFAULT_ADMIN_ROLE" ? ZeroHash : id(name);
}

const officials: Writer[] = [
  role("BudgetRound", "ROUND_MANAGER_ROLE"),
  role("BudgetRound", "REVIEWER_ROLE"),
  role("TaskBoard", "TASK_POSTER_ROLE"),
  role("LocalCoin", "MERCHANT_MANAGER_ROLE"),
];

/** Per kind, any one of these may write it. */
export const WRITERS: Record<ContentKind, readonly Writer[]> = {
  proposal: [resident],
  evidence: [resident],
  photo: [resident, ...officials],
  task: [role("TaskBoard", "TASK_POSTER_ROLE")],
  review: [role("BudgetRound", "REVIEWER_ROLE"), role("BudgetRound", "DEFAULT_ADMIN_ROLE")],
  rules: [role("BudgetRound", "ROUND_MANAGER_ROLE")],
  implementation: [role("BudgetRound", "ROUND_MANAGER_ROLE")],
  merchant: [role("LocalCoin", "MERCHANT_MANAGER_ROLE")],
  comment: [resident],
};

export const MODERATOR: Writer = role("ResidentRegistry", "MODERATOR_ROLE");

export interface Authorization {
  /** Resolves when `account` is one of `writers`; throws 403 `not_allowed` (naming what is needed) otherwise. */
  require(account: string, writers: readonly Writer[], what: string): Promise<void>;
  /** Whether `account` is a current registered resident. */
  isResident(account: string): Promise<boolean>;
}

export function createAuthorization(chain: ChainViews): Authorization {
  const contracts = {
    BudgetRound: chain.budgetRound,
    TaskBoard: chain.taskBoard,
    LocalCoin: chain.coin,
    ResidentRegistry: chain.registry,
  };
  const isResident = async (account: string) => {
    // Judged at the latest block, as the contracts judge it.
    const [registration, block] = await Promise.all([
      chain.registry.registrationOf(account, { blockTag: "latest" }),
      chain.provider.getBlock("latest"),
    ]);
    return registration.district !== 0n && !registration.revoked && registration.expiresAt > BigInt(block!.timestamp);
  };
  const holds = (account: string, writer: Writer) =>
    "resident" in writer ? isResident(account) : contracts[writer.contract].hasRole(roleId(writer.role), account);

  return {
    isResident,
    async require(account, writers, what) {
      const answers = await Promise.all(writers.map((writer) => holds(account, writer)));
      if (answers.some(Boolean)) return;
      const needed = writers.map((w) => ("resident" in w ? "a registered resident" : `${w.contract} ${w.role}`));
      throw new ApiError(403, "not_allowed", `${account} may not ${what}: only ${needed.join(" or ")} may`, {
        account,
        needed,
      });
    },
  };
}
