import type { Evidence } from '../model/evidence.js';
import type { Impact, RequestImpact, SloBudget } from '../model/impact.js';
import { affectedUsersFromLogs } from './affected-users.js';
import { requestImpactFromMetrics } from './requests-from-metrics.js';
import { requestsFromLogs } from './requests-from-logs.js';
import { sloBudget, type SloOptions } from './slo-budget.js';
import { trafficDeficit } from './traffic-deficit.js';

/** Latency above which a request counts as slow in evidence that does not say (bundles before `--slow-threshold`). */
export const DEFAULT_SLOW_THRESHOLD_SECONDS = 1;

export interface ImpactOptions {
  /** Grid indices: lookback start, window start and end ([windowStart, windowEnd)). Null without any series. */
  readonly grid: { readonly lookbackStart: number; readonly windowStart: number; readonly windowEnd: number } | null;
  /** User-facing jobs of the incident; every job with request metrics when empty. */
  readonly jobs: ReadonlySet<string>;
  /** `--slo`, when given. */
  readonly slo: SloOptions | null;
}

/** Mean request rate over the lookback (else the window) of the jobs, for the SLO period's volume. */
function periodRate(evidence: Evidence, options: ImpactOptions): { rate: number; source: string } | null {
  const { grid } = options;
  const signal = evidence.signals.find((s) => s.signal === 'http_request_rate' && s.series.length > 0);
  if (grid === null || signal === undefined) return null;
  const useLookback = grid.windowStart > grid.lookbackStart;
  const [from, to] = useLookback ? [grid.lookbackStart, grid.windowStart] : [grid.windowStart, grid.windowEnd];
  const seen = new Set<string>();
  let rate = 0;
  for (const series of signal.series) {
    const job = series.labels['job'];
    if (job === undefined || seen.has(job) || (options.jobs.size > 0 && !options.jobs.has(job))) continue;
    seen.add(job);
    let sum = 0;
    let n = 0;
    for (let i = from; i < to; i++) {
      const v = series.values[i] as number;
      if (Number.isFinite(v)) {
        sum += v;
        n++;
      }
    }
    if (n > 0) rate += sum / n;
  }
  return seen.size === 0 ? null : { rate, source: useLookback ? "the lookback's mean request rate" : "the window's mean request rate (no lookback)" };
}

/**
 * The impact section: requests (failed, slow, bad-request ratio) from metrics and from the access
 * logs when both exist, each naming its method; users affected (overall and per segment) from the
 * logs; the traffic deficit against the seasonal reference; the SLO budget burned for `--slo`. Pure.
 *
 * @example estimateImpact(evidence, { grid, jobs: new Set(['auth-service']), slo: null }).affectedUsers?.percent
 */
export function estimateImpact(evidence: Evidence, options: ImpactOptions): Impact {
  const { grid } = options;
  const slowThresholdSeconds = evidence.slowThresholdSeconds ?? DEFAULT_SLOW_THRESHOLD_SECONDS;
  const metrics =
    grid === null
      ? null
      : requestImpactFromMetrics(evidence.signals, {
          windowStart: grid.windowStart,
          windowEnd: grid.windowEnd,
          stepSeconds: evidence.window.stepSeconds,
          jobs: options.jobs,
          slowThresholdSeconds,
        });
  const fromMetrics: RequestImpact | null = metrics === null ? null : { ...metrics, badRatio: metrics.total > 0 ? metrics.failed / metrics.total : Number.NaN };
  const logs = evidence.accessLogs;
  const fromLogs = logs === undefined ? null : requestsFromLogs(logs);
  const users = logs === undefined ? { overall: null, segments: [] } : affectedUsersFromLogs(logs);
  const traffic =
    grid === null
      ? null
      : trafficDeficit(evidence.signals, { ...grid, stepSeconds: evidence.window.stepSeconds, jobs: options.jobs });

  let slo: SloBudget | null = null;
  if (options.slo !== null) {
    const rate = periodRate(evidence, options);
    if (fromMetrics !== null && rate !== null) slo = sloBudget(fromMetrics, rate.rate, rate.source, options.slo);
    else if (fromLogs !== null) {
      // Logs only: the window's own request rate stands for the period's.
      const seconds = evidence.window.to - evidence.window.from;
      slo = sloBudget(fromLogs, fromLogs.total / seconds, "the window's request rate in the access logs", options.slo);
    }
  }
  return {
    affectedUsers: users.overall,
    requests: fromMetrics ?? fromLogs,
    segments: users.segments,
    requestsFromLogs: fromLogs,
    traffic,
    slo,
    ...(logs === undefined ? {} : { accessLogs: logs.files }),
  };
}
