import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportJson } from '../../reports/json.js';
import { createBackfilledDataDir, startPrometheus, type MetricFamily, type OpenMetricsSample, type RunningPrometheus } from '../servers/index.js';
import { runCli } from './_run-cli.js';

// A shop service's own metrics, selected with --select: orders fall when checkout breaks at T, the
// queue of pending payments piles up, carts stay as they were. The app restarted in the lookback,
// so its counter reset there, as counters do.
const STEP = 15;
const WINDOW_FROM = Date.UTC(2023, 9, 15, 10, 0) / 1000;
const WINDOW_TO = WINDOW_FROM + 2 * 3600;
const DATA_FROM = WINDOW_FROM - 6 * 3600;
const BREAKS_AT = WINDOW_FROM + 40 * 60;
const RESTART_AT = WINDOW_FROM - 3 * 3600;

/** Deterministic noise (a 32-bit LCG): the same data every run. */
function noise(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
}

function shopFamilies(): MetricFamily[] {
  const random = noise(7);
  const orders: OpenMetricsSample[] = [];
  const queue: OpenMetricsSample[] = [];
  const carts: OpenMetricsSample[] = [];
  let total = 0;
  for (let t = DATA_FROM; t <= WINDOW_TO + 1800; t += STEP) {
    if (t === RESTART_AT) total = 0;
    const perSecond = t >= BREAKS_AT ? 0.4 : 6;
    total += Math.max(0, perSecond * STEP * (1 + 0.3 * random()));
    const labels = { job: 'shop', instance: 'shop1:8080' };
    orders.push({ labels, value: Math.round(total), timestamp: t });
    queue.push({ labels, value: Math.max(0, Math.round((t >= BREAKS_AT ? 180 : 12) + 6 * random())), timestamp: t });
    carts.push({ labels, value: Math.round(340 + 40 * random()), timestamp: t });
  }
  return [
    { name: 'shop_orders', type: 'counter', help: 'Orders placed.', samples: orders },
    { name: 'shop_payment_queue_depth', type: 'gauge', help: 'Payments waiting for the provider.', samples: queue },
    { name: 'shop_open_carts', type: 'gauge', help: 'Carts with items.', samples: carts },
  ];
}

describe('incident-timeline reconstruct --select (real Prometheus)', () => {
  let dir: string;
  let prometheus: RunningPrometheus;
  let report: ReportJson;

  beforeAll(async () => {
    const backfilled = await createBackfilledDataDir(shopFamilies());
    dir = backfilled.dir;
    prometheus = await startPrometheus({ dataDir: backfilled.dataDir });
    const run = await runCli([
      'reconstruct', '--prometheus', prometheus.url,
      '--from', String(WINDOW_FROM), '--to', String(WINDOW_TO), '--lookback', '6h',
      '--select', '{job="shop"}', '--only-select', '--format', 'json', '--quiet',
    ]);
    expect(run.stderr).toBe('');
    report = JSON.parse(run.stdout) as ReportJson;
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('scans a selected counter as a per-second rate and finds its fall at the right time', () => {
    const orders = report.anomalies.find((a) => a.signal === 'shop_orders_total');
    expect(orders?.query).toBe('rate(shop_orders_total{job="shop"}[1m])');
    expect(orders?.direction).toBe('down');
    expect(Math.abs(Date.parse(orders!.onset!) / 1000 - BREAKS_AT)).toBeLessThanOrEqual(2 * STEP);
  });

  it('scans a selected gauge as it is, with its full label set', () => {
    const queue = report.anomalies.find((a) => a.signal === 'shop_payment_queue_depth');
    expect(queue?.labels).toEqual({ __name__: 'shop_payment_queue_depth', instance: 'shop1:8080', job: 'shop' });
    expect(queue?.direction).toBe('up');
    expect(Math.abs(Date.parse(queue!.onset!) / 1000 - BREAKS_AT)).toBeLessThanOrEqual(2 * STEP);
  });

  it('keeps the calm selected series and the counter reset of the lookback out of the anomalies', () => {
    expect(report.checkedNormal.map((c) => c.signal)).toEqual(['shop_open_carts']);
    expect(report.anomalies.map((a) => a.signal).sort()).toEqual(['shop_orders_total', 'shop_payment_queue_depth']);
  });

  it('scans nothing else with --only-select', () => {
    const signals = new Set([...report.anomalies, ...report.checkedNormal].map((a) => a.signal));
    expect([...signals].every((s) => s.startsWith('shop_'))).toBe(true);
  });
});
