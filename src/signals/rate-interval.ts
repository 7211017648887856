import { formatDuration } from '../time/parse-duration.js';

/**
 * Range for `rate()` at a given step: at least four scrapes so one missed scrape does not blank the
 * rate, and at least step + scrape so consecutive points overlap and no sample falls between them.
 * Same rule as Grafana's `$__rate_interval` (grafana.com/blog/2020/09/28/new-in-grafana-7.2-__rate_interval-for-prometheus-rate-queries-that-just-work).
 *
 * @example rateInterval(15, 15) // '1m'
 */
export function rateInterval(stepSeconds: number, scrapeSeconds: number): string {
  const seconds = Math.max(4 * scrapeSeconds, stepSeconds + scrapeSeconds);
  return formatDuration(Math.ceil(seconds));
}
