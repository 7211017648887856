import type { RequestImpact, SloBudget } from '../model/impact.js';

/** The SLO period assumed when `--slo-period` is not given: the common rolling 30 days. */
export const DEFAULT_SLO_PERIOD_SECONDS = 30 * 86_400;

export interface SloOptions {
  /** The objective in percent, e.g. 99.9. */
  readonly objectivePercent: number;
  readonly periodSeconds: number;
}

/**
 * Share of an availability SLO's error budget the window consumed: failed requests in the window over
 * the failures the whole period allows, (1 − objective) × the requests the period is expected to
 * carry. The period's requests are estimated from `periodRatePerSecond` (the lookback's mean rate,
 * a whole day when the lookback is the default 24 h, so day and night both count) × the period.
 * Request-based, as in the Google SRE workbook's "Alerting on SLOs" chapter; a time-based SLO
 * (bad minutes) would need a different count.
 *
 * @example sloBudget(requests, 0.85, { objectivePercent: 99.9, periodSeconds: 2_592_000 })?.burnedPercent // 87.7
 * Returns null when the request rate of the period is unknown or zero.
 */
export function sloBudget(requests: RequestImpact, periodRatePerSecond: number, rateSource: string, options: SloOptions): SloBudget | null {
  if (!(periodRatePerSecond > 0) || !(options.objectivePercent > 0 && options.objectivePercent < 100)) return null;
  const periodRequests = periodRatePerSecond * options.periodSeconds;
  const budgetRequests = (1 - options.objectivePercent / 100) * periodRequests;
  const days = Math.round((options.periodSeconds / 86_400) * 100) / 100;
  return {
    objectivePercent: options.objectivePercent,
    periodSeconds: options.periodSeconds,
    periodRequests: Math.round(periodRequests),
    budgetRequests: Math.round(budgetRequests),
    badRequests: requests.failed,
    burnedPercent: (requests.failed / budgetRequests) * 100,
    method:
      `failed requests in the window over the ${100 - options.objectivePercent > 0 ? Math.round((100 - options.objectivePercent) * 1e6) / 1e6 : 0} % of a ${days}-day period's requests the SLO allows to fail; ` +
      `the period's requests estimated as ${rateSource} × ${days} days`,
  };
}
