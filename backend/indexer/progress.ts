/** Throughput for the logs: blocks and events per second since the last report, and blocks behind. */
export interface ProgressReport {
  cursor: number;
  head: number;
  blocksBehind: number;
  blocksPerSecond: number;
  eventsPerSecond: number;
}

export class ProgressMeter {
  #since: number;
  #blocks = 0;
  #events = 0;
  #caughtUp = false;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#since = now();
  }

  /**
   * Counts a written range; returns a report when one is due: every interval, and when the index
   * catches up with the head (not again for every new block while it stays caught up).
   */
  record(blocks: number, events: number, cursor: number, head: number, caughtUp: boolean): ProgressReport | undefined {
    this.#blocks += blocks;
    this.#events += events;
    const elapsed = this.now() - this.#since;
    const justCaughtUp = caughtUp && !this.#caughtUp;
    this.#caughtUp = caughtUp;
    if (elapsed < this.intervalMs && !justCaughtUp) return undefined;
    const seconds = Math.max(elapsed, 1) / 1000;
    const report = {
      cursor,
      head,
      blocksBehind: Math.max(0, head - cursor),
      blocksPerSecond: Math.round(this.#blocks / seconds),
      eventsPerSecond: Math.round(this.#events / seconds),
    };
    this.#since = this.now();
    this.#blocks = 0;
    this.#events = 0;
    return report;
  }
}
