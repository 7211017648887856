/**
 * Turns the tool's detector into a NAB detector: one flagged row per anomaly, raised online.
 *
 * The tool judges an outage window against the lookback before it (`detectSeries`, the code path of
 * `reconstruct`); NAB scores a detector that watches one long series live and must decide at each
 * row from that row and the rows before it (Lavin & Ahmad 2015: detectors run online, with no
 * look-ahead; NAB's `detectors/base.py` hands them one record at a time). So the adapter plays an
 * operator who re-runs the tool as data arrives: at row t it calls `detectSeries` on rows
 * `[t − window − lookback + 1, t]`, the newest `windowSeconds` of them as the window and the
 * `lookbackSeconds` before as the baseline, with the file's median step as `stepSeconds`. The series
 * is handed over as a `subarray` ending at row t, so the detector cannot read a later row.
 *
 * What is flagged: an anomaly is flagged on the row at which a call first reports it (its alarm row),
 * not on its onset: the tool places the onset at the change point after the fact, using the rows of
 * the entry run and the fit's padding that came later. Flagging the onset would use the future; the
 * alarm row never does. The onset is kept beside it for diagnosis (onset ≤ alarm row always, as the
 * tool only reports onsets inside the window).
 *
 * One onset per anomaly: successive windows overlap, so the same anomaly is reported by many calls.
 * The adapter remembers the last row known to belong to an anomaly already seen (a report's end, or
 * the call's last row while it is still open); a report whose onset lies before that row plus the
 * tool's own merge gap (`MERGE_GAP_SECONDS`, the gap `mergeEpisodes` joins) is that anomaly again.
 *
 * With `strideRows` above 1 the tool runs every `strideRows` rows (an operator on a timer); when a call
 * reports something new, the rows since the previous call are replayed one by one so the flag lands
 * on the first of them that reports it. That is the same as a call on every row except that reports
 * appearing and vanishing between two calls are never seen. The default is a call on every row.
 *
 * Rows before NAB's probation period are used as history but never flagged (NAB ignores them), and
 * nothing is flagged at or after the last row of the data.
 */
import type { BadDirection } from '../../../src/model/signal.js';
import { calibrate, detectSeries, MERGE_GAP_SECONDS, type DetectResult } from '../../../src/detect/index.js';
import { CALM_MIN_BLOCK_SAMPLES, CALM_MIN_BLOCKS, FALSE_DISCOVERY_RATE, FULL_DAY_SECONDS } from '../../../src/detect/thresholds.js';
import { probationLength } from './score.js';

/** The few settings of the adapter: how much history, how wide a window, how often the tool runs. */
export interface AdapterSettings {
  /** Baseline history before each window, in seconds of the file's step. */
  readonly lookbackSeconds: number;
  /** The judged window (the newest rows at each call), in seconds. */
  readonly windowSeconds: number;
  /** Rows between two calls (1: every row); see above for what a larger stride changes. */
  readonly strideRows: number;
  /** NAB anomalies go either way. */
  readonly badDirection: BadDirection;
  /**
   * Hand the tool the same rows one day and one week earlier, as the command reads its seasonal
   * references by default (see seasonalReferences); false plays `--no-seasonal`.
   */
  readonly seasonal: boolean;
  /**
   * False discovery rate a call is held to, as `calibrate` holds the command's run, when the operator
   * has watched `spendingRows` rows (see levelAt). @default FALSE_DISCOVERY_RATE (the command's own)
   */
  readonly q?: number;
  /**
   * Rows of history at which a call is held to `q` itself; the level falls as 1 / rows seen beyond
   * (see levelAt). Absent: every call is held to `q`, as one run of the command is.
   */
  readonly spendingRows?: number;
}

