import { describe, expect, it } from 'vitest';
import type { Impact } from '../src/model/index.js';
import { markdownContext } from './markdown-context.js';
import { impactSection, impactSummaryLine } from './markdown-impact.js';
import { authDeadlock, emptyReconstruction } from './_testing.js';

const metrics = { total: 848_642, failed: 227_458, slow: 168_030, slowThresholdSeconds: 1, badRatio: 227_458 / 848_642, method: 'metrics: request rate × step (job auth-service)' };
const logs = { total: 43_314, failed: 2_019, slow: 1_925, slowThresholdSeconds: 1, badRatio: 2_019 / 43_314, method: 'access logs: lines in the window of lb1-access.log' };

const impact: Impact = {
  affectedUsers: { percent: 30.6, low: 30.6, high: 30.6, method: 'access logs: 1,685 of 5,500 distinct users …', basis: 'users', affected: 1_685, total: 5_500, census: true },
  requests: metrics,
  segments: [
    { segment: 'customer_type=new', affectedUsers: { percent: 65, low: 65, high: 65, method: 'access logs', basis: 'users', affected: 845, total: 1_300, census: true } },
    { segment: 'customer_type=vip', affectedUsers: { percent: Number.NaN, low: Number.NaN, high: Number.NaN, method: 'access logs', basis: 'users', affected: 0, total: 0, census: true } },
  ],
  requestsFromLogs: logs,
  traffic: { expected: 700_000, seen: 848_642, deficit: -148_642, percent: -21.2, reference: 'day_before', usualPercent: 1.5, method: 'metrics: request rate of job auth-service' },
  slo: { objectivePercent: 99.9, periodSeconds: 2_592_000, periodRequests: 259_000_000, budgetRequests: 259_000, badRequests: 227_458, burnedPercent: 87.8, method: 'failed requests over the budget' },
  accessLogs: [{ path: 'lb1-access.log', format: 'json', lines: 17_296, inWindow: 14_354, withoutUser: 700, unreadable: 1, firstUnreadable: { line: 7_482, reason: 'broken JSON' }, error: null, earliest: 0, latest: 1 }],
};

describe('impactSection()', () => {
  it('names every figure with its method: users (and segments), requests from metrics and from logs, traffic, SLO budget, log files', () => {
    const text = impactSection(markdownContext(authDeadlock({ impact })));
    const lines = text.split('\n');
    expect(lines[0]).toBe('## Impact');
    expect(text).toContain('- **Users affected:** 30.6 % of 5,500 users active in the window had a failed or slow request (every user in the logs: exact). Method: access logs: 1,685 of 5,500 distinct users …');
    expect(text).toContain('  - customer_type=new: 65 % of 1,300 users active in the window had a failed or slow request (every user in the logs: exact).');
    expect(text).toContain('  - customer_type=vip: not measured (no active user in the window).');
    expect(text).toContain('- **Requests (metrics):** 848,642 in the window; 227,458 failed (26.8 %), 168,030 slower than 1 s (19.8 %).');
    expect(text).toContain('  - Bad-request ratio (failed / all): 26.8 %.');
    expect(text).toContain('- **Requests (access logs):** 43,314 in the window; 2,019 failed (4.66 %)');
    expect(text).toContain('- **Traffic deficit:** none: 21.2 % more requests than expected');
    expect(text).toContain('the window burned 87.8 % of the error budget — most of the period\'s budget (227,458 failed requests of 259,000 allowed)');
    expect(text).toContain('- Access log lb1-access.log (json): 17,296 lines, 14,354 in the window, 700 of them without a user id, 1 unreadable (see Data gaps).');
  });

  it('calls a deficit lost users only beyond the usual day-to-day miss', () => {
    const small = impactSection(markdownContext(authDeadlock({ impact: { ...impact, traffic: { ...impact.traffic!, deficit: 21_000, percent: 3, usualPercent: 2 } } })));
    expect(small).toContain('none beyond the usual day-to-day difference: 3 % fewer requests than expected');
    const large = impactSection(markdownContext(authDeadlock({ impact: { ...impact, traffic: { ...impact.traffic!, deficit: 140_000, percent: 20, usualPercent: 2 } } })));
    expect(large).toContain('140,000 requests (20 %) fewer than expected');
    expect(large).toContain('people who could not reach the service at all');
  });

  it('says when the share is of requests for lack of user ids, and gives the interval of a sample', () => {
    const requestsOnly = { ...impact.affectedUsers!, basis: 'requests' as const, total: 43_314, census: true };
    expect(impactSummaryLine({ ...impact, affectedUsers: requestsOnly, segments: [] })).toBe(
      '30.6 % of 43,314 requests failed or were slow (no user ids in the logs: requests, not users) (every user in the logs: exact)',
    );
    const sample = { ...impact.affectedUsers!, low: 28.1, high: 33.2, census: false };
    expect(impactSummaryLine({ ...impact, affectedUsers: sample, segments: [] })).toContain('(28.1 % – 33.2 %, 95 % Wilson interval of a sample)');
  });

  it('is empty when nothing was measured', () => {
    expect(impactSection(markdownContext(emptyReconstruction()))).toBe('');
    expect(impactSummaryLine(emptyReconstruction().impact)).toBeNull();
  });
});
