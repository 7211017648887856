import type { TimeWindow } from '../src/model/index.js';
import { promDuration, utcInputTime } from './format-time.js';
import { LOG_SIGNAL_QUERY_PREFIX } from '../src/model/log.js';

/**
 * How much history before the window the graph shows, as a multiple of the window's length: enough
 * to see the baseline beside the outage without shrinking the outage to a sliver on a long lookback.
 */
const LEAD_IN_WINDOWS = 1;

/**
 * A link to Prometheus' graph page showing `query` over the outage window and the baseline just
 * before it (up to one window's length of lookback). The base URL is the display URL from the
 * evidence, which carries no credentials. Everything that could end a Markdown link early —
 * parentheses, spaces, `<`, `>` — is percent-encoded, so the result can go straight into `[…](…)`.
 *
 * @example prometheusGraphUrl('http://prom:9090/', 'up', window)
 * // 'http://prom:9090/graph?g0.expr=up&g0.tab=0&g0.range_input=4h&g0.end_input=2023-05-13%2018%3A00%3A00'
 */
/** True when `query` is PromQL a Prometheus graph page can show (signals read from log files are not). */
export function hasPrometheusGraph(query: string): boolean {
  return !query.startsWith(LOG_SIGNAL_QUERY_PREFIX);
}

export function prometheusGraphUrl(baseUrl: string, query: string, window: TimeWindow): string {
  const leadIn = Math.min(window.from - window.lookbackFrom, (window.to - window.from) * LEAD_IN_WINDOWS);
  const range = window.to - window.from + Math.max(0, leadIn);
  const parameters = [
    ['g0.expr', query],
    ['g0.tab', '0'],
    ['g0.range_input', promDuration(range)],
    ['g0.end_input', utcInputTime(window.to)],
  ] as const;
  const search = parameters.map(([key, value]) => `${key}=${encodeParameter(value)}`).join('&');
  return `${safeBase(baseUrl)}/graph?${search}`;
}

/** Characters a URL may carry as they are, minus the parentheses that would end a Markdown link. */
const URL_SAFE = /^[A-Za-z0-9\-._~:/?#[\]@!$&'*+,;=%]$/;

/** A lone surrogate cannot be UTF-8 encoded (`encodeURIComponent` throws); it becomes U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `encodeURIComponent` leaves `!'()*` alone; parentheses in PromQL would end a Markdown link. */
function encodeParameter(value: string): string {
  return encodeURIComponent(value.replace(LONE_SURROGATE, '\uFFFD')).replace(/[!'()*]/g, percentByte);
}

/** The base URL without a trailing slash, with characters that are unsafe in a Markdown link encoded. */
function safeBase(baseUrl: string): string {
  const trimmed = baseUrl.trim().replace(/\/+$/, '');
  return Array.from(trimmed, (character) => (URL_SAFE.test(character) ? character : encodeParameter(character))).join('');
}

function percentByte(character: string): string {
  return `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}
