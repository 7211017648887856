import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reportSchemaProblems } from '../test/golden/_validate-report.js';
import { renderJson } from './json.js';
import { REPORT_SCHEMA_PATH, reportJsonSchemaText } from './report-schema.js';
import { anomaly, authDeadlock, emptyReconstruction, event, utc } from './_testing.js';

function parsed(text: string): Record<string, unknown> {
  return JSON.parse(text) as Record<string, unknown>;
}

describe('report JSON Schema', () => {
  it('the committed reports/report.schema.json is the one the zod schema generates', () => {
    const committed = readFileSync(new URL(`../${REPORT_SCHEMA_PATH}`, import.meta.url), 'utf8');
    // On failure: run `npm run schema` after a deliberate change to reports/report-schema.ts.
    expect(committed, 'reports/report.schema.json is stale: run `npm run schema`').toBe(reportJsonSchemaText());
    expect(parsed(committed)['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('reports of an outage and of an empty window validate against the schema', () => {
    expect(reportSchemaProblems(parsed(renderJson(authDeadlock())))).toEqual([]);
    expect(reportSchemaProblems(parsed(renderJson(emptyReconstruction())))).toEqual([]);
  });

  it('non-finite numbers and open anomalies (null end, NaN score) still validate', () => {
    const open = anomaly({ rank: 1, end: null, score: Number.NaN, peak: { time: utc('2023-05-13T16:12:00Z'), value: Infinity } });
    const report = renderJson(emptyReconstruction({ anomalies: [open], events: [event({ evidence: { value: Number.NaN, query: 'up' } })] }));
    expect(reportSchemaProblems(parsed(report))).toEqual([]);
  });

  it('a report with a renamed, retyped or undescribed field fails validation, naming where', () => {
    const report = parsed(renderJson(authDeadlock()));
    const anomalies = report['anomalies'] as Record<string, unknown>[];
    const top = anomalies[0] as Record<string, unknown>;
    const renamed = { ...report, anomalies: [{ ...top, rank: undefined, ranking: top['rank'] }] };
    expect(reportSchemaProblems(JSON.parse(JSON.stringify(renamed)))).toContain("committed: /anomalies/0 must have required property 'rank' {\"missingProperty\":\"rank\"}");
    const retyped = { ...report, phases: { ...(report['phases'] as object), onset: '2023-05-13 19:00' } };
    expect(reportSchemaProblems(retyped).some((line) => line.startsWith('committed: /phases/onset'))).toBe(true);
    const extra = { ...report, window: { ...(report['window'] as object), zone: 'EAT' } };
    const problems = reportSchemaProblems(extra);
    // Added fields are allowed to readers (the contract's "extend freely"), not to this version's own reports.
    expect(problems.some((line) => line.startsWith('committed:'))).toBe(false);
    expect(problems).toContain('closed: /window must NOT have additional properties {"additionalProperty":"zone"}');
  });
});
