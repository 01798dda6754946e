/**
 * A cache whose entries are valid while a tag (e.g. the indexed head and a round's tally state)
 * stays the same. Under load many requests arrive together: those arriving while a tag is being
 * read share that read, and those missing the cache together share one computation (the embedded
 * database runs one query at a time, so every saved query is latency saved for every request).
 * A failed computation is not kept: the next request tries again.
 */
export interface TaggedCache {
  /** The value for `key`, computed anew when the tag of `scope` has changed since it was computed. */
  get<T>(key: string, scope: string, compute: () => Promise<T>): Promise<T>;
  readonly size: number;
}

export function createTaggedCache(readTag: (scope: string) => Promise<string>, maxEntries = 500): TaggedCache {
  const entries = new Map<string, { tag: string; value: Promise<unknown> }>();
  const tagReads = new Map<string, Promise<string>>();

  const tagOf = (scope: string): Promise<string> => {
    let read = tagReads.get(scope);
    if (!read) {
      read = readTag(scope).finally(() => tagReads.delete(scope));
      tagReads.set(scope, read);
    }
    return read;
  };

  return {
    async get<T>(key: string, scope: string, compute: () => Promise<T>): Promise<T> {
      const tag = await tagOf(scope);
      const hit = entries.get(key);
      if (hit && hit.tag === tag) return hit.value as Promise<T>;
      const value = compute();
      if (entries.size >= maxEntries) entries.clear();
      const entry = { tag, value };
      entries.set(key, entry);
      value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      return value;
    },
    get size() {
      return entries.size;
    },
  };
}
