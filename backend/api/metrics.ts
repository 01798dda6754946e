/** Prometheus text exposition of request counts and latencies per route, and gauges. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

const label = (value: string) => value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

export class Metrics {
  readonly #requests = new Map<string, number>();
  readonly #durations = new Map<string, Histogram>();
  readonly #counters = new Map<string, { help: string; values: Map<string, number> }>();

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const key = `method="${label(method)}",route="${label(route)}",status="${status}"`;
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
    const durationKey = `method="${label(method)}",route="${label(route)}"`;
    let histogram = this.#durations.get(durationKey);
    if (!histogram) this.#durations.set(durationKey, (histogram = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) histogram.counts[i]! += 1;
    });
    histogram.sum += seconds;
    histogram.count += 1;
  }

  /** A counter other parts (the relayer, the live feed) may increase. */
  increment(name: string, help: string, labels: Record<string, string> = {}, by = 1): void {
    let counter = this.#counters.get(name);
    if (!counter) this.#counters.set(name, (counter = { help, values: new Map() }));
    const key = Object.entries(labels)
      .map(([k, v]) => `${k}="${label(v)}"`)
      .join(",");
    counter.values.set(key, (counter.values.get(key) ?? 0) + by);
  }

  render(gauges: { name: string; help: string; value: number | null }[]): string {
    const lines: string[] = [];
    lines.push("# HELP buurtkas_http_requests_total HTTP requests by method, route and status.");
    lines.push("# TYPE buurtkas_http_requests_total counter");
    for (const [key, value] of this.#requests) lines.push(`buurtkas_http_requests_total{${key}} ${value}`);
    lines.push("# HELP buurtkas_http_request_duration_seconds HTTP request latency by method and route.");
    lines.push("# TYPE buurtkas_http_request_duration_seconds histogram");
    for (const [key, histogram] of this.#durations) {
      BUCKETS.forEach((bound, i) =>
        lines.push(`buurtkas_http_request_duration_seconds_bucket{${key},le="${bound}"} ${histogram.counts[i]}`),
      );
      lines.push(`buurtkas_http_request_duration_seconds_bucket{${key},le="+Inf"} ${histogram.count}`);
      lines.push(`buurtkas_http_request_duration_seconds_sum{${key}} ${histogram.sum}`);
      lines.push(`buurtkas_http_request_duration_seconds_count{${key}} ${histogram.count}`);
    }
    for (const [name, counter] of this.#counters) {
      lines.push(`# HELP ${name} ${counter.help}`, `# TYPE ${name} counter`);
      for (const [key, value] of counter.values) lines.push(`${name}${key ? `{${key}}` : ""} ${value}`);
    }
    for (const gauge of gauges) {
      if (gauge.value === null) continue;
      lines.push(`# HELP ${gauge.name} ${gauge.help}`, `# TYPE ${gauge.name} gauge`, `${gauge.name} ${gauge.value}`);
    }
    return `${lines.join("\n")}\n`;
  }
}
