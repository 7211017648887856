import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { TOOL_VERSION } from './version.js';

it('TOOL_VERSION, written into reports and bundles, is the package version', async () => {
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(TOOL_VERSION).toBe(pkg.version);
});
