import type { LogFormat } from '../model/log.js';
import { accessLineDecoder } from './access-line.js';
import type { DecodeContext, LogDecoder } from './decoder.js';
import { journaldDecoder } from './journald.js';
import { jsonDecoder } from './json-lines.js';
import { logfmtDecoder } from './logfmt.js';
import { mysqlSlowDecoder } from './mysql-slow.js';
import { postgresJsonDecoder } from './postgres-json.js';
import { postgresStderrDecoder } from './postgres-stderr.js';
import { syslogDecoder } from './syslog.js';

const DECODERS: Readonly<Record<LogFormat, (context: DecodeContext) => LogDecoder>> = {
  json: jsonDecoder,
  logfmt: logfmtDecoder,
  combined: accessLineDecoder,
  common: accessLineDecoder,
  postgres: postgresStderrDecoder,
  'postgres-json': postgresJsonDecoder,
  'mysql-slow': mysqlSlowDecoder,
  syslog: syslogDecoder,
  journald: journaldDecoder,
};

/** The names `--log-format` accepts, in the order the help lists them. */
export const LOG_FORMATS: readonly LogFormat[] = ['json', 'logfmt', 'combined', 'common', 'postgres', 'postgres-json', 'mysql-slow', 'syslog', 'journald'];

/** Whether a `--log-format` value names a format. */
export function isLogFormat(value: string): value is LogFormat {
  return (LOG_FORMATS as readonly string[]).includes(value);
}

/**
 * A fresh decoder of `format` for one file (decoders of multi-line formats hold state).
 *
 * @example createDecoder('postgres', { source: 'postgresql-15-main.log', zone: 'UTC', near })
 */
export function createDecoder(format: LogFormat, context: DecodeContext): LogDecoder {
  return DECODERS[format](context);
}
