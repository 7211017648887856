import { rm } from 'node:fs/promises';
import { createBackfilledDataDir, startPrometheus, type MetricFamily, type OpenMetricsSample, type RunningPrometheus } from '../servers/index.js';

/** 2023-10-15T00:00:00Z: a fixed past date, so the window is never "in the future" and runs repeat. */
export const DATA_START = Date.UTC(2023, 9, 15, 0, 0, 0) / 1000;
/** Four hours of history at a 15 s scrape interval: enough for a window plus lookback, small enough to backfill in a second. */
export const DATA_HOURS = 4;
const SCRAPE_SECONDS = 15;

export interface SmallPrometheus {
  readonly prometheus: RunningPrometheus;
  stop(): Promise<void>;
}

function counterSamples(labelSets: readonly Record<string, string>[], perSecond: (labels: Record<string, string>, t: number) => number): OpenMetricsSample[] {
  const samples: OpenMetricsSample[] = [];
  for (const labels of labelSets) {
    let total = 0;
    for (let t = DATA_START; t <= DATA_START + DATA_HOURS * 3600; t += SCRAPE_SECONDS) {
      total += perSecond(labels, t) * SCRAPE_SECONDS;
      samples.push({ labels, value: Math.round(total * 1000) / 1000, timestamp: t });
    }
  }
  return samples;
}

/**
 * A small, realistic node_exporter + web app history: CPU of two hosts, network bytes, HTTP requests
 * by status code and `up`. The last hour has a CPU spike on db1 and 5xx on the API, so there is
 * something to report.
 */
export function smallOutageFamilies(): MetricFamily[] {
  const outageFrom = DATA_START + 3 * 3600;
  const inOutage = (t: number) => t >= outageFrom && t < outageFrom + 1800;
  const hosts = [
    { instance: 'db1:9100', job: 'node' },
    { instance: 'web1:9100', job: 'node' },
  ];
  const cpu = hosts.flatMap((host) => ['idle', 'user', 'system'].map((mode) => ({ ...host, cpu: '0', mode })));
  const requests = ['200', '500'].map((code) => ({ job: 'api', instance: 'api1:8080', code }));
  return [
    {
      name: 'node_cpu_seconds',
      type: 'counter',
      help: 'Seconds the CPUs spent in each mode.',
      samples: counterSamples(cpu, (labels, t) => {
        const busy = labels['instance'] === 'db1:9100' && inOutage(t) ? 0.9 : 0.2 + 0.02 * Math.sin(t / 600);
        if (labels['mode'] === 'idle') return 1 - busy;
        return labels['mode'] === 'user' ? busy * 0.7 : busy * 0.3;
      }),
    },
    {
      name: 'node_network_receive_bytes',
      type: 'counter',
      help: 'Network device statistic receive_bytes.',
      samples: counterSamples(hosts.map((h) => ({ ...h, device: 'eth0' })), (_labels, t) => 50_000 + 5_000 * Math.sin(t / 900)),
    },
    {
      name: 'node_network_transmit_bytes',
      type: 'counter',
      help: 'Network device statistic transmit_bytes.',
      samples: counterSamples(hosts.map((h) => ({ ...h, device: 'eth0' })), (_labels, t) => 80_000 + 8_000 * Math.cos(t / 900)),
    },
    {
      name: 'http_requests',
      type: 'counter',
      help: 'Requests served.',
      samples: counterSamples(requests, (labels, t) => (labels['code'] === '200' ? 100 : inOutage(t) ? 40 : 0.5)),
    },
    {
      name: 'up',
      type: 'gauge',
      samples: [...hosts, { instance: 'api1:8080', job: 'api' }].flatMap((labels) => {
        const samples: OpenMetricsSample[] = [];
        for (let t = DATA_START; t <= DATA_START + DATA_HOURS * 3600; t += SCRAPE_SECONDS) samples.push({ labels, value: 1, timestamp: t });
        return samples;
      }),
    },
  ];
}

/** Backfills `smallOutageFamilies` and starts a real Prometheus on it. */
export async function startSmallPrometheus(): Promise<SmallPrometheus> {
  const { dir, dataDir } = await createBackfilledDataDir(smallOutageFamilies());
  const prometheus = await startPrometheus({ dataDir });
  return {
    prometheus,
    stop: async () => {
      await prometheus.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
