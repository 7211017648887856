import type { Labels } from './series.js';
import type { SignalCategory, SignalUnit } from './signal.js';
import type { UnixSeconds } from './time.js';

/**
 * The shape of a departure from baseline.
 * - `spike`: short, then back to baseline.
 * - `level_shift`: a sustained step up or down.
 * - `trend`: a sustained ramp away from baseline.
 * - `drop`: a fall to (near) zero of something that normally flows.
 * - `flatline`: a normally moving series that stops moving.
 * - `vanished` / `appeared`: the series stops reporting, or exists only in the window.
 */
export type AnomalyKind = 'spike' | 'level_shift' | 'trend' | 'drop' | 'flatline' | 'vanished' | 'appeared';

/**
 * How the baseline a series was judged against was obtained:
 * - `lookback`: median and spread of the history before the window;
 * - `window`: the window on its own (`--lookback 0`), before its dominant change;
 * - `day_before` / `week_before`: the same time one day / one week earlier (seasonal);
 * - `trend`: a fit over the lookback, extrapolated into the window (slow burn);
 * - `absent`: the series did not exist before; its baseline value is assumed, not measured.
 */
export type BaselineMethod = 'lookback' | 'window' | 'day_before' | 'week_before' | 'trend' | 'absent';

export interface Baseline {
  /** Robust centre (median) of the baseline samples. */
  readonly value: number;
  /** Robust spread (scaled MAD, with floors when the baseline is constant). */
  readonly spread: number;
  readonly method: BaselineMethod;
  /** Number of finite samples the baseline was computed from. */
  readonly samples: number;
}

/**
 * Which detector of the suite raised a detection (`kind` says the shape of the departure, this says
 * what was tested):
 * - `departure`: a sustained departure from the baseline (spikes, level shifts, ramps, drops to zero);
 * - `sustained_shift`: a shift held for minutes at a level whose single samples stay within the noise;
 * - `saturation`: a resource pushed close to its known limit (`SignalQuery.limit`), however modest the
 *   move relative to the noise;
 * - `variance_change`: the level holds but the sample-to-sample noise grew;
 * - `flatline`: a normally moving series stopped moving;
 * - `presence`: the series vanished (or appeared).
 */
export type DetectorName = 'departure' | 'sustained_shift' | 'saturation' | 'variance_change' | 'flatline' | 'presence';

/**
 * What a detector says about one series, in sample indices of the series' grid.
 * Pure detector output, before the pipeline attaches the signal and times.
 */
export interface Detection {
  readonly kind: AnomalyKind;
  readonly direction: 'up' | 'down';
  readonly onsetIndex: number;
  /** First index back within baseline, or null when still anomalous at the end of the data. */
  readonly endIndex: number | null;
  readonly peakIndex: number;
  readonly peakValue: number;
  readonly baseline: Baseline;
  /** Strength of evidence, comparable across series: robust z of the anomalous segment. */
  readonly score: number;
  readonly detector: DetectorName;
  /**
   * The test statistic behind `pValue`: the strongest deviation the departure sustained (compressed
   * like `score`), the quantity the calm sample of the lookback is compared with.
   */
  readonly statistic: number;
  /**
   * For departures, the evidence ladder the calibration tests (compressed like `score`): the deviation
   * held for 4 samples (`statistic`), then its largest mean over 5 min, 20 min and an hour (NaN where
   * the departure is shorter). Absent for tests against hard facts.
   */
  readonly statistics?: readonly number[];
  /**
   * Probability that a calm window as long as this one shows a departure at least this strong, from
   * the series' own lookback (before pooling and the false-discovery-rate step across the run).
   */
  readonly pValue: number;
  /** For a short burst of a counted-event rate after a quiet lookback: how many events it held. */
  readonly events?: number;
}

/** Why a series could not be judged (too few samples, all NaN, …). */
export interface Unjudged {
  readonly reason: string;
}

/** An anomaly placed on the timeline: a detection with its signal, identity and times. */
export interface Anomaly {
  readonly signal: string;
  readonly title: string;
  readonly query: string;
  readonly labels: Labels;
  readonly category: SignalCategory;
  readonly unit: SignalUnit;
  readonly userFacing: boolean;
  /** See SignalQuery.pinpoints. */
  readonly pinpoints: boolean;
  readonly kind: AnomalyKind;
  readonly direction: 'up' | 'down';
  readonly onset: UnixSeconds;
  readonly end: UnixSeconds | null;
  readonly peak: { readonly time: UnixSeconds; readonly value: number };
  readonly baseline: Baseline;
  readonly score: number;
}

/** An anomaly with its place in the culprit ranking (1 = most likely culprit). */
export interface RankedAnomaly extends Anomaly {
  readonly rank: number;
  /** Short reasons for the rank, e.g. "earliest onset", "cause-type signal (database)". */
  readonly rankReasons: readonly string[];
}
