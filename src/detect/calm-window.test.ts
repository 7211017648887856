import { describe, expect, it } from 'vitest';
import { CALM_FAMILIES, DAY, calmSeries, type CalmFamily } from './_calm.js';
import { calibrate } from './calibrate.js';
import { createDetector, type DetectOptions, type DetectResult } from './detect-series.js';

/** Series per family; 9 families, so 1,080 series in all. */
const PER_FAMILY = 120;
const HOUR = 240;

/** One calm series per family and seed, with the window in the busy part of the day when `busy`. */
function calmRun(lookbackHours: number, busy: boolean, references: boolean): { results: DetectResult[]; families: CalmFamily[] } {
  const detector = createDetector();
  const windowStart = lookbackHours * HOUR;
  const n = windowStart + 2 * HOUR + 40;
  const options: DetectOptions = { windowStart, windowEnd: windowStart + 2 * HOUR, badDirection: 'both', stepSeconds: 15 };
  // Busy: the window starts 60° into the rhythm's rise, the two hours before its peak.
  const phase = busy ? Math.PI / 3 - (2 * Math.PI * windowStart) / DAY : undefined;
  const results: DetectResult[] = [];
  const families: CalmFamily[] = [];
  for (const [f, family] of CALM_FAMILIES.entries()) {
    for (let s = 0; s < PER_FAMILY; s++) {
      // Two days of history: the earlier day stands in for the week before (same rhythm, own noise).
      const long = calmSeries(family, 1000 * f + s + 1, 2 * DAY + n, 0.3, phase);
      const values = long.slice(2 * DAY);
      // As the collector fetches them: from one window length before the window.
      const dayBefore = long.slice(DAY, DAY + n).fill(Number.NaN, 0, windowStart - 2 * HOUR);
      const weekBefore = long.slice(0, n).fill(Number.NaN, 0, windowStart - 2 * HOUR);
      results.push(detector.detectSeries(values, references ? { ...options, dayBefore, weekBefore } : options));
      families.push(family);
    }
  }
  return { results, families };
}

function alarmsPerThousand(run: { results: DetectResult[]; families: CalmFamily[] }): { raw: number; calibrated: number } {
  const calibrated = calibrate(run.results.map((result, i) => ({ family: run.families[i]!, result })));
  const count = (n: number) => (1000 * n) / run.results.length;
  return {
    raw: count(run.results.filter((r) => r.detections.length > 0).length),
    calibrated: count(calibrated.filter((c) => c.detections.length > 0).length),
  };
}

describe('calm window', () => {
  for (const [lookbackHours, busy, references] of [
    [24, false, false],
    [24, true, true],
    [6, true, false],
    [6, true, true],
  ] as const) {
    const name = `${lookbackHours} h lookback, ${busy ? 'window in the busy hours' : 'any time of day'}, ${references ? 'with' : 'without'} seasonal references`;
    it(`calibrate() keeps at most one alarm per 1,000 healthy rhythmic series (${name})`, () => {
      const { raw, calibrated } = alarmsPerThousand(calmRun(lookbackHours, busy, references));
      console.info(`calm window, ${name}: ${raw.toFixed(1)} per 1,000 series before calibration, ${calibrated.toFixed(1)} after`);
      expect(calibrated).toBeLessThanOrEqual(1);
    });
  }

  it('detectSeries() raises (almost) nothing on the same windows judged on their own (--lookback 0)', () => {
    const detector = createDetector();
    let alarms = 0;
    let total = 0;
    for (const [f, family] of CALM_FAMILIES.entries()) {
      for (let s = 0; s < PER_FAMILY / 2; s++) {
        const values = calmSeries(family, 1000 * f + s + 1).subarray(DAY);
        if (detector.detectSeries(values, { windowStart: 0, windowEnd: 480, badDirection: 'both', stepSeconds: 15 }).detections.length > 0) alarms++;
        total++;
      }
    }
    const perThousand = (1000 * alarms) / total;
    console.info(`calm window, --lookback 0: ${alarms} of ${total} series raised an anomaly (${perThousand.toFixed(1)} per 1,000)`);
    expect(perThousand).toBeLessThanOrEqual(20);
  });
});
