import { readAlertmanager } from '../../collectors/alertmanager/read-alertmanager.js';
import { readTextFile } from '../../collectors/changes/read-text-file.js';
import { readLoki } from '../../collectors/loki/read-loki.js';
import { authorizationHeader, type PrometheusAuth } from '../../collectors/prometheus/prometheus-auth.js';
import { parsePrometheusUrl } from '../../collectors/prometheus/prometheus-url.js';
import { parseWebhookLog } from '../alerts/parse-webhook-log.js';
import type { NotifiedAlert } from '../model/alertmanager.js';
import type { Evidence } from '../model/evidence.js';
import type { DataGap } from '../model/gap.js';
import { dataEnd } from './gather-evidence.js';
import type { Progress } from './progress.js';
import { UsageError } from './usage-error.js';
import { sortGaps } from './sort-gaps.js';

/** `--alertmanager`, `--alert-log`, `--loki`, `--loki-query`. */
export interface AlertSourceFlags {
  readonly alertmanager?: string;
  readonly alertLog?: readonly string[];
  readonly loki?: string;
  readonly lokiQuery?: readonly string[];
}

/** Malformed lines named in one data gap per file, at most this many (the count says the rest). */
const MALFORMED_LINES_NAMED = 5;
/** Loki lines are read from this long before `--from` (at most the lookback): the first errors often come early. */
const LOKI_LEAD_SECONDS = 3600;

/** What the alert-log files hold, read before any server is asked (a missing file fails at once). */
export interface AlertLogTexts {
  readonly files: readonly { readonly path: string; readonly text: string }[];
}

/**
 * Reads the `--alert-log` files and checks the Alertmanager and Loki options, so a mistake fails
 * before any server is asked.
 *
 * @throws UsageError naming the flag and the file or value at fault.
 */
export async function readAlertSourceInputs(flags: AlertSourceFlags, env: NodeJS.ProcessEnv = process.env): Promise<AlertLogTexts> {
  const files: { path: string; text: string }[] = [];
  for (const path of flags.alertLog ?? []) {
    const read = await readTextFile(path);
    if (!read.ok) throw new UsageError(`--alert-log ${read.error}: expected a file of Alertmanager webhook payloads, one JSON object per line`);
    files.push({ path, text: read.text });
  }
  const alertmanager = flags.alertmanager ?? env['ALERTMANAGER_URL'];
  if (alertmanager !== undefined && alertmanager !== '') {
    const parsed = parsePrometheusUrl(alertmanager);
    if (!parsed.ok) throw new UsageError(`--alertmanager: ${parsed.error.replace('Prometheus URL', 'Alertmanager URL')}`);
  }
  const loki = flags.loki ?? env['LOKI_URL'];
  const queries = flags.lokiQuery ?? [];
  if (loki !== undefined && loki !== '') {
    const parsed = parsePrometheusUrl(loki);
    if (!parsed.ok) throw new UsageError(`--loki: ${parsed.error.replace('Prometheus URL', 'Loki URL')}`);
    if (queries.length === 0) throw new UsageError('--loki needs at least one --loki-query, a LogQL log query like \'{app="shop"}\' or \'{app="shop"} |= "error"\'');
  } else if (queries.length > 0) {
    throw new UsageError('--loki-query needs --loki (or LOKI_URL): the base URL of Grafana Loki, e.g. http://loki:3100');
  }
  for (const query of queries) {
    if (!query.trim().startsWith('{')) {
      throw new UsageError(`--loki-query "${query}": expected a LogQL log query starting with a stream selector, like {app="shop"} |= "error"`);
    }
  }
  return { files };
}

/** The alerts of the webhook payload files, and one data gap per file whose lines could not all be read. */
export function alertLogEvidence(texts: AlertLogTexts): { alerts: NotifiedAlert[]; gaps: DataGap[] } {
  const alerts: NotifiedAlert[] = [];
  const gaps: DataGap[] = [];
  for (const { path, text } of texts.files) {
    const parsed = parseWebhookLog(text, path);
    alerts.push(...parsed.alerts);
    if (parsed.malformed.length === 0) continue;
    const named = parsed.malformed.slice(0, MALFORMED_LINES_NAMED).map((m) => `${path}:${m.line} ${m.reason}`);
    const more = parsed.malformed.length - named.length;
    gaps.push({
      source: 'alert-log',
      what: path,
      reason: `${parsed.malformed.length} ${parsed.malformed.length === 1 ? 'line' : 'lines'} unreadable and skipped: ${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}`,
    });
  }
  return { alerts, gaps };
}

