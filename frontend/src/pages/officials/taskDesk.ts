/** What the officials' tasks desk lists and reports (frontend/src/pages/officials/TaskAdmin.svelte). */
import type { Interface, Log } from "ethers";

import type { Task } from "../../../../lib/api/schemas.js";

/**
 * The tasks the desk lists: every task still running, and a cancelled one while it has active
 * claims (an expired claim on it can still be released, which refunds that slot's escrow).
 */
export function deskTasks<T extends Pick<Task, "status" | "active">>(tasks: readonly T[]): T[] {
  return tasks.filter((task) => task.status !== "cancelled" || task.active > 0);
}

/** The escrow the task board refunded for `taskId` in a transaction's logs (its EscrowRefunded events). */
export function refundedIn(
  logs: readonly Pick<Log, "topics" | "data" | "address">[],
  board: Interface,
  boardAddress: string,
  taskId: bigint,
): bigint {
  let total = 0n;
  for (const log of logs) {
    if (log.address.toLowerCase() !== boardAddress.toLowerCase()) continue;
    const parsed = board.parseLog({ topics: [...log.topics], data: log.data });
    if (parsed?.name === "EscrowRefunded" && (parsed.args.taskId as bigint) === taskId)
      total += parsed.args.amount as bigint;
  }
  return total;
}
