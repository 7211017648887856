import { describe, expect, it } from 'vitest';
import { formatCount, formatDecimal, formatPercent, formatSignificant, formatSpread, formatValue } from './format-value.js';
import { utc } from './_testing.js';

describe('formatValue()', () => {
  it('formatValue() shows ratios as percent', () => {
    expect(formatValue(0.973, 'ratio', 'UTC')).toBe('97.3 %');
    expect(formatValue(1, 'ratio', 'UTC')).toBe('100 %');
    expect(formatValue(0.00042, 'ratio', 'UTC')).toBe('0.042 %');
  });

  it('formatValue() scales seconds to µs, ms, s and durations', () => {
    expect(formatValue(0.00025, 'seconds', 'UTC')).toBe('250 µs');
    expect(formatValue(0.25, 'seconds', 'UTC')).toBe('250 ms');
    expect(formatValue(2.345, 'seconds', 'UTC')).toBe('2.35 s');
    expect(formatValue(195, 'seconds', 'UTC')).toBe('3m 15s');
    expect(formatValue(0, 'seconds', 'UTC')).toBe('0 s');
  });

  it('formatValue() uses binary prefixes for bytes', () => {
    expect(formatValue(512, 'bytes', 'UTC')).toBe('512 B');
    expect(formatValue(1536, 'bytes', 'UTC')).toBe('1.5 KiB');
    expect(formatValue(3 * 1024 ** 3, 'bytes', 'UTC')).toBe('3 GiB');
  });

  it('formatValue() shows rates per second with sensible precision', () => {
    expect(formatValue(2.4, 'per_second', 'UTC')).toBe('2.4/s');
    expect(formatValue(0.01234, 'per_second', 'UTC')).toBe('0.0123/s');
    expect(formatValue(1234.5, 'per_second', 'UTC')).toBe('1,235/s');
    expect(formatValue(45678, 'per_second', 'UTC')).toBe('45.7k/s');
    expect(formatValue(2.5e6, 'per_second', 'UTC')).toBe('2.5M/s');
  });

  it('formatValue() shows unix times as a time in the zone, and counts as whole numbers', () => {
    expect(formatValue(utc('2023-05-13T16:05:00Z'), 'unix_seconds', 'Africa/Nairobi')).toBe('May 13, 2023, 7:05 PM EAT');
    expect(formatValue(41, 'count', 'UTC')).toBe('41');
    expect(formatValue(120345, 'count', 'UTC')).toBe('120,345');
    expect(formatValue(2.5, 'count', 'UTC')).toBe('2.5');
  });

  it('formatValue() names non-finite values instead of printing NaN', () => {
    expect(formatValue(Number.NaN, 'ratio', 'UTC')).toBe('n/a');
    expect(formatValue(Number.POSITIVE_INFINITY, 'seconds', 'UTC')).toBe('+Inf');
    expect(formatValue(Number.NEGATIVE_INFINITY, 'other', 'UTC')).toBe('-Inf');
  });

  it('formatSpread() treats the spread of a unix time as a duration', () => {
    expect(formatSpread(90, 'unix_seconds', 'UTC')).toBe('1m 30s');
    expect(formatSpread(0.04, 'ratio', 'UTC')).toBe('4 %');
  });
});

describe('number formatting', () => {
  it('formatDecimal() groups thousands without the locale and never prints -0', () => {
    expect(formatDecimal(120345.678, 1)).toBe('120,345.7');
    expect(formatDecimal(-1234567, 0)).toBe('-1,234,567');
    expect(formatDecimal(-0.0001, 2)).toBe('0.00');
  });

  it('formatSignificant() keeps three significant digits and whole integer parts', () => {
    expect(formatSignificant(0.04567)).toBe('0.0457');
    expect(formatSignificant(999.7)).toBe('1,000');
    expect(formatSignificant(12345.6)).toBe('12,346');
    expect(formatSignificant(0)).toBe('0');
    expect(formatSignificant(-0)).toBe('0');
  });

  it('formatCount() and formatPercent() read as people write them', () => {
    expect(formatCount(40211)).toBe('40,211');
    expect(formatPercent(33.41)).toBe('33.4 %');
  });
});
