import { z } from 'zod';

/** Identifies our files among other gzip'd JSON. */
export const BUNDLE_FORMAT = 'incident-timeline-evidence';
/** Bump when the layout changes in a way an older reader cannot follow. */
export const BUNDLE_VERSION = 1;

const labels = z.record(z.string(), z.string());
/** JSON has no NaN or infinities: NaN is null, infinities are the strings Prometheus itself uses. */
const sample = z.union([z.number(), z.null(), z.literal('+Inf'), z.literal('-Inf')]);

/** Timestamps either as a regular grid (what query_range gives) or listed (raw samples). */
const grid = z.union([
  z.object({ start: z.number(), step: z.number().positive(), count: z.number().int().nonnegative() }),
  z.object({ times: z.array(z.number()) }),
]);

const series = z.object({ labels, grid: z.number().int().nonnegative(), values: z.array(sample) });

const signal = z.object({
  signal: z.string(),
  title: z.string(),
  query: z.string(),
  category: z.enum(['change', 'database', 'saturation', 'network', 'process', 'availability', 'dependency', 'errors', 'latency', 'traffic', 'custom']),
  unit: z.enum(['ratio', 'seconds', 'bytes', 'per_second', 'count', 'unix_seconds', 'other']),
  badDirection: z.enum(['up', 'down', 'both']),
  userFacing: z.boolean(),
  // Roles only ever get added, so every older bundle's role is still in the list.
  role: z.enum(['level', 'start_time', 'restart_counter', 'info', 'reload_time', 'reset_count']),
  limit: z.number().optional(),
  pinpoints: z.boolean().optional(),
  series: z.array(series),
  seasonal: z.object({ dayBefore: z.array(series), weekBefore: z.array(series) }).optional(),
});

const rule = z.object({
  name: z.string(),
  group: z.string(),
  expr: z.string(),
  forSeconds: z.number(),
  labels,
  annotations: labels,
});

const userCounts = z.object({ active: z.number(), affected: z.number(), withFailed: z.number(), withSlow: z.number() });
const requestCounts = z.object({ total: z.number(), failed: z.number(), slow: z.number(), bad: z.number() });

/** Request logs reduced to counts (added after version 1 shipped: optional, so older bundles still read). */
const accessLogs = z.object({
  settings: z.object({
    userField: z.string().nullable(),
    failedStatus: z.string(),
    slowThresholdSeconds: z.number().positive(),
    sampleRate: z.number().positive().max(1),
    segments: z.array(z.string()),
  }),
  files: z.array(
    z.object({
      path: z.string(),
      format: z.enum(['json', 'combined', 'common', 'unknown']),
      lines: z.number(),
      inWindow: z.number(),
      withoutUser: z.number(),
      unreadable: z.number(),
      firstUnreadable: z.object({ line: z.number(), reason: z.string() }).nullable(),
      error: z.string().nullable(),
      earliest: z.number().nullable(),
      latest: z.number().nullable(),
    }),
  ),
  userSource: z.string().nullable(),
  latencySource: z.string().nullable(),
  requests: requestCounts,
  users: userCounts,
  segments: z.array(z.object({ segment: z.string(), users: userCounts, requests: requestCounts })),
});

/** Where a user-given entry came from. */
const fileLine = { file: z.string(), line: z.number().int().positive() };

/** Changes from `--changes` (added after version 1 shipped: optional, so older bundles still read). */
const userChange = z.object({
  ...fileLine,
  time: z.number(),
  target: z.string(),
  kind: z.enum(['deploy', 'rollback', 'config', 'restart', 'scale', 'flag', 'other']),
  description: z.string(),
  fields: labels,
});

/** Notes from `--notes` (optional, as `changes`). */
const userNote = z.object({ ...fileLine, time: z.number(), text: z.string() });

