import type { z } from 'zod';
import type { AlertmanagerAlert, AlertmanagerEvidence, AlertmanagerSilence } from '../../src/model/alertmanager.js';
import type { DataGap } from '../../src/model/gap.js';
import { rfc3339Seconds } from '../../src/alerts/rfc3339.js';
import { createHttpTransport, type ApiCall, type RawAnswer } from '../prometheus/http-transport.js';
import { fetchJson } from './fetch-json.js';
import { alertsSchema, silencesSchema } from './response-schemas.js';

export interface ReadAlertmanagerOptions {
  /** Base URL without user info and without a trailing slash. */
  readonly apiBase: string;
  /** The URL as shown in reports. */
  readonly displayUrl: string;
  /** Full `Authorization` header value, or null. A secret: it goes into requests only. */
  readonly authorization: string | null;
  readonly caCert?: string;
  readonly timeoutMs: number;
  /** Silences that ended before this or start after `to` are left out (unix seconds). */
  readonly from: number;
  readonly to: number;
  /** The instant the state is read, recorded in the evidence. */
  readonly now: number;
  /** Injected in tests; the shared HTTP transport otherwise. */
  readonly send?: (call: ApiCall) => Promise<RawAnswer>;
}

export interface AlertmanagerReading {
  /** Null when nothing could be read. */
  readonly evidence: AlertmanagerEvidence | null;
  readonly gaps: DataGap[];
}

function validationGap(what: string, error: z.ZodError): DataGap {
  const issue = error.issues[0];
  const where = issue === undefined ? '' : ` at ${issue.path.join('.') || '(root)'}: ${issue.message}`;
  return { source: 'alertmanager', what, reason: `unexpected answer${where} (expected Alertmanager's v2 API)` };
}

function toAlert(raw: z.infer<typeof alertsSchema>[number]): AlertmanagerAlert | null {
  const startsAt = rfc3339Seconds(raw.startsAt);
  if (startsAt === null) return null;
  return {
    fingerprint: raw.fingerprint,
    labels: raw.labels,
    annotations: raw.annotations ?? {},
    startsAt,
    endsAt: raw.endsAt === undefined ? null : rfc3339Seconds(raw.endsAt),
    state: raw.status.state,
    silencedBy: [...(raw.status.silencedBy ?? [])].sort(),
    inhibitedBy: [...(raw.status.inhibitedBy ?? [])].sort(),
    generatorURL: raw.generatorURL ?? null,
  };
}

function toSilence(raw: z.infer<typeof silencesSchema>[number]): AlertmanagerSilence | null {
  const startsAt = rfc3339Seconds(raw.startsAt);
  const endsAt = rfc3339Seconds(raw.endsAt);
  if (startsAt === null || endsAt === null) return null;
  return {
    id: raw.id,
    matchers: raw.matchers.map((m) => ({ name: m.name, value: m.value, isRegex: m.isRegex, isEqual: m.isEqual ?? true })),
    createdBy: raw.createdBy,
    comment: raw.comment,
    startsAt,
    endsAt,
    state: raw.status.state,
  };
}

/**
 * Reads Alertmanager's current alerts (`GET /api/v2/alerts`: active, suppressed and unprocessed, with
 * what silences or inhibits them) and its silences (`GET /api/v2/silences`) that touch `[from, to]`.
 * Alertmanager keeps no history (resolved alerts vanish, expired silences stay for its retention,
 * 5 days by default), so this is its state now. A server that cannot be reached or answers wrongly is
 * a data gap, never an exception. Output is sorted, so the evidence does not depend on the server's order.
 *
 * @example
 * const { evidence, gaps } = await readAlertmanager({ apiBase: 'http://am:9093', displayUrl: 'http://am:9093/', authorization: null, timeoutMs: 30_000, from, to, now });
 */
export async function readAlertmanager(options: ReadAlertmanagerOptions): Promise<AlertmanagerReading> {
  const send =
    options.send ??
    createHttpTransport({
      apiBase: options.apiBase,
      authorization: options.authorization,
      ...(options.caCert === undefined ? {} : { caCert: options.caCert }),
      timeoutMs: options.timeoutMs,
      maxSockets: 2,
      compress: false,
    });
  const server = `Alertmanager at ${options.displayUrl}`;
  const secrets = options.authorization === null ? [] : [options.authorization, options.authorization.replace(/^\S+\s+/, '')];
  const gaps: DataGap[] = [];
  const [alertsAnswer, silencesAnswer] = await Promise.all([
    fetchJson(send, { path: '/api/v2/alerts', params: [], allowPost: false }, server, secrets),
    fetchJson(send, { path: '/api/v2/silences', params: [], allowPost: false }, server, secrets),
  ]);
  if (!alertsAnswer.ok && !silencesAnswer.ok && alertsAnswer.error.startsWith('Cannot reach')) {
    // One gap for a server that is down, not one per endpoint.
    return { evidence: null, gaps: [{ source: 'alertmanager', what: options.displayUrl, reason: alertsAnswer.error }] };
  }

  const alerts: AlertmanagerAlert[] = [];
  if (!alertsAnswer.ok) gaps.push({ source: 'alertmanager', what: '/api/v2/alerts', reason: alertsAnswer.error });
  else {
    const parsed = alertsSchema.safeParse(alertsAnswer.value);
    if (!parsed.success) gaps.push(validationGap('/api/v2/alerts', parsed.error));
    else for (const raw of parsed.data) {
      const alert = toAlert(raw);
      if (alert !== null) alerts.push(alert);
    }
  }
  const silences: AlertmanagerSilence[] = [];
  if (!silencesAnswer.ok) gaps.push({ source: 'alertmanager', what: '/api/v2/silences', reason: silencesAnswer.error });
  else {
    const parsed = silencesSchema.safeParse(silencesAnswer.value);
    if (!parsed.success) gaps.push(validationGap('/api/v2/silences', parsed.error));
    else for (const raw of parsed.data) {
      const silence = toSilence(raw);
      if (silence !== null && silence.startsAt <= options.to && silence.endsAt >= options.from) silences.push(silence);
    }
  }
  alerts.sort((a, b) => a.startsAt - b.startsAt || (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
  silences.sort((a, b) => a.startsAt - b.startsAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { evidence: { url: options.displayUrl, fetchedAt: options.now, alerts, silences }, gaps };
}
