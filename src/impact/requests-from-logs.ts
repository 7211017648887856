import type { AccessLogEvidence } from '../model/access-log.js';
import type { RequestImpact } from '../model/impact.js';

/**
 * Requests of the window as the access logs count them: every line in the window, failed by the
 * `--failed-status` set, slow when strictly slower than `--slow-threshold`. Null when no line fell
 * in the window.
 *
 * @example requestsFromLogs(evidence.accessLogs)?.failed // 40211
 */
export function requestsFromLogs(evidence: AccessLogEvidence): RequestImpact | null {
  const { requests, settings, files } = evidence;
  if (requests.total === 0) return null;
  const names = files.map((file) => file.path).join(', ');
  const latency = evidence.latencySource === null ? '; no latency field, so none counts as slow' : `; latency from ${evidence.latencySource}`;
  // A sample of users holds about that share of the requests: scale the counts back up.
  const scale = settings.sampleRate < 1 ? 1 / settings.sampleRate : 1;
  const sampled = scale === 1 ? '' : `; scaled up from a ${Math.round(settings.sampleRate * 1000) / 10} % sample of users`;
  return {
    total: Math.round(requests.total * scale),
    failed: Math.round(requests.failed * scale),
    slow: Math.round(requests.slow * scale),
    slowThresholdSeconds: settings.slowThresholdSeconds,
    badRatio: requests.failed / requests.total,
    method: `access logs: lines in the window of ${names}, failed = status in ${settings.failedStatus}${latency}${sampled}`,
  };
}
