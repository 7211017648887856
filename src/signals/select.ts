import type { Labels } from '../model/series.js';
import type { SignalQuery } from '../model/signal.js';

const SELECTOR = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)?\s*(?:\{(.*)\})?\s*$/s;
const COUNTER_SUFFIX = /_(total|count|sum|bucket)$/;
const COUNTER_TYPES = new Set(['counter', 'histogram', 'summary', 'gaugehistogram']);

export class SelectorSyntaxError extends SyntaxError {
  override readonly name = 'SelectorSyntaxError';
}

/** A series selector split into its metric name (if any) and the matchers inside the braces. */
export interface ParsedSelector {
  readonly text: string;
  readonly metric: string | null;
  readonly matchers: string;
}

/**
 * Splits a `--select` selector (`'{job="api"}'`, `'shop_orders_total{region="eu"}'`) just enough to
 * add a metric name to it; the server validates the matchers themselves.
 *
 * @throws SelectorSyntaxError when the text is not of the form `name{matchers}`.
 */
export function parseSelector(text: string): ParsedSelector {
  const match = SELECTOR.exec(text);
  const metric = match?.[1] ?? null;
  const matchers = (match?.[2] ?? '').trim();
  if (match === null || (metric === null && matchers === '')) {
    throw new SelectorSyntaxError(
      `--select "${text}" is not a series selector: expected a metric name and/or matchers in braces, like '{job="api"}' or 'shop_orders_total{region="eu"}'`,
    );
  }
  return { text, metric, matchers };
}

/** The selector narrowed to one metric name, so each metric gets its own query. */
export function selectorForMetric(selector: ParsedSelector, metric: string): string {
  if (selector.metric === metric) return selector.matchers === '' ? metric : `${metric}{${selector.matchers}}`;
  return selector.matchers === '' ? metric : `${metric}{${selector.matchers}}`;
}

/**
 * True when a metric counts up: by its metadata type when the server has one (backfilled data and
 * some remote stores have none), else by the naming conventions of the exposition formats.
 */
export function isCounter(metric: string, metadataType: string | undefined): boolean {
  if (metadataType !== undefined && metadataType !== '' && metadataType !== 'unknown') return COUNTER_TYPES.has(metadataType);
  return COUNTER_SUFFIX.test(metric);
}

/**
 * One query per metric the selector matched: counters as per-second rates, gauges as they are.
 *
 * @param matched the label sets `/api/v1/series` returned for the selector
 * @param metadataTypes metric name → type from `/api/v1/metadata`
 */
export function selectQueries(
  selector: ParsedSelector,
  matched: readonly Labels[],
  metadataTypes: ReadonlyMap<string, string>,
  rateInterval: string,
): SignalQuery[] {
  const names = [...new Set(matched.map((labels) => labels['__name__']).filter((n): n is string => n !== undefined))].sort();
  return names.map((name) => {
    const counter = isCounter(name, metadataTypes.get(name));
    const narrowed = selectorForMetric(selector, name);
    return {
      signal: name,
      title: counter ? `${name} (per-second rate)` : name,
      query: counter ? `rate(${narrowed}[${rateInterval}])` : narrowed,
      category: 'custom',
      unit: counter ? 'per_second' : 'other',
      badDirection: 'both',
      userFacing: false,
      role: 'level',
    };
  });
}
