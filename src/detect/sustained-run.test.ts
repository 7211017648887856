import { describe, expect, it } from 'vitest';
import { findSustainedRun } from './sustained-run.js';

const { NaN } = Number;

describe('findSustainedRun', () => {
  it('findSustainedRun() needs four consecutive samples beyond the entry threshold', () => {
    expect(findSustainedRun(Float64Array.of(0, 9, 9, 9, 0, 0, 0, 0), 0, 8, 8)).toBeUndefined();
    expect(findSustainedRun(Float64Array.of(0, 9, 9, 9, 9, 0, 0, 0, 0), 0, 9, 9)).toEqual({ entry: 1, end: 5 });
  });

  it('findSustainedRun() tolerates one missing sample inside a run but not two', () => {
    expect(findSustainedRun(Float64Array.of(0, 9, 9, NaN, 9, 9), 0, 6, 6)?.entry).toBe(1);
    expect(findSustainedRun(Float64Array.of(0, 9, 9, NaN, NaN, 9, 9), 0, 7, 7)).toBeUndefined();
  });

  it('findSustainedRun() ends a departure only after four calm samples (hysteresis)', () => {
    const deviations = Float64Array.of(9, 9, 9, 9, 1, 4, 1, 1, 1, 1, 1);
    expect(findSustainedRun(deviations, 0, 11, 11)).toEqual({ entry: 0, end: 6 });
  });

  it('findSustainedRun() reports no end when the data ends departed', () => {
    expect(findSustainedRun(Float64Array.of(9, 9, 9, 9, 9, 1, 1), 0, 7, 7)?.end).toBeNull();
  });

  it('findSustainedRun() ignores runs that start at or after entryTo', () => {
    expect(findSustainedRun(Float64Array.of(0, 0, 9, 9, 9, 9), 0, 2, 6)).toBeUndefined();
  });
});
