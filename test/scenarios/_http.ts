/**
 * An HTTP service instrumented like a prom-client/express app: `http_requests_total{method,route,code}`,
 * the `http_request_duration_seconds` histogram with prom-client's default buckets, and prom-client's
 * default process metrics. Requests arrive as a Poisson process following the day's traffic; their
 * durations are log-normal, so the histogram, its `_sum` and any quantile read from it agree.
 */
import { Random } from './_random.js';
import { smoothNoise } from './_grid.js';
import type { ScrapeTarget, SeriesStore } from './_store.js';
import { absentUntilUsed, accumulate } from './_store.js';

/** prom-client's default histogram buckets (seconds). */
export const PROM_CLIENT_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** A request slower than this counts as slow in the impact; it is a bucket bound, so the count is exact. */
export const SLOW_THRESHOLD_SECONDS = 1;
const SLOTS = PROM_CLIENT_BUCKETS.length + 1;
/** Probabilities below this are treated as 0 (the slot then gets a nominal mean). */
const NEGLIGIBLE_PROBABILITY = 1e-12;
/** Core-seconds of CPU a Node.js process spends per request, and at rest (timers, GC). */
const CPU_SECONDS_PER_REQUEST = 0.0011;
const IDLE_CPU_CORES = 0.012;
const PAGE_BYTES = 4096;
/** V8's old-space collections free memory every twenty minutes or so under steady load. */
const GC_PERIOD_SECONDS = 1200;

export interface RouteSpec {
  readonly method: string;
  readonly route: string;
  /** Requests per second to the whole job at traffic level 1 (the evening peak). */
  readonly peakRate: number;
  /** Requests per second that arrive whatever the hour (health checks, integrations, crawlers). */
  readonly floorRate: number;
  readonly successCode: string;
  /** Codes other than success and server errors, with their shares of all requests. */
  readonly otherCodes: Readonly<Record<string, number>>;
}

/** Log-normal request durations. */
export interface Latency {
  readonly median: number;
  readonly sigma: number;
}

/**
 * How a route behaves at one instant; the scenario perturbs it. Successful requests are a mixture:
 * most take the `latency` path, a `degradedShare` of them wait on something slow (a saturated
 * database, a held lock) and take `degradedLatency`. That mixture is what a histogram of an
 * outage looks like: two humps, not one shifted curve.
 */
export interface RouteCondition {
  readonly rateFactor: number;
  /** Share of requests answered with the service's server-error code. */
  readonly errorRatio: number;
  readonly latency: Latency;
  readonly degradedShare: number;
  readonly degradedLatency: Latency;
  readonly errorLatency: Latency;
}

export interface ServiceSpec {
  readonly job: string;
  readonly targets: readonly ScrapeTarget[];
  readonly routes: readonly RouteSpec[];
  /** The code a failed request gets (a timeout or an unhandled database error in express: 500). */
  readonly errorCode: string;
  /** Traffic level (1 = evening peak) at each grid index. */
  readonly traffic: Float64Array;
  readonly condition: (route: RouteSpec, index: number) => RouteCondition;
  /**
   * How one instance behaves when it differs from the others (a process thrashing in GC before it
   * is OOM-killed): errors and latency of that instance only; null where it behaves like the rest.
   * The request rate still follows `condition`, as the load balancer keeps sending it traffic.
   */
  readonly instanceCondition?: (route: RouteSpec, index: number, instance: number) => RouteCondition | null;
  readonly baseMemoryBytes: number;
  /**
   * Resident bytes of one instance at one instant, replacing the steady model (heap, warm-up, GC),
   * for a scenario that must know them before the service is built: a leak that gets the process
   * OOM-killed, whose restarts the counters need.
   */
  readonly residentMemoryBytes?: (instance: number, index: number) => number;
  /** Extra CPU cores one instance burns at one instant (garbage collection under heap pressure). */
  readonly extraCpuCores?: (instance: number, index: number) => number;
}

/** Requests the service answered, per grid interval, summed over instances and routes. */
export interface RequestTally {
  readonly job: string;
  readonly total: Float64Array;
  readonly failed: Float64Array;
  /** Requests slower than SLOW_THRESHOLD_SECONDS. */
  readonly slow: Float64Array;
}

/** Standard normal CDF via Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/**
 * Adds `weight` times the probability and the partial expectation of each histogram slot (between
 * consecutive bounds) for log-normal durations. The partial expectation is
 * E[X; a < X <= b] = exp(mu + sigma^2/2) * (Phi((ln b - mu - sigma^2)/sigma) - Phi((ln a - mu - sigma^2)/sigma)).
 */
