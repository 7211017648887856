/**
 * The outgoing-call histogram a service keeps of its dependencies, as a prom-client app instruments
 * its HTTP client: `http_client_request_duration_seconds{peer, method}` with prom-client's default
 * buckets. Calls take a log-normal time; a call still running at the client timeout is cut off and
 * observed at the timeout, so a slow dependency piles calls up just above it.
 */
import type { Latency } from './_http.js';
import { PROM_CLIENT_BUCKETS, normalCdf } from './_http.js';
import { Random } from './_random.js';
import { smoothNoise } from './_grid.js';
import type { ScrapeTarget, SeriesStore } from './_store.js';
import { absentUntilUsed, accumulate } from './_store.js';

export const CLIENT_HISTOGRAM = 'http_client_request_duration_seconds';
const SLOTS = PROM_CLIENT_BUCKETS.length + 1;
/** The timer stops a few milliseconds after the timeout fires (the abort runs on the next tick). */
const TIMEOUT_OBSERVED_FACTOR = 1.002;

export interface PeerSpec {
  readonly peer: string;
  readonly method: string;
  /** Calls per second from the whole job at traffic 1 (the evening peak), and at any hour. */
  readonly peakRate: number;
  readonly floorRate: number;
  readonly timeoutSeconds: number;
  /** How long the dependency takes to answer at a grid index. */
  readonly latency: (index: number) => Latency;
}

export interface ClientSpec {
  readonly job: string;
  readonly targets: readonly ScrapeTarget[];
  readonly peers: readonly PeerSpec[];
  readonly traffic: Float64Array;
}

/**
 * Share of calls that time out for durations `latency` and a client timeout of `timeoutSeconds`:
 * the log-normal's mass above the timeout.
 */
export function timeoutShare(latency: Latency, timeoutSeconds: number): number {
  return 1 - normalCdf((Math.log(timeoutSeconds) - Math.log(latency.median)) / latency.sigma);
}

/**
 * Probability and mean observed duration of each bucket slot: the log-normal below the timeout
 * (partial expectations as in _http.ts), and the timed-out mass at the observed timeout.
 */
function clientSlots(latency: Latency, timeoutSeconds: number, probabilities: Float64Array, means: Float64Array): void {
  const mu = Math.log(latency.median);
  const { sigma } = latency;
  const scale = Math.exp(mu + (sigma * sigma) / 2);
  const observedTimeout = timeoutSeconds * TIMEOUT_OBSERVED_FACTOR;
  let previousBound = 0;
  let previousCdf = 0;
  let previousPartial = 0;
  for (let slot = 0; slot < SLOTS; slot++) {
    const bound = Math.min(PROM_CLIENT_BUCKETS[slot] ?? Infinity, timeoutSeconds);
    const cdf = Number.isFinite(bound) ? normalCdf((Math.log(bound) - mu) / sigma) : 1;
    const partial = Number.isFinite(bound) ? normalCdf((Math.log(bound) - mu - sigma * sigma) / sigma) : 1;
    const probability = Math.max(0, cdf - previousCdf);
    probabilities[slot] = probability;
    means[slot] = probability > 1e-12 ? (scale * Math.max(0, partial - previousPartial)) / probability : (previousBound + bound) / 2;
    previousBound = bound;
    previousCdf = cdf;
    previousPartial = partial;
  }
  // Calls cut off at the timeout land in the slot that holds the observed timeout.
  const timedOut = Math.max(0, 1 - previousCdf);
  const upper = PROM_CLIENT_BUCKETS.findIndex((bound) => bound >= observedTimeout);
  const slot = upper < 0 ? SLOTS - 1 : upper;
  const below = probabilities[slot] ?? 0;
  probabilities[slot] = below + timedOut;
  means[slot] = below + timedOut > 0 ? ((means[slot] ?? 0) * below + observedTimeout * timedOut) / (below + timedOut) : observedTimeout;
}

interface ClientSeries {
  readonly labels: Record<string, string>;
  readonly values: Float64Array;
  readonly target: ScrapeTarget;
  /** 1 until the process's first call to the peer: prom-client creates a labelled series on first use. */
  readonly created: Uint8Array;
}

