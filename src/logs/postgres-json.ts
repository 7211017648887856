import { lineDecoder, type DecodeContext, type LogDecoder } from './decoder.js';
import { clip, MAX_MESSAGE_CHARS, scalarText } from './fields.js';
import { parseJsonObject } from './json-lines.js';
import { normaliseLevel } from './level.js';
import { createLogTimeReader } from './log-time.js';

/** jsonlog keys kept on the record (PostgreSQL 15 docs, "Using JSON-Format Log Output"). */
const KEPT = ['pid', 'user', 'dbname', 'application_name', 'backend_type', 'state_code', 'detail', 'hint', 'context', 'statement', 'internal_query'] as const;
/**
 * `query_id` is a signed 64-bit integer, written as a bare JSON number: JSON.parse would round it to
 * a double (−2 835 399 305 386 018 931 has no exact double). It is read from the text instead.
 */
const QUERY_ID = /"query_id"\s*:\s*(-?\d+)/;

/**
 * PostgreSQL `log_destination = jsonlog` (15+): one JSON object per entry, with `timestamp`
 * (`2023-05-13 19:00:00.123 EAT`), `error_severity`, `message` and the session's fields.
 *
 * @example postgresJsonDecoder(context).push('{"timestamp":"2023-05-13 16:00:00.000 UTC","error_severity":"ERROR","message":"deadlock detected"}', 1, sink)
 */
export function postgresJsonDecoder(context: DecodeContext): LogDecoder {
  const times = createLogTimeReader(context.zone);
  return lineDecoder((text, line, sink) => {
    const object = parseJsonObject(text);
    if (object === null) return sink.unreadable(line, 'not a JSON object', text);
    if (typeof object.timestamp !== 'string') return sink.unreadable(line, 'no "timestamp" (not a PostgreSQL jsonlog entry)', text);
    const time = times.text(object.timestamp);
    if (time === null) return sink.unreadable(line, `time ${clip(object.timestamp, 40)} not understood`, text);
    const fields: Record<string, string> = {};
    for (const key of KEPT) {
      const value = scalarText(object[key]);
      if (value !== null) fields[key] = key === 'statement' || key === 'detail' || key === 'context' ? clip(String(object[key]), MAX_MESSAGE_CHARS) : value;
    }
    const queryId = QUERY_ID.exec(text)?.[1];
    if (queryId !== undefined && queryId !== '0') fields.query_id = queryId;
    sink.record({
      time,
      level: normaliseLevel(object.error_severity),
      message: typeof object.message === 'string' ? clip(object.message, MAX_MESSAGE_CHARS) : '',
      source: context.source,
      line,
      fields,
    });
  });
}
