/**
 * NAB's scoring, standard profile, as the NAB repository's scorer computes it (Lavin & Ahmad 2015,
 * "Evaluating Real-time Anomaly Detection Algorithms – the Numenta Anomaly Benchmark", §IV; code:
 * numenta/NAB `nab/sweeper.py` `Sweeper.calcSweepScore` / `calcScoreByThreshold`, normalisation in
 * `nab/runner.py` `Runner.normalize`, weights in `config/profiles.json`). Pure: rows in, numbers out.
 *
 * Everything is in row indices, not time: NAB positions a detection by its index in the file and a
 * window by the rows between its limits, so irregular files are scored by rows too.
 */

/** The weights of one NAB application profile (`config/profiles.json` "CostMatrix"). */
export interface CostMatrix {
  /** Reward of a detection at the very start of a window (A_TP). */
  readonly tpWeight: number;
  /** Scale of the cost of a detection outside every window (A_FP). */
  readonly fpWeight: number;
  /** Cost of a window with no detection (A_FN). */
  readonly fnWeight: number;
}

/** NAB's "standard" profile: A_TP 1.0, A_FP 0.11, A_FN 1.0 (`config/profiles.json`; paper, Table I). */
export const STANDARD_PROFILE: CostMatrix = { tpWeight: 1.0, fpWeight: 0.11, fnWeight: 1.0 };

/** Share of a file that is a probationary period, not scored (`Sweeper(probationPercent=0.15)`). */
export const PROBATION_FRACTION = 0.15;
/**
 * Cap of the probationary period, in rows: NAB's `_getProbationaryLength` takes
 * `min(floor(0.15 · rows), 0.15 · 5000)`, i.e. 15 % of the file but never more than 750 rows.
 */
export const PROBATION_MAX_ROWS = PROBATION_FRACTION * 5000;

/** Slope of NAB's scaled sigmoid: `2 · sigmoid(−5 · y) − 1` (`sweeper.py` `scaledSigmoid`). */
const SIGMOID_SLOPE = 5;
/** Relative positions from this far past a window on cost the full −1 (`scaledSigmoid`: `y >= 3.0`). */
const FAR_PAST_WINDOW = 3;

/** An anomaly window as inclusive row indices: NAB's `[start, end]` timestamps, both in the file. */
export interface WindowRows {
  readonly start: number;
  readonly end: number;
}

/** How one window was scored. */
export interface WindowScore {
  readonly window: WindowRows;
  /** First scored detection in the window (the one NAB's max over the window keeps), or null when missed. */
  readonly detectedAt: number | null;
  /** Its reward (A_TP-scaled sigmoid), or −A_FN when missed. */
  readonly score: number;
}

/** One file's NAB score. */
export interface FileScore {
  /** Sum of window scores and false-positive costs: NAB's per-file "Score". */
  readonly raw: number;
  /** Windows with at least one scored row (a window wholly in the probation period is not scored). */
  readonly windows: readonly WindowScore[];
  /** Windows detected (counted per window, not per row as NAB's TP column does). */
  readonly truePositives: number;
  /** Windows missed. */
  readonly falseNegatives: number;
  /** Scored detections outside every window. */
  readonly falsePositives: number;
  /** Their summed (negative) cost. */
  readonly falsePositiveCost: number;
}

/** Rows at the start of a file of `rows` rows that are not scored (NAB `_getProbationaryLength`). */
export function probationLength(rows: number): number {
  return Math.min(Math.floor(PROBATION_FRACTION * rows), PROBATION_MAX_ROWS);
}

/**
 * NAB's scaled sigmoid of a relative position `y`: −1 is a window's first row (≈ 0.98661), 0 its
 * right edge (0), positive values lie past a window (≈ −0.98661 at one window width past), and from
 * {@link FAR_PAST_WINDOW} on the value is exactly −1.
 */
export function scaledSigmoid(y: number): number {
  if (y >= FAR_PAST_WINDOW) return -1;
  return 2 / (1 + Math.exp(SIGMOID_SLOPE * y)) - 1;
}

/** The reward NAB divides by, so that a detection on a window's first row earns exactly A_TP. */
const MAX_TP = scaledSigmoid(-1);

/**
 * Scores one file: `detections` are the row indices a detector flagged (NAB's anomaly score above
 * the threshold), in any order; duplicates count once, as a row is flagged or not; a row outside the file is an error. `windows` must be
 * in time order and disjoint, as NAB's are.
 *
 * Rules (all from `Sweeper.calcSweepScore` / `calcScoreByThreshold`):
 * - rows before {@link probationLength} are dropped: detections there count for nothing, and a window
 *   only counts if some of its rows lie after the probation period;
 * - a detection on row i of window [s, e] is worth `A_TP · σ(−(e − i + 1)/(e − s + 1)) / σ(−1)`, with σ
 *   the scaled sigmoid; a window keeps the best (i.e. earliest) of its detections; later ones in the
 *   same window neither add nor cost;
 * - a window with no detection costs −A_FN;
 * - a detection outside every window costs `A_FP · σ(|i − e′| / (w′ − 1))`, with e′ and w′ the last row
 *   and width of the closest window that ended before it; with no window before it, −A_FP.
 */
