import { ENTRY_Z, EXIT_RUN_SAMPLES, EXIT_Z, MAX_GAP_IN_RUN, MIN_RUN_SAMPLES, MIN_RUN_SECONDS } from './thresholds.js';

/**
 * Samples a departure must hold at `stepSeconds` to be sustained: {@link MIN_RUN_SECONDS} of them,
 * at most {@link MIN_RUN_SAMPLES} (15 s scrapes) and at least one (a 5-minute or hourly sample).
 *
 * @example runSamples(15) // 4
 * @example runSamples(300) // 1
 */
export function runSamples(stepSeconds: number): number {
  return Math.min(MIN_RUN_SAMPLES, Math.max(1, Math.ceil(MIN_RUN_SECONDS / stepSeconds - 1e-9)));
}

/** A sustained departure in a deviation series: where it first passed the entry threshold and where it ended. */
export interface SustainedRun {
  /** First sample of the first run of `minRun` (default {@link MIN_RUN_SAMPLES}) samples beyond {@link ENTRY_Z}. */
  readonly entry: number;
  /** First sample of the first run of {@link EXIT_RUN_SAMPLES} back below {@link EXIT_Z}, or null when none before `limit`. */
  readonly end: number | null;
}

/** The thresholds of a plain departure: enter beyond {@link ENTRY_Z}, leave below {@link EXIT_Z}. */
export const DEPARTURE_THRESHOLDS = { entry: ENTRY_Z, exit: EXIT_Z } as const;

/**
 * Finds the next sustained departure in `deviations` (robust z in the bad direction, NaN = missing)
 * whose entry run starts in `[from, entryTo)`; the run may complete, and the departure end, anywhere
 * before `limit`. Hysteresis (enter at {@link ENTRY_Z}, leave below {@link EXIT_Z}) keeps a noisy
 * plateau one anomaly; a single missing sample neither breaks a run nor ends a departure. Other
 * `thresholds` judge other readings (the 5-min means of a sustained shift).
 *
 * @example findSustainedRun(Float64Array.of(0, 9, 9, 9, 9, 0, 0, 0, 0), 0, 9, 9) // { entry: 1, end: 5 }
 */
export function findSustainedRun(
  deviations: Float64Array,
  from: number,
  entryTo: number,
  limit: number,
  thresholds: { readonly entry: number; readonly exit: number } = DEPARTURE_THRESHOLDS,
  minRun = MIN_RUN_SAMPLES,
): SustainedRun | undefined {
  let start = -1;
  let length = 0;
  let gap = 0;
  for (let i = from; i < limit; i++) {
    const d = deviations[i]!;
    if (Number.isNaN(d)) {
      if (length > 0 && ++gap > MAX_GAP_IN_RUN) length = 0;
      continue;
    }
    gap = 0;
    if (!(d > thresholds.entry)) {
      length = 0;
      continue;
    }
    if (length === 0) {
      if (i >= entryTo) return undefined;
      start = i;
    }
    if (++length >= minRun) return { entry: start, end: findExit(deviations, i + 1, limit, thresholds.exit) };
  }
  return undefined;
}

/** First sample of the first run of {@link EXIT_RUN_SAMPLES} finite deviations below {@link EXIT_Z}; missing samples are neutral. */
function findExit(deviations: Float64Array, from: number, limit: number, exit: number): number | null {
  let start = -1;
  let calm = 0;
  for (let i = from; i < limit; i++) {
    const d = deviations[i]!;
    if (Number.isNaN(d)) continue;
    if (d < exit) {
      if (calm === 0) start = i;
      if (++calm >= EXIT_RUN_SAMPLES) return start;
    } else {
      calm = 0;
    }
  }
  return null;
}
