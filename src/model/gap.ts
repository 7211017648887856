/** A piece of evidence that could not be collected: the report says what is missing and why. */
export interface DataGap {
  /** The source: `prometheus`, `alerts`, `rules`, `metadata`, … */
  readonly source: string;
  /** What was asked for, e.g. the PromQL or the endpoint. Never contains credentials. */
  readonly what: string;
  /** Why it is missing, in the server's own words where it gave any. */
  readonly reason: string;
}