function addSlotMass(latency: Latency, weight: number, probabilities: Float64Array, partials: Float64Array): void {
  if (weight <= 0) return;
  const { sigma } = latency;
  const mu = Math.log(latency.median);
  const scale = Math.exp(mu + (sigma * sigma) / 2);
  let previousCdf = 0;
  let previousPartial = 0;
  for (let slot = 0; slot < SLOTS; slot++) {
    const bound = PROM_CLIENT_BUCKETS[slot];
    const cdf = bound === undefined ? 1 : normalCdf((Math.log(bound) - mu) / sigma);
    const partial = bound === undefined ? 1 : normalCdf((Math.log(bound) - mu - sigma * sigma) / sigma);
    probabilities[slot] = (probabilities[slot] ?? 0) + weight * Math.max(0, cdf - previousCdf);
    partials[slot] = (partials[slot] ?? 0) + weight * scale * Math.max(0, partial - previousPartial);
    previousCdf = cdf;
    previousPartial = partial;
  }
}

/** Probability and mean duration of each slot for a mixture of log-normal durations. */
function slotDistribution(parts: readonly (readonly [Latency, number])[], probabilities: Float64Array, means: Float64Array): void {
  probabilities.fill(0);
  means.fill(0);
  for (const [latency, weight] of parts) addSlotMass(latency, weight, probabilities, means);
  let previousBound = 0;
  for (let slot = 0; slot < SLOTS; slot++) {
    const bound = PROM_CLIENT_BUCKETS[slot];
    const probability = probabilities[slot] ?? 0;
    means[slot] =
      probability > NEGLIGIBLE_PROBABILITY
        ? (means[slot] ?? 0) / probability
        : bound === undefined
          ? previousBound * 1.5
          : (previousBound + bound) / 2;
    previousBound = bound ?? previousBound;
  }
}

/** Spreads `count` requests over the slots (a multinomial draw, by successive binomials). */
function drawSlots(random: Random, count: number, probabilities: Float64Array, into: Float64Array): void {
  let remaining = count;
  let remainingProbability = 1;
  for (let slot = 0; slot < SLOTS && remaining > 0; slot++) {
    const p = probabilities[slot] ?? 0;
    const drawn = slot === SLOTS - 1 ? remaining : random.binomial(remaining, remainingProbability > 0 ? Math.min(1, p / remainingProbability) : 0);
    into[slot] = (into[slot] ?? 0) + drawn;
    remaining -= drawn;
    remainingProbability -= p;
  }
}

interface InstanceRoute {
  readonly codes: Map<string, Float64Array>;
  /** Requests per slot per interval. */
  readonly slots: Float64Array[];
  readonly sum: Float64Array;
  readonly count: Float64Array;
}

