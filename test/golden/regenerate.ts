/**
 * `npm run golden`: rewrites the golden reports (test/golden/*.md, *.json, *.html) from the bundled
 * samples, through the real command line, as test/e2e/golden.e2e.test.ts runs it. Run it after a
 * deliberate change to a report, and review the diff (`git diff test/golden`) before committing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../e2e/_run-cli.js';
import { GOLDEN_DIR, goldenCases } from './_golden-cases.js';

async function main(): Promise<number> {
  for (const { file, args } of goldenCases()) {
    const run = await runCli(args);
    if (run.code !== 0) {
      process.stderr.write(`incident-timeline ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
      return 1;
    }
    writeFileSync(join(GOLDEN_DIR, file), run.stdout);
    process.stdout.write(`test/golden/${file} (${run.stdout.length} characters)\n`);
  }
  return 0;
}

process.exitCode = await main();
