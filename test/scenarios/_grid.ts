/**
 * Time on the scrape grid, and the slow shapes every scenario is built from: the daily traffic
 * rhythm, smooth noise, ramps between two levels.
 */
import type { Random } from './_random.js';

const SECONDS_PER_HOUR = 3600;
const SECONDS_PER_DAY = 86_400;

/** The instants every target was scraped at: `from + k * step` for k in [0, length). */
export class TimeGrid {
  readonly from: number;
  readonly step: number;
  readonly length: number;
  /** `" <unix seconds>\n"` per index, formatted once: the writer appends it to every sample line. */
  readonly timestampSuffixes: readonly string[];

  constructor(from: number, to: number, step: number) {
    if (from % step !== 0 || to % step !== 0) throw new RangeError(`Grid bounds must be multiples of ${step} s`);
    this.from = from;
    this.step = step;
    this.length = (to - from) / step + 1;
    this.timestampSuffixes = Array.from({ length: this.length }, (_, k) => ` ${from + k * step}\n`);
  }

  get to(): number {
    return this.time(this.length - 1);
  }

  time(index: number): number {
    return this.from + index * this.step;
  }

  /** Index of the first sample at or after `time`, clamped to the grid. */
  indexAtOrAfter(time: number): number {
    const index = Math.ceil((time - this.from) / this.step);
    return Math.min(this.length, Math.max(0, index));
  }

  /** Index of `time`, which must lie on the grid. */
  indexOf(time: number): number {
    const index = (time - this.from) / this.step;
    if (!Number.isInteger(index) || index < 0 || index >= this.length) {
      throw new RangeError(`${time} is not a sample instant of the grid`);
    }
    return index;
  }
}

/** Hour of the day, fractional, at a fixed UTC offset (both scenario zones have no daylight saving). */
export function localHour(time: number, utcOffsetSeconds: number): number {
  const secondsOfDay = (((time + utcOffsetSeconds) % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY;
  return secondsOfDay / SECONDS_PER_HOUR;
}

/** A bump centred on `centre` o'clock with width `width` hours, wrapping round midnight. */
function dailyBump(hour: number, centre: number, width: number): number {
  let distance = Math.abs(hour - centre);
  if (distance > 12) distance = 24 - distance;
  return Math.exp(-(distance * distance) / (2 * width * width));
}

/**
 * Consumer web traffic through the day, 1 at the evening peak: a trough before dawn, a late-morning
 * rise, a lunchtime plateau and the evening peak that online shops see around 20:00 local time.
 */
export function consumerTraffic(time: number, utcOffsetSeconds: number): number {
  const hour = localHour(time, utcOffsetSeconds);
  const level =
    0.07 + 0.5 * dailyBump(hour, 11.5, 2.8) + 0.25 * dailyBump(hour, 15.5, 2.2) + 0.72 * dailyBump(hour, 20.3, 2.1);
  return level / 1.03;
}

/** Office hours: 1 from 08:00 to 18:00 local time with half-hour shoulders, near 0 at night. */
export function officeHours(time: number, utcOffsetSeconds: number): number {
  const hour = localHour(time, utcOffsetSeconds);
  if (hour < 8 || hour >= 18.5) return 0;
  if (hour >= 18) return (18.5 - hour) / 0.5;
  return 1;
}

/**
 * First-order autoregressive noise, mean 0 and standard deviation `sigma`: neighbouring samples are
 * alike (`correlation` per step), as real load wanders instead of jumping every scrape.
 */
export function smoothNoise(random: Random, length: number, correlation: number, sigma: number): Float64Array {
  const noise = new Float64Array(length);
  const innovation = sigma * Math.sqrt(1 - correlation * correlation);
  let value = sigma * random.normal();
  for (let k = 0; k < length; k++) {
    value = correlation * value + innovation * random.normal();
    noise[k] = value;
  }
  return noise;
}

/**
 * 0 before `start`, `jump` at `start`, rising linearly to 1 at `full`, 1 until `decline`, falling to 0 at
 * `end`. The jump makes the onset a sharp instant, as a tipping point or a bad config is.
 */
export interface Envelope {
  readonly start: number;
  readonly jump: number;
  readonly full: number;
  readonly decline: number;
  readonly end: number;
}

export function envelope(time: number, shape: Envelope): number {
  if (time < shape.start || time >= shape.end) return 0;
  if (time < shape.full) return shape.jump + ((1 - shape.jump) * (time - shape.start)) / (shape.full - shape.start);
  if (time < shape.decline) return 1;
  return (shape.end - time) / (shape.end - shape.decline);
}

/** Linear interpolation between two levels by a weight in [0, 1]. */
export function mix(baseline: number, perturbed: number, weight: number): number {
  return baseline + (perturbed - baseline) * weight;
}

/** Interpolation in log space, for quantities that change by factors (latency, query time). */
export function mixLog(baseline: number, perturbed: number, weight: number): number {
  return Math.exp(Math.log(baseline) + (Math.log(perturbed) - Math.log(baseline)) * weight);
}

/** ISO-8601 UTC without milliseconds, the format of the truth file and the JSON report. */
export function isoTime(time: number): string {
  return new Date(time * 1000).toISOString().replace('.000Z', 'Z');
}

/** Unix seconds of an ISO-8601 instant (with its offset). */
export function unixTime(iso: string): number {
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) throw new SyntaxError(`Cannot read time "${iso}"`);
  return millis / 1000;
}
