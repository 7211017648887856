import { z } from 'zod';
import type { NotifiedAlert } from '../model/alertmanager.js';
import { rfc3339Seconds } from './rfc3339.js';

const labels = z.record(z.string(), z.string());

/** The parts of an Alertmanager webhook payload (version 4) the timeline uses; other keys are ignored. */
const payloadSchema = z.object({
  version: z.literal('4'),
  receiver: z.string().optional(),
  status: z.enum(['firing', 'resolved']).optional(),
  alerts: z.array(
    z.object({
      status: z.enum(['firing', 'resolved']),
      labels: labels.refine((l) => typeof l['alertname'] === 'string', { message: 'labels without alertname' }),
      annotations: labels.optional(),
      startsAt: z.string(),
      endsAt: z.string().optional(),
      generatorURL: z.string().optional(),
      fingerprint: z.string().optional(),
    }),
  ),
});

/** A line that could not be read, with why (never its text: payloads may carry tokens in URLs). */
export interface MalformedLine {
  readonly line: number;
  readonly reason: string;
}

export interface ParsedAlertLog {
  readonly alerts: NotifiedAlert[];
  readonly malformed: MalformedLine[];
}

/** The first zod issue as "at alerts.0.startsAt: …". */
function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'not a webhook payload';
  const path = issue.path.join('.');
  return path === '' ? issue.message : `at ${path}: ${issue.message}`;
}

/**
 * Reads a receiver's log of Alertmanager webhook notifications: one JSON payload (version "4") per
 * line, as `{version, groupKey, status, receiver, groupLabels, commonLabels, commonAnnotations,
 * externalURL, alerts: [{status, labels, annotations, startsAt, endsAt, generatorURL, fingerprint}]}`.
 * Blank lines are skipped; a line that is not such a payload is listed in `malformed` with its
 * number and why, and the rest of the file is used.
 *
 * @param file the file as named on the command line, kept on every alert for tracing back
 * @example
 * parseWebhookLog('{"version":"4","receiver":"pager","status":"firing","alerts":[…]}\n', 'alerts.jsonl')
 * // { alerts: [{ file: 'alerts.jsonl', line: 1, status: 'firing', … }], malformed: [] }
 */
export function parseWebhookLog(text: string, file: string): ParsedAlertLog {
  const alerts: NotifiedAlert[] = [];
  const malformed: MalformedLine[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const raw = (lines[index] as string).trim();
    if (raw === '') continue;
    const line = index + 1;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      malformed.push({ line, reason: 'not JSON' });
      continue;
    }
    const parsed = payloadSchema.safeParse(json);
    if (!parsed.success) {
      const version = (json as { version?: unknown } | null)?.version;
      const reason = typeof json === 'object' && json !== null && version !== '4' ? `not a version "4" webhook payload (version ${JSON.stringify(version ?? null)})` : issueText(parsed.error);
      malformed.push({ line, reason });
      continue;
    }
    const read: NotifiedAlert[] = [];
    let bad: string | null = null;
    for (const [i, alert] of parsed.data.alerts.entries()) {
      const startsAt = rfc3339Seconds(alert.startsAt);
      if (startsAt === null) {
        bad = `at alerts.${i}.startsAt: "${alert.startsAt}" is not an RFC 3339 time`;
        break;
      }
      const endsAt = alert.endsAt === undefined ? null : rfc3339Seconds(alert.endsAt);
      read.push({
        file,
        line,
        receiver: parsed.data.receiver ?? '',
        status: alert.status,
        // Alertmanager's fingerprint is a hash of the labels; when a receiver dropped it, the labels are the identity.
        fingerprint: alert.fingerprint ?? JSON.stringify(Object.entries(alert.labels).sort()),
        labels: alert.labels,
        annotations: alert.annotations ?? {},
        startsAt,
        // A firing alert's endsAt is Go's zero time or a renewal deadline, not an end.
        endsAt: alert.status === 'resolved' ? endsAt : null,
        generatorURL: alert.generatorURL ?? null,
      });
    }
    if (bad !== null) malformed.push({ line, reason: bad });
    else alerts.push(...read);
  }
  return { alerts, malformed };
}
