import { describe, expect, it } from 'vitest';
import type { Labels, Series } from '../model/series.js';
import type { SignalData } from '../model/signal.js';
import { MAX_CHANGES_PER_IDENTITY, MAX_CHANGES_PER_METRIC, configReloadEvents, infoChangeEvents } from './changes.js';

const T0 = Date.UTC(2024, 5, 18, 12, 0) / 1000;
/** Raw scrape times of one target: every 15 s, with a few ms of jitter as Prometheus records them. */
const scrapes = (from: number, count: number) => Array.from({ length: count }, (_, i) => T0 + 15 * (from + i) + 0.003);

function raw(labels: Labels, times: readonly number[], value = 1): Series {
  return { labels, timestamps: Float64Array.from(times), values: Float64Array.from(times, () => value) };
}

function info(metric: string, series: Series[]): SignalData {
  return { signal: 'info_labels', title: 'Info labels', query: metric, category: 'change', unit: 'other', badDirection: 'both', userFacing: false, role: 'info', series };
}

const app1 = { __name__: 'cart_api_build_info', job: 'cart-api', instance: 'app1:8080' };

describe('infoChangeEvents()', () => {
  it('dates a version change at the first scrape showing it, per target, across a scrape gap', () => {
    const signal = info('cart_api_build_info', [
      raw({ ...app1, version: '2.14.3', revision: '9f1c2ab' }, scrapes(0, 10)),
      // Two failed scrapes while the new version starts.
      raw({ ...app1, version: '2.15.0', revision: 'e47d0c9' }, scrapes(12, 20)),
      raw({ ...app1, instance: 'app2:8080', version: '2.14.3', revision: '9f1c2ab' }, scrapes(0, 32)),
    ]);
    const { events, gaps, unjudged } = infoChangeEvents([signal], T0);
    expect({ gaps, unjudged }).toEqual({ gaps: [], unjudged: [] });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      time: T0 + 15 * 12 + 0.003,
      kind: 'change',
      source: 'prometheus',
      title: 'cart-api version 2.14.3 → 2.15.0, revision 9f1c2ab → e47d0c9 on app1:8080',
      labels: { ...app1, version: '2.15.0', revision: 'e47d0c9' },
      evidence: { query: 'cart_api_build_info', changed: 'version, revision', before: 'revision=9f1c2ab, version=2.14.3', after: 'revision=e47d0c9, version=2.15.0', lastSeenBefore: T0 + 15 * 9 + 0.003 },
    });
  });

  it('sees no change in a gap, in a volatile label, or before `since`', () => {
    const pod = { __name__: 'kube_pod_container_info', namespace: 'shop', pod: 'recs-5f7c9', container: 'recs', image: 'recs:1.4.2' };
    const gapAndVolatile = [
      info('cart_api_build_info', [raw({ ...app1, version: '2.14.3' }, [...scrapes(0, 5), ...scrapes(40, 5)])]),
      // A restarted container gets a new container_id: not a change anyone made.
      info('kube_pod_container_info', [raw({ ...pod, container_id: 'containerd://a1' }, scrapes(0, 5)), raw({ ...pod, container_id: 'containerd://b2' }, scrapes(5, 5))]),
    ];
    expect(infoChangeEvents(gapAndVolatile, T0).events).toEqual([]);
    const goInfo = (version: string, from: number) => raw({ __name__: 'go_info', job: 'cart-api', instance: 'app1:8080', version }, scrapes(from, 5));
    const rebuilt = [info('go_info', [goInfo('go1.21.4', 0), goInfo('go1.22.0', 5)])];
    expect(infoChangeEvents(rebuilt, T0).events.map((e) => e.title)).toEqual(['cart-api version go1.21.4 → go1.22.0 on app1:8080']);
    expect(infoChangeEvents(rebuilt, T0 + 3600).events).toEqual([]);
  });

  it('lists a metric whose targets show several label sets at once as not judged, once, and reads no change from them', () => {
    const sensors = (instance: string) => ['nvme0', 'coretemp'].map((chip) => raw({ __name__: 'node_hwmon_sensor_info', job: 'node', instance, chip }, scrapes(0, 10)));
    const { events, unjudged } = infoChangeEvents([info('node_hwmon_sensor_info', [...sensors('db1:9100'), ...sensors('web1:9100')])], T0);
    expect(events).toEqual([]);
    expect(unjudged).toEqual([
      { signal: 'info_labels', labels: { __name__: 'node_hwmon_sensor_info' }, reason: '2 of 2 targets (db1:9100, web1:9100) show several label sets at once: not one version per target, so no change can be read from them' },
    ]);
  });

  it('reads one change per CPU of a microcode update, and caps a fleet-wide one per metric with a gap', () => {
    const cpus = Array.from({ length: 64 }, (_, cpu) => [
      raw({ __name__: 'node_cpu_info', job: 'node', instance: 'db1:9100', cpu: String(cpu), microcode: '0xd0003a5' }, scrapes(0, 4)),
      raw({ __name__: 'node_cpu_info', job: 'node', instance: 'db1:9100', cpu: String(cpu), microcode: '0xd0003d1' }, scrapes(6, 4)),
    ]).flat();
    const { events, gaps, unjudged } = infoChangeEvents([info('node_cpu_info', cpus)], T0);
    expect(unjudged).toEqual([]);
    expect(events).toHaveLength(MAX_CHANGES_PER_METRIC);
    expect(events[0]?.title).toBe('node microcode 0xd0003a5 → 0xd0003d1 on db1:9100 (cpu=0)');
    expect(gaps).toEqual([{ source: 'prometheus', what: 'node_cpu_info (label changes)', reason: expect.stringMatching(/^64 label changes; the first 50 are on the timeline, 14 more up to /) }]);
  });

  it('caps a flapping value and says how many changes were left off', () => {
    const flapping = Array.from({ length: 30 }, (_, i) => raw({ ...app1, config_hash: i % 2 === 0 ? 'a41f' : '7d03' }, scrapes(2 * i, 2)));
    const { events, gaps } = infoChangeEvents([info('cart_api_config_info', flapping)], T0);
    expect(events).toHaveLength(MAX_CHANGES_PER_IDENTITY);
    expect(gaps).toEqual([{ source: 'prometheus', what: 'cart_api_config_info on app1:8080 (label changes)', reason: expect.stringMatching(/^29 label changes; the first 10 are on the timeline, 19 more up to /) }]);
  });
});

describe('configReloadEvents()', () => {
  it('dates a reload at its own timestamp', () => {
    const grid = Float64Array.from({ length: 6 }, (_, i) => T0 + 15 * i);
    const reload = T0 + 37;
    const signal: SignalData = {
      signal: 'config_reload', title: 'Config reload', query: 'prometheus_config_last_reload_success_timestamp_seconds', category: 'change', unit: 'unix_seconds',
      badDirection: 'both', userFacing: false, role: 'reload_time',
      series: [{ labels: { job: 'prometheus', instance: 'prom1:9090' }, timestamps: grid, values: Float64Array.from([T0 - 9000, T0 - 9000, T0 - 9000, reload, reload, reload]) }],
    };
    expect(configReloadEvents([signal], T0)).toEqual([
      {
        time: reload, kind: 'change', source: 'prometheus', title: 'prometheus config reloaded on prom1:9090', labels: { job: 'prometheus', instance: 'prom1:9090' },
        evidence: { query: 'prometheus_config_last_reload_success_timestamp_seconds', previousReload: T0 - 9000, newReload: reload },
      },
    ]);
  });
});
