import { stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import type { PrometheusErrorKind } from '../../collectors/prometheus/prometheus-error.js';
import { readEvidenceBundle } from '../../collectors/bundle/read-bundle.js';
import { createPrometheusClient } from '../../collectors/prometheus/client.js';
import { resolvePrometheusCredentials } from '../../collectors/prometheus/credentials.js';
import { parsePrometheusUrl } from '../../collectors/prometheus/prometheus-url.js';
import { renderJson } from '../../reports/json.js';
import { renderMarkdown } from '../../reports/markdown.js';
import { renderHtml } from '../../reports/html.js';
import { readChartLibrary } from './chart-library.js';
import { BundleError } from '../bundle/decode-evidence.js';
import { encodeEvidence } from '../bundle/encode-evidence.js';
import type { Evidence } from '../model/evidence.js';
import { reconstruct } from '../reconstruct.js';
import { redactReconstruction } from '../redact/redact-reconstruction.js';
import { parseSelector, SelectorSyntaxError, type ParsedSelector } from '../signals/select.js';
import { parseDuration } from '../time/parse-duration.js';
import { isValidZone } from '../time/parse-time.js';
import { TOOL_VERSION } from '../version.js';
import { gatherEvidence } from './gather-evidence.js';
import { alertLogEvidence, readAlertSourceInputs, withAlertSources, type AlertSourceFlags } from './alert-sources.js';
import { accessLogFiles, readAccessLogSettings, readSlo, readSlowThreshold, withAccessLogs, type ImpactFlags } from './impact-options.js';
import { readLogInputs, withLogs, type LogFlags } from './log-options.js';
import { createProgress, type Progress } from './progress.js';
import { readEntryTexts, withUserEntries, type EntryFlags } from './user-entries.js';
import { readWindow } from './run-options.js';
import { EXIT_OK, EXIT_PARTIAL, SourceError, UsageError } from './usage-error.js';
import { checkWritable, writeFileAtomic } from './write-atomic.js';

/** The parsed command line, as yargs hands it over (camel-cased aliases included). */
export interface CommandFlags extends ImpactFlags, EntryFlags, AlertSourceFlags, LogFlags {
  readonly prometheus?: string;
  readonly from?: string;
  readonly to?: string;
  readonly tz?: string;
  readonly lookback?: string;
  readonly step?: string;
  readonly select?: readonly string[];
  readonly onlySelect?: boolean;
  readonly bearerTokenFile?: string;
  readonly basicAuthUser?: string;
  readonly basicAuthPasswordFile?: string;
  readonly caFile?: string;
  readonly timeout?: string;
  readonly concurrency?: number;
  readonly compress?: boolean;
  readonly seasonal?: boolean;
  readonly quiet?: boolean;
  readonly bundle?: string;
  readonly format?: 'markdown' | 'json' | 'html';
  readonly out?: string;
  /** Mask secrets (tokens, passwords, e-mail addresses…) in the report; `--no-redact` keeps them. */
  readonly redact?: boolean;
}

function readSelectors(flags: CommandFlags): ParsedSelector[] {
  const selectors = (flags.select ?? []).map((text) => {
    try {
      return parseSelector(text);
    } catch (error) {
      if (error instanceof SelectorSyntaxError) throw new UsageError(error.message);
      throw error;
    }
  });
  if (flags.onlySelect === true && selectors.length === 0) throw new UsageError('--only-select needs at least one --select');
  return selectors;
}

async function collect(flags: CommandFlags, progress: Progress): Promise<Evidence> {
  const slowThresholdSeconds = readSlowThreshold(flags.slowThreshold);
  const accessLogSettings = readAccessLogSettings(flags, slowThresholdSeconds);
  const logFiles = accessLogSettings === null ? [] : await accessLogFiles(flags.accessLog ?? []);
  // Read first: a missing --changes or --notes file fails before the server is asked anything.
  const entryTexts = await readEntryTexts(flags);
  const alertTexts = await readAlertSourceInputs(flags);
  const logInputs = await readLogInputs(flags);
  const metrics = await collectMetrics(flags, slowThresholdSeconds, progress);
  // collectMetrics has checked --timeout and the CA file already: reading them again cannot fail.
  // Alertmanager and Loki share the Prometheus timeout and private CA; their credentials are their own.
  const credentials = resolvePrometheusCredentials({ caFile: flags.caFile });
  const settings = {
    timeoutMs: Math.round(parseDuration(flags.timeout ?? '60s') * 1000),
    caCert: credentials.ok ? credentials.value.caCert : null,
    now: Date.now() / 1000,
  };
  const withAlerts = await withAlertSources(metrics, flags, alertTexts, settings, progress);
  const withEntries = withUserEntries(withAlerts, entryTexts, progress);
  const evidence = logInputs === null ? withEntries : await withLogs(withEntries, logInputs, progress);
  return accessLogSettings === null ? evidence : withAccessLogs(evidence, logFiles, accessLogSettings, progress);
}

async function collectMetrics(flags: CommandFlags, slowThresholdSeconds: number, progress: Progress): Promise<Evidence> {
  const url = flags.prometheus ?? process.env['PROMETHEUS_URL'];
  if (url === undefined || url.trim() === '') {
    throw new UsageError('--prometheus is required (or set PROMETHEUS_URL): the base URL of the Prometheus API, e.g. http://prometheus:9090');
  }
  const now = Date.now() / 1000;
  const requested = readWindow({ from: flags.from, to: flags.to, tz: flags.tz, lookback: flags.lookback, step: flags.step }, now);
  const selectors = readSelectors(flags);
  const credentials = resolvePrometheusCredentials({
    bearerTokenFile: flags.bearerTokenFile,
    basicAuthUser: flags.basicAuthUser,
    basicAuthPasswordFile: flags.basicAuthPasswordFile,
    caFile: flags.caFile,
  });
  if (!credentials.ok) throw new UsageError(credentials.error);
  let timeoutSeconds: number;
  try {
    timeoutSeconds = parseDuration(flags.timeout ?? '60s');
  } catch (error) {
    throw new UsageError(`--timeout: ${(error as Error).message}`);
  }
  const timeoutMs = Math.round(timeoutSeconds * 1000);
  if (timeoutMs < 1) throw new UsageError(`--timeout "${flags.timeout}" must be longer than 0, e.g. 30s or 2m`);
  const concurrency = flags.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    // yargs reads a non-number as NaN; showing "NaN" would not name what was typed.
    throw new UsageError(`--concurrency ${Number.isNaN(concurrency) ? 'is not a number' : String(concurrency)}: expected a whole number of at least 1`);
  }
  const parsedUrl = parsePrometheusUrl(url);
  if (!parsedUrl.ok) throw new UsageError(`--prometheus: ${parsedUrl.error}`);
  const client = createPrometheusClient({
    url,
    ...(credentials.value.auth === null ? {} : { auth: credentials.value.auth }),
    ...(credentials.value.caCert === null ? {} : { caCert: credentials.value.caCert }),
    timeoutMs,
    concurrency,
    compress: flags.compress === true,
  });
  const urlOrigin = flags.prometheus === undefined ? 'PROMETHEUS_URL' : '--prometheus';
  const credentialsGiven = credentials.value.auth !== null || parsedUrl.value.userInfo !== null;
  try {
    const evidence = await gatherEvidence({
      client,
      requested,
      selectors,
      onlySelect: flags.onlySelect === true,
      slowThresholdSeconds,
    seasonal: flags.seasonal !== false,
      toolVersion: TOOL_VERSION,
      now,
      progress,
    });
    return { ...evidence, slowThresholdSeconds };
  } catch (error) {
    if (error instanceof SourceError && error.kind !== null) {
      throw new SourceError(`${error.message} ${sourceHint(error.kind, urlOrigin, credentialsGiven)}`.trimEnd(), error.kind);
    }
    throw error;
  }
}