/** Adds the service's series to the store and returns what its users saw, for the impact. */
export function addHttpService(store: SeriesStore, spec: ServiceSpec, seed: string): RequestTally {
  const grid = store.grid;
  const n = grid.length;
  const tally: RequestTally = { job: spec.job, total: new Float64Array(n), failed: new Float64Array(n), slow: new Float64Array(n) };
  const firstSlowSlot = PROM_CLIENT_BUCKETS.indexOf(SLOW_THRESHOLD_SECONDS) + 1;
  const requestsPerInstance = spec.targets.map(() => new Float64Array(n));
  const okProbabilities = new Float64Array(SLOTS);
  const okMeans = new Float64Array(SLOTS);
  const errorProbabilities = new Float64Array(SLOTS);
  const errorMeans = new Float64Array(SLOTS);
  const drawn = new Float64Array(SLOTS);
  // Distributions of an instance that behaves differently at this instant (see instanceCondition).
  const ownOkProbabilities = new Float64Array(SLOTS);
  const ownOkMeans = new Float64Array(SLOTS);
  const ownErrorProbabilities = new Float64Array(SLOTS);
  const ownErrorMeans = new Float64Array(SLOTS);

  for (const route of spec.routes) {
    const perInstance: InstanceRoute[] = spec.targets.map(() => ({
      codes: new Map([route.successCode, ...Object.keys(route.otherCodes), spec.errorCode].map((code) => [code, new Float64Array(n)])),
      slots: Array.from({ length: SLOTS }, () => new Float64Array(n)),
      sum: new Float64Array(n),
      count: new Float64Array(n),
    }));
    const randoms = spec.targets.map((target) => new Random(`${seed}/http/${spec.job}/${target.instance}/${route.method} ${route.route}`));
    // Load balancers never split exactly evenly; each instance's share wanders a little.
    const imbalance = randoms.map((random) => smoothNoise(random, n, 0.995, 0.04));
    for (let k = 0; k < n; k++) {
      const condition = spec.condition(route, k);
      const degraded = Math.min(1, Math.max(0, condition.degradedShare));
      slotDistribution(
        [
          [condition.latency, 1 - degraded],
          [condition.degradedLatency, degraded],
        ],
        okProbabilities,
        okMeans,
      );
      slotDistribution([[condition.errorLatency, 1]], errorProbabilities, errorMeans);
      const expected = (route.peakRate * (spec.traffic[k] ?? 0) + route.floorRate) * condition.rateFactor * grid.step;
      for (let i = 0; i < spec.targets.length; i++) {
        const random = randoms[i] as Random;
        const counters = perInstance[i] as InstanceRoute;
        const own = spec.instanceCondition?.(route, k, i) ?? null;
        if (own !== null) {
          const ownDegraded = Math.min(1, Math.max(0, own.degradedShare));
          slotDistribution(
            [
              [own.latency, 1 - ownDegraded],
              [own.degradedLatency, ownDegraded],
            ],
            ownOkProbabilities,
            ownOkMeans,
          );
          slotDistribution([[own.errorLatency, 1]], ownErrorProbabilities, ownErrorMeans);
        }
        const okP = own === null ? okProbabilities : ownOkProbabilities;
        const okM = own === null ? okMeans : ownOkMeans;
        const errorP = own === null ? errorProbabilities : ownErrorProbabilities;
        const errorM = own === null ? errorMeans : ownErrorMeans;
        const requests = random.poisson((expected / spec.targets.length) * (1 + (imbalance[i]?.[k] ?? 0)));
        const failed = random.binomial(requests, (own ?? condition).errorRatio);
        let rest = requests - failed;
        (counters.codes.get(spec.errorCode) as Float64Array)[k] = failed;
        for (const [code, share] of Object.entries(route.otherCodes)) {
          const other = random.binomial(rest, share);
          (counters.codes.get(code) as Float64Array)[k] = other;
          rest -= other;
        }
        (counters.codes.get(route.successCode) as Float64Array)[k] = rest;

        drawn.fill(0);
        drawSlots(random, requests - failed, okP, drawn);
        const okDrawn = Float64Array.from(drawn);
        drawn.fill(0);
        drawSlots(random, failed, errorP, drawn);
        let sum = 0;
        let slow = 0;
        for (let slot = 0; slot < SLOTS; slot++) {
          const okCount = okDrawn[slot] ?? 0;
          const errorCount = drawn[slot] ?? 0;
          (counters.slots[slot] as Float64Array)[k] = okCount + errorCount;
          sum += okCount * (okM[slot] ?? 0) + errorCount * (errorM[slot] ?? 0);
          if (slot >= firstSlowSlot) slow += okCount + errorCount;
        }
        counters.sum[k] = sum;
        counters.count[k] = requests;
        (requestsPerInstance[i] as Float64Array)[k] = (requestsPerInstance[i]?.[k] ?? 0) + requests;
        tally.total[k] = (tally.total[k] ?? 0) + requests;
        tally.failed[k] = (tally.failed[k] ?? 0) + failed;
        tally.slow[k] = (tally.slow[k] ?? 0) + slow;
      }
    }
    addRouteSeries(store, spec, route, perInstance);
  }
  addProcessMetrics(store, spec, requestsPerInstance, seed);
  return tally;
}

