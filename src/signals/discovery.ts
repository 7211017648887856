/**
 * What the server holds around the window, learnt before any recipe is instantiated, so we only
 * run queries whose metrics exist (a catalogue of 40 recipes against a server with 5 exporters
 * would otherwise be 35 empty queries) and adapt to label conventions (`code` vs `status_code`).
 */
export interface Discovery {
  /** Metric names with at least one series in the collected range. */
  readonly metricNames: ReadonlySet<string>;
  /** Label names carried by each metric that a recipe asked about (HTTP request and bucket metrics). */
  readonly labelNames: ReadonlyMap<string, ReadonlySet<string>>;
  /** Values of `le` for each histogram bucket metric, to pick the "slow request" bucket. */
  readonly bucketBounds: ReadonlyMap<string, readonly string[]>;
}

/** The query parameters recipes need. */
export interface RecipeContext {
  /** Range for `rate()`, as a Prometheus duration (`1m`). */
  readonly rateInterval: string;
  /** Latency above which a request counts as slow, in seconds. */
  readonly slowThresholdSeconds: number;
}