/**
 * The documented default: a call on every row (NAB's online model), the seasonal references the
 * command reads unless `--no-seasonal`, a window of two hours, thirty days of history, and the
 * command's false discovery rate spent over the rows watched (levelAt, from 5,000 rows).
 *
 * - **History.** The calm sample the p-values come from is the lookback cut into blocks, so the
 *   lookback is the detector's memory of what is usual. A month is the memory NAB's own detectors
 *   keep: Numenta's anomaly likelihood is fitted on the last 8,640 records, thirty days of 5-minute
 *   data. With three days, bursts that recur every week or two are news each time.
 * - **Window.** Two hours, the longest calm block (CALM_MAX_BLOCK_SECONDS): each call then judges one
 *   block's worth of new evidence against blocks of the same length.
 * - **Level.** A p-value is the chance of one calm window, and a 55-day file of 5-minute data holds
 *   ~660 two-hour windows: the command's q on every call gives ~660·q chance alarms in the long files
 *   and too few discoveries in the short ones (tweets want q ≤ 0.01, traffic 0.1). levelAt spends q
 *   over the history instead.
 *
 * All were chosen after seeing scores, so they are partly tuned on this corpus (as NAB's published
 * thresholds are). Sensitivity (score, windows found of 67, false positives; all else default;
 * measured by replaying every call's detections under each level): default 77.8 (59, 51); the
 * command's q on every call 67.0 (51, 55); spendingRows 3,000 / 4,000 / 6,000 / 7,000 / 8,000:
 * 73.3 / 75.8 / 78.3 / 78.9 / 78.2; lookback 72 h 70.1 (62, 216), 336 h 74.4 (58, 80), the whole
 * file 76.0 (58, 52); window 1 h 73.4 (58, 105), 4 h 73.6 (55, 40); without seasonal references
 * 74.8 (57, 54).
 */
export const DEFAULT_SETTINGS: AdapterSettings = {
  lookbackSeconds: 720 * 3600,
  windowSeconds: 2 * 3600,
  strideRows: 1,
  badDirection: 'both',
  seasonal: true,
  spendingRows: 5000,
};

/** A call is never held to more than this multiple of `q`, however short the history (see levelAt). */
export const MAX_LEVEL_FACTOR = 10;

/**
 * The false discovery rate the call on `rowsSeen` rows is held to: `q · spendingRows / rowsSeen`,
 * at most MAX_LEVEL_FACTOR · q; `q` at every call without `spendingRows`.
 *
 * Why it falls: one run of the command is one look at one window, and `calibrate` holds that look to
 * `q`. The operator NAB models looks again at every row, and a 55-day file of 5-minute rows holds
 * ~660 two-hour windows: a fixed `q` per look is ~660·q chance alarms per file, whatever the lookback
 * (the q sweep in the README: tweets want q ≤ 0.01, the short traffic files 0.1). Holding the n-th
 * look to a level ∝ 1/n spends the error rate over the stream the way record values arrive in a
 * stationary series (the n-th draw is a record with probability 1/n; Rényi, 1962): chance alarms
 * grow like ln n, the same number for every doubling of the history, so a series watched for two
 * months must surprise more than one watched for a week. Online multiple testing spends its level
 * over time for the same reason (Foster & Stine, 2008, JRSS-B 70(2), "α-investing"; Javanmard &
 * Montanari, 2018, Annals of Statistics 46(2), LORD); their levels also depend on past discoveries,
 * which this deliberately does not (a flag must not make the next one easier or harder).
 *
 * `spendingRows` = 5,000 is NAB's own idea of a full file (its probation period is 15 % of at most
 * 5,000 rows), and was chosen after seeing scores: see DEFAULT_SETTINGS.
 *
 * @example levelAt(10_000, 0.01, 5000) // 0.005
 */
export function levelAt(rowsSeen: number, q: number, spendingRows: number | undefined): number {
  if (spendingRows === undefined) return q;
  return q * Math.min(MAX_LEVEL_FACTOR, spendingRows / Math.max(1, rowsSeen));
}

/**
 * Fewest rows in a window: the tool's longest sustained run (4 samples; one at a 5-minute or hourly
 * step) plus as many before it, so an hourly file (the ad-exchange ones) still gets a window in which
 * a departure's onset can be placed.
 */
export const MIN_WINDOW_ROWS = 8;
/**
 * Fewest rows of history: enough for the tool's calm sample (the lookback cut into CALM_MIN_BLOCKS
 * blocks of CALM_MIN_BLOCK_SAMPLES), without which every p-value falls back on a default tail. An
 * operator with hourly data (the ad-exchange files) looks back days, not 24 points: this gives 64 h.
 */
export const MIN_LOOKBACK_ROWS = CALM_MIN_BLOCKS * CALM_MIN_BLOCK_SAMPLES;
/** The first call needs this much history: the tool's minimum baseline, twice over. */
export const MIN_FIRST_LOOKBACK_ROWS = 16;

