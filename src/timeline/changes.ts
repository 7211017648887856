import type { DataGap } from '../model/gap.js';
import type { Unjudgeable } from '../model/report.js';
import type { Labels, Series } from '../model/series.js';
import type { SignalData } from '../model/signal.js';
import type { TimelineEvent } from '../model/timeline.js';
import { describeSeries } from '../labels/series-identity.js';
import { compareText, labelsKey } from '../ordering/ordering.js';
import { timestampJumps } from './restarts.js';

/**
 * Labels that say which thing an info series describes; every other label is a value of it (version,
 * revision, config hash, kernel release…) whose change is news. `job` and `instance` name the
 * scrape target; the Kubernetes, device and CPU labels keep one series per object where an exporter
 * describes several objects from one target (`node_cpu_info{cpu}`, `node_disk_info{device}`).
 */
export const INFO_IDENTITY_LABELS: readonly string[] = ['job', 'instance', 'namespace', 'pod', 'container', 'node', 'device', 'cpu', 'service'];

/**
 * Labels that change without anyone changing anything (a new container id or pod IP at every
 * restart, a uid per object): a change in these alone is not a change.
 */
export const INFO_VOLATILE_LABELS: readonly string[] = ['container_id', 'uid', 'pod_ip', 'host_ip', 'pod_uid'];

/**
 * Label changes of one series identity shown on the timeline; more (a flapping value) are counted in
 * a data gap instead of flooding it.
 */
export const MAX_CHANGES_PER_IDENTITY = 10;
/** Label changes of one metric shown on the timeline (one upgrade seen on every CPU of a fleet). */
export const MAX_CHANGES_PER_METRIC = 50;

/** Scrapes at which one identity may show two label sets at once before it counts as many-valued. */
const MAX_OVERLAPPING_SCRAPES = 2;

/** Labels shown first in a change title, when they changed: what people call a version. */
const LEADING_VALUE_LABELS = ['version', 'revision', 'commit', 'branch', 'config_hash', 'checksum', 'release', 'image', 'tag'];

export interface ChangeFindings {
  readonly events: TimelineEvent[];
  /** Changes not shown (over the per-identity or per-metric cap), said as gaps. */
  readonly gaps: DataGap[];
  /** Metrics whose targets show several label sets at once, so no change can be read from them. */
  readonly unjudged: Unjudgeable[];
}

interface Member {
  readonly labels: Labels;
  readonly valueKey: string;
  readonly series: Series;
}

function identityOf(labels: Labels): Labels {
  const out: Record<string, string> = {};
  for (const key of INFO_IDENTITY_LABELS) if (labels[key] !== undefined) out[key] = labels[key];
  return out;
}

function valueLabels(labels: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels)) {
    if (key === '__name__' || INFO_IDENTITY_LABELS.includes(key) || INFO_VOLATILE_LABELS.includes(key)) continue;
    out[key] = value;
  }
  return out;
}

function orderValueKeys(a: string, b: string): number {
  const rank = (key: string) => {
    const index = LEADING_VALUE_LABELS.indexOf(key);
    return index === -1 ? LEADING_VALUE_LABELS.length : index;
  };
  return rank(a) - rank(b) || compareText(a, b);
}

/** `version 2.14.3 → 2.15.0, revision 9f1c2ab → e47d0c9`: only the labels that changed. */
function describeDifference(before: Labels, after: Labels): { text: string; changed: string[] } {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => before[key] !== after[key]).sort(orderValueKeys);
  const text = keys.map((key) => `${key} ${before[key] ?? '(none)'} → ${after[key] ?? '(none)'}`).join(', ');
  return { text, changed: keys };
}

function pairs(labels: Labels): string {
  return Object.keys(labels)
    .sort(compareText)
    .map((key) => `${key}=${labels[key]}`)
    .join(', ');
}

/**
 * Where, in a title: the series' usual name (`db1:9100 (device=nvme0n1)`), with any identity label
 * it leaves out (`cpu`), so two objects of one target never read the same.
 */
function placeOf(identity: Labels): string {
  const named = describeSeries(identity);
  const missing = INFO_IDENTITY_LABELS.filter((key) => key !== 'job' && key !== 'instance' && identity[key] !== undefined && !named.includes(`${key}=${identity[key]}`) && named !== identity[key]);
  if (missing.length === 0) return named;
  const extra = missing.map((key) => `${key}=${identity[key]}`).join(', ');
  return named.endsWith(')') ? `${named.slice(0, -1)}, ${extra})` : `${named} (${extra})`;
}

/** Who changed, in a title: the job (`cart-api`), else the metric without its `_info`. */
function subjectOf(metric: string, identity: Labels): string {
  return identity['job'] ?? metric.replace(/_(build_)?info$/, '');
}

/**
 * Label changes of info series (`cart_api_build_info{version}`, `auth_service_config_info{config_hash}`):
 * per identity (INFO_IDENTITY_LABELS), a change is the first raw sample showing a label set other
 * than the one of the identity's previous sample, dated at that sample. A gap in scrapes is not a
 * change; the same label set coming back after one is not either. An identity that shows several
 * label sets at the same scrapes (one series per sensor, per plugin…) is many-valued: no change can
 * be read from it, and the metric is listed once as not judged, with how many targets. Only changes
 * at or after `since` are returned; at most MAX_CHANGES_PER_IDENTITY per identity and
 * MAX_CHANGES_PER_METRIC per metric (a kernel upgrade seen on every CPU), the rest counted in a gap.
 *
 * @example infoChangeEvents(signals, window.from - 3600).events[0]?.title
 * // 'cart-api version 2.14.3 → 2.15.0, revision 9f1c2ab → e47d0c9 on app1:8080'
 */
