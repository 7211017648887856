import { describe, expect, it } from 'vitest';
import { isNegligibleMove } from './negligible-move.js';

const fsFree = { category: 'saturation', unit: 'ratio', badDirection: 'down' } as const;
const cpu = { category: 'saturation', unit: 'ratio', badDirection: 'up' } as const;
const errors = { category: 'errors', unit: 'ratio', badDirection: 'up' } as const;
const move = (direction: 'up' | 'down', baseline: number, peak: number) => ({ direction, peakValue: peak, baseline: { value: baseline } });

describe('isNegligibleMove()', () => {
  it('leaves out a hundredth-of-a-point move of a capacity share with plenty spare', () => {
    // /boot/efi 94.40 % free → 94.36 % free (a few MB written): unusual for the series, not an outage.
    expect(isNegligibleMove(move('down', 0.9440, 0.9436), fsFree)).toBe(true);
    expect(isNegligibleMove(move('up', 0.20, 0.205), cpu)).toBe(true);
  });

  it('keeps moves of a point or more, and any move near the limit', () => {
    expect(isNegligibleMove(move('down', 0.40, 0.25), fsFree)).toBe(false); // a disk filling
    expect(isNegligibleMove(move('up', 0.20, 0.98), cpu)).toBe(false); // a CPU spike
    expect(isNegligibleMove(move('down', 0.012, 0.004), fsFree)).toBe(false); // 0.8 points, but 0.4 % left
    expect(isNegligibleMove(move('up', 0.80, 0.805), cpu)).toBe(false); // small, but a fifth spare
  });

  it('judges only capacity shares: a small error ratio is still news', () => {
    expect(isNegligibleMove(move('up', 0, 0.004), errors)).toBe(false);
  });
});