/** Writes the counters of one route on every instance, restarted and created lazily as prom-client does. */
function addRouteSeries(store: SeriesStore, spec: ServiceSpec, route: RouteSpec, perInstance: readonly InstanceRoute[]): void {
  const grid = store.grid;
  spec.targets.forEach((target, i) => {
    const counters = perInstance[i] as InstanceRoute;
    const uptimeIntervals = (grid.from - target.initialStart) / grid.step;
    // What the process counted before the data begins: its uptime at the typical rate of the first day.
    const carried = (increments: Float64Array): number => {
      let mean = 0;
      for (let k = 0; k < increments.length; k++) mean += increments[k] ?? 0;
      return Math.round((mean / increments.length) * uptimeIntervals);
    };
    const routeLabels = { instance: target.instance, job: spec.job, method: route.method, route: route.route };
    for (const [code, increments] of counters.codes) {
      const initial = carried(increments);
      const values = accumulate(increments, initial, target.resets);
      store.add('http_requests_total', { code, ...routeLabels }, values, {
        kind: 'counter',
        decimals: 0,
        absent: [target.failed, absentUntilUsed(values, target.resets, initial > 0)],
        resetIndices: target.resets.map((reset) => reset.index),
      });
    }
    const countInitial = carried(counters.count);
    const count = accumulate(counters.count, countInitial, target.resets);
    const absent = [target.failed, absentUntilUsed(count, target.resets, countInitial > 0)];
    const resetIndices = target.resets.map((reset) => reset.index);
    const bucketIncrements = new Float64Array(grid.length);
    PROM_CLIENT_BUCKETS.forEach((bound, slot) => {
      const slotIncrements = counters.slots[slot] as Float64Array;
      for (let k = 0; k < grid.length; k++) bucketIncrements[k] = (bucketIncrements[k] ?? 0) + (slotIncrements[k] ?? 0);
      const values = accumulate(bucketIncrements, carried(bucketIncrements), target.resets);
      store.add('http_request_duration_seconds_bucket', { ...routeLabels, le: String(bound) }, values, {
        kind: 'histogram',
        decimals: 0,
        absent,
        resetIndices,
      });
    });
    store.add('http_request_duration_seconds_bucket', { ...routeLabels, le: '+Inf' }, Float64Array.from(count), {
      kind: 'histogram',
      decimals: 0,
      absent,
      resetIndices,
    });
    store.add('http_request_duration_seconds_sum', routeLabels, accumulate(counters.sum, carried(counters.sum), target.resets), {
      kind: 'histogram',
      decimals: 3,
      absent,
      resetIndices,
    });
    store.add('http_request_duration_seconds_count', routeLabels, count, { kind: 'histogram', decimals: 0, absent, resetIndices });
  });
}

/** prom-client's default `process_*` metrics: CPU follows the requests served, memory the traffic and GC. */
function addProcessMetrics(store: SeriesStore, spec: ServiceSpec, requestsPerInstance: readonly Float64Array[], seed: string): void {
  const grid = store.grid;
  spec.targets.forEach((target, i) => {
    const random = new Random(`${seed}/process/${spec.job}/${target.instance}`);
    const requests = requestsPerInstance[i] as Float64Array;
    const cpu = new Float64Array(grid.length);
    const memory = new Float64Array(grid.length);
    const drift = smoothNoise(random, grid.length, 0.999, 0.03);
    for (let k = 0; k < grid.length; k++) {
      const busy = grid.step * IDLE_CPU_CORES * (1 + 0.2 * random.normal()) + CPU_SECONDS_PER_REQUEST * (requests[k] ?? 0);
      const extra = spec.extraCpuCores === undefined ? 0 : grid.step * spec.extraCpuCores(i, k);
      cpu[k] = Math.max(0, extra === 0 ? busy : busy + extra);
      const sinceStart = grid.time(k) - lastStart(target, grid.time(k));
      const heapGrowth = 0.18 * ((sinceStart % GC_PERIOD_SECONDS) / GC_PERIOD_SECONDS);
      const warmUp = Math.min(1, sinceStart / 1800);
      const modelled = spec.baseMemoryBytes * (0.75 + 0.25 * warmUp + heapGrowth + (drift[k] ?? 0) + 0.004 * random.normal());
      const level = spec.residentMemoryBytes === undefined ? modelled : spec.residentMemoryBytes(i, k);
      memory[k] = Math.round(level / PAGE_BYTES) * PAGE_BYTES;
    }
    const absent = [target.failed];
    const resetIndices = target.resets.map((reset) => reset.index);
    const uptime = grid.from - target.initialStart;
    store.add('process_cpu_seconds_total', target.labels, accumulate(cpu, uptime * IDLE_CPU_CORES * 3, target.resets), {
      kind: 'counter',
      decimals: 3,
      absent,
      resetIndices,
    });
    store.add('process_resident_memory_bytes', target.labels, memory, { kind: 'gauge', decimals: 0, absent });
    store.add('process_start_time_seconds', target.labels, target.startTimeValues(), { kind: 'gauge', decimals: 0, absent });
  });
}

function lastStart(target: ScrapeTarget, time: number): number {
  let start = target.initialStart;
  for (const restart of target.restarts) if (restart <= time) start = restart;
  return start;
}
