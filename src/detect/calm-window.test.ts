import { describe, expect, it } from 'vitest';
import { CALM_FAMILIES, CALM_LENGTH, CALM_WINDOW, DAY, calmSeries } from './_calm.js';
import { createDetector } from './detect-series.js';

/** Series per family; 9 families, so 1,080 series in all. */
const PER_FAMILY = 120;

describe('calm window', () => {
  it('detectSeries() raises (almost) nothing on healthy rhythmic series (24 h lookback, 2 h window, 15 s)', () => {
    const detector = createDetector();
    let alarms = 0;
    let total = 0;
    for (const [f, family] of CALM_FAMILIES.entries()) {
      for (let s = 0; s < PER_FAMILY; s++) {
        const values = calmSeries(family, 1000 * f + s + 1, CALM_LENGTH, 0.3);
        if (detector.detectSeries(values, { ...CALM_WINDOW, badDirection: 'both' }).detections.length > 0) alarms++;
        total++;
      }
    }
    const perThousand = (1000 * alarms) / total;
    console.info(`calm window: ${alarms} of ${total} series raised an anomaly (${perThousand.toFixed(1)} per 1,000)`);
    expect(perThousand).toBeLessThanOrEqual(5);
  });

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
