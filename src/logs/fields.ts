/** Field keys never kept from a log line: they hold credentials more often than not. */
const SECRET_KEY = /pass(?:word|wd)?|pwd|secret|token|api[_-]?key|authori[sz]ation|cookie|session[_-]?id|credential|private[_-]?key/i;
/** A kept field's value is cut here: fields are for grouping and events, not for whole payloads. */
export const MAX_FIELD_CHARS = 512;
/** A message or statement is cut here: enough for any report line, bounded for multi-line entries. */
export const MAX_MESSAGE_CHARS = 16 * 1024;
/** Fields kept from formats with free-form keys (JSON, logfmt) besides time, level and message. */
export const MAX_FREE_FIELDS = 8;

/** Whether a field of this name may be kept. */
export function isKeptKey(key: string): boolean {
  return !SECRET_KEY.test(key);
}

/** Text cut to `max` characters, marked with `…` when cut. */
export function clip(text: string, max: number = MAX_FIELD_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A JSON / logfmt scalar as the text a field keeps; null for objects, arrays and null. */
export function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return clip(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

const SECRET_VALUE = /((?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|authorization|cookie)["']?\s*[:=]\s*["']?(?:Bearer\s+)?)[^\s"'&,;]+/gi;
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/g;
const EXAMPLE_CHARS = 80;

/**
 * A short, printable excerpt of an unreadable line for the report: control bytes shown as `?`,
 * secret-looking values masked, cut to 80 characters.
 *
 * @example lineExample('\u0000\u0001ELF password=hunter2') // '??ELF password=***'
 */
export function lineExample(line: string): string {
  const head = line.length > EXAMPLE_CHARS * 4 ? line.slice(0, EXAMPLE_CHARS * 4) : line;
  return clip(head.replace(UNPRINTABLE, '?').replace(/\t/g, ' ').replace(SECRET_VALUE, '$1***'), EXAMPLE_CHARS);
}

/** Text with secret-looking `key=value` / `"key": "value"` values masked, for messages shown in events. */
export function maskSecrets(text: string): string {
  return text.replace(SECRET_VALUE, '$1***');
}
