import type { TimeWindow } from '../model/time.js';
import { parseDuration } from '../time/parse-duration.js';
import { isValidZone, parseTime } from '../time/parse-time.js';
import { UsageError } from './usage-error.js';

/** History before `--from` used as baseline when `--lookback` is not given: one whole daily cycle,
 * so series with a day/night rhythm are compared with every hour of a normal day. */
export const DEFAULT_LOOKBACK_SECONDS = 86_400;
/** Points per series the default step aims to stay under over window plus lookback, to bound memory. */
export const MAX_DEFAULT_POINTS = 20_000;
/** A window this far past `now` is a typo (a wrong year, AM/PM), not a request. */
const FUTURE_TOLERANCE_SECONDS = 60;

export interface WindowFlags {
  readonly from: string | undefined;
  readonly to: string | undefined;
  readonly tz: string | undefined;
  readonly lookback: string | undefined;
  readonly step: string | undefined;
}

/** The window as typed, read and checked, before the step is known (it may come from the server). */
export interface RequestedWindow {
  readonly from: number;
  readonly to: number;
  readonly lookbackFrom: number;
  readonly timezone: string;
  /** Step from `--step`, or null to choose one from the data's scrape interval. */
  readonly step: number | null;
}

function readTime(flag: string, text: string | undefined, zone: string, now: number): number {
  if (text === undefined || text.trim() === '') throw new UsageError(`--${flag} is required: the ${flag === 'from' ? 'start' : 'end'} of the outage window, e.g. "2023-10-15 08:00" or now-2h`);
  try {
    return parseTime(text, { zone, now });
  } catch (error) {
    throw new UsageError(`--${flag}: ${(error as Error).message}`);
  }
}

function readDuration(flag: string, text: string): number {
  try {
    return parseDuration(text);
  } catch (error) {
    throw new UsageError(`--${flag}: ${(error as Error).message}`);
  }
}

/**
 * Reads and checks `--from --to --tz --lookback --step`. Pure: `now` is passed in.
 *
 * @throws UsageError with one line naming the flag and what was expected.
 */
export function readWindow(flags: WindowFlags, now: number): RequestedWindow {
  const timezone = flags.tz ?? 'UTC';
  if (!isValidZone(timezone)) {
    throw new UsageError(`--tz "${timezone}" is not a time zone: expected an IANA name like UTC, Europe/Berlin or Africa/Nairobi`);
  }
  const from = readTime('from', flags.from, timezone, now);
  const to = readTime('to', flags.to, timezone, now);
  if (from >= to) throw new UsageError(`--from (${flags.from}) must be before --to (${flags.to})`);
  if (from > now + FUTURE_TOLERANCE_SECONDS) {
    throw new UsageError(`--from (${flags.from}) is in the future: the window must have started already`);
  }
  const lookback = flags.lookback === undefined ? DEFAULT_LOOKBACK_SECONDS : readDuration('lookback', flags.lookback);
  let step: number | null = null;
  if (flags.step !== undefined) {
    step = readDuration('step', flags.step);
    if (step <= 0) throw new UsageError(`--step "${flags.step}" must be longer than 0, e.g. 15s or 1m`);
  }
  return { from, to: Math.min(to, now), lookbackFrom: from - lookback, timezone, step };
}

/** Rounds a step up to a whole number of seconds that divides nicely (1, 2, 5, 10, 15, 30 s, 1, 2, 5 … min). */
const NICE_STEPS = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600, 43_200, 86_400];

/**
 * The step to query at: `--step` when given, else the data's scrape interval (finer says nothing
 * more), coarsened when window plus lookback would otherwise exceed MAX_DEFAULT_POINTS per series.
 */
export function chooseStep(requested: RequestedWindow, scrapeIntervalSeconds: number | null): number {
  if (requested.step !== null) return requested.step;
  const span = requested.to - requested.lookbackFrom;
  const wanted = Math.max(scrapeIntervalSeconds ?? 15, span / MAX_DEFAULT_POINTS);
  return NICE_STEPS.find((s) => s >= wanted - 1e-9) ?? Math.ceil(wanted);
}

/**
 * The final window: the grid starts at a multiple of the step so repeated runs over the same
 * evidence query the same instants, which keeps reports identical.
 */
export function finalWindow(requested: RequestedWindow, step: number): TimeWindow {
  const align = (t: number) => Math.floor(t / step) * step;
  return {
    from: requested.from,
    to: requested.to,
    lookbackFrom: align(requested.lookbackFrom),
    stepSeconds: step,
    timezone: requested.timezone,
  };
}
