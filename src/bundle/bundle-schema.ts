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
  role: z.enum(['level', 'start_time', 'restart_counter']),
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

export const bundleSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.number().int(),
  toolVersion: z.string(),
  window: z.object({
    from: z.number(),
    to: z.number(),
    lookbackFrom: z.number(),
    stepSeconds: z.number().positive(),
    timezone: z.string(),
  }),
  source: z.object({ kind: z.literal('prometheus'), url: z.string(), version: z.string().nullable() }),
  grids: z.array(grid),
  signals: z.array(signal),
  alerts: z.object({ alerts: z.array(series), forState: z.array(series), rules: z.array(rule) }),
  gaps: z.array(z.object({ source: z.string(), what: z.string(), reason: z.string() })),
});

export type BundleFile = z.infer<typeof bundleSchema>;
export type BundleSample = z.infer<typeof sample>;
