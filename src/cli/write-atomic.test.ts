import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './write-atomic.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'write-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic()', () => {
  it('replaces a file whole and leaves no temporary file behind', async () => {
    const path = join(dir, 'report.md');
    await writeFileAtomic(path, 'first');
    await writeFileAtomic(path, 'second');
    expect(await readFile(path, 'utf8')).toBe('second');
    expect(await readdir(dir)).toEqual(['report.md']);
  });

  it('writes into /dev/null instead of renaming a regular file over it', async () => {
    await writeFileAtomic('/dev/null', 'discarded');
    expect((await stat('/dev/null')).isCharacterDevice()).toBe(true);
  });

  it('names the path and the reason when the folder is missing, leaving nothing', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'r.md'), 'x')).rejects.toThrow(/--out .*missing\/r\.md cannot be written: its folder does not exist/);
    expect(await readdir(dir)).toEqual([]);
  });
});
