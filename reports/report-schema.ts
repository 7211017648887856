import { z } from 'zod';
import type { ReportJson } from './json.js';

/**
 * The JSON report (`--format json`) as a zod schema: the source of `reports/report.schema.json`
 * (JSON Schema draft 2020-12, written by `npm run schema`), for readers in any language. The
 * field names and meanings are the contract's (../shared/design/CONTRACT.md). The committed file
 * leaves objects open (extra fields allowed) because the contract lets later versions add fields;
 * the tests also validate against the closed variant (`closedReportJsonSchema`), so a field written
 * but not described fails them. `SchemaMatchesReport` checks at compile time, both ways, that this
 * schema and the `ReportJson` type agree.
 */

/** `2023-10-15T06:03:00Z`: UTC, whole seconds. */
const isoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/).describe('ISO-8601 UTC time, whole seconds');
const time = isoTime.nullable();
/** JSON has no NaN or infinity: an unknown or non-finite number is null. */
const num = z.number().nullable();
const labels = z.record(z.string(), z.string()).describe('label set, keys sorted');

const category = z.enum(['change', 'database', 'saturation', 'network', 'process', 'availability', 'dependency', 'errors', 'latency', 'traffic', 'custom']);
const unit = z.enum(['ratio', 'seconds', 'bytes', 'per_second', 'count', 'unix_seconds', 'other']);
const baselineMethod = z.enum(['lookback', 'window', 'day_before', 'week_before', 'trend', 'absent']);
const anomalyKind = z.enum(['spike', 'level_shift', 'trend', 'drop', 'flatline', 'vanished', 'appeared']);
const eventKind = z.enum(['change', 'restart', 'anomaly_start', 'anomaly_end', 'alert_pending', 'alert_firing', 'alert_resolved', 'log', 'note', 'silence']);
const eventSource = z.enum(['prometheus', 'alerts', 'logs', 'notes', 'changes']);

/** One record per phase, every phase present. */
function perPhase<T extends z.ZodType>(value: T) {
  return z.object({
    trigger: value,
    onset: value,
    detected: value,
    mitigated: value,
    recovered: value,
    resolved: value,
  });
}

const baseline = z.object({ value: num, spread: num, method: baselineMethod, samples: num });

const anomaly = z.object({
  rank: num,
  signal: z.string(),
  title: z.string(),
  category,
  unit,
  userFacing: z.boolean(),
  query: z.string(),
  labels,
  kind: anomalyKind,
  direction: z.enum(['up', 'down']),
  onset: time,
  end: time,
  peak: z.object({ time, value: num }),
  baseline,
  score: num,
  rankReasons: z.array(z.string()),
});

