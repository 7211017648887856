import type { LogLevel } from '../model/log.js';
import { lineDecoder, type DecodeContext, type LogDecoder } from './decoder.js';
import { clip, MAX_MESSAGE_CHARS } from './fields.js';
import { levelOfSeverity, levelOfText } from './level.js';
import { createLogTimeReader } from './log-time.js';

/** RFC 3164 as rsyslog / syslog-ng files keep it: optional `<PRI>`, `May 13 19:00:01`, host, the rest. */
const RFC3164 = /^(?:<(\d{1,3})>)?([A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}(?:\.\d+)?) (\S+) (.*)$/;
/** rsyslog's `RSYSLOG_FileFormat`: an RFC 3339 time instead of the 3164 one, then host and the rest. */
const RFC3339_FILE = /^(?:<(\d{1,3})>)?(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})) (\S+) (.*)$/;
/** RFC 5424: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG`. */
const RFC5424 = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (.*)$/;
/** `tag[pid]: message` of RFC 3164 (the tag is the program name). */
const TAG = /^([^\s:[\]]{1,64})(?:\[(\d+)\])?: ?(.*)$/;
const BOM = '\ufeff';

function levelOf(priority: string | undefined, message: string): LogLevel {
  if (priority === undefined) return levelOfText(message);
  const value = Number(priority);
  return value <= 191 ? levelOfSeverity(value % 8) : 'unknown';
}

/** Skips RFC 5424 STRUCTURED-DATA (`-` or `[id k="v"]…`, `\]` escaped inside values); returns where MSG begins, or -1. */
function afterStructuredData(text: string): number {
  if (text.startsWith('-')) return 1;
  let at = 0;
  while (text.charCodeAt(at) === 91 /* [ */) {
    let inValue = false;
    at++;
    for (;;) {
      if (at >= text.length) return -1;
      const code = text.charCodeAt(at);
      if (code === 92 /* \ */ && inValue) at += 2;
      else {
        if (code === 34 /* " */) inValue = !inValue;
        else if (code === 93 /* ] */ && !inValue) break;
        at++;
      }
    }
    at++;
  }
  return at === 0 ? -1 : at;
}

/**
 * Syslog lines, RFC 3164 (with or without `<PRI>`; no year, so the year nearest the window is taken,
 * which also handles New Year) and RFC 5424, told apart per line. Level from the priority's severity;
 * a 3164 line without one gets a level only from clear words (`ERROR`, `error:`, `FATAL`).
 * Fields: `host`, `app`, `pid`, and `msgid` for 5424.
 *
 * @example syslogDecoder(context).push('May 13 19:00:01 db1 kernel: Out of memory: Killed process 4123 (postgres)', 1, sink)
 */
export function syslogDecoder(context: DecodeContext): LogDecoder {
  const times = createLogTimeReader(context.zone);
  return lineDecoder((text, line, sink) => {
    const rfc5424 = RFC5424.exec(text);
    if (rfc5424 !== null) {
      const [, priority, stamp, host, app, procid, msgid, rest] = rfc5424 as unknown as [string, string, string, string, string, string, string, string];
      const time = stamp === '-' ? null : times.text(stamp);
      if (time === null) return sink.unreadable(line, `syslog time ${clip(stamp, 40)} not understood`, text);
      const start = afterStructuredData(rest);
      if (start === -1) return sink.unreadable(line, 'RFC 5424 structured data not closed', text);
      let message = rest.slice(start).replace(/^ /, '');
      if (message.startsWith(BOM)) message = message.slice(1);
      const fields: Record<string, string> = { host, app };
      if (procid !== '-') fields.pid = procid;
      if (msgid !== '-') fields.msgid = msgid;
      sink.record({ time, level: levelOf(priority, message), message: clip(message, MAX_MESSAGE_CHARS), source: context.source, line, fields });
      return;
    }
    const bsd = RFC3164.exec(text);
    const file = bsd === null ? RFC3339_FILE.exec(text) : null;
    const match = bsd ?? file;
    if (match === null) return sink.unreadable(line, 'not a syslog line (RFC 3164 or 5424)', text);
    const [, priority, stamp, host, rest] = match as unknown as [string, string | undefined, string, string, string];
    const time = bsd !== null ? times.syslog(stamp, context.near) : times.text(stamp);
    if (time === null) return sink.unreadable(line, `syslog time ${stamp} not understood`, text);
    const tag = TAG.exec(rest);
    const message = tag === null ? rest : (tag[3] as string);
    const fields: Record<string, string> = { host };
    if (tag !== null) fields.app = tag[1] as string;
    if (tag?.[2] !== undefined) fields.pid = tag[2];
    sink.record({ time, level: levelOf(priority, message), message: clip(message, MAX_MESSAGE_CHARS), source: context.source, line, fields });
  });
}
