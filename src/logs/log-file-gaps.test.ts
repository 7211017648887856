import { describe, expect, it } from 'vitest';
import type { LogFileReport } from '../model/log.js';
import { logFileGaps } from './log-file-gaps.js';

const READ_WHOLE: LogFileReport = {
  path: '/var/log/nginx/access.log.2.gz',
  format: 'combined',
  formatFrom: 'detected',
  lines: 120_000,
  entries: 120_000,
  kept: 40_000,
  unreadable: 0,
  firstUnreadable: null,
  error: null,
  earliest: 1683936000,
  latest: 1684022399,
};

describe('logFileGaps()', () => {
  it('gives none for a file read whole', () => {
    expect(logFileGaps(READ_WHOLE)).toEqual([]);
  });

  it('names a truncated file and the unreadable lines with the first one', () => {
    const report: LogFileReport = {
      ...READ_WHOLE,
      lines: 61_234,
      unreadable: 3,
      firstUnreadable: { line: 17, reason: 'binary data (NUL bytes)', example: '???ELF' },
      error: 'truncated gzip (unexpected end of file)',
    };
    expect(logFileGaps(report)).toEqual([
      { source: 'logs', what: report.path, reason: 'truncated gzip (unexpected end of file); the 61234 lines before it were used' },
      { source: 'logs', what: report.path, reason: '3 of 61234 lines unreadable as combined and skipped; the first at line 17: binary data (NUL bytes) ("???ELF")' },
    ]);
  });
});
