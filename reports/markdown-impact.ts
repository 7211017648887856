import type { AffectedUsers, Impact, RequestImpact } from '../src/model/index.js';
import { escapeMarkdown } from './escape-markdown.js';
import { formatDuration } from './format-time.js';
import { formatCount, formatPercent, formatSignificant } from './format-value.js';
import type { MarkdownContext } from './markdown-context.js';

/** A burn above this share of the budget is called out: the window alone used most of a month's allowance. */
const BURN_WARNING_PERCENT = 50;
/**
 * A traffic deficit smaller than this, or than twice the reference's miss in the hours before the
 * window, is within day-to-day variation and is not called lost users.
 */
const TRAFFIC_NOISE_FLOOR_PERCENT = 5;

/**
 * Users affected in a few words, for the Issue Summary: `64.8 % of 1,912 active users (census)`,
 * with the interval when the logs are a sample, or the share of requests when they carry no user
 * ids. Null when not measured.
 *
 * @example impactSummaryLine(impact) // '64.8 % of 1,912 users active in the window had a failed or slow request (every user in the logs: exact)'
 */
export function impactSummaryLine(impact: Impact): string | null {
  const users = impact.affectedUsers;
  if (users === null) return null;
  const segments = impact.segments
    .filter((s) => Number.isFinite(s.affectedUsers.percent))
    .map((s) => `${formatPercent(s.affectedUsers.percent)} of ${escapeMarkdown(s.segment)}`);
  return `${shareText(users)}${segments.length === 0 ? '' : `; ${segments.join(', ')}`}`;
}

function shareText(users: AffectedUsers): string {
  if (!Number.isFinite(users.percent)) return 'not measured (no active user in the window)';
  const of = users.total === undefined ? '' : ` of ${formatCount(users.total)}`;
  const what = users.basis === 'requests' ? `${of} requests failed or were slow (no user ids in the logs: requests, not users)` : `${of} users active in the window had a failed or slow request`;
  const interval = users.census === true ? 'every user in the logs: exact' : `${formatPercent(users.low)} – ${formatPercent(users.high)}, 95 % Wilson interval of a sample`;
  return `${formatPercent(users.percent)}${what} (${interval})`;
}

function requestLine(label: string, requests: RequestImpact): string {
  const share = (part: number) => (requests.total > 0 ? ` (${formatPercent((part / requests.total) * 100)})` : '');
  return (
    `- **${label}:** ${formatCount(requests.total)} in the window; ${formatCount(requests.failed)} failed${share(requests.failed)}, ` +
    `${formatCount(requests.slow)} slower than ${formatSignificant(requests.slowThresholdSeconds)} s${share(requests.slow)}. ` +
    `Method: ${escapeMarkdown(requests.method)}.`
  );
}

/**
 * `## Impact`: who and what was hurt, each figure with the method behind it — users affected
 * (overall and per segment, from the request logs), requests from metrics and from the logs, the bad-request
 * ratio, the traffic that never arrived, and the SLO budget the window burned. Empty when nothing
 * was measured.
 *
 * @example impactSection(context) // '## Impact\n\n- **Users affected:** 64.8 % …'
 */
export function impactSection(context: MarkdownContext): string {
  const { impact } = context.reconstruction;
  const lines: string[] = [];
  if (impact.affectedUsers !== null) {
    lines.push(`- **Users affected:** ${shareText(impact.affectedUsers)}. Method: ${escapeMarkdown(impact.affectedUsers.method)}.`);
    for (const { segment, affectedUsers } of impact.segments) {
      lines.push(`  - ${escapeMarkdown(segment)}: ${shareText(affectedUsers)}.`);
    }
  }
  const fromLogs = impact.requestsFromLogs ?? null;
  if (impact.requests !== null) {
    const fromMetrics = fromLogs === null || impact.requests !== fromLogs;
    lines.push(requestLine(fromMetrics && fromLogs !== null ? 'Requests (metrics)' : 'Requests', impact.requests));
    if (impact.requests.badRatio !== undefined && Number.isFinite(impact.requests.badRatio)) {
      lines.push(`  - Bad-request ratio (failed / all): ${formatPercent(impact.requests.badRatio * 100)}.`);
    }
  }
  if (fromLogs !== null && impact.requests !== fromLogs) lines.push(requestLine('Requests (access logs)', fromLogs));
  const traffic = impact.traffic ?? null;
  if (traffic !== null) {
    const against = traffic.reference === 'day_before' ? 'the same hours a day earlier' : traffic.reference === 'week_before' ? 'the same hours a week earlier' : "the lookback's median rate";
    const usual = traffic.usualPercent ?? null;
    const noise = Math.max(TRAFFIC_NOISE_FLOOR_PERCENT, usual === null ? 0 : 2 * Math.abs(usual));
    const usualText = usual === null ? '' : `; the hours before the window were ${formatPercent(Math.abs(usual))} ${usual >= 0 ? 'below' : 'above'} it`;
    const counts = `${formatCount(traffic.seen)} seen, ${formatCount(traffic.expected)} expected from ${against}${usualText}`;
    const text =
      traffic.percent > noise
        ? `${formatCount(traffic.deficit)} requests (${formatPercent(traffic.percent)}) fewer than expected (${counts}): people who could not reach the service at all, or gave up`
        : traffic.percent < -noise
          ? `none: ${formatPercent(-traffic.percent)} more requests than expected (${counts}): retries, or a busier day`
          : `none beyond the usual day-to-day difference: ${formatPercent(Math.abs(traffic.percent))} ${traffic.percent >= 0 ? 'fewer' : 'more'} requests than expected (${counts})`;
    lines.push(`- **Traffic deficit:** ${text}. Method: ${escapeMarkdown(traffic.method)}.`);
  }
  const slo = impact.slo ?? null;
  if (slo !== null) {
    const warning = slo.burnedPercent >= 100 ? ' — the window alone broke the SLO' : slo.burnedPercent >= BURN_WARNING_PERCENT ? ' — most of the period\'s budget' : '';
    lines.push(
      `- **SLO ${formatSignificant(slo.objectivePercent, 6)} % over ${formatDuration(slo.periodSeconds)}:** the window burned ${formatPercent(slo.burnedPercent)} of the error budget${warning} ` +
        `(${formatCount(slo.badRequests)} failed requests of ${formatCount(slo.budgetRequests)} allowed). Method: ${escapeMarkdown(slo.method)}.`,
    );
  }
  for (const file of impact.accessLogs ?? []) {
    const unreadable = file.unreadable === 0 ? '' : `, ${formatCount(file.unreadable)} unreadable (see Data gaps)`;
    const failed = file.error === null ? '' : `; ${escapeMarkdown(file.error)}`;
    lines.push(
      `- Access log ${escapeMarkdown(file.path)} (${file.format}): ${formatCount(file.lines)} lines, ${formatCount(file.inWindow)} in the window, ${formatCount(file.withoutUser)} of them without a user id${unreadable}${failed}.`,
    );
  }
  if (lines.length === 0) return '';
  return ['## Impact', '', ...lines].join('\n');
}
