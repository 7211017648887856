import type { PrometheusClient, PrometheusError } from '../../collectors/prometheus/client.js';
import { rawInfoSeries } from '../../collectors/changes/info-series.js';
import { DEFAULT_MAX_POINTS_PER_SERIES, planQueryRange } from '../../collectors/prometheus/plan-query-range.js';
import { gridTimestamps } from '../../collectors/prometheus/query-grid.js';
import type { Evidence } from '../model/evidence.js';
import type { DataGap } from '../model/gap.js';
import type { Labels, Series } from '../model/series.js';
import type { SignalData, SignalQuery } from '../model/signal.js';
import type { TimeWindow } from '../model/time.js';
import { CATALOGUE, buildSignalQueries, metricsNeedingLabels } from '../signals/catalogue.js';
import { LATENCY_BUCKETS } from '../signals/http-recipes.js';
import { rateInterval } from '../signals/rate-interval.js';
import { selectQueries, type ParsedSelector } from '../signals/select.js';
import type { Progress } from './progress.js';
import { fetchSeasonalReferences } from './seasonal-references.js';
import { chooseStep, finalWindow, type RequestedWindow } from './run-options.js';
import { SourceError, UsageError } from './usage-error.js';
import { sortGaps } from './sort-gaps.js';

/** Data after `--to` is read too, this share of the window (at least 15 min), to see ends and resolutions. */
const TAIL_FRACTION = 0.25;
const TAIL_MIN_SECONDS = 900;
/** Scrape interval assumed when the server cannot tell (no `up` series near the window). */
const ASSUMED_SCRAPE_SECONDS = 15;

export interface GatherOptions {
  readonly client: PrometheusClient;
  readonly requested: RequestedWindow;
  readonly selectors: readonly ParsedSelector[];
  readonly onlySelect: boolean;
  readonly slowThresholdSeconds: number;
  readonly toolVersion: string;
  readonly now: number;
  readonly progress: Progress;
  /** Also fetch the same hours one day and one week earlier, for seasonal baselines. */
  readonly seasonal: boolean;
}

function gapOf(source: string, what: string, error: PrometheusError): DataGap {
  return { source, what, reason: error.message };
}

/** The end of the data read: past `--to` by the tail, never past now. */
export function dataEnd(window: Pick<TimeWindow, 'from' | 'to' | 'stepSeconds'>, now: number): number {
  const tail = Math.max(TAIL_MIN_SECONDS, TAIL_FRACTION * (window.to - window.from));
  const end = Math.min(now, window.to + tail);
  return Math.max(window.to, Math.floor(end / window.stepSeconds) * window.stepSeconds);
}

/**
 * Collects the evidence for one window from a Prometheus-compatible server: discovers which
 * exporters' metrics exist, instantiates the signal catalogue and the `--select` queries, runs them
 * over lookback + window + tail, and reads alert history and rules. Every query that fails becomes a
 * data gap; only a server that cannot be used at all (unreachable, refused credentials) or a
 * `--select` that matches nothing stops the run.
 *
 * @throws SourceError when the server cannot be used; UsageError for a selector matching nothing.
 */
