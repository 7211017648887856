import type { AccessLogEvidence, LogRequestCounts, UserCounts } from '../model/access-log.js';
import type { AffectedUsers } from '../model/impact.js';
import { wilsonInterval } from './wilson.js';

/** Percent shown with this many decimals in the interval and percent fields (0.1 point). */
const DECIMALS = 1;

function round(percent: number): number {
  const factor = 10 ** DECIMALS;
  return Math.round(percent * factor) / factor;
}

function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function badWords(evidence: AccessLogEvidence): string {
  const { failedStatus, slowThresholdSeconds } = evidence.settings;
  return `a failed (${failedStatus}) or slower than ${slowThresholdSeconds} s request`;
}

/**
 * A share with its interval: exact when the logs hold every user (low = high = percent: nothing was
 * sampled, so there is no sampling error to bound); a Wilson 95 % interval when `sampleRate` < 1.
 */
function share(affected: number, total: number, sampleRate: number): Pick<AffectedUsers, 'percent' | 'low' | 'high' | 'census'> {
  const percent = total > 0 ? round((affected / total) * 100) : Number.NaN;
  if (sampleRate >= 1) return { percent, low: percent, high: percent, census: true };
  const interval = wilsonInterval(affected, total);
  return {
    percent,
    low: interval === undefined ? Number.NaN : round(interval.low * 100),
    high: interval === undefined ? Number.NaN : round(interval.high * 100),
    census: false,
  };
}

function intervalWords(sampleRate: number): string {
  return sampleRate >= 1
    ? 'the logs hold every user\'s requests (a census), so the share is exact and low = high'
    : `the logs hold a ${round(sampleRate * 100)} % sample of users (--sample-rate), so low – high is a Wilson score 95 % interval`;
}

function fromUsers(users: UserCounts, requestsWithoutUser: number, evidence: AccessLogEvidence, scope: string): AffectedUsers {
  const { sampleRate } = evidence.settings;
  const left = requestsWithoutUser > 0 ? `; ${count(requestsWithoutUser)} requests without a user id (bots, anonymous pages) left out` : '';
  return {
    ...share(users.affected, users.active, sampleRate),
    basis: 'users',
    affected: users.affected,
    total: users.active,
    method:
      `access logs: ${count(users.affected)} of ${count(users.active)} distinct users${scope} active in the window had ${badWords(evidence)} ` +
      `(user id from ${evidence.userSource ?? 'no field'})${left}; ${intervalWords(sampleRate)}`,
  };
}

function fromRequests(requests: LogRequestCounts, evidence: AccessLogEvidence, scope: string): AffectedUsers {
  const { sampleRate, userField } = evidence.settings;
  const tried = userField === null ? 'none of the usual user fields was present; name one with --user-field' : `field "${userField}" was never set`;
  return {
    ...share(requests.bad, requests.total, sampleRate),
    basis: 'requests',
    affected: requests.bad,
    total: requests.total,
    method:
      `requests, not users: the access logs carry no user ids (${tried}), so this is the share of the window's ` +
      `${count(requests.total)} requests${scope} that failed (${evidence.settings.failedStatus}) or were slower than ${evidence.settings.slowThresholdSeconds} s; ` +
      `users with several requests make it differ from the share of users; ${intervalWords(sampleRate)}`,
  };
}

/**
 * Users affected in the window from the request logs' counts: distinct users with at least one
 * failed or slow request over distinct users active, overall and per `--segment`. When no line
 * carried a user id it falls back to the share of requests, and says so in `method` and `basis`.
 * Null when the logs hold no request of the window.
 *
 * @example affectedUsersFromLogs(evidence.accessLogs).overall?.percent // 64.8
 */
export function affectedUsersFromLogs(evidence: AccessLogEvidence): {
  readonly overall: AffectedUsers | null;
  readonly segments: readonly { readonly segment: string; readonly affectedUsers: AffectedUsers }[];
} {
  if (evidence.requests.total === 0) return { overall: null, segments: [] };
  const withoutUser = evidence.files.reduce((n, file) => n + file.withoutUser, 0);
  const byUsers = evidence.users.active > 0;
  const overall = byUsers ? fromUsers(evidence.users, withoutUser, evidence, '') : fromRequests(evidence.requests, evidence, '');
  const segments = evidence.segments.map(({ segment, users, requests }) => ({
    segment,
    affectedUsers: byUsers ? fromUsers(users, 0, evidence, ` of ${segment}`) : fromRequests(requests, evidence, ` of ${segment}`),
  }));
  return { overall, segments };
}
