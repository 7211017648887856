import type { SignalUnit } from '../src/model/index.js';
import { formatDuration, formatZonedTime } from './format-time.js';

/** Significant digits shown for measured values: enough to compare peak with baseline, no false precision. */
const SIGNIFICANT_DIGITS = 3;

/** Beyond this many decimals a value is shown as 0: no unit we render needs finer detail. */
const MAX_DECIMALS = 12;

const BINARY_PREFIXES = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

/**
 * A number with thousands separators and a fixed number of decimals, the same on every machine:
 * built from `toFixed`, never from the locale (`toLocaleString` would print `1.234,5` in Germany).
 *
 * @example formatDecimal(120345.678, 1) // '120,345.7'
 */
export function formatDecimal(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return nonFinite(value);
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole = '0', fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const body = fraction === undefined ? grouped : `${grouped}.${fraction}`;
  // Rounding can turn a tiny negative into zero; "-0" would only confuse.
  return value < 0 && /[1-9]/.test(body) ? `-${body}` : body;
}

/**
 * A number with `digits` significant digits (trailing zeros dropped) and thousands separators;
 * numbers at or above 10^digits are rounded to whole numbers instead of losing integer digits.
 *
 * @example formatSignificant(0.04567) // '0.0457'
 */
export function formatSignificant(value: number, digits: number = SIGNIFICANT_DIGITS): string {
  if (!Number.isFinite(value)) return nonFinite(value);
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.min(MAX_DECIMALS, Math.max(0, digits - 1 - magnitude));
  return stripTrailingZeros(formatDecimal(value, decimals));
}

/**
 * A whole count with thousands separators, e.g. request totals: `120,345`.
 *
 * @example formatCount(40211) // '40,211'
 */
export function formatCount(value: number): string {
  return formatDecimal(value, 0);
}

/**
 * A percentage already scaled to 0–100, with a space before the sign as in `97.3 %`.
 *
 * @example formatPercent(33.41) // '33.4 %'
 */
export function formatPercent(percent: number): string {
  return Number.isFinite(percent) ? `${formatSignificant(percent)} %` : nonFinite(percent);
}

/**
 * A measured value in its signal's unit: ratios as percent (`0.973` → `97.3 %`), seconds as
 * `µs`/`ms`/`s` or a duration, bytes with binary prefixes (`1.5 GiB`), rates as `/s`, unix times
 * as a time in `zone`, counts as (near) whole numbers. NaN prints as `n/a`, infinities as `+Inf`/`-Inf`.
 *
 * @example formatValue(0.25, 'seconds', 'UTC') // '250 ms'
 */
export function formatValue(value: number, unit: SignalUnit, zone: string): string {
  if (!Number.isFinite(value)) return nonFinite(value);
  switch (unit) {
    case 'ratio':
      return formatPercent(value * 100);
    case 'seconds':
      return formatSeconds(value);
    case 'bytes':
      return formatBytes(value);
    case 'per_second':
      return `${formatRate(value)}/s`;
    case 'unix_seconds':
      return formatZonedTime(value, zone);
    case 'count':
      return Number.isInteger(value) || Math.abs(value) >= 100 ? formatCount(value) : formatSignificant(value);
    case 'other':
      return formatSignificant(value);
  }
}

/**
 * A baseline's spread in its signal's unit. Same as `formatValue`, except that the spread of a unix
 * time is a length of time, not an instant.
 *
 * @example formatSpread(90, 'unix_seconds', 'UTC') // '1m 30s'
 */
export function formatSpread(spread: number, unit: SignalUnit, zone: string): string {
  return unit === 'unix_seconds' && Number.isFinite(spread) ? formatDuration(spread) : formatValue(spread, unit, zone);
}

function formatSeconds(seconds: number): string {
  const size = Math.abs(seconds);
  if (size === 0) return '0 s';
  if (size < 1e-3) return `${formatSignificant(seconds * 1e6)} µs`;
  if (size < 1) return `${formatSignificant(seconds * 1e3)} ms`;
  if (size < 60) return `${formatSignificant(seconds)} s`;
  return formatDuration(seconds);
}

function formatBytes(bytes: number): string {
  let scaled = bytes;
  let prefix = 0;
  while (Math.abs(scaled) >= 1024 && prefix < BINARY_PREFIXES.length - 1) {
    scaled /= 1024;
    prefix += 1;
  }
  return `${formatSignificant(scaled)} ${BINARY_PREFIXES[prefix] ?? 'B'}`;
}

function formatRate(rate: number): string {
  const size = Math.abs(rate);
  if (size >= 1e9) return `${formatSignificant(rate / 1e9)}G`;
  if (size >= 1e6) return `${formatSignificant(rate / 1e6)}M`;
  if (size >= 1e4) return `${formatSignificant(rate / 1e3)}k`;
  return formatSignificant(rate);
}

function stripTrailingZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

function nonFinite(value: number): string {
  if (Number.isNaN(value)) return 'n/a';
  return value > 0 ? '+Inf' : '-Inf';
}