/** Alertmanager's state from `--alertmanager` (added after version 1 shipped: optional, as `changes`). */
const alertmanager = z.object({
  url: z.string(),
  fetchedAt: z.number(),
  alerts: z.array(
    z.object({
      fingerprint: z.string(),
      labels,
      annotations: labels,
      startsAt: z.number(),
      endsAt: z.number().nullable(),
      state: z.enum(['active', 'suppressed', 'unprocessed']),
      silencedBy: z.array(z.string()),
      inhibitedBy: z.array(z.string()),
      generatorURL: z.string().nullable(),
    }),
  ),
  silences: z.array(
    z.object({
      id: z.string(),
      matchers: z.array(z.object({ name: z.string(), value: z.string(), isRegex: z.boolean(), isEqual: z.boolean() })),
      createdBy: z.string(),
      comment: z.string(),
      startsAt: z.number(),
      endsAt: z.number(),
      state: z.enum(['active', 'pending', 'expired']),
    }),
  ),
});

/** Alerts of webhook notifications from `--alert-log` (optional, as `changes`). */
const notifiedAlert = z.object({
  ...fileLine,
  receiver: z.string(),
  status: z.enum(['firing', 'resolved']),
  fingerprint: z.string(),
  labels,
  annotations: labels,
  startsAt: z.number(),
  endsAt: z.number().nullable(),
  generatorURL: z.string().nullable(),
});

/** Log lines from `--loki` (optional, as `changes`); times stay nanosecond strings, exact. */
const loki = z.object({
  url: z.string(),
  queries: z.array(
    z.object({
      query: z.string(),
      truncated: z.boolean(),
      streams: z.array(z.object({ labels, entries: z.array(z.object({ ns: z.string().regex(/^\d+$/), line: z.string() })) })),
    }),
  ),
});

/** A timeline event as the logs' findings give it (failure and deadlock episodes). */
const timelineEvent = z.object({
  time: z.number(),
  kind: z.enum(['change', 'restart', 'anomaly_start', 'anomaly_end', 'alert_pending', 'alert_firing', 'alert_resolved', 'log', 'note', 'silence']),
  source: z.enum(['prometheus', 'alerts', 'logs', 'notes', 'changes']),
  title: z.string(),
  labels,
  evidence: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

/** What `--logs` files said (never their lines): how each was read, and the episodes found. */
const logs = z.object({
  files: z.array(z.object({ path: z.string(), format: z.string(), lines: z.number(), kept: z.number(), unreadable: z.number() })),
  events: z.array(timelineEvent),
  templates: z
    .object({
      new: z.array(z.object({ template: z.string(), lookback: z.number(), window: z.number(), example: z.string() })),
      grown: z.array(z.object({ template: z.string(), lookback: z.number(), window: z.number(), example: z.string(), growth: z.number() })),
      distinct: z.number(),
      overflowLines: z.number(),
    })
    .optional(),
  slowStatements: z
    .array(z.object({ statement: z.string(), calls: z.number(), totalSeconds: z.number(), maxSeconds: z.number(), first: z.number(), source: z.string() }))
    .optional(),
});

export const bundleSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.number().int(),
  /** SHA-256 of the rest (bundle-checksum.ts); absent in bundles written before it was added. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  toolVersion: z.string(),
  window: z.object({
    from: z.number(),
    to: z.number(),
    lookbackFrom: z.number(),
    stepSeconds: z.number().positive(),
    timezone: z.string(),
  }),
  source: z.object({ kind: z.enum(['prometheus', 'victoriametrics']), url: z.string(), version: z.string().nullable() }),
  grids: z.array(grid),
  signals: z.array(signal),
  alerts: z.object({ alerts: z.array(series), forState: z.array(series), rules: z.array(rule) }),
  gaps: z.array(z.object({ source: z.string(), what: z.string(), reason: z.string() })),
  /** The `--slow-threshold` the slow-ratio queries were built with; absent in older bundles (1 s). */
  slowThresholdSeconds: z.number().positive().optional(),
  accessLogs: accessLogs.optional(),
  changes: z.array(userChange).optional(),
  notes: z.array(userNote).optional(),
  alertmanager: alertmanager.optional(),
  alertLog: z.array(notifiedAlert).optional(),
  loki: loki.optional(),
  logs: logs.optional(),
});

export type BundleFile = z.infer<typeof bundleSchema>;
export type BundleSample = z.infer<typeof sample>;
