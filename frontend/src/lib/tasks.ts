/** Task descriptions: content stored under the hash the task carries on chain (checked on read). */
import { readDocument } from "./chain/content.js";
import type { ProposalContent, Task } from "../../../lib/api/schemas.js";

/** The task's description if the store has it and it matches the on-chain hash; otherwise null. */
export async function taskContent(task: Task): Promise<ProposalContent | null> {
  try {
    // No kind check: tasks posted before the store had kinds were stored as proposals (same hash).
    const read = await readDocument<"task">(task.contentHash);
    return read.state === "shown" ? read.document : null;
  } catch {
    return null;
  }
}
