import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSampleValue } from './sample-value.js';

describe('parseSampleValue()', () => {
  it('parseSampleValue() reads the special values Prometheus writes', () => {
    expect(parseSampleValue('NaN')).toBeNaN();
    expect(parseSampleValue('+Inf')).toBe(Number.POSITIVE_INFINITY);
    expect(parseSampleValue('-Inf')).toBe(Number.NEGATIVE_INFINITY);
    expect(parseSampleValue('Inf')).toBe(Number.POSITIVE_INFINITY);
  });

  it('parseSampleValue() reads plain and exponent notation', () => {
    expect(parseSampleValue('0')).toBe(0);
    expect(parseSampleValue('-0.25')).toBe(-0.25);
    expect(parseSampleValue('1.5e+09')).toBe(1.5e9);
    expect(parseSampleValue('8000000000')).toBe(8e9);
  });

  it('parseSampleValue() rejects text that is not a number instead of reading it as 0 or NaN', () => {
    expect(parseSampleValue('')).toBeUndefined();
    expect(parseSampleValue(' ')).toBeUndefined();
    expect(parseSampleValue('abc')).toBeUndefined();
    expect(parseSampleValue('1,5')).toBeUndefined();
  });

  it('parseSampleValue() round-trips every double as Go formats it (property)', () => {
    fc.assert(
      fc.property(fc.double(), (value) => {
        // Go's strconv.FormatFloat(v, 'f', -1, 64) is the shortest round-trip form, like String().
        const text = Number.isNaN(value) ? 'NaN' : value === Infinity ? '+Inf' : value === -Infinity ? '-Inf' : String(value);
        expect(Object.is(parseSampleValue(text), value) || (value === 0 && parseSampleValue(text) === 0)).toBe(true);
      }),
    );
  });
});
