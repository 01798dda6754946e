/**
 * What the indexer tells the rest of the backend, as an async stream of a discriminated union
 * (after Ponder's realtime sync): a range was written (`block`), blocks were taken back
 * (`reorg`, or a full `reset`), or a block became final (`finalize`).
 */
export interface BlockRef {
  number: number;
  hash: string | null;
}

export type IndexerEvent =
  | {
      type: "block";
      /** The new cursor: every log up to and including this block is written. */
      block: BlockRef & { timestamp: Date };
      /** First block of the range just written. */
      fromBlock: number;
      /** Events written (new to the database) in the range. */
      eventCount: number;
      /** The chain head when the range was read. */
      head: number;
    }
  | {
      type: "reorg";
      /** "reorg": blocks above the common ancestor were undone; "reset": the whole index was dropped. */
      reason: "reorg" | "reset";
      /** The cursor before. */
      from: BlockRef;
      /** The cursor now: the common ancestor, or the block before the deployment after a reset. */
      to: BlockRef;
    }
  | { type: "finalize"; block: { number: number } };

/** Fans events out to any number of subscribers; each gets every event published after it subscribed. */
export class EventHub<T> {
  readonly #subscribers = new Set<Subscriber<T>>();

  publish(event: T): void {
    for (const subscriber of this.#subscribers) subscriber.push(event);
  }

  /** Ends every current subscription once it has delivered what it holds. */
  end(): void {
    for (const subscriber of this.#subscribers) subscriber.end();
    this.#subscribers.clear();
  }

  subscribe(): AsyncIterableIterator<T> {
    const subscriber = new Subscriber<T>(() => this.#subscribers.delete(subscriber));
    this.#subscribers.add(subscriber);
    return subscriber;
  }
}

class Subscriber<T> implements AsyncIterableIterator<T> {
  readonly #queue: T[] = [];
  #waiting: ((result: IteratorResult<T>) => void) | undefined;
  #ended = false;

  constructor(private readonly unsubscribe: () => void) {}

  push(event: T): void {
    if (this.#ended) return;
    if (this.#waiting) {
      const resolve = this.#waiting;
      this.#waiting = undefined;
      resolve({ value: event, done: false });
    } else {
      this.#queue.push(event);
    }
  }

  end(): void {
    this.#ended = true;
    if (this.#waiting && this.#queue.length === 0) {
      const resolve = this.#waiting;
      this.#waiting = undefined;
      resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#queue.length > 0) return Promise.resolve({ value: this.#queue.shift()!, done: false });
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.#waiting = resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.#queue.length = 0;
    this.end();
    this.unsubscribe();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
