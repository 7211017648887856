import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './wilson.js';

describe('wilsonInterval()', () => {
  it('wilsonInterval() matches reference values (statsmodels proportion_confint, method="wilson", to 4 decimals)', () => {
    // proportion_confint(65, 100, method='wilson') = (0.5525, 0.7364)
    const interval = wilsonInterval(65, 100)!;
    expect(interval.low).toBeCloseTo(0.5525, 4);
    expect(interval.high).toBeCloseTo(0.7364, 4);
    // proportion_confint(0, 12, method='wilson') = (0, 0.2425): stays inside [0, 1] at the edge.
    const none = wilsonInterval(0, 12)!;
    expect(none.low).toBeCloseTo(0, 12);
    expect(none.high).toBeCloseTo(0.2425, 4);
    expect(wilsonInterval(12, 12)!.high).toBe(1);
  });

  it('wilsonInterval() narrows as the sample grows, around the same share', () => {
    const small = wilsonInterval(13, 20)!;
    const large = wilsonInterval(1300, 2000)!;
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
    expect(large.low).toBeLessThan(0.65);
    expect(large.high).toBeGreaterThan(0.65);
  });

  it('wilsonInterval() is undefined without trials or with impossible counts', () => {
    expect(wilsonInterval(0, 0)).toBeUndefined();
    expect(wilsonInterval(5, 3)).toBeUndefined();
  });
});