export async function gatherEvidence(options: GatherOptions): Promise<Evidence> {
  const { client, requested, progress } = options;
  const gaps: DataGap[] = [];

  // Said only once the server has answered: a server that cannot be used must leave exactly one
  // line on stderr, the error. On a terminal a transient line covers the wait.
  const clearWaiting = progress.waiting(`Discovering metrics on ${client.displayUrl}`);
  let names: Awaited<ReturnType<PrometheusClient['labelValues']>>;
  try {
    names = await client.labelValues('__name__', requested.lookbackFrom, requested.to);
  } finally {
    clearWaiting();
  }
  if (!names.ok) throw new SourceError(names.error.message, names.error.kind);
  const metricNames = new Set(names.value);
  // Before any progress line too: a --select the server rejects or that matches nothing is a mistake
  // in the input, reported as the one line on stderr.
  const matchedBySelector = await matchSelectors(client, options.selectors, requested);

  const build = await client.buildInfo();
  const version = build.ok && build.value !== null ? build.value.version : null;
  // Only a server that does not tell its version is asked what it is (VictoriaMetrics does not tell).
  const kind = version === null ? await client.serverKind() : 'prometheus';
  progress.step(`Found ${metricNames.size} metrics on ${client.displayUrl}${version === null ? '' : ` (version ${version})`}${kind === 'victoriametrics' ? ' (VictoriaMetrics)' : ''}`);

  // Measured even with --step: the rate() range must cover enough scrapes whatever the step, and a
  // guessed 15 s on a server scraped every second would smear a 10 s event over a minute.
  let scrape: number | null = null;
  const spacing = await client.scrapeInterval(requested.to);
  if (spacing.ok) scrape = spacing.value;
  // With --step the step is the user's: an unmeasured scrape interval only widens rate() ranges.
  else if (requested.step === null) gaps.push(gapOf('prometheus', 'scrape interval (up[10m])', spacing.error));
  const step = chooseStep(requested, scrape ?? ASSUMED_SCRAPE_SECONDS);
  const window = finalWindow(requested, step);
  const end = dataEnd(window, options.now);
  const context = { rateInterval: rateInterval(step, scrape ?? ASSUMED_SCRAPE_SECONDS), slowThresholdSeconds: options.slowThresholdSeconds };

  const queries: SignalQuery[] = [];
  if (!options.onlySelect) {
    const labelNames = new Map<string, ReadonlySet<string>>();
    const bucketBounds = new Map<string, readonly string[]>();
    await Promise.all(
      metricsNeedingLabels(CATALOGUE, metricNames).map(async (metric) => {
        const labels = await client.labelNames(window.lookbackFrom, window.to, [metric]);
        if (labels.ok) labelNames.set(metric, new Set(labels.value));
        else gaps.push(gapOf('prometheus', `labels of ${metric}`, labels.error));
        if (LATENCY_BUCKETS.test(metric)) {
          const bounds = await client.labelValues('le', window.lookbackFrom, window.to, [metric]);
          if (bounds.ok) bucketBounds.set(metric, bounds.value);
          else gaps.push(gapOf('prometheus', `buckets of ${metric}`, bounds.error));
        }
      }),
    );
    queries.push(...buildSignalQueries(CATALOGUE, { metricNames, labelNames, bucketBounds }, context));
  }

  if (options.selectors.length > 0) {
    const metadata = await client.metadata();
    const types = new Map<string, string>();
    if (metadata.ok) for (const [name, meta] of metadata.value) types.set(name, meta.type);
    else gaps.push(gapOf('prometheus', 'metric metadata (counter or gauge read from names instead)', metadata.error));
    options.selectors.forEach((selector, index) => {
      queries.push(...selectQueries(selector, matchedBySelector[index] ?? [], types, context.rateInterval));
    });
  }

  progress.step(`Querying ${queries.length} signals from ${new Date(window.lookbackFrom * 1000).toISOString()} to ${new Date(end * 1000).toISOString()} at ${step} s`);
  progress.start(queries.length * (options.seasonal ? 2 : 1) + 3, 'queries');
  const range = { start: window.lookbackFrom, end, step };
  const grid = gridOf(range);
  const signals: SignalData[] = new Array(queries.length);
  const alertRange = `${Math.ceil(end - window.lookbackFrom)}s`;
  const [, alerts, forState, rules] = await Promise.all([
    Promise.all(
      queries.map(async (query, index) => {
        if (query.role === 'info') {
          // Raw samples, not query_range: a version change is dated at the first scrape showing it.
          const series = await rawInfoSeries(client, query.query, { start: window.lookbackFrom, end }, gaps).finally(() => progress.increment());
          signals[index] = { ...query, series };
          return;
        }
        const [answer, seasonal] = await Promise.all([
          client.queryRange(query.query, range).finally(() => progress.increment()),
          options.seasonal && query.role === 'level'
            ? fetchSeasonalReferences(client, query.query, window, grid, gaps).finally(() => progress.increment())
            : undefined,
        ]);
        const references = seasonal === undefined ? {} : { seasonal };
        if (answer.ok) {
          gaps.push(...answer.value.gaps);
          signals[index] = { ...query, series: answer.value.series, ...references };
        } else {
          gaps.push(gapOf('prometheus', query.query, answer.error));
          signals[index] = { ...query, series: [], ...references };
        }
      }),
    ),
    rawSamples(client, `ALERTS[${alertRange}]`, end, gaps, progress),
    rawSamples(client, `ALERTS_FOR_STATE[${alertRange}]`, end, gaps, progress),
    client.rules().then((answer) => {
      progress.increment();
      if (answer.ok) return answer.value;
      gaps.push(gapOf('rules', '/api/v1/rules (alert annotations)', answer.error));
      return [];
    }),
  ]);
  progress.stop();

  return {
    window,
    source: { kind, url: client.displayUrl, version },
    signals,
    alerts: { alerts, forState, rules },
    gaps: sortGaps(gaps),
    toolVersion: options.toolVersion,
  };
}

/**
 * The series each `--select` matches between `--from` and `--to`, in the order given.
 *
 * @throws UsageError for a selector the server rejects or that matches nothing; SourceError when the
 * server fails otherwise.
 */
async function matchSelectors(client: PrometheusClient, selectors: readonly ParsedSelector[], window: Pick<RequestedWindow, 'from' | 'to'>): Promise<Labels[][]> {
  const matched: Labels[][] = [];
  for (const selector of selectors) {
    const answer = await client.series([selector.text], window.from, window.to);
    if (!answer.ok) {
      if (answer.error.kind === 'bad_query') throw new UsageError(`--select ${selector.text}: ${answer.error.message}`);
      throw new SourceError(answer.error.message, answer.error.kind);
    }
    if (answer.value.length === 0) {
      throw new UsageError(`--select ${selector.text} matches no series between --from and --to on ${client.displayUrl}`);
    }
    matched.push(answer.value);
  }
  return matched;
}

/**
 * The instants every query_range answer of the run sits on, computed as the client computes them so
 * references and main series share one grid to the last bit.
 */
function gridOf(range: { start: number; end: number; step: number }): Float64Array {
  const plan = planQueryRange(range, DEFAULT_MAX_POINTS_PER_SERIES);
  return plan.ok ? gridTimestamps(plan.value.grid) : new Float64Array(0);
}

/** Raw samples of a range selector (each rule evaluation's own timestamp, no lookback-delta smearing). */
async function rawSamples(client: PrometheusClient, query: string, at: number, gaps: DataGap[], progress: Progress): Promise<Series[]> {
  const answer = await client.instantQuery(query, at);
  progress.increment();
  if (!answer.ok) {
    gaps.push(gapOf('alerts', query, answer.error));
    return [];
  }
  return answer.value.kind === 'matrix' ? answer.value.series : [];
}

