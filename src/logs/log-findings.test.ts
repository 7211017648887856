import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../model/log.js';
import type { TimeWindow } from '../model/time.js';
import { decodeLines, utc } from './_testing.js';
import { createLogFindings } from './log-findings.js';

const WINDOW: TimeWindow = { lookbackFrom: utc('2023-05-13T15:00:00Z'), from: utc('2023-05-13T16:00:00Z'), to: utc('2023-05-13T17:00:00Z'), stepSeconds: 60, timezone: 'UTC' };
const PG = 'postgresql-15-main.log';

/** A PostgreSQL 15 deadlock report at `time` between processes a and b, as the stderr log prints it. */
function deadlock(time: string, a: number, b: number): string {
  const prefix = (pid: number) => `${time} UTC [${pid}] auth@auth`;
  return `${prefix(a)} ERROR:  deadlock detected
${prefix(a)} DETAIL:  Process ${a} waits for ShareLock on transaction 748; blocked by process ${b}.
	Process ${b} waits for ShareLock on transaction 747; blocked by process ${a}.
	Process ${a}: UPDATE accounts SET balance = balance - 100 WHERE id = 1;
	Process ${b}: UPDATE accounts SET balance = balance + 100 WHERE id = 2;
${prefix(a)} HINT:  See server log for query details.
${prefix(a)} CONTEXT:  while updating tuple (0,1) in relation "accounts"
${prefix(a)} STATEMENT:  UPDATE accounts SET balance = balance - 100 WHERE id = 1;`;
}

function findings(records: readonly LogRecord[]) {
  const fold = createLogFindings(WINDOW);
  for (const record of records) fold.add(record);
  return fold.finish();
}

describe('createLogFindings()', () => {
  const text = [
    '2023-05-13 15:30:00.000 UTC [27] LOG:  checkpoint starting: time',
    deadlock('2023-05-13 16:00:01.234', 4123, 4124),
    deadlock('2023-05-13 16:00:31.000', 4130, 4131),
    deadlock('2023-05-13 16:02:10.500', 4140, 4141),
    '2023-05-13 16:20:00.000 UTC [4300] FATAL:  sorry, too many clients already',
    '2023-05-13 16:20:40.000 UTC [4301] FATAL:  sorry, too many clients already',
    '2023-05-13 16:40:00.000 UTC [4302] FATAL:  sorry, too many clients already',
    '2023-05-13 16:59:00.000 UTC [27] LOG:  checkpoint complete',
  ].join('\n');
  const { records } = decodeLines('postgres', text, { source: PG });

  it('rates error lines per file on the grid, NaN where the file says nothing', () => {
    const { signals } = findings(records);
    expect(signals).toHaveLength(1);
    const [series] = signals[0]!.series;
    expect(series!.labels).toEqual({ source: PG });
    const at = (iso: string) => series!.values[(utc(iso) - WINDOW.lookbackFrom) / 60];
    expect(at('2023-05-13T15:29:00Z')).toBeNaN();
    expect(at('2023-05-13T15:30:00Z')).toBe(0);
    expect(at('2023-05-13T16:01:00Z')).toBeCloseTo(2 / 60); // two deadlocks in (16:00, 16:01]
    expect(at('2023-05-13T16:03:00Z')).toBeCloseTo(1 / 60);
    expect(at('2023-05-13T16:59:00Z')).toBe(0);
    expect(at('2023-05-13T17:00:00Z')).toBeNaN();
  });

  it('makes deadlock and failure episodes into events with counts and both statements', () => {
    const { events } = findings(records);
    expect(events.map((e) => [e.time, e.title])).toEqual([
      [utc('2023-05-13T16:00:01Z') + 0.234, `Deadlock ×3 (${PG}): UPDATE accounts SET balance = balance + 100 WHERE id = 2; ↔ UPDATE accounts SET balance = balance - 100 WHERE id = 1;`],
      [utc('2023-05-13T16:20:00Z'), `Too many connections ×2 (${PG})`],
      [utc('2023-05-13T16:40:00Z'), `Too many connections (${PG})`],
    ]);
    expect(events[0]!.evidence).toMatchObject({ count: 3, first_line: 2, example: 'deadlock detected', until: utc('2023-05-13T16:03:00Z') });
    expect(events[0]!.labels).toEqual({ failure: 'deadlock', file: PG });
  });

  it('gives the same findings whatever order the records come in', () => {
    const forward = findings(records);
    const backward = findings([...records].reverse());
    expect(backward.events).toEqual(forward.events);
    expect(Array.from(backward.signals[0]!.series[0]!.values)).toEqual(Array.from(forward.signals[0]!.series[0]!.values));
  });

  it('leaves out episodes that end before the window and records outside the lookback', () => {
    const early = decodeLines('postgres', '2023-05-13 15:10:00.000 UTC [1] FATAL:  sorry, too many clients already\n2023-05-13 14:00:00.000 UTC [1] FATAL:  sorry, too many clients already', { source: PG }).records;
    const { events, signals } = findings(early);
    expect(events).toEqual([]);
    expect(signals[0]!.series[0]!.values.filter((v) => v > 0)).toHaveLength(1);
  });
});