/** Adds the client histogram of every target and peer to the store. */
export function addHttpClientHistogram(store: SeriesStore, spec: ClientSpec, seed: string): void {
  const grid = store.grid;
  const n = grid.length;
  const probabilities = new Float64Array(SLOTS);
  const means = new Float64Array(SLOTS);
  const families: Readonly<Record<'bucket' | 'sum' | 'count', Map<string, ClientSeries>>> = { bucket: new Map(), sum: new Map(), count: new Map() };
  for (const peer of spec.peers) {
    for (const target of spec.targets) {
      const random = new Random(`${seed}/http-client/${spec.job}/${target.instance}/${peer.peer}`);
      const imbalance = smoothNoise(random, n, 0.995, 0.04);
      const slots = Array.from({ length: SLOTS }, () => new Float64Array(n));
      const sum = new Float64Array(n);
      const count = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        clientSlots(peer.latency(k), peer.timeoutSeconds, probabilities, means);
        const expected = ((peer.peakRate * (spec.traffic[k] ?? 0) + peer.floorRate) * grid.step * (1 + (imbalance[k] ?? 0))) / spec.targets.length;
        let remaining = random.poisson(expected);
        count[k] = remaining;
        let remainingProbability = 1;
        let observed = 0;
        for (let slot = 0; slot < SLOTS && remaining > 0; slot++) {
          const p = probabilities[slot] ?? 0;
          const drawn = slot === SLOTS - 1 ? remaining : random.binomial(remaining, remainingProbability > 0 ? Math.min(1, p / remainingProbability) : 0);
          (slots[slot] as Float64Array)[k] = drawn;
          observed += drawn * (means[slot] ?? 0);
          remaining -= drawn;
          remainingProbability -= p;
        }
        sum[k] = observed;
      }
      const labels = { ...target.labels, method: peer.method, peer: peer.peer };
      const uptimeIntervals = (grid.from - target.initialStart) / grid.step;
      // What the process counted before the data begins: its uptime at the typical rate of the data.
      const carried = (increments: Float64Array): number => {
        let total = 0;
        for (let k = 0; k < n; k++) total += increments[k] ?? 0;
        return Math.round((total / n) * uptimeIntervals);
      };
      const countInitial = carried(count);
      const countValues = accumulate(count, countInitial, target.resets);
      const created = absentUntilUsed(countValues, target.resets, countInitial > 0);
      const cumulative = new Float64Array(n);
      PROM_CLIENT_BUCKETS.forEach((bound, slot) => {
        const increments = slots[slot] as Float64Array;
        for (let k = 0; k < n; k++) cumulative[k] = (cumulative[k] ?? 0) + (increments[k] ?? 0);
        families.bucket.set(`${target.instance}/${peer.peer}/${bound}`, {
          labels: { ...labels, le: String(bound) },
          values: accumulate(cumulative, carried(cumulative), target.resets),
          target,
          created,
        });
      });
      families.bucket.set(`${target.instance}/${peer.peer}/+Inf`, { labels: { ...labels, le: '+Inf' }, values: Float64Array.from(countValues), target, created });
      families.sum.set(`${target.instance}/${peer.peer}`, { labels, values: accumulate(sum, carried(sum), target.resets), target, created });
      families.count.set(`${target.instance}/${peer.peer}`, { labels, values: countValues, target, created });
    }
  }
  // One sample name at a time, so each OpenMetrics family is written in one piece.
  for (const [suffix, series] of [
    ['_bucket', families.bucket],
    ['_sum', families.sum],
    ['_count', families.count],
  ] as const) {
    for (const { labels, values, target, created } of series.values()) {
      store.add(`${CLIENT_HISTOGRAM}${suffix}`, labels, values, {
        kind: 'histogram',
        decimals: suffix === '_sum' ? 3 : 0,
        absent: [target.failed, created],
        resetIndices: target.resets.map((reset) => reset.index),
      });
    }
  }
}
