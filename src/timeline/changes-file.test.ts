import { describe, expect, it } from 'vitest';
import { ChangesFileError, changeKind, parseChanges } from './changes-file.js';
import { splitCsvLine } from './changes-csv.js';

const utc = (iso: string) => Date.parse(iso) / 1000;
const context = { zone: 'Europe/Berlin', windowFrom: utc('2024-06-18T12:00:00Z'), windowTo: utc('2024-06-18T14:00:00Z') };

describe('parseChanges()', () => {
  it('reads a CI log as CSV by column name, keeps the other columns, and skips unreadable lines with their number', () => {
    const text = [
      'Deployed_At,Service,Action,Version,Description,Author',
      '2024-06-18T14:04:10+02:00,cart-api,deploy,2.15.0,"Price rules engine, promotions per line",ci-bot',
      '2024-06-18 15:06,cart-api,rollback,2.14.3,Roll back to 2.14.3,m.keller',
      '2024-06-18 15:07,cart-api,"deploy,2.15.1',
      '2024-06-18 15:09,cart-api,deploy,2.15.1',
      'yesterday,cart-api,deploy,2.15.1,hotfix,ci-bot',
      '1718719800,storefront,Feature Flag,,new checkout button off,p.roth',
    ].join('\n');
    const { entries, problems } = parseChanges(text, 'deploys.csv', context);
    expect(entries).toEqual([
      { file: 'deploys.csv', line: 2, time: utc('2024-06-18T12:04:10Z'), target: 'cart-api', kind: 'deploy', description: 'Price rules engine, promotions per line', fields: { Version: '2.15.0', Author: 'ci-bot' } },
      { file: 'deploys.csv', line: 3, time: utc('2024-06-18T13:06:00Z'), target: 'cart-api', kind: 'rollback', description: 'Roll back to 2.14.3', fields: { Version: '2.14.3', Author: 'm.keller' } },
      { file: 'deploys.csv', line: 7, time: 1718719800, target: 'storefront', kind: 'flag', description: 'new checkout button off', fields: { Author: 'p.roth' } },
    ]);
    expect(problems.map((p) => [p.line, p.reason])).toEqual([
      [4, 'a quoted field is not closed on its line'],
      [5, '4 fields where the header has 6'],
      [6, expect.stringMatching(/^expected a time first/)],
    ]);
  });

  it('reads JSON lines, numbers and nested values included', () => {
    const text = [
      '{"time":"2023-05-13T18:56:00+03:00","service":"auth-service","kind":"config","description":"session upsert order","change":{"id":"CHG-4412"}}',
      '{"time":1684000800,"target":"db1","type":"restart"}',
      '[1, 2]',
      '{"time":"2023-05-13T20:45:00+03:00","kind":"rollback"}',
    ].join('\n');
    const { entries, problems } = parseChanges(text, 'changes.jsonl', context);
    expect(entries.map((e) => [e.line, e.time, e.target, e.kind, e.fields])).toEqual([
      [1, utc('2023-05-13T15:56:00Z'), 'auth-service', 'config', { change: '{"id":"CHG-4412"}' }],
      [2, 1684000800, 'db1', 'restart', {}],
    ]);
    expect(problems.map((p) => [p.line, p.reason])).toEqual([
      [3, 'expected a JSON object per line'],
      [4, expect.stringMatching(/^no service or target/)],
    ]);
  });

  it('refuses a CSV header without a time or target column, naming the file and line', () => {
    expect(() => parseChanges('# CI export\nwhen_done,who\n', 'deploys.csv', context)).toThrow(ChangesFileError);
    expect(() => parseChanges('# CI export\nwhen_done,who\n', 'deploys.csv', context)).toThrow(/^deploys\.csv:2: the header has no time column/);
  });

  it('keeps a kind it does not know as `other`, with its text', () => {
    const { entries } = parseChanges('time,service,kind\n2024-06-18 14:10,db1,vacuum full\n', 'c.csv', context);
    expect(entries[0]).toMatchObject({ kind: 'other', fields: { kind: 'vacuum full' } });
    expect(['Rollout', 'roll back', 'Config', 'reboot', 'scale up', ''].map(changeKind)).toEqual(['deploy', 'rollback', 'config', 'restart', 'scale', 'deploy']);
  });
});

describe('splitCsvLine()', () => {
  it('follows RFC 4180 quoting on one line', () => {
    expect(splitCsvLine('a, "b, ""c""" ,,d')).toEqual({ ok: true, fields: ['a', 'b, "c"', '', 'd'] });
    expect(splitCsvLine('a,"b"c')).toEqual({ ok: false, reason: 'text after a closing quote at column 6' });
    expect(splitCsvLine('a,b"c')).toMatchObject({ ok: false });
  });
});
