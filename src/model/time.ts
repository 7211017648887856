/**
 * Unix time in seconds, fractions allowed: the unit Prometheus speaks, so values cross the
 * collector boundary without conversion. Renderers turn it into text in the user's zone.
 */
export type UnixSeconds = number;

/**
 * The outage window as the operator named it, plus the history before it used as baseline.
 * `lookbackFrom === from` means "no history: judge the window on its own" (`--lookback 0`).
 */
export interface TimeWindow {
  readonly from: UnixSeconds;
  readonly to: UnixSeconds;
  readonly lookbackFrom: UnixSeconds;
  /** Query resolution; every series in the evidence sits on the grid `lookbackFrom + k * stepSeconds`. */
  readonly stepSeconds: number;
  /** IANA zone used to read times without an offset and to render the report. */
  readonly timezone: string;
}
