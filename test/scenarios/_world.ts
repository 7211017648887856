/**
 * What both scenarios share: the data range around the window, scrape gaps, the shape of a built
 * scenario, and turning alert instances and request tallies into truth.
 */
import type { PhaseName } from '../../src/model/timeline.js';
import type { AlertInstance, ScenarioRule } from './_alerts.js';
import { TimeGrid, isoTime } from './_grid.js';
import type { RequestTally } from './_http.js';
import { Random } from './_random.js';
import type { ScrapeTarget, SeriesStore } from './_store.js';
import type { ScenarioTruth, TruthAlert, TruthRequests } from './truth.js';

export const STEP_SECONDS = 15;
/** History before the window: a full day for the baseline plus room for 5-minute rate windows. */
export const LOOKBACK_SECONDS = 24 * 3600 + 30 * 60;
/** Data after the window, where recovery and the last alert resolutions show. */
export const AFTER_SECONDS = 3600;
/** Scrape gaps stay this far from every scheduled instant, so each instant reads cleanly in the data. */
const GAP_CLEARANCE_SECONDS = 15 * 60;
/** A failed scrape run lasts 2 to 4 scrapes (30 s to a minute), as a brief network blip does. */
const GAP_MIN_SCRAPES = 2;
const GAP_MAX_SCRAPES = 4;

export interface BuiltScenario {
  readonly store: SeriesStore;
  readonly rules: readonly ScenarioRule[];
  readonly truth: ScenarioTruth;
}

export interface ScenarioDefinition {
  readonly name: string;
  readonly build: () => BuiltScenario;
}

/** The grid from LOOKBACK_SECONDS before the window to AFTER_SECONDS after it. */
export function gridAround(windowFrom: number, windowTo: number): TimeGrid {
  return new TimeGrid(windowFrom - LOOKBACK_SECONDS, windowTo + AFTER_SECONDS, STEP_SECONDS);
}

/**
 * Occasional failed scrapes (1 to 3 runs per target over the data), placed at random but never near a
 * scheduled instant nor inside `keepClear` ranges (used to keep the outage's own targets complete).
 */
export function placeScrapeGaps(
  target: ScrapeTarget,
  grid: TimeGrid,
  seed: string,
  instants: readonly number[],
  keepClear: readonly (readonly [number, number])[] = [],
): void {
  const random = new Random(`${seed}/gaps/${target.job}/${target.instance}`);
  const runs = 1 + random.int(3);
  let placed = 0;
  for (let attempt = 0; attempt < 50 && placed < runs; attempt++) {
    const length = GAP_MIN_SCRAPES + random.int(GAP_MAX_SCRAPES - GAP_MIN_SCRAPES + 1);
    const start = 1 + random.int(grid.length - length - 2);
    const from = grid.time(start);
    const to = grid.time(start + length);
    const nearInstant = instants.some((t) => t > from - GAP_CLEARANCE_SECONDS && t < to + GAP_CLEARANCE_SECONDS);
    const inClearRange = keepClear.some(([a, b]) => to > a && from < b);
    if (nearInstant || inClearRange) continue;
    target.failScrapes(start, length);
    placed++;
  }
}

/** Requests of one tally in the intervals ending in (from, to]. */
export function countRequests(tally: RequestTally, grid: TimeGrid, from: number, to: number): TruthRequests {
  let total = 0;
  let failed = 0;
  let slow = 0;
  for (let k = grid.indexAtOrAfter(from) + 1; k < grid.length && grid.time(k) <= to; k++) {
    total += tally.total[k] ?? 0;
    failed += tally.failed[k] ?? 0;
    slow += tally.slow[k] ?? 0;
  }
  return { total, failed, slow };
}

/** Alerts for the truth: related when active at some point of the window. */
export function alertsForTruth(instances: readonly AlertInstance[], windowFrom: number, windowTo: number): TruthAlert[] {
  return instances.map((alert) => ({
    alertname: alert.alertname,
    labels: alert.labels,
    pendingAt: isoTime(alert.pendingAt),
    firingAt: alert.firingAt === null ? null : isoTime(alert.firingAt),
    resolvedAt: alert.resolvedAt === null ? null : isoTime(alert.resolvedAt),
    related: alert.pendingAt <= windowTo && (alert.resolvedAt ?? Infinity) > windowFrom,
  }));
}

/** First firing and last resolution among the related alerts that fired. */
export function alertPhases(instances: readonly AlertInstance[], windowFrom: number, windowTo: number): { detected: number; resolved: number } {
  const fired = instances.filter(
    (alert) => alert.firingAt !== null && alert.pendingAt <= windowTo && (alert.resolvedAt ?? Infinity) > windowFrom,
  );
  if (fired.length === 0) throw new RangeError('No alert fired in the window');
  const detected = Math.min(...fired.map((alert) => alert.firingAt ?? Infinity));
  const resolved = Math.max(...fired.map((alert) => alert.resolvedAt ?? Infinity));
  if (!Number.isFinite(resolved)) throw new RangeError('An alert of the outage never resolved in the data');
  return { detected, resolved };
}

/**
 * Checks the data against the seed: an alert computed from the data must fire when the seed says it
 * did. Throws with both times, so a change that shifts the schedule is caught at generation.
 */
export function expectInstant(what: string, actual: number, expected: number, toleranceSeconds = 0): void {
  if (Math.abs(actual - expected) > toleranceSeconds) {
    throw new RangeError(`${what}: the generated data gives ${isoTime(actual)}, the schedule says ${isoTime(expected)}`);
  }
}

export function phasesToIso(phases: Readonly<Record<PhaseName, number | null>>): Readonly<Record<PhaseName, string | null>> {
  const out: Partial<Record<PhaseName, string | null>> = {};
  for (const [name, time] of Object.entries(phases) as [PhaseName, number | null][]) out[name] = time === null ? null : isoTime(time);
  return out as Record<PhaseName, string | null>;
}
