import { gzipSync } from 'node:zlib';
import { readEvidenceBundle } from '../../collectors/bundle/read-bundle.js';
import { createPrometheusClient } from '../../collectors/prometheus/client.js';
import { resolvePrometheusCredentials } from '../../collectors/prometheus/credentials.js';
import { parsePrometheusUrl } from '../../collectors/prometheus/prometheus-url.js';
import { renderJson } from '../../reports/json.js';
import { renderMarkdown } from '../../reports/markdown.js';
import { encodeEvidence } from '../bundle/encode-evidence.js';
import type { Evidence } from '../model/evidence.js';
import { DEFAULT_SLOW_THRESHOLD_SECONDS, reconstruct } from '../reconstruct.js';
import { parseSelector, SelectorSyntaxError, type ParsedSelector } from '../signals/select.js';
import { parseDuration } from '../time/parse-duration.js';
import { isValidZone } from '../time/parse-time.js';
import { TOOL_VERSION } from '../version.js';
import { gatherEvidence } from './gather-evidence.js';
import { createProgress, type Progress } from './progress.js';
import { readWindow } from './run-options.js';
import { EXIT_OK, EXIT_PARTIAL, UsageError } from './usage-error.js';
import { writeFileAtomic } from './write-atomic.js';

/** The parsed command line, as yargs hands it over (camel-cased aliases included). */
export interface CommandFlags {
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
  readonly quiet?: boolean;
  readonly bundle?: string;
  readonly format?: 'markdown' | 'json';
  readonly out?: string;
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
  const concurrency = flags.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency ${concurrency} must be a whole number of at least 1`);
  const parsedUrl = parsePrometheusUrl(url);
  if (!parsedUrl.ok) throw new UsageError(`--prometheus: ${parsedUrl.error}`);
  const client = createPrometheusClient({
    url,
    ...(credentials.value.auth === null ? {} : { auth: credentials.value.auth }),
    ...(credentials.value.caCert === null ? {} : { caCert: credentials.value.caCert }),
    timeoutMs: timeoutSeconds * 1000,
    concurrency,
  });
  return gatherEvidence({
    client,
    requested,
    selectors,
    onlySelect: flags.onlySelect === true,
    slowThresholdSeconds: DEFAULT_SLOW_THRESHOLD_SECONDS,
    toolVersion: TOOL_VERSION,
    now,
    progress,
  });
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

/** `reconstruct`: collect (or load) evidence, analyse it, write the report. Returns the exit status. */
export async function runReconstruct(flags: CommandFlags): Promise<number> {
  const progress = createProgress(process.stderr, flags.quiet === true);
  let evidence: Evidence;
  if (flags.bundle !== undefined) {
    const conflicting = (['prometheus', 'from', 'to', 'lookback', 'step', 'select'] as const).filter((f) => flags[f] !== undefined);
    if (conflicting.length > 0) {
      throw new UsageError(`--bundle holds its own window and signals: drop ${conflicting.map((f) => `--${f}`).join(', ')}`);
    }
    evidence = await readEvidenceBundle(flags.bundle);
    if (flags.tz !== undefined) {
      if (!isValidZone(flags.tz)) throw new UsageError(`--tz "${flags.tz}" is not a time zone: expected an IANA name like UTC, Europe/Berlin or Africa/Nairobi`);
      evidence = { ...evidence, window: { ...evidence.window, timezone: flags.tz } };
    }
  } else {
    evidence = await collect(flags, progress);
  }
  progress.step('Analysing');
  const reconstruction = reconstruct(evidence);
  const text = flags.format === 'json' ? renderJson(reconstruction) : renderMarkdown(reconstruction);
  await emit(text, flags.out);
  if (flags.out !== undefined) progress.step(`Report written to ${flags.out}`);
  return reportGaps(evidence, progress);
}

/** `capture`: collect evidence and save it as a bundle for later offline analysis. */
export async function runCapture(flags: CommandFlags): Promise<number> {
  const progress = createProgress(process.stderr, flags.quiet === true);
  const evidence = await collect(flags, progress);
  const bytes = gzipSync(JSON.stringify(encodeEvidence(evidence)));
  await emit(bytes, flags.out);
  const series = evidence.signals.reduce((n, s) => n + s.series.length, 0);
  progress.step(`Evidence of ${series} series written to ${flags.out} (${(bytes.length / 1024).toFixed(0)} KiB)`);
  return reportGaps(evidence, progress);
}
