import type { MetricFamily, OpenMetricsSample } from './openmetrics.js';

// Six hours of what node_exporter and an instrumented HTTP service would have written, on
// 2023-10-15 from 00:00 UTC, one sample every 15 s. Every value is a function of time, so tests can
// compute what Prometheus must answer. Events in it:
// - node1 reboots at 03:00: its CPU counters restart from 0 (a counter reset);
// - node1's memory gauge has no samples between 02:00 and 02:30 (exclusive; a scrape outage);
// - the API's latency and errors rise between 04:00 and 04:20.

export const FIXTURE_START = Date.UTC(2023, 9, 15, 0, 0, 0) / 1000;
export const FIXTURE_END = FIXTURE_START + 6 * 3600;
export const SCRAPE_SECONDS = 15;
export const COUNTER_RESET_AT = FIXTURE_START + 3 * 3600;
export const MEMORY_GAP = { from: FIXTURE_START + 2 * 3600, to: FIXTURE_START + 2.5 * 3600 } as const;
export const LATENCY_SPIKE = { from: FIXTURE_START + 4 * 3600, to: FIXTURE_START + 4 * 3600 + 20 * 60 } as const;

export const NODE_INSTANCES = ['node1:9100', 'node2:9100'] as const;
export const API_INSTANCE = 'api1:8080';
export const CPU_MODES = ['idle', 'system', 'user'] as const;
export const LATENCY_BUCKETS = ['0.1', '0.25', '0.5', '1', '+Inf'] as const;

/** CPU seconds per second by cpu index and mode. */
const CPU_RATES: Readonly<Record<string, readonly [number, number]>> = { idle: [0.7, 0.65], system: [0.1, 0.1], user: [0.2, 0.25] };
/** Requests per scrape interval falling in each bucket (cumulative), normally and during the spike. */
const BUCKET_COUNTS = { normal: [210, 270, 291, 297, 300], spike: [30, 60, 120, 210, 300] } as const;
const MEAN_LATENCY = { normal: 0.08, spike: 0.6 } as const;
const ERRORS_PER_SCRAPE = { normal: 10, spike: 100 } as const;
const REQUESTS_PER_SCRAPE = 300;

/** The sample times: FIXTURE_START to FIXTURE_END inclusive, every SCRAPE_SECONDS. */
export function sampleTimes(): number[] {
  const times: number[] = [];
  for (let t = FIXTURE_START; t <= FIXTURE_END; t += SCRAPE_SECONDS) times.push(t);
  return times;
}

/** `node_cpu_seconds_total` of one series at a sample time. */
export function cpuSecondsAt(instance: string, cpu: number, mode: string, t: number): number {
  const rate = CPU_RATES[mode]?.[cpu] ?? 0;
  if (instance === 'node1:9100' && t >= COUNTER_RESET_AT) return rate * (t - COUNTER_RESET_AT);
  return 1000 * (cpu + 1) + rate * (t - FIXTURE_START);
}

/** `node_memory_MemAvailable_bytes` at a sample time, or null where the fixture has no sample. */
export function memoryAvailableAt(instance: string, t: number): number | null {
  const i = (t - FIXTURE_START) / SCRAPE_SECONDS;
  if (instance === 'node1:9100') return t > MEMORY_GAP.from && t < MEMORY_GAP.to ? null : 8e9 - 1e6 * (i % 40);
  return 6e9 + 1e5 * (i % 7);
}

function inSpike(t: number): boolean {
  return t >= LATENCY_SPIKE.from && t < LATENCY_SPIKE.to;
}

/** Scrape intervals before `t` (inclusive) that fell inside / outside the spike. */
function intervalsUpTo(t: number): { normal: number; spike: number } {
  let spike = 0;
  let normal = 0;
  for (let s = FIXTURE_START + SCRAPE_SECONDS; s <= t; s += SCRAPE_SECONDS) {
    if (inSpike(s)) spike += 1;
    else normal += 1;
  }
  return { normal, spike };
}

function series(labels: Record<string, string>, valueAt: (t: number) => number | null, suffix?: string): OpenMetricsSample[] {
  const samples: OpenMetricsSample[] = [];
  for (const t of sampleTimes()) {
    const value = valueAt(t);
    if (value !== null) samples.push({ labels, value, timestamp: t, ...(suffix === undefined ? {} : { suffix }) });
  }
  return samples;
}

/** The fixture as metric families, ready for `writeOpenMetrics`. */
export function exporterFamilies(): MetricFamily[] {
  const nodeLabels = (instance: string) => ({ instance, job: 'node' });
  const apiLabels = { instance: API_INSTANCE, job: 'api' };
  const cumulative = (t: number) => intervalsUpTo(t);
  return [
    {
      name: 'up',
      type: 'gauge',
      help: 'Whether the scrape succeeded.',
      samples: [...NODE_INSTANCES.map(nodeLabels), apiLabels].flatMap((labels) => series(labels, () => 1)),
    },
    {
      name: 'node_cpu_seconds',
      type: 'counter',
      help: 'Seconds the CPUs spent in each mode.',
      samples: NODE_INSTANCES.flatMap((instance) =>
        [0, 1].flatMap((cpu) =>
          CPU_MODES.map((mode) => series({ cpu: String(cpu), instance, job: 'node', mode }, (t) => cpuSecondsAt(instance, cpu, mode, t))).flat(),
        ),
      ),
    },
    {
      name: 'node_memory_MemAvailable_bytes',
      type: 'gauge',
      help: 'Memory available in bytes.',
      samples: NODE_INSTANCES.flatMap((instance) => series(nodeLabels(instance), (t) => memoryAvailableAt(instance, t))),
    },
    {
      name: 'http_request_duration_seconds',
      type: 'histogram',
      help: 'Request latency.',
      samples: [
        ...LATENCY_BUCKETS.flatMap((le, b) =>
          series({ ...apiLabels, le }, (t) => {
            const { normal, spike } = cumulative(t);
            return normal * BUCKET_COUNTS.normal[b]! + spike * BUCKET_COUNTS.spike[b]!;
          }, '_bucket'),
        ),
        ...series(apiLabels, (t) => {
          const { normal, spike } = cumulative(t);
          return REQUESTS_PER_SCRAPE * (normal * MEAN_LATENCY.normal + spike * MEAN_LATENCY.spike);
        }, '_sum'),
        ...series(apiLabels, (t) => {
          const { normal, spike } = cumulative(t);
          return REQUESTS_PER_SCRAPE * (normal + spike);
        }, '_count'),
      ],
    },
    {
      name: 'http_requests',
      type: 'counter',
      help: 'Requests by status code.',
      samples: ['200', '500'].flatMap((code) =>
        series({ code, handler: '/checkout', ...apiLabels }, (t) => {
          const { normal, spike } = cumulative(t);
          const errors = normal * ERRORS_PER_SCRAPE.normal + spike * ERRORS_PER_SCRAPE.spike;
          return code === '500' ? errors : REQUESTS_PER_SCRAPE * (normal + spike) - errors;
        }),
      ),
    },
  ];
}
