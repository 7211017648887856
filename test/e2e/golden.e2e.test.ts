import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstDifference, GOLDEN_DIR, goldenCases } from '../golden/_golden-cases.js';
import { reportSchemaProblems } from '../golden/_validate-report.js';
import { runCli } from './_run-cli.js';

// The reports of the bundled samples, byte for byte: any change to what a reader sees shows here,
// and is either a bug or a deliberate change to review and record with `npm run golden`.
describe('golden reports of the bundled samples', () => {
  const cases = goldenCases();

  it('there is a golden report for every sample and format', () => {
    expect(cases.map((c) => c.file)).toContain('db-slow-query.md');
    expect(cases.map((c) => c.file)).toContain('db-slow-query.json');
    expect(cases.map((c) => c.file)).toContain('db-slow-query.html');
  });

  for (const { file, args } of cases) {
    it(`incident-timeline ${args.join(' ')} writes test/golden/${file}`, async () => {
      const golden = readFileSync(join(GOLDEN_DIR, file), 'utf8');
      const run = await runCli(args);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      const difference = firstDifference(golden, run.stdout);
      // The message says what to do: nothing, if the change was a bug; `npm run golden`, if deliberate.
      expect(difference, `test/golden/${file} differs from the report now written; after a deliberate change run \`npm run golden\` and review \`git diff test/golden\``).toBeNull();
      if (file.endsWith('.json')) expect(reportSchemaProblems(JSON.parse(golden))).toEqual([]);
    });
  }
});
