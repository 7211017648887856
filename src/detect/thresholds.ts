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
/**
 * …or fewer at a coarse step: the run must hold this long (MIN_RUN_SAMPLES scrapes at 15 s). A sample
 * of a minute or more is already an average over that minute (a 5-minute rate, an hourly count), so
 * one such sample holds as long as four 15 s scrapes; whether its height is rare is then the
 * calibration's question, against calm blocks judged with the same hold (see `runSamples`).
 */
export const MIN_RUN_SECONDS = 60;
/** Missing samples tolerated inside a run (one failed scrape must not split an anomaly). */
export const MAX_GAP_IN_RUN = 1;
/** Consecutive samples below {@link EXIT_Z} that end an anomaly. */
export const EXIT_RUN_SAMPLES = 4;

/**
 * Baseline statistics use at most about this many samples, evenly spaced: 512 samples still put five
 * beyond the 99th percentile, and selection over a day at 15 s (5,760) would cost eleven times as much
 * for a median and MAD no better (neighbouring 15 s samples say nearly the same thing).
 */
export const BASELINE_MAX_SAMPLES = 512;
/** A thinned sample's quantile safely inside each tail, beyond which the full data is searched for the exact edges. */
export const TAIL_BOUND_QUANTILE = 0.03;
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
/** Second onset fit: clip at this share of the departure's typical deviation (see describeDeparture). */
export const ONSET_CLIP_SHARE = 0.5;
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

// ─── Sustained shifts ────────────────────────────────────────────────────────────────────────────
/**
 * A shift held this long is judged by its mean: the deviation averaged over 5 min (each sample clipped
 * to ±FIT_CLIP_Z, so one artefact moves the mean by at most half a unit at 15 s) …
 */
export const SHIFT_MEAN_SECONDS = 300;
/**
 * How long a departure held, as evidence: besides its sharpest 4-sample hold, its mean deviation over
 * 5 min, 20 min and an hour, each compared with the same mean over calm blocks. A 6-minute slowdown
 * at night and a 2-hour outage reach the same height; only the longer holds tell them apart.
 */
export const EVIDENCE_HOLD_SECONDS: readonly number[] = [SHIFT_MEAN_SECONDS, 1200, 3600];
/** …and at least this many samples. */
export const SHIFT_MEAN_MIN_SAMPLES = 8;
/**
 * …entering beyond this mean and leaving below the second: traffic halving under 10 % sample noise,
 * or latency × 4 under a lognormal σ of 0.35, sits at 3.5 to 4 per sample, short of ENTRY_Z on most
 * samples but unmistakable over 5 min. Whether such a mean is rare is the calibration's question
 * (the same 5-min means over calm blocks); these only pick the candidates (a Western Electric-style
 * run rule, "Statistical Quality Control Handbook", 1956, with the mean in place of counts).
 */
export const SHIFT_ENTRY_Z = 3;
export const SHIFT_EXIT_Z = 1.5;

// ─── Readings ────────────────────────────────────────────────────────────────────────────────────
/**
 * Offset of the started logarithm `ln(x + c)` durations are judged on, as a share of their mean: large
 * enough that a duration of 0 (no transaction open) sits a few units below the typical level instead
 * of at −∞, small enough that the scale stays logarithmic where durations live.
 */
export const LOG_OFFSET_FRACTION = 0.1;

// ─── Saturation ──────────────────────────────────────────────────────────────────────────────────
/** A resource is saturated within this share of its limit: CPU ≥ 90 %, filesystem ≤ 10 % free, ≥ 90 % of max_connections. */
export const SATURATION_HEADROOM = 0.1;
/**
 * Headroom lost, as a factor of the baseline's typical headroom, that reads as {@link ENTRY_Z}: a CPU
 * at 60 % (40 % headroom) reaching 95 % (5 %) has lost a factor 8, three times this, and reads as 15.
 */
export const SATURATION_SHRINK = 2;
/** Headroom below this share of the limit counts as this much (a gauge at or past its limit). */
export const SATURATION_MIN_HEADROOM = 0.005;

// ─── Seasonal and trend baselines ────────────────────────────────────────────────────────────────
/**
 * The same time one day (week) earlier becomes the baseline when it predicts the hours before the
 * window this much more tightly than the lookback's level does: its residual spread is at most this
 * share of the level's spread. On noise without rhythm the residual spread is √2 times the level's,
 * so the level stays; on a daily rhythm the level's spread is the rhythm's amplitude.
 */
export const SEASONAL_GAIN = 0.7;
/**
 * Over a lookback shorter than a day the level has not seen the whole rhythm, so the same time
 * yesterday is preferred as soon as it predicts no worse: its residual spread is at most the level's.
 */
export const SEASONAL_GAIN_SHORT_LOOKBACK = 1;
/** A lookback shorter than this is short (see SEASONAL_GAIN_SHORT_LOOKBACK). */
export const FULL_DAY_SECONDS = 86_400;
/** Finite (value, reference) pairs before the window needed to trust a seasonal reference (30 min). */
export const SEASONAL_MIN_SECONDS = 1800;
/**
 * A seasonal reference is first judged on about this many of its pairs, and dropped at once when their
 * spread passes the bar by this factor (the full sample then could not pass it).
 */
