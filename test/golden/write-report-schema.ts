// `npm run schema`: writes reports/report.schema.json from the zod schema (I/O stays out of reports/, which is pure).
import { writeFileSync } from 'node:fs';
import { REPORT_SCHEMA_PATH, reportJsonSchemaText } from '../../reports/report-schema.js';

writeFileSync(REPORT_SCHEMA_PATH, reportJsonSchemaText());
process.stdout.write(`${REPORT_SCHEMA_PATH} written\n`);
