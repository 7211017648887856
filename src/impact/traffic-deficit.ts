import type { TrafficDeficit } from '../model/impact.js';
import type { Series } from '../model/series.js';
import type { SignalData } from '../model/signal.js';

export interface TrafficDeficitOptions {
  /** Grid indices of the lookback start and of the window: [lookbackStart, windowStart), [windowStart, windowEnd). */
  readonly lookbackStart: number;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly stepSeconds: number;
  /** Jobs whose traffic counts; all jobs with request metrics when empty. */
  readonly jobs: ReadonlySet<string>;
}

/** A seasonal reference is used only when it covers at least this share of the window's steps. */
const MIN_REFERENCE_COVERAGE = 0.9;
/** The reference's usual miss is measured over the hours before the window, at least this much of them. */
const MIN_LEAD_SECONDS = 1200;

const REFERENCE_WORDS: Readonly<Record<TrafficDeficit['reference'], string>> = {
  day_before: 'the same hours one day earlier',
  week_before: 'the same hours one week earlier',
  lookback_median: "the lookback's median request rate (no seasonal reference covered the window, so the daily rhythm is not accounted for)",
};

function sameLabels(a: Series['labels'], b: Series['labels']): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? (values[mid] as number) : ((values[mid - 1] as number) + (values[mid] as number)) / 2;
}

/** Expected and seen requests of one job over the steps where both are known, from one reference. */
function integrate(main: Float64Array, reference: (i: number) => number, options: TrafficDeficitOptions): { expected: number; seen: number; covered: number } {
  let expected = 0;
  let seen = 0;
  let covered = 0;
  for (let i = options.windowStart; i < options.windowEnd; i++) {
    const rate = main[i] as number;
    const ref = reference(i);
    if (!Number.isFinite(rate) || !Number.isFinite(ref)) continue;
    expected += ref * options.stepSeconds;
    seen += rate * options.stepSeconds;
    covered++;
  }
  return { expected, seen, covered };
}

/**
 * Requests that never arrived: the request rate of the affected jobs integrated over the window,
 * against the same hours one day earlier (else one week earlier, else the lookback's median rate).
 * People who could not reach the service at all leave no failed request behind; they show here.
 * Null without request-rate metrics or any usable reference.
 *
 * @example trafficDeficit(evidence.signals, options)?.deficit // 12040
 */
export function trafficDeficit(signals: readonly SignalData[], options: TrafficDeficitOptions): TrafficDeficit | null {
  const signal = signals.find((s) => s.signal === 'http_request_rate' && s.series.length > 0);
  if (signal === undefined) return null;
  const steps = options.windowEnd - options.windowStart;
  if (steps <= 0) return null;
  const seenJobs = new Set<string>();
  const series = signal.series
    .filter((s) => {
      const job = s.labels['job'];
      if (job === undefined || seenJobs.has(job) || (options.jobs.size > 0 && !options.jobs.has(job))) return false;
      seenJobs.add(job);
      return true;
    })
    .sort((a, b) => ((a.labels['job'] as string) < (b.labels['job'] as string) ? -1 : 1));
  if (series.length === 0) return null;

  const attempts: { reference: TrafficDeficit['reference']; lookup: (s: Series) => ((i: number) => number) | null }[] = [
    { reference: 'day_before', lookup: (s) => seasonalLookup(signal.seasonal?.dayBefore, s) },
    { reference: 'week_before', lookup: (s) => seasonalLookup(signal.seasonal?.weekBefore, s) },
    {
      reference: 'lookback_median',
      lookup: (s) => {
        const rates: number[] = [];
        for (let i = options.lookbackStart; i < options.windowStart; i++) if (Number.isFinite(s.values[i])) rates.push(s.values[i] as number);
        const rate = median(rates);
        return Number.isFinite(rate) ? () => rate : null;
      },
    },
  ];
  for (const { reference, lookup } of attempts) {
    let expected = 0;
    let seen = 0;
    let usable = true;
    for (const s of series) {
      const ref = lookup(s);
      const part = ref === null ? null : integrate(s.values, ref, options);
      if (part === null || part.covered < MIN_REFERENCE_COVERAGE * steps) {
        usable = false;
        break;
      }
      expected += part.expected;
      seen += part.seen;
    }
    if (!usable || !(expected > 0)) continue;
    const jobs = series.map((s) => s.labels['job']).join(', ');
    // The same comparison over the hours before the window: how far this reference usually misses.
    const lead = { ...options, windowStart: Math.max(options.lookbackStart, options.windowStart - steps), windowEnd: options.windowStart };
    let leadExpected = 0;
    let leadSeen = 0;
    let leadCovered = true;
    for (const s of series) {
      const ref = lookup(s);
      const part = ref === null ? null : integrate(s.values, ref, lead);
      // Twenty minutes of the reference before the window are enough to see its usual miss.
      const needed = Math.min(MIN_REFERENCE_COVERAGE * (lead.windowEnd - lead.windowStart), Math.ceil(MIN_LEAD_SECONDS / options.stepSeconds));
      if (part === null || part.covered === 0 || part.covered < needed) {
        leadCovered = false;
        break;
      }
      leadExpected += part.expected;
      leadSeen += part.seen;
    }
    return {
      expected: Math.round(expected),
      seen: Math.round(seen),
      deficit: Math.round(expected - seen),
      percent: ((expected - seen) / expected) * 100,
      reference,
      usualPercent: leadCovered && leadExpected > 0 ? ((leadExpected - leadSeen) / leadExpected) * 100 : null,
      method: `metrics: request rate of ${series.length === 1 ? 'job' : 'jobs'} ${jobs} integrated over the window, against ${REFERENCE_WORDS[reference]}`,
    };
  }
  return null;
}

function seasonalLookup(references: readonly Series[] | undefined, series: Series): ((i: number) => number) | null {
  const match = references?.find((r) => sameLabels(r.labels, series.labels));
  return match === undefined ? null : (i) => match.values[i] as number;
}