export function infoChangeEvents(signals: readonly SignalData[], since: number): ChangeFindings {
  const findings: ChangeFindings = { events: [], gaps: [], unjudged: [] };
  for (const signal of signals) {
    if (signal.role !== 'info') continue;
    const metric = signal.query;
    const groups = new Map<string, { identity: Labels; members: Member[] }>();
    for (const series of signal.series) {
      const identity = identityOf(series.labels);
      const key = labelsKey(identity);
      const group = groups.get(key) ?? { identity, members: [] };
      group.members.push({ labels: series.labels, valueKey: labelsKey(valueLabels(series.labels)), series });
      groups.set(key, group);
    }
    const manyValued: string[] = [];
    const events: TimelineEvent[] = [];
    for (const key of [...groups.keys()].sort(compareText)) {
      const { identity, members } = groups.get(key) as { identity: Labels; members: Member[] };
      const read = readGroup(metric, identity, members, since);
      if (read === null) {
        manyValued.push(describeSeries(identity));
        continue;
      }
      events.push(...read.slice(0, MAX_CHANGES_PER_IDENTITY));
      if (read.length > MAX_CHANGES_PER_IDENTITY) findings.gaps.push(capGap(`${metric} on ${describeSeries(identity)}`, read, MAX_CHANGES_PER_IDENTITY));
    }
    if (manyValued.length > 0) {
      findings.unjudged.push({
        signal: signal.signal,
        labels: { __name__: metric },
        reason: `${manyValued.length} of ${groups.size} targets (${manyValued.slice(0, 3).join(', ')}${manyValued.length > 3 ? ', …' : ''}) show several label sets at once: not one version per target, so no change can be read from them`,
      });
    }
    events.sort((a, b) => a.time - b.time || compareText(a.title, b.title));
    findings.events.push(...events.slice(0, MAX_CHANGES_PER_METRIC));
    if (events.length > MAX_CHANGES_PER_METRIC) findings.gaps.push(capGap(metric, events, MAX_CHANGES_PER_METRIC));
  }
  return findings;
}

function capGap(what: string, changes: readonly TimelineEvent[], cap: number): DataGap {
  const last = changes[changes.length - 1] as TimelineEvent;
  return {
    source: 'prometheus',
    what: `${what} (label changes)`,
    reason: `${changes.length} label changes; the first ${cap} are on the timeline, ${changes.length - cap} more up to ${new Date(last.time * 1000).toISOString()} are not`,
  };
}

/** The changes of one identity, in time order, or null when it shows several label sets at once. */
function readGroup(metric: string, identity: Labels, members: readonly Member[], since: number): TimelineEvent[] | null {
  // Every sample of the identity, by time; label sets differing only in volatile labels are one.
  const samples: { time: number; member: Member }[] = [];
  for (const member of members) {
    const { timestamps, values } = member.series;
    for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) samples.push({ time: timestamps[i] as number, member });
  }
  samples.sort((a, b) => a.time - b.time || compareText(a.member.valueKey, b.member.valueKey));
  let overlapping = 0;
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1] as { time: number; member: Member };
    const b = samples[i] as { time: number; member: Member };
    if (a.time === b.time && a.member.valueKey !== b.member.valueKey) overlapping++;
  }
  if (overlapping > MAX_OVERLAPPING_SCRAPES) return null;
  const subject = subjectOf(metric, identity);
  const place = placeOf(identity);
  const where = place === subject || place === 'all series' ? '' : ` on ${place}`;
  const changes: TimelineEvent[] = [];
  let current: { time: number; member: Member } | null = null;
  for (const sample of samples) {
    if (current !== null && sample.member.valueKey !== current.member.valueKey && sample.time > current.time && sample.time >= since) {
      const before = valueLabels(current.member.labels);
      const after = valueLabels(sample.member.labels);
      const { text, changed } = describeDifference(before, after);
      changes.push({
        time: sample.time,
        kind: 'change',
        source: 'prometheus',
        title: `${subject} ${text}${where}`,
        labels: sample.member.labels,
        evidence: { query: metric, changed: changed.join(', '), before: pairs(before), after: pairs(after), lastSeenBefore: current.time },
      });
    }
    current = sample;
  }
  return changes;
}

/**
 * Config reloads: jumps of `*_config_last_reload_success_timestamp_seconds`, dated at the new reload
 * time, as `change` events. A process that restarts loads its config too, so a reload at a restart
 * is on the timeline twice, once as each.
 */
export function configReloadEvents(signals: readonly SignalData[], since: number): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const signal of signals) {
    if (signal.role !== 'reload_time') continue;
    for (const series of signal.series) {
      const subject = series.labels['job'] ?? signal.query.replace(/_config_last_reload_success_timestamp_seconds$/, '');
      for (const jump of timestampJumps(series)) {
        if (jump.at < since) continue;
        events.push({
          time: jump.at,
          kind: 'change',
          source: 'prometheus',
          title: `${subject} config reloaded on ${describeSeries(series.labels)}`,
          labels: series.labels,
          evidence: { query: signal.query, previousReload: jump.previous, newReload: jump.value },
        });
      }
    }
  }
  return events;
}
