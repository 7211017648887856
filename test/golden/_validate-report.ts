import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { closedReportJsonSchema, REPORT_SCHEMA_PATH } from '../../reports/report-schema.js';

/**
 * Validators of a JSON report: against the committed `reports/report.schema.json` (what users read,
 * open to added fields) and against the closed variant (no field may go undescribed). ajv, not the
 * zod schema itself, so the check is the one a user of the JSON file would run.
 */
function compile(schema: Record<string, unknown>): ValidateFunction {
  return new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
}

let validators: { committed: ValidateFunction; closed: ValidateFunction } | undefined;

/**
 * Problems of a parsed report against both schemas, one line each (`/anomalies/0/rank must be number`);
 * empty when it is valid.
 */
export function reportSchemaProblems(report: unknown): string[] {
  validators ??= {
    committed: compile(JSON.parse(readFileSync(new URL(`../../${REPORT_SCHEMA_PATH}`, import.meta.url), 'utf8')) as Record<string, unknown>),
    closed: compile(closedReportJsonSchema()),
  };
  const problems: string[] = [];
  for (const [name, validate] of Object.entries(validators)) {
    if (validate(report)) continue;
    for (const error of validate.errors ?? []) {
      problems.push(`${name}: ${error.instancePath || '(root)'} ${error.message ?? ''}${error.params === undefined ? '' : ` ${JSON.stringify(error.params)}`}`);
    }
  }
  return problems;
}