/** One anomaly as the adapter reports it to NAB. */
export interface NabDetection {
  /** The row flagged for NAB: where the detector first reported the anomaly (causal). */
  readonly alarmRow: number;
  /** The tool's onset (change point) as first reported, for diagnosis; ≤ alarmRow. */
  readonly onsetRow: number;
  readonly kind: string;
  readonly direction: 'up' | 'down';
}

/** The file's step: the median gap between rows (NAB files are mostly regular; gaps stay gaps in rows). */
export function medianStepSeconds(times: Float64Array): number {
  const gaps = Float64Array.from({ length: Math.max(0, times.length - 1) }, (_, i) => (times[i + 1]! - times[i]!) / 1000).sort();
  const step = gaps.length === 0 ? Number.NaN : gaps[gaps.length >> 1]!;
  if (!(step > 0)) throw new RangeError('Cannot tell the step of a NAB file: it needs two rows with increasing timestamps');
  return step;
}

/**
 * Runs the tool over a whole NAB file as described above. `times` (epoch ms per row) places the day-
 * and week-before references; without it the rows are read as a regular grid of `stepSeconds`.
 */
export function detectNab(values: Float64Array, stepSeconds: number, settings: AdapterSettings = DEFAULT_SETTINGS, times?: Float64Array): NabDetection[] {
  const geometry = rowsOf(settings, stepSeconds);
  const grid = times ?? Float64Array.from(values, (_, row) => row * stepSeconds * 1000);
  if (grid.length !== values.length) throw new RangeError(`times has ${grid.length} rows, values ${values.length}`);
  const references = settings.seasonal ? seasonalRows(grid, stepSeconds) : null;
  const tracker = new EpisodeTracker(probationLength(values.length), Math.max(1, Math.round(MERGE_GAP_SECONDS / stepSeconds)));
  const call = (end: number): Reported[] => reported(values, end, geometry, settings, stepSeconds, references);
  // Never a call past the data: its last row would be a flag after the end of the file.
  const first = Math.min(values.length, geometry.first);
  let previous = first - 1;
  for (let end = first; previous < values.length; end = Math.min(values.length, end + settings.strideRows)) {
    const reports = call(end);
    if (tracker.hasNews(reports)) {
      // Replay the rows since the previous call one by one: the news is flagged at the first of them
      // that reports it, as a call on every row would have done.
      for (let e = previous + 1; e < end; e++) tracker.observe(call(e), e);
    }
    tracker.observe(reports, end);
    previous = end;
  }
  return tracker.flagged;
}

/** Tells a new anomaly from one already flagged, across calls whose windows overlap. */
class EpisodeTracker {
  readonly flagged: NabDetection[] = [];
  /** Last row known to belong to an anomaly already seen (its end, or the last row seen while open). */
  private busyUntil = -1;

  constructor(
    private readonly probation: number,
    private readonly mergeGapRows: number,
  ) {}

  hasNews(reports: readonly Reported[]): boolean {
    return reports.some((d) => this.isNew(d));
  }

  /** Takes in what the call with data up to (excluding) row `end` reported. */
  observe(reports: readonly Reported[], end: number): void {
    const lastRow = end - 1;
    for (const d of reports) {
      // News flagged on the call's last row; during probation it is only remembered, as NAB would
      // ignore the flag and the anomaly must not be flagged again once probation is over.
      // Several new anomalies in one call share its row: NAB flags a row once, so they are one flag.
      if (this.isNew(d) && lastRow >= this.probation && this.flagged.at(-1)?.alarmRow !== lastRow) {
        this.flagged.push({ alarmRow: lastRow, onsetRow: d.onset, kind: d.kind, direction: d.direction });
      }
      this.busyUntil = Math.max(this.busyUntil, d.end ?? lastRow);
    }
  }

  /** Onset after the last known anomaly row by more than the tool's own merge gap (mergeEpisodes). */
  private isNew(d: Reported): boolean {
    return d.onset > this.busyUntil + this.mergeGapRows;
  }
}

interface Geometry {
  readonly windowRows: number;
  readonly lookbackRows: number;
  /** First call: as soon as a window and a minimal baseline fit. */
  readonly first: number;
}

