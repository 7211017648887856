import { describe, expect, it } from 'vitest';
import type { UserChange } from '../model/change.js';
import { userChangeEvents } from './changes-given.js';
import { noteEvents } from './notes-events.js';

const change = (overrides: Partial<UserChange>): UserChange => ({
  file: 'deploys.csv', line: 3, time: 1_718_712_255, target: 'cart-api', kind: 'deploy', description: '2.15.0: price rules engine', fields: { version: '2.15.0', author: 'ci-bot' }, ...overrides,
});

describe('userChangeEvents()', () => {
  it('writes each change as a postmortem line citing its file and line, with every column as evidence', () => {
    expect(userChangeEvents([change({})])).toEqual([
      {
        time: 1_718_712_255, kind: 'change', source: 'changes', title: 'Deploy of cart-api: 2.15.0: price rules engine', labels: { target: 'cart-api' },
        evidence: { version: '2.15.0', author: 'ci-bot', file: 'deploys.csv', line: 3, changeKind: 'deploy', target: 'cart-api' },
      },
    ]);
  });

  it('makes a restart a restart event, and keeps the text of a kind it does not know', () => {
    const [restart, other, bare] = userChangeEvents([
      change({ kind: 'restart', target: 'db1', description: 'pg_ctl restart -m immediate' }),
      change({ kind: 'other', target: 'db1', description: 'on orders', fields: { kind: 'vacuum full' } }),
      change({ kind: 'rollback', description: '' }),
    ]);
    expect([restart?.kind, restart?.title]).toEqual(['restart', 'Restart of db1: pg_ctl restart -m immediate']);
    expect(other?.title).toBe('Change on db1 (vacuum full): on orders');
    expect(bare?.title).toBe('Rollback of cart-api');
  });
});

describe('noteEvents()', () => {
  it('writes each note as a note event citing its file and line', () => {
    expect(noteEvents([{ file: 'notes.txt', line: 4, time: 1_683_993_900, text: 'DBAs alerted' }])).toEqual([
      { time: 1_683_993_900, kind: 'note', source: 'notes', title: 'DBAs alerted', labels: {}, evidence: { file: 'notes.txt', line: 4 } },
    ]);
  });
});