const event = z.object({
  time,
  kind: eventKind,
  source: eventSource,
  title: z.string(),
  labels,
  evidence: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

const alert = z.object({
  alertname: z.string(),
  labels,
  pendingAt: time,
  firingAt: time,
  resolvedAt: time,
  rule: z
    .object({ name: z.string(), group: z.string(), expr: z.string(), forSeconds: num, labels, annotations: labels })
    .nullable(),
  episodes: z.number().int(),
  flapping: z.boolean(),
  sources: z.array(z.string()),
  annotations: labels.nullable(),
  alertmanager: z.object({ state: z.string(), silencedBy: z.array(z.string()), inhibitedBy: z.array(z.string()) }).nullable(),
});

const affectedUsers = z.object({
  percent: num,
  low: num,
  high: num,
  method: z.string(),
  basis: z.enum(['users', 'requests']).nullable().optional(),
  affected: num.optional(),
  total: num.optional(),
  census: z.boolean().nullable().optional(),
});

const requests = z.object({
  total: num,
  failed: num,
  slow: num,
  slowThresholdSeconds: num,
  method: z.string(),
  badRatio: num,
});

const chainLink = z.object({
  role: z.enum(['trigger', 'cause', 'effect', 'symptom', 'alert']),
  source: z.enum(['anomaly', 'event', 'alert']),
  signal: z.string(),
  title: z.string(),
  labels,
  query: z.string().nullable(),
  onset: time,
  rank: num,
  value: num,
  peak: z.object({ time, value: num }).nullable(),
  baseline: baseline.nullable(),
  unit: unit.nullable(),
  score: num,
  graph: z.string().nullable(),
});

export const reportSchema = z
  .object({
    schemaVersion: z.literal(1),
    toolVersion: z.string(),
    source: z.object({ kind: z.string(), url: z.string(), version: z.string().nullable() }),
    window: z.object({ from: time, to: time, lookbackFrom: time, timezone: z.string(), stepSeconds: num }),
    anomalies: z.array(anomaly).describe('rank 1 (the most likely culprit) first'),
    alerts: z.array(alert),
    events: z.array(event).describe('the timeline, in time order'),
    phases: perPhase(time),
    phaseCauses: perPhase(z.string().nullable()),
    phaseEvidence: perPhase(event.nullable()),
    durations: z.object({
      timeToDetectSeconds: num,
      timeToMitigateSeconds: num,
      timeToRecoverSeconds: num,
      timeToResolveSeconds: num,
    }),
    impact: z.object({
      affectedUsers: affectedUsers.nullable(),
      requests: requests.nullable(),
      segments: z.array(z.object({ segment: z.string(), affectedUsers })),
      requestsFromLogs: requests.nullable(),
      traffic: z
        .object({
          expected: num,
          seen: num,
          deficit: num,
          percent: num,
          reference: z.string(),
          method: z.string(),
          usualPercent: num,
        })
        .nullable(),
      slo: z
        .object({
          objectivePercent: num,
          periodSeconds: num,
          periodRequests: num,
          budgetRequests: num,
          badRequests: num,
          burnedPercent: num,
          method: z.string(),
        })
        .nullable(),
      accessLogs: z.array(
        z.object({
          path: z.string(),
          format: z.string(),
          lines: z.number(),
          inWindow: z.number(),
          withoutUser: z.number(),
          unreadable: z.number(),
          firstUnreadable: z.object({ line: z.number(), reason: z.string() }).nullable(),
          error: z.string().nullable(),
          earliest: time,
          latest: time,
        }),
      ),
    }),
    checkedNormal: z.array(z.object({ signal: z.string(), title: z.string(), category, labels })),
    unjudged: z.array(z.object({ signal: z.string(), labels, reason: z.string() })),
    dataGaps: z.array(z.object({ source: z.string(), what: z.string(), reason: z.string() })),
    hypotheses: z.array(z.object({ rank: z.number(), summary: z.string(), reasons: z.array(z.string()), chain: z.array(chainLink) })),
    episodes: z.array(
      z.object({ id: z.number(), incident: z.boolean(), from: time, to: time, title: z.string(), ranks: z.array(z.number()) }),
    ),
    logs: z
      .object({
        files: z.array(z.object({ path: z.string(), format: z.string(), lines: z.number(), kept: z.number(), unreadable: z.number() })),
        templates: z
          .object({
            distinct: z.number(),
            overflowLines: z.number(),
            new: z.array(z.object({ template: z.string(), lookback: z.number(), window: z.number(), example: z.string() })),
            grown: z.array(z.object({ template: z.string(), lookback: z.number(), window: z.number(), example: z.string(), growth: z.number() })),
          })
          .nullable(),
        slowStatements: z.array(
          z.object({ statement: z.string(), calls: z.number(), totalSeconds: z.number(), maxSeconds: z.number(), first: time, source: z.string() }),
        ),
      })
      .nullable(),
  })
  .describe('incident-timeline JSON report (--format json)');

/** Where the generated JSON Schema lives, relative to the repository root. */
export const REPORT_SCHEMA_PATH = 'reports/report.schema.json';

/**
 * The report's JSON Schema (draft 2020-12) as the text committed at `REPORT_SCHEMA_PATH`: stable key
 * order from the zod schema, two-space indent, trailing newline.
 *
 * @example JSON.parse(reportJsonSchemaText()).$schema // 'https://json-schema.org/draft/2020-12/schema'
 */
export function reportJsonSchemaText(): string {
  const schema = z.toJSONSchema(reportSchema, { target: 'draft-2020-12', io: 'input' });
  return `${JSON.stringify({ ...schema, title: 'incident-timeline report' }, null, 2)}\n`;
}

/**
 * The same schema with every object closed (`additionalProperties: false`): what the tests validate
 * this version's reports against, so an undescribed field is caught.
 */
export function closedReportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(reportSchema, { target: 'draft-2020-12', io: 'output' });
}

/**
 * Recursively readonly, to compare the schema's inferred type with `ReportJson` (all readonly); an
 * optional field's `| undefined` (zod's) is dropped, as JSON has no undefined.
 */
type DeepReadonly<T> = T extends readonly (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<Exclude<T[K], undefined>> }
    : T;

type Schema = DeepReadonly<z.infer<typeof reportSchema>>;
/**
 * Compile-time check that the schema and `ReportJson` agree: every report `renderJson` can write
 * fits the schema's type, and every value of the schema's type is a `ReportJson`. A field added to
 * one and not the other fails `npm run typecheck`.
 */
export type SchemaMatchesReport = [ReportJson] extends [Schema] ? ([Schema] extends [ReportJson] ? true : 'schema allows what ReportJson does not') : 'ReportJson has what the schema lacks';
const schemaMatchesReport: SchemaMatchesReport = true;
void schemaMatchesReport;
