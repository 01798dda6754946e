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

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#since = now();
  }

  /** Counts a written range; returns a report when one is due (every interval, and on catching up). */
  record(blocks: number, events: number, cursor: number, head: number, caughtUp: boolean): ProgressReport | undefined {
    this.#blocks += blocks;
    this.#events += events;
    const elapsed = this.now() - this.#since;
    if (elapsed < this.intervalMs && !caughtUp) return undefined;
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
