import { describe, expect, it } from 'vitest';
import { calibrate } from './calibrate.js';
import { burstEvents } from './calm-sample.js';
import { detectSeries } from './detect-series.js';

// `rate(pg_stat_database_deadlocks[1m])` at a 15 s step: a day of none, then a 4-hour window. Each
// deadlock adds 1/60 per second to the four samples whose range holds it.
const STEP = 15;
const DAY = 86_400 / STEP;
const WINDOW = (4 * 3600) / STEP;

function deadlockRate(eventsAtSamples: readonly number[]): Float64Array {
  const values = new Float64Array(DAY + WINDOW);
  for (const at of eventsAtSamples) for (let k = 0; k < 4; k++) if (at + k < values.length) values[at + k]! += 1 / 60;
  return values;
}

function judged(values: Float64Array) {
  const result = detectSeries(values, {
    windowStart: DAY, windowEnd: DAY + WINDOW, badDirection: 'up', stepSeconds: STEP,
    traits: { category: 'database', unit: 'per_second', userFacing: false },
  });
  // Judged among 300 quiet series, as in a run: the false-discovery step sees them all.
  const quiet = Array.from({ length: 300 }, () => detectSeries(new Float64Array(DAY + WINDOW), { windowStart: DAY, windowEnd: DAY + WINDOW, badDirection: 'up', stepSeconds: STEP }));
  const [kept] = calibrate([{ family: 'pg_deadlocks', result }, ...quiet.map((r) => ({ family: 'pg_deadlocks', result: r }))]);
  return kept!.detections;
}

describe('a burst of counted events after a quiet lookback', () => {
  it('counts the events of a departure of a rate once each', () => {
    expect(burstEvents(deadlockRate([10, 11, 30]), 0, 40, STEP)).toBe(3);
    // Only the burst around the given span: the event at 30 is a burst of its own.
    expect(burstEvents(deadlockRate([10, 11, 30]), 11, 12, STEP)).toBe(2);
  });

  it('is reported when it held many events, even once it is over', () => {
    // 20 deadlocks within 2 minutes, an hour into the window, then none again.
    const start = DAY + 240;
    const detections = judged(deadlockRate(Array.from({ length: 20 }, (_, i) => start + Math.floor(i * 0.4))));
    expect(detections).toHaveLength(1);
    expect(detections[0]).toMatchObject({ direction: 'up', events: 20 });
    expect(Math.abs(detections[0]!.onsetIndex - start)).toBeLessThanOrEqual(1);
  });

  it('is not news when it was one event: a first deadlock after a quiet day may just be chance', () => {
    expect(judged(deadlockRate([DAY + 240]))).toEqual([]);
  });
});
