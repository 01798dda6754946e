/** Task descriptions: content stored by the API under the hash the task carries on chain. */
import { contentMatches } from "./chain/content.js";
import { system } from "./chain/system.svelte.js";
import type { ProposalContent, Task } from "../../../lib/api/schemas.js";

const cache = new Map<string, Promise<ProposalContent | null>>();

/** The task's description if the API has it and it matches the on-chain hash; otherwise null. */
export function taskContent(task: Task): Promise<ProposalContent | null> {
  let found = cache.get(task.contentHash);
  if (!found) {
    found = system()
      .api.content(task.contentHash)
      .then((content) => {
        const normalized = {
          title: content.title,
          summary: content.summary,
          body: content.body,
          images: content.images,
        };
        return contentMatches(normalized, task.contentHash) ? normalized : null;
      })
      .catch(() => null);
    cache.set(task.contentHash, found);
  }
  return found;
}