function rowsOf(settings: AdapterSettings, stepSeconds: number): Geometry {
  if (!(settings.strideRows >= 1) || !Number.isInteger(settings.strideRows)) throw new RangeError(`strideRows ${settings.strideRows} must be a whole number ≥ 1`);
  const windowRows = Math.max(MIN_WINDOW_ROWS, Math.round(settings.windowSeconds / stepSeconds));
  const lookbackRows = Math.max(MIN_LOOKBACK_ROWS, Math.round(settings.lookbackSeconds / stepSeconds));
  return { windowRows, lookbackRows, first: windowRows + MIN_FIRST_LOOKBACK_ROWS };
}

interface Reported {
  /** Absolute row of the tool's onset. */
  readonly onset: number;
  /** Absolute first row back in baseline, or null when still anomalous at the call's last row. */
  readonly end: number | null;
  readonly kind: string;
  readonly direction: 'up' | 'down';
}

/** Per row, the row one day and one week earlier, or −1 (see seasonalRows). */
export interface SeasonalRows {
  readonly day: Int32Array;
  readonly week: Int32Array;
}

/**
 * For each row, the row one day (one week) earlier, as the command's `offset 1d` (`offset 1w`) range
 * query reads it: the latest row at or before the same instant a day earlier and less than one step
 * older (the instant's value on the query's grid), or −1 where there is none (before the file's start,
 * or in a gap). By timestamp, not by row count: the traffic files lose rows every hour (2,500 rows over
 * 16 to 69 days), so "288 rows earlier" is never the day before there, and in exchange-3 only 42 % of
 * the time. A step that does not divide the day gives none, as the command reads none.
 */
export function seasonalRows(times: Float64Array, stepSeconds: number): SeasonalRows | null {
  if (!Number.isInteger(FULL_DAY_SECONDS / stepSeconds)) return null;
  const earlier = (ms: number): Int32Array => {
    const rows = new Int32Array(times.length).fill(-1);
    // Both sequences ascend, so one pointer walks the file once: `at` is the latest row at or before t − ms.
    let at = -1;
    for (let row = 0; row < times.length; row++) {
      const target = times[row]! - ms;
      while (at + 1 < times.length && times[at + 1]! <= target) at++;
      if (at >= 0 && target - times[at]! < stepSeconds * 1000) rows[row] = at;
    }
    return rows;
  };
  return { day: earlier(FULL_DAY_SECONDS * 1000), week: earlier(7 * FULL_DAY_SECONDS * 1000) };
}

/**
 * The series one day and one week earlier (see seasonalRows) on every row of the call, as the command
 * reads them by default (unless `--no-seasonal`; the collector fetches them from an hour or a window
 * before the window only to save queries); NaN where there is no such row. Every row read lies before
 * the call's last row: no look-ahead.
 */
function seasonalReferences(values: Float64Array, from: number, end: number, rows: SeasonalRows | null): { dayBefore?: Float64Array; weekBefore?: Float64Array } {
  if (rows === null) return {};
  const read = (earlier: Int32Array): Float64Array => {
    const out = new Float64Array(end - from);
    for (let row = from; row < end; row++) out[row - from] = earlier[row]! < 0 ? Number.NaN : values[earlier[row]!]!;
    return out;
  };
  return { dayBefore: read(rows.day), weekBefore: read(rows.week) };
}

/** What one call with data up to (excluding) row `end` reports, in absolute rows. */
function reported(values: Float64Array, end: number, g: Geometry, settings: AdapterSettings, stepSeconds: number, references: SeasonalRows | null): Reported[] {
  const windowStart = Math.max(0, end - g.windowRows);
  const from = Math.max(0, windowStart - g.lookbackRows);
  // A view ending at `end`: the detector cannot read a row after the current one.
  const seen = values.subarray(from, end);
  const result: DetectResult = detectSeries(seen, {
    windowStart: windowStart - from,
    windowEnd: end - from,
    badDirection: settings.badDirection,
    stepSeconds,
    ...seasonalReferences(values, from, end, references),
  });
  // The command holds every detection to a false discovery rate (calibrate, in src/reconstruct.ts);
  // so does the adapter, for its one series, or NAB would score a path the command never takes; the
  // rate is spent over the rows watched so far (levelAt), which never reads a later row.
  const [kept] = calibrate([{ family: 'nab', result }], { q: levelAt(end, settings.q ?? FALSE_DISCOVERY_RATE, settings.spendingRows) });
  return (kept?.detections ?? []).map((d) => ({
    onset: from + d.onsetIndex,
    end: d.endIndex === null ? null : from + d.endIndex,
    kind: d.kind,
    direction: d.direction,
  }));
}
