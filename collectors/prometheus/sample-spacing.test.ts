import { describe, expect, it } from 'vitest';
import { medianSampleSpacing } from './sample-spacing.js';

const series = (...timestamps: number[]) => ({ timestamps: Float64Array.from(timestamps) });

describe('medianSampleSpacing()', () => {
  it('medianSampleSpacing() finds the scrape interval despite jitter and a missed scrape', () => {
    expect(medianSampleSpacing([series(0, 15.001, 29.998, 45, 90, 105)])).toBe(15);
  });
  it('medianSampleSpacing() pools the gaps of all series', () => {
    expect(medianSampleSpacing([series(0, 30, 60), series(0, 15), series(0, 15), series(0, 15)])).toBe(15);
  });
  it('medianSampleSpacing() rounds short intervals to tenths and milliseconds', () => {
    expect(medianSampleSpacing([series(0, 2.5, 5.01, 7.5)])).toBe(2.5);
    expect(medianSampleSpacing([series(0, 0.2501, 0.5)])).toBe(0.25);
  });
  it('medianSampleSpacing() returns null without two samples in a series', () => {
    expect(medianSampleSpacing([])).toBeNull();
    expect(medianSampleSpacing([series(5), series()])).toBeNull();
  });
});
