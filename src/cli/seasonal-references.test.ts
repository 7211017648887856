import { describe, expect, it } from 'vitest';
import type { TimeWindow } from '../model/time.js';
import { alignShifted, DAY_SECONDS, referenceSpan } from './seasonal-references.js';

const from = Date.UTC(2023, 4, 13, 16) / 1000;
const window: TimeWindow = { from, to: from + 7200, lookbackFrom: from - 86_400, stepSeconds: 60, timezone: 'UTC' };
const grid = Float64Array.from({ length: (86_400 + 7200 + 1800) / 60 + 1 }, (_, i) => window.lookbackFrom + 60 * i);

describe('referenceSpan()', () => {
  it('covers the window, its tail and a lead as long as the window (at least an hour)', () => {
    const { first, last } = referenceSpan(window, grid);
    expect(grid[first]).toBe(from - 7200);
    expect(last).toBe(grid.length - 1);
  });
});

describe('alignShifted()', () => {
  it('puts sample k of the shifted answer on grid index first + k and leaves the rest NaN', () => {
    const first = 10;
    const fetched = [{ labels: { job: 'api' }, timestamps: Float64Array.of(grid[10]! - DAY_SECONDS, grid[11]! - DAY_SECONDS), values: Float64Array.of(5, 6) }];
    const [aligned] = alignShifted(fetched, grid, first, DAY_SECONDS);
    expect(aligned?.timestamps).toBe(grid);
    expect(aligned?.values[10]).toBe(5);
    expect(aligned?.values[11]).toBe(6);
    expect(Number.isNaN(aligned?.values[9] ?? 0) && Number.isNaN(aligned?.values[12] ?? 0)).toBe(true);
  });

  it('ignores samples that do not land exactly on the grid', () => {
    const fetched = [{ labels: {}, timestamps: Float64Array.of(grid[3]! - DAY_SECONDS + 7), values: Float64Array.of(1) }];
    expect(Array.from(alignShifted(fetched, grid, 3, DAY_SECONDS)[0]!.values).every(Number.isNaN)).toBe(true);
  });
});
