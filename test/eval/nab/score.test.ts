import { describe, expect, it } from 'vitest';
import {
  falsePositiveScore,
  normalisedScore,
  perfectScore,
  probationLength,
  scaledSigmoid,
  scoreFile,
  STANDARD_PROFILE,
  type WindowRows,
} from './score.js';

// Expected values are computed by hand from NAB's definitions (sweeper.py): σ(y) = 2/(1 + e^{5y}) − 1,
// a TP is σ(−(e − i + 1)/w)/σ(−1), an FP is 0.11·σ(|i − e′|/(w′ − 1)), a missed window −1.
const ROWS = 100; // probation: floor(0.15 · 100) = 15 rows
const WINDOW: WindowRows = { start: 40, end: 49 }; // width 10

describe('NAB scaled sigmoid', () => {
  it('is ≈ 0.98661 at a window start, 0 at its right edge, −1 from three widths past', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661430, 8); // 2·sigmoid(5) − 1, NAB's docstring value
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.84828364, 8);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(1)).toBeCloseTo(-0.98661430, 8);
    expect(scaledSigmoid(3)).toBe(-1);
  });
});

describe('NAB probationary period', () => {
  it('is 15 % of the rows, rounded down, at most 750', () => {
    expect(probationLength(100)).toBe(15);
    expect(probationLength(1538)).toBe(230);
    expect(probationLength(4032)).toBe(604);
    expect(probationLength(15902)).toBe(750);
  });
});

describe('scoreFile (standard profile)', () => {
  it('rewards a detection on the window start with exactly A_TP', () => {
    const s = scoreFile(ROWS, [WINDOW], [40]);
    expect(s.raw).toBeCloseTo(1, 12);
    expect([s.truePositives, s.falseNegatives, s.falsePositives]).toEqual([1, 0, 0]);
  });

  it('rewards a detection on the window end with σ(−1/10)/σ(−1) ≈ 0.2482, and the middle with ≈ 0.8598', () => {
    expect(scoreFile(ROWS, [WINDOW], [49]).raw).toBeCloseTo(0.2482415498, 9);
    expect(scoreFile(ROWS, [WINDOW], [45]).raw).toBeCloseTo(0.8597925669, 9);
  });

  it('keeps only the first detection in a window: later ones neither add nor cost', () => {
    const s = scoreFile(ROWS, [WINDOW], [45, 42, 49]);
    expect(s.raw).toBeCloseTo(scoreFile(ROWS, [WINDOW], [42]).raw, 12);
    expect(s.windows[0]?.detectedAt).toBe(42);
    expect(s.falsePositives).toBe(0);
  });

  it('costs −A_FN = −1 for a missed window', () => {
    const s = scoreFile(ROWS, [WINDOW], []);
    expect(s.raw).toBe(-1);
    expect([s.truePositives, s.falseNegatives]).toEqual([0, 1]);
  });

  it('costs −A_FP = −0.11 for a detection with no window before it', () => {
    const s = scoreFile(ROWS, [WINDOW], [20]);
    expect(s.raw).toBeCloseTo(-1.11, 12);
    expect(s.falsePositiveCost).toBeCloseTo(-0.11, 12);
    expect(s.falsePositives).toBe(1);
  });

  it('costs a detection after a window by its distance in (width − 1) units through the sigmoid', () => {
    // Right after the window: 1/9 → 0.11·σ(0.111) ≈ −0.0298; ten rows past: 10/9 → ≈ −0.1092.
    expect(scoreFile(ROWS, [WINDOW], [40, 50]).raw).toBeCloseTo(1 - 0.029793183, 8);
    expect(scoreFile(ROWS, [WINDOW], [40, 59]).raw).toBeCloseTo(1 - 0.1091527729, 8);
    // Three widths (27 rows) past and beyond: the full −0.11.
    expect(falsePositiveScore(76, WINDOW)).toBe(-0.11);
  });

  it('measures a false positive from the closest window that ended before it', () => {
    const windows = [{ start: 20, end: 29 }, { start: 60, end: 69 }];
    const s = scoreFile(ROWS, windows, [20, 40, 60, 90]);
    // 2 TPs at window starts; FP at 40: 11/9 past the first; FP at 90: 21/9 past the second.
    expect(s.raw).toBeCloseTo(2 - 0.1095131013 - 0.1099981135, 8);
    expect([s.truePositives, s.falseNegatives, s.falsePositives]).toEqual([2, 0, 2]);
  });

  it('ignores detections in the probation period', () => {
    expect(scoreFile(ROWS, [WINDOW], [3, 14]).raw).toBe(-1);
  });

  it('scores a window overlapping the probation period on its rows after it, with its full width', () => {
    const window = { start: 10, end: 19 };
    expect(scoreFile(ROWS, [window], [12]).raw).toBe(-1); // the only detection is in probation: missed
    expect(scoreFile(ROWS, [window], [12, 16]).raw).toBeCloseTo(0.7719269398, 9); // σ(−4/10)/σ(−1)
  });

  it('does not score a window that lies wholly in the probation period', () => {
    const s = scoreFile(ROWS, [{ start: 2, end: 8 }], []);
    expect(s.raw).toBe(0);
    expect(s.windows).toHaveLength(0);
  });

  it('refuses detections outside the file and windows out of order', () => {
    expect(() => scoreFile(ROWS, [WINDOW], [ROWS])).toThrow(RangeError);
    expect(() => scoreFile(ROWS, [{ start: 50, end: 59 }, WINDOW], [])).toThrow(RangeError);
  });

  it('uses NAB standard weights A_TP 1, A_FP 0.11, A_FN 1', () => {
    expect(STANDARD_PROFILE).toEqual({ tpWeight: 1, fpWeight: 0.11, fnWeight: 1 });
  });
});

describe('normalisation over a corpus', () => {
  const corpus = [
    { rows: 100, windows: [WINDOW] },
    { rows: 200, windows: [{ start: 50, end: 69 }, { start: 120, end: 139 }] },
    { rows: 100, windows: [] },
  ];
  const total = (detect: (windows: readonly WindowRows[]) => number[]) =>
    corpus.reduce((sum, f) => sum + scoreFile(f.rows, f.windows, detect(f.windows)).raw, 0);
  const nullRaw = total(() => []);
  const perfect = perfectScore(3);

  it('gives the null detector 0 and a detector firing on every window start 100', () => {
    expect(nullRaw).toBe(-3);
    expect(normalisedScore(nullRaw, nullRaw, perfect)).toBe(0);
    expect(normalisedScore(total((ws) => ws.map((w) => w.start)), nullRaw, perfect)).toBeCloseTo(100, 10);
  });

  it('scores one of three windows found at its start, with one FP before any window, as 100·(1 − 2 − 0.11 + 3)/6', () => {
    const raw = total((ws) => (ws.length === 1 ? [20, 40] : []));
    expect(normalisedScore(raw, nullRaw, perfect)).toBeCloseTo((100 * (1 - 2 - 0.11 + 3)) / 6, 10);
  });

  it('is undefined (NaN) for a corpus with no window', () => {
    expect(normalisedScore(-0.5, 0, perfectScore(0))).toBeNaN();
  });
});
