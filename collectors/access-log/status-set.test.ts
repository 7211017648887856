import { describe, expect, it } from 'vitest';
import { parseStatusSet, StatusSetSyntaxError } from './status-set.js';

describe('parseStatusSet()', () => {
  it('parseStatusSet() reads classes, ranges and single statuses', () => {
    const set = parseStatusSet('5xx, 429');
    expect([499, 500, 503, 599, 429, 404, 200].map((s) => set.has(s))).toEqual([false, true, true, true, true, false, false]);
    expect(set.text).toBe('5xx,429');
    const range = parseStatusSet('502-504');
    expect([501, 502, 504, 505].map((s) => range.has(s))).toEqual([false, true, true, false]);
  });

  it('parseStatusSet() refuses what is not a status, naming the part', () => {
    expect(() => parseStatusSet('5xx,oops')).toThrow(StatusSetSyntaxError);
    expect(() => parseStatusSet('5xx,oops')).toThrow(/"oops" in "5xx,oops"/);
    expect(() => parseStatusSet('600')).toThrow(/within 100-599/);
    expect(() => parseStatusSet('504-502')).toThrow(StatusSetSyntaxError);
    expect(() => parseStatusSet('')).toThrow(StatusSetSyntaxError);
  });
});
