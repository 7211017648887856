import type { AlertHistory, AlertInterval, AlertRule } from '../model/alert.js';
import type { Labels, Series } from '../model/series.js';
import { compareText } from '../ordering/ordering.js';

/** A gap this many evaluation intervals long between samples ends one alert episode. */
const EPISODE_GAP_INTERVALS = 2.5;
/** Evaluation interval assumed when an alert has a single sample to measure it from. */
const DEFAULT_EVAL_SECONDS = 60;

/** The identity of an alert instance: its labels without the series name and the state. */
export function alertIdentity(labels: Labels): Labels {
  const out: Record<string, string> = {};
  for (const key of Object.keys(labels).sort()) {
    if (key !== '__name__' && key !== 'alertstate') out[key] = labels[key] as string;
  }
  return out;
}

function keyOf(labels: Labels): string {
  return JSON.stringify(alertIdentity(labels));
}

interface Sample {
  readonly time: number;
  readonly firing: boolean;
}

function medianSpacing(times: readonly number[]): number | null {
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) {
    const gap = (times[i] as number) - (times[i - 1] as number);
    if (gap > 0) gaps.push(gap);
  }
  if (gaps.length === 0) return null;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] as number;
}

/** The activeAt value ALERTS_FOR_STATE held nearest after `time`, if any. */
function activeAtNear(forState: Series | undefined, time: number, tolerance: number): number | null {
  if (forState === undefined) return null;
  const { timestamps, values } = forState;
  for (let i = 0; i < timestamps.length; i++) {
    const t = timestamps[i] as number;
    if (t >= time - tolerance && Number.isFinite(values[i])) {
      return t <= time + tolerance ? (values[i] as number) : null;
    }
  }
  return null;
}

/**
 * Reconstructs each alert instance's pending → firing → resolved life from the raw `ALERTS` samples
 * (one per rule evaluation while active) and `ALERTS_FOR_STATE` (the exact instant it became active).
 * An instance that went quiet for more than a few evaluations and came back is a new episode, so
 * flapping alerts give several intervals.
 *
 * @param dataEnd the instant the history was read up to: an alert still sampled near it is unresolved.
 */
export function alertIntervals(history: AlertHistory, dataEnd: number): AlertInterval[] {
  const samplesByKey = new Map<string, { labels: Labels; samples: Sample[] }>();
  for (const series of history.alerts) {
    const key = keyOf(series.labels);
    const firing = series.labels['alertstate'] === 'firing';
    let entry = samplesByKey.get(key);
    if (entry === undefined) {
      entry = { labels: alertIdentity(series.labels), samples: [] };
      samplesByKey.set(key, entry);
    }
    for (let i = 0; i < series.timestamps.length; i++) {
      if (Number.isFinite(series.values[i])) entry.samples.push({ time: series.timestamps[i] as number, firing });
    }
  }
  const forStateByKey = new Map(history.forState.map((series) => [keyOf(series.labels), series]));
  const rulesByName = new Map<string, AlertRule>();
  for (const rule of history.rules) if (!rulesByName.has(rule.name)) rulesByName.set(rule.name, rule);

  const intervals: AlertInterval[] = [];
  for (const [key, { labels, samples }] of samplesByKey) {
    samples.sort((a, b) => a.time - b.time || Number(a.firing) - Number(b.firing));
    const interval = medianSpacing(samples.map((s) => s.time)) ?? DEFAULT_EVAL_SECONDS;
    const alertname = labels['alertname'] ?? '';
    const rule = rulesByName.get(alertname) ?? null;
    let start = 0;
    for (let i = 1; i <= samples.length; i++) {
      const ended = i === samples.length || (samples[i] as Sample).time - (samples[i - 1] as Sample).time > EPISODE_GAP_INTERVALS * interval;
      if (!ended) continue;
      const episode = samples.slice(start, i);
      const first = episode[0] as Sample;
      const last = episode[episode.length - 1] as Sample;
      const firstFiring = episode.find((s) => s.firing);
      const firstPending = episode.find((s) => !s.firing);
      const activeAt = activeAtNear(forStateByKey.get(key), first.time, interval);
      const stillActive = dataEnd - last.time <= EPISODE_GAP_INTERVALS * interval;
      intervals.push({
        alertname,
        labels,
        pendingAt: firstPending !== undefined ? (activeAt ?? firstPending.time) : null,
        firingAt: firstFiring?.time ?? null,
        resolvedAt: stillActive ? null : last.time + interval,
        rule,
      });
      start = i;
    }
  }
  return intervals.sort(
    (a, b) => startOf(a) - startOf(b) || compareText(a.alertname, b.alertname) || compareText(keyOf(a.labels), keyOf(b.labels)),
  );
}

/** When an alert instance first became active (pending, or firing for rules without `for`). */
export function startOf(alert: AlertInterval): number {
  return alert.pendingAt ?? alert.firingAt ?? Number.POSITIVE_INFINITY;
}
