import type { Anomaly } from '../model/anomaly.js';
import type { SignalCategory } from '../model/signal.js';

/** An anomaly for timeline tests; only what a test cares about needs saying. */
export function testAnomaly(signal: string, category: SignalCategory, onset: number, extra: Partial<Anomaly> = {}): Anomaly {
  const userFacing = category === 'errors' || category === 'latency' || category === 'traffic';
  return {
    signal,
    title: signal,
    query: `${signal}_query`,
    labels: { instance: 'db1:9187' },
    category,
    unit: 'other',
    userFacing,
    pinpoints: false,
    kind: 'level_shift',
    direction: 'up',
    onset,
    end: null,
    peak: { time: onset + 60, value: 10 },
    baseline: { value: 1, spread: 0.1, method: 'lookback', samples: 5760 },
    score: 20,
    ...extra,
  };
}
