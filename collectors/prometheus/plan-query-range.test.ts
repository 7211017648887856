import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adaptChunkPoints, MAX_GRID_POINTS, planQueryRange, splitChunk, TARGET_SAMPLES_PER_RESPONSE, withProbe } from './plan-query-range.js';
import { chunkPoints, chunkRange, gridTimestamps } from './query-grid.js';

describe('planQueryRange()', () => {
  it('planQueryRange() asks once when the grid fits', () => {
    const plan = planQueryRange({ start: 1697328000, end: 1697349600, step: 15 }, 11_000);
    expect(plan).toEqual({ ok: true, value: { grid: { startMs: 1697328000000, stepMs: 15000, points: 1441 }, chunks: [{ first: 0, last: 1440 }] } });
  });

  it('planQueryRange() splits into even chunks of at most maxPointsPerSeries', () => {
    const plan = planQueryRange({ start: 0, end: 30_000, step: 1 }, 11_000);
    if (!plan.ok) throw new Error(plan.error.reason);
    expect(plan.value.grid.points).toBe(30_001);
    expect(plan.value.chunks).toEqual([
      { first: 0, last: 10_000 },
      { first: 10_001, last: 20_000 },
      { first: 20_001, last: 30_000 },
    ]);
  });

  it('planQueryRange() ends the grid on the last step at or before end', () => {
    const plan = planQueryRange({ start: 100, end: 159, step: 15 }, 11_000);
    if (!plan.ok) throw new Error(plan.error.reason);
    expect(plan.value.grid.points).toBe(4); // 100, 115, 130, 145
    expect([...gridTimestamps(plan.value.grid)]).toEqual([100, 115, 130, 145]);
  });

  it('planQueryRange() keeps sub-second steps and starts exact to the millisecond', () => {
    const plan = planQueryRange({ start: 1697328000.5, end: 1697328001.5, step: 0.25 }, 11_000);
    if (!plan.ok) throw new Error(plan.error.reason);
    expect([...gridTimestamps(plan.value.grid)]).toEqual([1697328000.5, 1697328000.75, 1697328001, 1697328001.25, 1697328001.5]);
  });

  it('planQueryRange() gives one point when start equals end', () => {
    const plan = planQueryRange({ start: 60, end: 60, step: 15 }, 11_000);
    expect(plan.ok && plan.value.grid.points).toBe(1);
  });

  it('planQueryRange() refuses ranges that cannot be asked', () => {
    expect(planQueryRange({ start: 10, end: 0, step: 1 }, 11_000)).toEqual({ ok: false, error: { kind: 'bad_query', reason: 'end is before start' } });
    expect(planQueryRange({ start: 0, end: 10, step: 0 }, 11_000).ok).toBe(false);
    expect(planQueryRange({ start: 0, end: Number.NaN, step: 1 }, 11_000).ok).toBe(false);
    const huge = planQueryRange({ start: 0, end: MAX_GRID_POINTS * 2, step: 1 }, 11_000);
    expect(!huge.ok && huge.error.kind).toBe('too_many_points');
  });

  it('planQueryRange() chunks cover the grid exactly, in order, within the limit (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 1, max: 120 }), fc.integer({ min: 5, max: 20_000 }), (span, step, maxPoints) => {
        const plan = planQueryRange({ start: 1_000_000, end: 1_000_000 + span, step }, maxPoints);
        if (!plan.ok) return;
        const { grid, chunks } = plan.value;
        let next = 0;
        for (const chunk of chunks) {
          expect(chunk.first).toBe(next);
          expect(chunkPoints(chunk)).toBeGreaterThan(0);
          expect(chunkPoints(chunk)).toBeLessThanOrEqual(maxPoints);
          next = chunk.last + 1;
        }
        expect(next).toBe(grid.points);
        expect(chunks.length).toBe(Math.ceil(grid.points / maxPoints));
      }),
    );
  });
});

describe('splitChunk()', () => {
  it('splitChunk() makes pieces that differ by at most one point', () => {
    expect(splitChunk({ first: 0, last: 9 }, 4)).toEqual([
      { first: 0, last: 3 },
      { first: 4, last: 6 },
      { first: 7, last: 9 },
    ]);
    expect(splitChunk({ first: 5, last: 5 }, 1)).toEqual([{ first: 5, last: 5 }]);
  });
});

describe('chunkRange()', () => {
  it('chunkRange() turns grid indices back into API times', () => {
    expect(chunkRange({ startMs: 0, stepMs: 15_000, points: 100 }, { first: 4, last: 7 })).toEqual({ start: 60, end: 105, step: 15 });
  });
});

describe('adaptChunkPoints()', () => {
  it('adaptChunkPoints() shrinks chunks for queries with many series', () => {
    expect(adaptChunkPoints(11_000, 5_000)).toBe(TARGET_SAMPLES_PER_RESPONSE / 5_000);
    expect(adaptChunkPoints(11_000, 20)).toBe(11_000);
    expect(adaptChunkPoints(11_000, 0)).toBe(11_000);
    expect(adaptChunkPoints(11_000, 10 * TARGET_SAMPLES_PER_RESPONSE)).toBe(1);
  });
});

describe('withProbe()', () => {
  it('cuts a long first chunk to a one-hour probe and leaves plans of up to two probes alone', () => {
    expect(withProbe([{ first: 0, last: 1919 }, { first: 1920, last: 3000 }])).toEqual([
      { first: 0, last: 239 },
      { first: 240, last: 1919 },
      { first: 1920, last: 3000 },
    ]);
    expect(withProbe([{ first: 0, last: 479 }])).toEqual([{ first: 0, last: 479 }]);
    expect(withProbe([])).toEqual([]);
  });
});