export const SEASONAL_GLANCE_SAMPLES = 128;
export const SEASONAL_GLANCE_MARGIN = 1.3;
/**
 * Span of the running median a seasonal reference is smoothed by: ±1 min (9 samples at 15 s). In
 * samples it would smear a 5-minute series over 45 min and an hourly one over 9 h, moving yesterday's
 * steps by hours; at a step of a minute or more a sample is already an average, and is used as it is.
 */
export const SEASONAL_SMOOTHING_SECONDS = 135;
/** Share of the window the reference must cover; elsewhere the lookback's level stands in. */
export const SEASONAL_MIN_COVERAGE = 0.5;
/** The trend is fitted through the medians of stretches of this length (robust to a burst inside one)… */
export const TREND_BUCKET_SECONDS = 1800;
/**
 * …at least this many and at most this many of them: a trend needs a lookback of 3 h or more. Over a
 * shorter one, part of a daily rhythm's swing looks like a trend that then runs off into the window.
 */
export const TREND_MIN_BUCKETS = 6;
export const TREND_MAX_BUCKETS = 48;
/** …each with at least this many finite samples… */
export const TREND_MIN_BUCKET_SAMPLES = 8;
/** …of which at most about this many, evenly spaced, are read for its median. */
export const TREND_BUCKET_SAMPLES_USED = 32;
/**
 * Kendall's τ of the bucket medians against time above which the lookback is a trend: 0.6 means 80 % of
 * the pairs of hours agree on the direction. A daily rhythm over a whole day has τ near 0.
 */
export const TREND_MIN_TAU = 0.6;
/** The trend must move the level by at least this many level spreads over the lookback to matter. */
export const TREND_MIN_DRIFT_SPREADS = 1;

// ─── Variance change and flatline ────────────────────────────────────────────────────────────────
/** Sample-to-sample change this many times the lookback's typical change reads as {@link ENTRY_Z}. */
export const VARIANCE_RATIO = 4;
/** Width of the running median of |Δx| the variance detector reads (odd): a burst of 4 artefact samples cannot pass. */
export const VARIANCE_WIDTH = 9;
/** The lookback's typical step is the median of every this-many-th step (a quarter of the work, the same median to within noise). */
export const VARIANCE_BASE_STRIDE = 4;
/** A variance change must last this long (a spike is the departure detector's business). */
export const VARIANCE_MIN_SECONDS = 300;
/** A flatline is at least this long… */
export const FLATLINE_MIN_SECONDS = 600;
/** …in a series that repeated a value on at most this share of its lookback samples (one that normally moves). */
export const FLATLINE_MAX_REPEAT_SHARE = 0.2;

// ─── Calibration ─────────────────────────────────────────────────────────────────────────────────
/** The lookback is cut into at least this many calm blocks, each judged against the others… */
export const CALM_MIN_BLOCKS = 4;
/** …of at least this many samples… */
export const CALM_MIN_BLOCK_SAMPLES = 16;
/**
 * …and at most this long (or the window, if shorter): a block spanning a quarter of a day holds the
 * whole busy half of a daily rhythm, and judged against the quiet rest it would pass for an outage.
 */
export const CALM_MAX_BLOCK_SECONDS = 7200;
/** Smallest scale of the fitted tail, in score units: a calm sample that never moved still leaves room for chance. */
export const TAIL_MIN_SCALE = 0.5;
/** At most this many normalised spacings of a series' largest calm blocks estimate its tail's scale (see topSpacings). */
export const TAIL_SPACINGS = 8;
/** The default tail scale counts as this many spacings when a series' or family's own scale is estimated. */
export const TAIL_PRIOR_WEIGHT = 2;
/**
 * The tail assumed when no calm sample exists (no lookback, a series new in the window, a family of
 * one): a calm block passes {@link ENTRY_Z} with this probability, and each further score unit divides
 * it by e^(1 / scale). Measured on the calm families of `_calm.ts` (24 h lookback, 2 h blocks).
 */
export const DEFAULT_TAIL_PROBABILITY = 0.02;
export const DEFAULT_TAIL_SCALE = 1.5;
/**
 * False discovery rate the run's anomalies are held to (Benjamini & Hochberg, 1995): of the anomalies
 * reported, at most this share is expected to be chance. On a calm fleet (no real anomaly) it is also
 * the chance that anything at all is reported.
 */
export const FALSE_DISCOVERY_RATE = 0.01;
/**
 * A departure is common for a signal family once this many of its sources (hosts, jobs) reached that
 * level in their own lookbacks: one host's burst is its own habit (a nightly backup), three are a
 * pattern of the fleet.
 */
export const FLEET_PATTERN_SERIES = 3;
/** p-value of a presence change (a series gone): a fact, not a statistical judgement. */
export const PRESENCE_P_VALUE = 1e-9;