/** What to check when the server cannot be used, so the one line also says what was expected. */
function sourceHint(kind: PrometheusErrorKind, urlOrigin: string, credentialsGiven: boolean): string {
  switch (kind) {
    case 'unreachable':
      return `(expected a Prometheus-compatible server at the URL in ${urlOrigin}: is it right, and is the server up?)`;
    case 'not_found':
      return `(expected in ${urlOrigin} the base URL of a Prometheus-compatible API, like http://prometheus:9090 or https://host/prometheus, without /api/v1)`;
    case 'unauthorized':
      return credentialsGiven
        ? '(the server refused the credentials given)'
        : '(the server wants credentials: set PROMETHEUS_BEARER_TOKEN(_FILE), or PROMETHEUS_USERNAME and PROMETHEUS_PASSWORD(_FILE))';
    case 'forbidden':
      return '(the credentials given may not read this API)';
    case 'timeout':
      return '(raise --timeout if the server is slow)';
    case 'invalid_response':
      return `(expected a Prometheus API at the URL in ${urlOrigin}, not a login page or dashboard)`;
    default:
      return '';
  }
}

async function emit(text: string | Uint8Array, out: string | undefined): Promise<void> {
  if (out === undefined) {
    await new Promise<void>((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
  } else {
    await writeFileAtomic(out, text);
  }
}

function reportGaps(evidence: Evidence, progress: Progress): number {
  if (evidence.gaps.length === 0) return EXIT_OK;
  progress.warn(`${evidence.gaps.length} piece(s) of evidence could not be collected; the report lists them under data gaps`);
  return EXIT_PARTIAL;
}

/** Reads `--bundle`, every failure one line naming the flag and the file. */
async function readBundle(path: string): Promise<Evidence> {
  const expected = 'expected an evidence bundle written by `incident-timeline capture`';
  // Reading a folder fails with a bare EISDIR; say it in words.
  if ((await stat(path).catch(() => null))?.isDirectory() === true) throw new UsageError(`--bundle ${path} is a folder: ${expected}`);
  try {
    return await readEvidenceBundle(path);
  } catch (error) {
    if (error instanceof BundleError) {
      throw new UsageError(`--bundle ${error.message}${error.message.includes('evidence bundle') ? '' : `; ${expected}`}`);
    }
    throw error;
  }
}

/**
 * Request logs given beside a bundle that holds none are read for the bundle's window, with the
 * bundle's slow threshold (its slow-ratio queries were built with it). A bundle that holds logs
 * already keeps them: the same bundle must always give the same report.
 */
async function bundleWithAccessLogs(evidence: Evidence, flags: CommandFlags, progress: Progress): Promise<Evidence> {
  if (flags.slowThreshold !== undefined) {
    throw new UsageError('--slow-threshold is fixed when the evidence is captured: the bundle holds its own; drop --slow-threshold');
  }
  const settings = readAccessLogSettings(flags, evidence.slowThresholdSeconds ?? readSlowThreshold(undefined));
  if (settings === null) return evidence;
  if (evidence.accessLogs !== undefined) {
    throw new UsageError('--bundle already holds request logs (captured with --access-log): drop --access-log and its options');
  }
  return withAccessLogs(evidence, await accessLogFiles(flags.accessLog ?? []), settings, progress);
}

/** `reconstruct`: collect (or load) evidence, analyse it, write the report. Returns the exit status. */
export async function runReconstruct(flags: CommandFlags): Promise<number> {
  const progress = createProgress(process.stderr, flags.quiet === true);
  if (flags.out !== undefined) await checkWritable(flags.out);
  let evidence: Evidence;
  if (flags.bundle !== undefined) {
    const conflicting = (['prometheus', 'from', 'to', 'lookback', 'step', 'select'] as const).filter((f) => flags[f] !== undefined);
    if (conflicting.length > 0) {
      throw new UsageError(`--bundle holds its own window and signals: drop ${conflicting.map((f) => `--${f}`).join(', ')}`);
    }
    // Alertmanager and Loki are read as they are now; a bundle is replayed as it was captured.
    const live = ([['alertmanager', '--alertmanager'], ['loki', '--loki'], ['lokiQuery', '--loki-query']] as const).filter(([f]) => flags[f] !== undefined);
    if (live.length > 0) {
      throw new UsageError(`--bundle is analysed offline: drop ${live.map(([, name]) => name).join(', ')} (give them to \`capture\` to keep what they hold)`);
    }
    const alertTexts = await readAlertSourceInputs({ ...(flags.alertLog === undefined ? {} : { alertLog: flags.alertLog }) }, {});
    evidence = await readBundle(flags.bundle);
    if (alertTexts.files.length > 0) {
      if (evidence.alertLog !== undefined) throw new UsageError('--bundle already holds alert logs (captured with --alert-log): drop --alert-log');
      const log = alertLogEvidence(alertTexts);
      evidence = { ...evidence, alertLog: log.alerts, gaps: [...evidence.gaps, ...log.gaps] };
    }
    if (flags.tz !== undefined) {
      if (!isValidZone(flags.tz)) throw new UsageError(`--tz "${flags.tz}" is not a time zone: expected an IANA name like UTC, Europe/Berlin or Africa/Nairobi`);
      evidence = { ...evidence, window: { ...evidence.window, timezone: flags.tz } };
    }
    evidence = await bundleWithAccessLogs(evidence, flags, progress);
    const logInputs = await readLogInputs(flags);
    if (logInputs !== null) {
      // Like request logs: a bundle that holds logs keeps them, so it always gives the same report.
      if (evidence.logs !== undefined) throw new UsageError('--bundle already holds logs (captured with --logs): drop --logs');
      evidence = await withLogs(evidence, logInputs, progress);
    }
    evidence = withUserEntries(evidence, await readEntryTexts(flags), progress);
  } else {
    evidence = await collect(flags, progress);
  }
  const slo = readSlo(flags);
  progress.step('Analysing');
  const analysed = reconstruct(evidence, { slo });
  // Redacted before rendering, so every format writes the same masked text.
  const reconstruction = flags.redact === false ? analysed : redactReconstruction(analysed);
  const text =
    flags.format === 'json'
      ? renderJson(reconstruction)
      : flags.format === 'html'
        ? renderHtml(reconstruction, { chartLibrary: await readChartLibrary() })
        : renderMarkdown(reconstruction);
  await emit(text, flags.out);
  if (flags.out !== undefined) progress.step(`Report written to ${flags.out}`);
  return reportGaps(evidence, progress);
}

/** `capture`: collect evidence and save it as a bundle for later offline analysis. */
export async function runCapture(flags: CommandFlags): Promise<number> {
  const progress = createProgress(process.stderr, flags.quiet === true);
  if (flags.out !== undefined) await checkWritable(flags.out);
  const evidence = await collect(flags, progress);
  const bytes = gzipSync(JSON.stringify(encodeEvidence(evidence)));
  await emit(bytes, flags.out);
  const series = evidence.signals.reduce((n, s) => n + s.series.length, 0);
  progress.step(`Evidence of ${series} series written to ${flags.out} (${(bytes.length / 1024).toFixed(0)} KiB)`);
  return reportGaps(evidence, progress);
}
