/**
 * The benchmark's fleet and time range, as constants: what the data set holds and which window the
 * tool is asked about. Sized so the built-in signal catalogue returns a little over 2,000 series
 * (≈ 16 per host × 120 hosts, plus the services and databases), each 8 h 30 min at 15 s.
 */

export const STEP_SECONDS = 15;
/** A fixed day in the past: the data is the same on every run and every machine. */
export const WINDOW_FROM = Date.UTC(2025, 0, 15, 10, 0, 0) / 1000;
export const WINDOW_SECONDS = 2 * 3600;
export const WINDOW_TO = WINDOW_FROM + WINDOW_SECONDS;
/** `--lookback`: window plus lookback is the 8 h. */
export const LOOKBACK_SECONDS = 6 * 3600;
export const LOOKBACK_FLAG = '6h';
/** The tool also reads past `--to`: max(15 min, 25 % of the window) (see src/cli/gather-evidence.ts). */
export const TAIL_SECONDS = Math.max(15 * 60, 0.25 * WINDOW_SECONDS);
/** Raw samples before the first queried instant, so `rate(…[1m])` has data at the very first point. */
const RATE_MARGIN_SECONDS = 5 * 60;
export const DATA_FROM = WINDOW_FROM - LOOKBACK_SECONDS - RATE_MARGIN_SECONDS;
export const DATA_TO = WINDOW_TO + TAIL_SECONDS;

/** Service jobs (prom-client apps), each on INSTANCES_PER_SERVICE web hosts. */
export const SERVICES = ['storefront', 'catalog', 'checkout', 'search', 'accounts', 'notifications'] as const;
export const INSTANCES_PER_SERVICE = 4;
export const DATABASE_HOSTS = ['db1', 'db2', 'db3', 'db4'] as const;
/** Hosts without services: batch workers, queues, caches. */
export const WORKER_HOSTS = 120 - SERVICES.length * INSTANCES_PER_SERVICE - DATABASE_HOSTS.length;

/** Something to find: db2 saturates mid-window and `checkout`, which uses it, slows down. */
export const INCIDENT = {
  database: 'db2',
  service: 'checkout',
  envelope: {
    start: WINDOW_FROM + 35 * 60,
    jump: 0.3,
    full: WINDOW_FROM + 45 * 60,
    decline: WINDOW_FROM + 85 * 60,
    end: WINDOW_FROM + 95 * 60,
  },
} as const;

/** Changing the generator without changing this still rebuilds: the cache key hashes the sources too. */
export const DATASET_VERSION = 'fleet-v1';
