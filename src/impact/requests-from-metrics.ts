import type { RequestImpact } from '../model/impact.js';
import type { SignalData } from '../model/signal.js';

export interface RequestImpactOptions {
  /** Grid indices of the window: [windowStart, windowEnd). */
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly stepSeconds: number;
  /** Jobs whose requests count; all jobs with request metrics when empty. */
  readonly jobs: ReadonlySet<string>;
  readonly slowThresholdSeconds: number;
}

function byJob(signal: SignalData | undefined): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  if (signal === undefined) return out;
  for (const series of signal.series) {
    const job = series.labels['job'];
    if (job !== undefined && !out.has(job)) out.set(job, series.values);
  }
  return out;
}

/**
 * Requests, failed and slow requests during the window from the request-rate, 5xx-ratio and
 * slow-ratio signals: each step contributes rate × step requests, of which ratio × that failed or
 * were slow. This integrates exactly what the report's charts show; it differs from
 * `increase(...[window])` only by the rate window's smoothing at the edges.
 * Returns null when no request metrics were collected.
 */
export function requestImpactFromMetrics(signals: readonly SignalData[], options: RequestImpactOptions): RequestImpact | null {
  const find = (name: string) => signals.find((s) => s.signal === name && s.series.length > 0);
  const rateSignal = find('http_request_rate');
  if (rateSignal === undefined) return null;
  const rates = byJob(rateSignal);
  const errorSignal = find('http_error_ratio');
  const slowSignal = find('http_slow_ratio');
  const errors = byJob(errorSignal);
  const slows = byJob(slowSignal);

  const jobs = [...rates.keys()].filter((job) => options.jobs.size === 0 || options.jobs.has(job)).sort();
  if (jobs.length === 0) return null;
  let total = 0;
  let failed = 0;
  let slow = 0;
  for (const job of jobs) {
    const rate = rates.get(job) as Float64Array;
    const error = errors.get(job);
    const slowRatio = slows.get(job);
    for (let i = options.windowStart; i < options.windowEnd; i++) {
      const requests = (rate[i] as number) * options.stepSeconds;
      if (!Number.isFinite(requests)) continue;
      total += requests;
      const e = error?.[i];
      if (e !== undefined && Number.isFinite(e)) failed += requests * e;
      const s = slowRatio?.[i];
      if (s !== undefined && Number.isFinite(s)) slow += requests * s;
    }
  }
  return {
    total: Math.round(total),
    failed: Math.round(failed),
    slow: Math.round(slow),
    slowThresholdSeconds: options.slowThresholdSeconds,
    method: `metrics: request rate × step over the window, times the 5xx and slow ratios (${jobs.length === 1 ? 'job' : 'jobs'} ${jobs.join(', ')})`,
  };
}
