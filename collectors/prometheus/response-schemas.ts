import { z } from 'zod';
import { sortedLabels } from './label-key.js';
import { parseSampleValue } from './sample-value.js';

// Validation happens once, here, as the payload enters; past this file there is no `unknown`.
// Sample lists are checked and converted in one pass straight into typed arrays: a response can
// hold millions of samples, and a schema object per sample would cost more than the parse itself.

/** The samples of one series in columnar form: unix seconds and values. */
export interface SampleColumns {
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
}

type IssueSink = { issues: { push(issue: { code: 'custom'; message: string; input: unknown; path?: PropertyKey[] }): void } };

/** Reads `[<unix seconds>, "<value>"]`, or reports why it cannot. */
function readSample(raw: unknown, ctx: IssueSink, path: PropertyKey[]): { time: number; value: number } | undefined {
  if (!Array.isArray(raw) || raw.length !== 2) {
    ctx.issues.push({ code: 'custom', message: 'expected a sample [time, "value"]', input: raw, path });
    return undefined;
  }
  const time: unknown = raw[0];
  const text: unknown = raw[1];
  if (typeof time !== 'number' || !Number.isFinite(time)) {
    ctx.issues.push({ code: 'custom', message: 'expected a sample time in unix seconds', input: time, path: [...path, 0] });
    return undefined;
  }
  const value = typeof text === 'string' ? parseSampleValue(text) : undefined;
  if (value === undefined) {
    ctx.issues.push({ code: 'custom', message: 'expected a sample value as a numeric string', input: text, path: [...path, 1] });
    return undefined;
  }
  return { time, value };
}

const labelsSchema = z.record(z.string(), z.string()).transform(sortedLabels);

const sampleColumnsSchema = z.unknown().transform((raw, ctx): SampleColumns => {
  if (!Array.isArray(raw)) {
    ctx.issues.push({ code: 'custom', message: 'expected a list of samples', input: raw });
    return z.NEVER;
  }
  const timestamps = new Float64Array(raw.length);
  const values = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i += 1) {
    const sample = readSample(raw[i], ctx, [i]);
    if (sample === undefined) return z.NEVER; // one bad sample is enough to reject the body
    timestamps[i] = sample.time;
    values[i] = sample.value;
  }
  return { timestamps, values };
});

const sampleSchema = z.unknown().transform((raw, ctx) => readSample(raw, ctx, []) ?? z.NEVER);

/** The JSON envelope every `/api/v1` answer shares. */
export const envelopeSchema = z.object({
  status: z.enum(['success', 'error']),
  data: z.unknown().optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
});

const matrixSeriesSchema = z.object({
  metric: labelsSchema,
  // Native-histogram series carry `histograms` instead of `values`; they have no float samples for us.
  values: sampleColumnsSchema.optional(),
});

/** `data` of a range query: always a matrix. */
export const matrixSchema = z.object({ resultType: z.literal('matrix'), result: z.array(matrixSeriesSchema) });
export type MatrixData = z.output<typeof matrixSchema>;

/** `data` of an instant query: any of the four result types. */
export const instantDataSchema = z.discriminatedUnion('resultType', [
  matrixSchema,
  z.object({
    resultType: z.literal('vector'),
    result: z.array(z.object({ metric: labelsSchema, value: sampleSchema.optional() })),
  }),
  z.object({ resultType: z.literal('scalar'), result: sampleSchema }),
  z.object({
    resultType: z.literal('string'),
    result: z.tuple([z.number(), z.string()]),
  }),
]);
export type InstantData = z.output<typeof instantDataSchema>;

/** `data` of `/api/v1/series`; some servers write null for none. */
export const seriesListSchema = z.array(labelsSchema).nullable().transform((list) => list ?? []);

/** `data` of `/api/v1/labels` and `/api/v1/label/<name>/values`. */
export const stringListSchema = z.array(z.string()).nullable().transform((list) => list ?? []);

/** `data` of `/api/v1/metadata`: metric name → one entry per distinct metadata seen. */
export const metadataSchema = z.record(
  z.string(),
  z.array(z.object({ type: z.string(), help: z.string().default(''), unit: z.string().default('') })),
);

const stringMapSchema = z
  .record(z.string(), z.string())
  .nullish()
  .transform((map) => sortedLabels(map ?? {}));

/** `data` of `/api/v1/rules`. Recording rules carry no `duration`. */
export const rulesSchema = z.object({
  groups: z.array(
    z.object({
      name: z.string(),
      rules: z.array(
        z.object({
          type: z.string(),
          name: z.string(),
          query: z.string(),
          duration: z.number().optional(),
          labels: stringMapSchema,
          annotations: stringMapSchema,
        }),
      ),
    }),
  ),
});
export type RulesData = z.output<typeof rulesSchema>;

/** `data` of `/api/v1/status/buildinfo`; VictoriaMetrics answers `{}`. */
export const buildInfoSchema = z
  .object({ version: z.string().optional() })
  .nullable()
  .transform((info) => (info?.version === undefined || info.version === '' ? null : { version: info.version }));
