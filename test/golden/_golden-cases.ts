import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root, where the CLI runs and sample paths are relative to. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where the golden reports live, beside this file. */
export const GOLDEN_DIR = fileURLToPath(new URL('./', import.meta.url));

const FORMATS = [
  { format: 'markdown', extension: 'md' },
  { format: 'json', extension: 'json' },
  { format: 'html', extension: 'html' },
] as const;

export interface GoldenCase {
  /** File name under test/golden/, e.g. `db-slow-query.md`. */
  readonly file: string;
  /** Arguments of `incident-timeline`. */
  readonly args: readonly string[];
}

/**
 * One golden report per bundled sample (`samples/*.evidence.json.gz`) and format: a new sample gets
 * its goldens from `npm run golden` without a line changed here.
 */
export function goldenCases(): GoldenCase[] {
  const samples = readdirSync(new URL('../../samples/', import.meta.url))
    .filter((name) => name.endsWith('.evidence.json.gz'))
    .sort();
  return samples.flatMap((sample) =>
    FORMATS.map(({ format, extension }) => ({
      file: `${sample.replace(/\.evidence\.json\.gz$/, '')}.${extension}`,
      args: ['reconstruct', '--bundle', `samples/${sample}`, '--format', format, '--quiet'],
    })),
  );
}

/**
 * Where two texts first differ, as a line a reader can act on: the line number and both lines, cut
 * to 200 characters (an HTML line can be a whole script). Null when they are equal.
 */
export function firstDifference(expected: string, actual: string): string | null {
  if (expected === actual) return null;
  const a = expected.split('\n');
  const b = actual.split('\n');
  let line = 0;
  while (line < a.length && line < b.length && a[line] === b[line]) line++;
  const cut = (text: string | undefined) => (text === undefined ? '(end of file)' : JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text));
  return `line ${line + 1} differs:\n  golden: ${cut(a[line])}\n  now:    ${cut(b[line])}`;
}
