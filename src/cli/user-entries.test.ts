import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Evidence } from '../model/evidence.js';
import type { Progress } from './progress.js';
import { readEntryTexts, withUserEntries } from './user-entries.js';
import { UsageError } from './usage-error.js';

const dir = mkdtempSync(join(tmpdir(), 'incident-timeline-user-entries-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function recorder(): Progress & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, step: () => {}, start: () => {}, increment: () => {}, stop: () => {}, warn: (text) => warnings.push(text), waiting: () => () => {} };
}

const from = Date.parse('2023-05-13T16:00:00Z') / 1000;
const evidence: Evidence = {
  window: { from, to: from + 7200, lookbackFrom: from - 86_400, stepSeconds: 15, timezone: 'Africa/Nairobi' },
  source: { kind: 'prometheus', url: 'http://prometheus:9090', version: null },
  signals: [],
  alerts: { alerts: [], forState: [], rules: [] },
  gaps: [{ source: 'prometheus', what: 'up', reason: 'HTTP 503' }],
  toolVersion: '0.1.0',
};

describe('readEntryTexts() and withUserEntries()', () => {
  it('reads the files, parses them in the window and zone, and makes each bad line a gap and one warning', async () => {
    const texts = await readEntryTexts({
      changes: [file('deploys.csv', 'time,service,kind\n18:56,auth-service,config\n18:57,auth-service\n')],
      notes: [file('a.txt', '19:05 DBAs alerted\n'), file('b.txt', '20:45 rolled back\nlater\n')],
    });
    const progress = recorder();
    const out = withUserEntries(evidence, texts, progress);
    expect(out.changes?.map((c) => [c.time - from, c.target, c.kind])).toEqual([[-240, 'auth-service', 'config']]);
    expect(out.notes?.map((n) => [n.time - from, n.file.endsWith('a.txt') ? 'a' : 'b', n.line])).toEqual([[300, 'a', 1], [6300, 'b', 1]]);
    expect(out.gaps.map((g) => [g.source, g.what])).toEqual([
      ['prometheus', 'up'],
      ['changes', `${join(dir, 'deploys.csv')}:3`],
      ['notes', `${join(dir, 'b.txt')}:2`],
    ]);
    expect(progress.warnings).toEqual([
      `--changes ${join(dir, 'deploys.csv')}:3: 2 fields where the header has 3; line skipped`,
      `--notes ${join(dir, 'b.txt')}:2: expected a time first, like "19:05", "7:05 PM" or "2023-05-13 19:05"; line skipped`,
    ]);
  });

  it('replaces what a bundle held of a kind given again, with its skipped lines, and keeps the rest', async () => {
    const bundled: Evidence = {
      ...evidence,
      notes: [{ file: 'old.txt', line: 1, time: from, text: 'old note' }],
      changes: [{ file: 'old.csv', line: 2, time: from, target: 'db1', kind: 'restart', description: '', fields: {} }],
      gaps: [...evidence.gaps, { source: 'notes', what: 'old.txt:2', reason: 'x; line skipped' }],
    };
    const out = withUserEntries(bundled, await readEntryTexts({ notes: [file('new.txt', '19:10 paged the DBA\n')] }), recorder());
    expect(out.notes?.map((n) => n.text)).toEqual(['paged the DBA']);
    expect(out.changes).toBe(bundled.changes);
    expect(out.gaps).toEqual(evidence.gaps);
    expect(withUserEntries(bundled, { changes: [], notes: [] }, recorder())).toBe(bundled);
  });

  it('refuses a missing file and a changes header without a time column, naming the flag and file', async () => {
    await expect(readEntryTexts({ notes: [join(dir, 'missing.txt')] })).rejects.toThrow(new UsageError(`--notes ${join(dir, 'missing.txt')} does not exist: expected a readable text file of notes, one "19:05 text" per line`));
    await expect(readEntryTexts({ changes: [dir] })).rejects.toThrow(/^--changes .* is a folder, not a file: expected a readable CSV or JSON-lines file of changes$/);
    await expect(readEntryTexts({ changes: [file('bad.csv', 'finished,service\n')] })).rejects.toThrow(/bad\.csv:1: the header has no time column/);
  });
});
