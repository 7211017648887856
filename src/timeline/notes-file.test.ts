import { describe, expect, it } from 'vitest';
import { parseNotes } from './notes-file.js';

const utc = (iso: string) => Date.parse(iso) / 1000;
const context = { zone: 'Africa/Nairobi', windowFrom: utc('2023-05-13T16:00:00Z'), windowTo: utc('2023-05-13T18:00:00Z') };

describe('parseNotes()', () => {
  it('reads one note per line, skips blanks and comments, and reports each unreadable line by number', () => {
    const text = [
      '# #inc-auth, exported from Slack',
      '',
      '- 19:05 Support forwards user reports: login fails; DBAs alerted',
      'looking at db1 now',
      '20:35 DBAs: the config change from 18:56 causes deadlocks',
      '20:45',
      '* 8:45 PM EAT Config rolled back, DB restarted',
    ].join('\r\n');
    const { entries, problems } = parseNotes(text, 'notes.txt', context);
    expect(entries.map((n) => [n.line, new Date(n.time * 1000).toISOString(), n.text])).toEqual([
      [3, '2023-05-13T16:05:00.000Z', 'Support forwards user reports: login fails; DBAs alerted'],
      [5, '2023-05-13T17:35:00.000Z', 'DBAs: the config change from 18:56 causes deadlocks'],
      [7, '2023-05-13T17:45:00.000Z', 'Config rolled back, DB restarted'],
    ]);
    expect(problems.map((p) => [p.file, p.line])).toEqual([
      ['notes.txt', 4],
      ['notes.txt', 6],
    ]);
    expect(problems[0]?.reason).toMatch(/expected a time first/);
    expect(problems[1]?.reason).toMatch(/nothing after the time/);
  });

  it('reads an empty file as no notes', () => {
    expect(parseNotes('', 'notes.txt', context)).toEqual({ entries: [], problems: [] });
  });
});