/**
 * Credentials for Alertmanager or Loki: user info in the URL (basic auth), else a bearer token from
 * `<PREFIX>_BEARER_TOKEN`. Never from a flag value, which `ps` would show.
 */
function authFor(userInfo: { username: string; password: string } | null, prefix: string, env: NodeJS.ProcessEnv): string | null {
  let auth: PrometheusAuth | null = null;
  if (userInfo !== null) auth = { kind: 'basic', username: userInfo.username, password: userInfo.password };
  const token = env[`${prefix}_BEARER_TOKEN`];
  if (auth === null && token !== undefined && token !== '') auth = { kind: 'bearer', token };
  return auth === null ? null : authorizationHeader(auth);
}

export interface AlertSourceSettings {
  readonly timeoutMs: number;
  readonly caCert: string | null;
  readonly now: number;
}

/**
 * The evidence with what the alert sources and Loki gave: webhook-log alerts, Alertmanager's alerts and
 * silences over the window and its tail, and the Loki lines from a little before `--from` to the end
 * of the data. A source that is down or answers wrongly is a data gap, never a failed run.
 */
export async function withAlertSources(
  evidence: Evidence,
  flags: AlertSourceFlags,
  texts: AlertLogTexts,
  settings: AlertSourceSettings,
  progress: Progress,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Evidence> {
  const { window } = evidence;
  const end = dataEnd(window, settings.now);
  let out: Evidence = evidence;
  const gaps: DataGap[] = [];
  const ca = settings.caCert === null ? {} : { caCert: settings.caCert };
  if (texts.files.length > 0) {
    const log = alertLogEvidence(texts);
    out = { ...out, alertLog: log.alerts };
    gaps.push(...log.gaps);
    progress.step(`Read ${log.alerts.length} notified alerts from ${texts.files.length} alert log ${texts.files.length === 1 ? 'file' : 'files'}`);
  }
  const amUrl = flags.alertmanager ?? env['ALERTMANAGER_URL'];
  if (amUrl !== undefined && amUrl !== '') {
    const url = parsePrometheusUrl(amUrl);
    if (url.ok) {
      const read = await readAlertmanager({
        apiBase: url.value.apiBase,
        displayUrl: url.value.displayUrl,
        authorization: authFor(url.value.userInfo, 'ALERTMANAGER', env),
        ...ca,
        timeoutMs: settings.timeoutMs,
        from: window.from,
        to: end,
        now: settings.now,
      });
      if (read.evidence !== null) {
        out = { ...out, alertmanager: read.evidence };
        progress.step(`Read ${read.evidence.alerts.length} alerts and ${read.evidence.silences.length} silences from ${url.value.displayUrl}`);
      }
      gaps.push(...read.gaps);
    }
  }
  const lokiUrl = flags.loki ?? env['LOKI_URL'];
  if (lokiUrl !== undefined && lokiUrl !== '' && (flags.lokiQuery ?? []).length > 0) {
    const url = parsePrometheusUrl(lokiUrl);
    if (url.ok) {
      const from = Math.max(window.lookbackFrom, window.from - LOKI_LEAD_SECONDS);
      const read = await readLoki({
        apiBase: url.value.apiBase,
        displayUrl: url.value.displayUrl,
        authorization: authFor(url.value.userInfo, 'LOKI', env),
        ...ca,
        timeoutMs: settings.timeoutMs,
        queries: flags.lokiQuery ?? [],
        from,
        to: end,
      });
      if (read.evidence !== null) {
        out = { ...out, loki: read.evidence };
        const lines = read.evidence.queries.reduce((n, q) => n + q.streams.reduce((m, s) => m + s.entries.length, 0), 0);
        progress.step(`Read ${lines} log lines from ${url.value.displayUrl}`);
      }
      gaps.push(...read.gaps);
    }
  }
  return gaps.length === 0 ? out : { ...out, gaps: sortGaps([...out.gaps, ...gaps]) };
}