export function scoreFile(
  rows: number,
  windows: readonly WindowRows[],
  detections: Iterable<number>,
  profile: CostMatrix = STANDARD_PROFILE,
): FileScore {
  checkWindows(rows, windows);
  const probation = probationLength(rows);
  const rowsFlagged = [...new Set(detections)];
  for (const i of rowsFlagged) {
    if (!Number.isInteger(i) || i < 0 || i >= rows) throw new RangeError(`A NAB detection must be a row of the file [0, ${rows}), got ${i}`);
  }
  const flagged = rowsFlagged.filter((i) => i >= probation).sort((a, b) => a - b);

  const scored: WindowScore[] = [];
  let falsePositives = 0;
  let falsePositiveCost = 0;
  let next = 0;
  for (const [k, window] of windows.entries()) {
    // Detections between the previous window and this one are false positives, costed by their
    // distance to the previous window (NAB keeps it even when that window lay in the probation period).
    for (; next < flagged.length && flagged[next]! < window.start; next++) {
      falsePositives++;
      falsePositiveCost += falsePositiveScore(flagged[next]!, windows[k - 1], profile);
    }
    let detectedAt: number | null = null;
    for (; next < flagged.length && flagged[next]! <= window.end; next++) detectedAt ??= flagged[next]!;
    if (window.end < probation) continue;
    const score = detectedAt === null ? -profile.fnWeight : truePositiveScore(detectedAt, window, profile);
    scored.push({ window, detectedAt, score });
  }
  const last = windows.at(-1);
  for (; next < flagged.length; next++) {
    falsePositives++;
    falsePositiveCost += falsePositiveScore(flagged[next]!, last, profile);
  }

  const windowTotal = scored.reduce((sum, w) => sum + w.score, 0);
  const truePositives = scored.filter((w) => w.detectedAt !== null).length;
  return {
    raw: windowTotal + falsePositiveCost,
    windows: scored,
    truePositives,
    falseNegatives: scored.length - truePositives,
    falsePositives,
    falsePositiveCost,
  };
}

/** The reward of the first detection in a window (`calcSweepScore`, in-window branch). */
export function truePositiveScore(row: number, window: WindowRows, profile: CostMatrix = STANDARD_PROFILE): number {
  const width = window.end - window.start + 1;
  return (scaledSigmoid(-(window.end - row + 1) / width) * profile.tpWeight) / MAX_TP;
}

/**
 * The cost of a detection outside every window (`calcSweepScore`, outside branch): distance past the
 * preceding window's last row in units of (its width − 1), through the scaled sigmoid. A one-row window
 * makes that division by zero, where NAB's Python raises; here it gives the full cost.
 */
export function falsePositiveScore(row: number, preceding: WindowRows | undefined, profile: CostMatrix = STANDARD_PROFILE): number {
  if (preceding === undefined) return scaledSigmoid(FAR_PAST_WINDOW) * profile.fpWeight;
  const width = preceding.end - preceding.start + 1;
  const position = width > 1 ? Math.abs(preceding.end - row) / (width - 1) : FAR_PAST_WINDOW;
  return scaledSigmoid(position) * profile.fpWeight;
}

function checkWindows(rows: number, windows: readonly WindowRows[]): void {
  let previousEnd = -1;
  for (const { start, end } of windows) {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start > end || start <= previousEnd || end >= rows) {
      throw new RangeError(`NAB window [${start}, ${end}] must be inside [0, ${rows}), ordered and disjoint from the previous one`);
    }
    previousEnd = end;
  }
}

/**
 * The perfect detector's corpus score: A_TP per window, every window of the label file counted, even
 * one inside a probation period (`Runner.normalize`: `perfect = tpCount · tpWeight`).
 */
export function perfectScore(windowCount: number, profile: CostMatrix = STANDARD_PROFILE): number {
  return windowCount * profile.tpWeight;
}

/**
 * NAB's reported score: `100 · (raw − null) / (perfect − null)` over the whole corpus, with `raw` the
 * detector's summed file scores and `null` those of the detector that never fires (`Runner.normalize`).
 * NaN when the corpus has no window (nothing to normalise by).
 */
export function normalisedScore(raw: number, nullRaw: number, perfect: number): number {
  return perfect === nullRaw ? Number.NaN : (100 * (raw - nullRaw)) / (perfect - nullRaw);
}
