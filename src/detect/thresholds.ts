/**
 * Every threshold the detectors use, in one place so they can be tuned together and cited in
 * reports. Robust z is `(x − baseline median) / baseline spread`; with the spread a scaled MAD
 * it reads like a standard score, but heavy tails and daily rhythms make large values common,
 * which is why a departure must also be sustained and outside the range the baseline reached.
 */

/** Deviation (robust z, see `upDeviation`) a sample must exceed to count towards an anomaly (entry threshold). */
export const ENTRY_Z = 5;
/** Robust z below which a sample counts as back in baseline (exit threshold; hysteresis vs entry). */
export const EXIT_Z = 2.5;
/** Robust z above which a sample before the first entry crossing still counts as departed. */
export const ONSET_Z = 2;
/** Consecutive samples beyond {@link ENTRY_Z} that make a departure sustained: one odd sample (a counter-reset artefact) never is. */
export const MIN_RUN_SAMPLES = 4;
/** Missing samples tolerated inside a run (one failed scrape must not split an anomaly). */
export const MAX_GAP_IN_RUN = 1;
/** Consecutive samples below {@link EXIT_Z} that end an anomaly. */
export const EXIT_RUN_SAMPLES = 4;

/** Fewest finite lookback samples that make a baseline; fewer and the series counts as new. */
export const MIN_BASELINE_SAMPLES = 8;
/** Quantiles of the baseline taken as the edges of its normal range (1 % of a 24 h lookback is 14 min). */
export const BASELINE_LOW_QUANTILE = 0.01;
export const BASELINE_HIGH_QUANTILE = 0.99;

/** Scales a MAD to a standard deviation for normal data (1 / Φ⁻¹(3/4)). */
export const MAD_TO_SIGMA = 1.4826;
/** Scales a mean absolute deviation to a standard deviation for normal data (√(π/2)). */
export const MEAN_ABSOLUTE_DEVIATION_TO_SIGMA = 1.2533;
/** Spread of a constant, non-zero baseline, as a share of its level: a 5 % move is then z = 5. */
export const RELATIVE_SPREAD_FLOOR = 0.01;
/** Spread below which float rounding rules, as a share of the level (guards near-constant gauges). */
export const ROUNDING_SPREAD_FLOOR = 1e-9;
/** Spread of an all-zero baseline: any sustained non-zero value departs from it. */
export const ABSOLUTE_SPREAD_FLOOR = 1e-9;

/**
 * Exceeding the baseline's normal range (low to high edge) by this share of its width reads as
 * {@link ENTRY_Z}, however wide a daily rhythm made the MAD.
 */
export const RANGE_MARGIN = 0.5;
/** A fall below this share of the baseline's low edge counts as a drop to (near) zero. */
export const DROP_FRACTION = 0.1;
/** Anomalies back in baseline within this time are spikes. */
export const SPIKE_MAX_SECONDS = 300;
/** Departures of one series closer than this are one episode (see mergeEpisodes). */
export const MERGE_GAP_SECONDS = 300;
/**
 * Anomalies taking at least this long to reach their typical level are trends. Longer than the 5 min
 * smear a step gets through `rate(x[5m])`, so such a step stays a level shift.
 */
export const TREND_MIN_RISE_SECONDS = 360;

/** How far before the operator's window start an onset may lie, as a share of the window length… */
export const ONSET_GRACE_FRACTION = 0.1;
/** …and at least this many samples… */
export const ONSET_GRACE_MIN_SAMPLES = 4;
/**
 * …but never more than 15 min: operators misremember an outage's start by minutes, not by an hour, and
 * on a long window 10 % would let a precursor blip far before the outage pass as its onset.
 */
export const ONSET_GRACE_MAX_SECONDS = 900;
/** How far back from the first entry crossing the onset search reaches (16 min at 15 s). */
export const SEARCH_BACK_MAX_SAMPLES = 64;
/** Samples of context the change-point fit takes on each side beyond the departed stretch. */
export const SEARCH_PAD_SAMPLES = 16;
/**
 * How far before the exit crossing the end's change point is searched: twice a `rate()` window of four
 * scrapes. Wider, and a partial recovery earlier in the anomaly (errors halving after a restart, then
 * fading) would be taken for the end while the series is still far from baseline.
 */
export const END_SEARCH_BACK_SAMPLES = 8;
/** Finite samples the change-point fit needs before a candidate onset to know the level before it. */
export const MIN_FLAT_BEFORE = 2;

/** Deviations are clipped to ± this before the change-point fit (see `fitOnset`). */
export const FIT_CLIP_Z = 2 * ENTRY_Z;
/** A ramp must cut the squared error of the best step by this × σ̂² × ln(n) to be preferred (BIC-like). */
export const RAMP_PENALTY = 2;

/** Above this robust z the score grows logarithmically, so constant baselines give high but finite scores. */
export const SCORE_KNEE = 10;
/** A series is gone once it has been missing this long (Prometheus' staleness period is 5 min). */
export const VANISH_MIN_SECONDS = 300;
/** Score of a presence change (vanished): as strong as the weakest value anomaly. */
export const PRESENCE_SCORE = ENTRY_Z;

/** Width of the rolling median that hides single-sample artefacts from the window-only change search. */
export const SMOOTHING_WIDTH = 5;
/** With `--lookback 0`, the stretch used as baseline (and the one after a change) spans at least this share of the window. */
export const SELF_BASELINE_FRACTION = 0.1;
/** A window-only change point must cut the squared error by this × σ² × ln(n) (a BIC-like penalty). */
export const SPLIT_PENALTY = 3;
/** At most this many detections per series; the earliest are kept (a flapping series is one story). */
export const MAX_DETECTIONS = 10;
