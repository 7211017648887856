import type { UserChange, UserChangeKind } from '../model/change.js';
import { splitCsvLine } from './changes-csv.js';
import type { EntryProblem, ParsedEntries } from './notes-file.js';
import { readLeadingTime, type EntryTimeContext } from './notes-time.js';

/**
 * Column names (CSV header, JSON keys) read as each field, case-insensitive, first present wins; CI
 * systems name them differently. Every other column is kept in `fields` as written.
 */
export const CHANGE_COLUMNS = {
  time: ['time', 'timestamp', 'at', 'date', 'when', 'deployed_at', 'finished_at', 'created_at', 'started_at'],
  target: ['target', 'service', 'app', 'application', 'component', 'job', 'instance', 'host'],
  kind: ['kind', 'type', 'action', 'event'],
  description: ['description', 'summary', 'message', 'title', 'details', 'desc'],
} as const;

/** How each kind is written in CI and change logs. */
const KIND_WORDS: Readonly<Record<Exclude<UserChangeKind, 'other'>, readonly string[]>> = {
  deploy: ['deploy', 'deployment', 'deployed', 'release', 'released', 'rollout', 'upgrade'],
  rollback: ['rollback', 'roll back', 'rolled back', 'roll-back', 'revert', 'reverted', 'downgrade'],
  config: ['config', 'configuration', 'config change', 'config_change', 'config-change', 'reload', 'settings', 'migration'],
  restart: ['restart', 'restarted', 'reboot', 'bounce', 'failover'],
  scale: ['scale', 'scaling', 'scale up', 'scale out', 'scale down', 'autoscale', 'resize'],
  flag: ['flag', 'feature flag', 'feature_flag', 'feature-flag', 'toggle'],
};

/** A changes file that cannot be read at all (no time or target column): a usage error, not a line to skip. */
export class ChangesFileError extends SyntaxError {
  override readonly name = 'ChangesFileError';
}

type Row = Readonly<Record<string, string>>;

/** The kind a log wrote, as one of ours; anything else is `other` (its text stays in `fields.kind`). */
export function changeKind(text: string): UserChangeKind {
  const word = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (word === '') return 'deploy';
  for (const [kind, words] of Object.entries(KIND_WORDS) as [UserChangeKind, readonly string[]][]) if (words.includes(word)) return kind;
  return 'other';
}

function pick(row: Row, names: readonly string[]): { key: string; value: string } | null {
  for (const name of names) {
    const key = Object.keys(row).find((k) => k.toLowerCase() === name);
    if (key !== undefined && row[key] !== undefined && row[key].trim() !== '') return { key, value: row[key].trim() };
  }
  return null;
}

function readTime(text: string, context: EntryTimeContext): { ok: true; time: number } | { ok: false; reason: string } {
  if (/^\d{9,11}(\.\d+)?$/.test(text)) return { ok: true, time: Number(text) };
  // Milliseconds, as many CI APIs give them.
  if (/^\d{12,14}$/.test(text)) return { ok: true, time: Number(text) / 1000 };
  const read = readLeadingTime(text, context);
  if (!read.ok) return read;
  if (read.rest !== '') return { ok: false, reason: `"${text}" is not a time: unexpected "${read.rest}" after it` };
  return read;
}

function rowToChange(row: Row, file: string, line: number, context: EntryTimeContext): UserChange | EntryProblem {
  const time = pick(row, CHANGE_COLUMNS.time);
  if (time === null) return { file, line, reason: `no time: expected one of the columns ${CHANGE_COLUMNS.time.join(', ')}` };
  const target = pick(row, CHANGE_COLUMNS.target);
  if (target === null) return { file, line, reason: `no service or target: expected one of the columns ${CHANGE_COLUMNS.target.join(', ')}` };
  const read = readTime(time.value, context);
  if (!read.ok) return { file, line, reason: read.reason };
  const kind = pick(row, CHANGE_COLUMNS.kind);
  const description = pick(row, CHANGE_COLUMNS.description);
  const used = new Set([time.key, target.key, description?.key].filter((k): k is string => k !== undefined));
  const resolvedKind = changeKind(kind?.value ?? '');
  // The kind's own text is kept when it says more than ours (`other`), so nothing typed is lost.
  if (kind !== null && resolvedKind !== 'other') used.add(kind.key);
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(row)) if (!used.has(key) && value.trim() !== '') fields[key] = value.trim();
  return { file, line, time: read.time, target: target.value, kind: resolvedKind, description: description?.value ?? '', fields };
}

function jsonRow(text: string): { ok: true; row: Row } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not JSON (${(error as Error).message})` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'expected a JSON object per line' };
  const row: Record<string, string> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (field === null || field === undefined) continue;
    row[key] = typeof field === 'string' ? field : typeof field === 'number' || typeof field === 'boolean' ? String(field) : JSON.stringify(field);
  }
  return { ok: true, row };
}

/**
 * Reads a changes file from CI or a change log: CSV with a header line, or JSON lines (told apart by
 * the first entry starting with `{`). Columns are found by name (CHANGE_COLUMNS): a time and a
 * service/target are needed; the kind (deploy, rollback, config, restart, scale, flag; default
 * deploy) and a description are read when present; every other column is kept. Times as in notes
 * (ISO-8601 with or without offset, `YYYY-MM-DD HH:mm`, a time of day) or unix seconds/milliseconds.
 * Blank lines and lines starting with `#` are skipped. A line that cannot be read is a problem (with
 * its line number) and is skipped; the rest is used.
 *
 * @throws ChangesFileError when a CSV header has no time or no target column (no line could be read).
 * @example parseChanges('time,service,kind\n2023-05-13 18:56,auth-service,config\n', 'deploys.csv', context).entries[0]?.kind // 'config'
 */
export function parseChanges(text: string, file: string, context: EntryTimeContext): ParsedEntries<UserChange> {
  const entries: UserChange[] = [];
  const problems: EntryProblem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let header: string[] | null = null;
  let json: boolean | null = null;
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    json ??= trimmed.startsWith('{');
    let row: Row;
    if (json) {
      const parsed = jsonRow(trimmed);
      if (!parsed.ok) {
        problems.push({ file, line, reason: parsed.reason });
        return;
      }
      row = parsed.row;
    } else {
      const split = splitCsvLine(trimmed);
      if (header === null) {
        if (!split.ok) throw new ChangesFileError(`${file}:${line}: the header is not CSV (${split.reason})`);
        header = split.fields;
        const lower = header.map((name) => name.toLowerCase());
        for (const [field, names] of [['time', CHANGE_COLUMNS.time], ['service or target', CHANGE_COLUMNS.target]] as const) {
          if (!names.some((name) => lower.includes(name))) {
            throw new ChangesFileError(`${file}:${line}: the header has no ${field} column: expected CSV with a header naming one of ${names.join(', ')}, or JSON lines`);
          }
        }
        return;
      }
      if (!split.ok) {
        problems.push({ file, line, reason: split.reason });
        return;
      }
      if (split.fields.length !== header.length) {
        problems.push({ file, line, reason: `${split.fields.length} fields where the header has ${header.length}` });
        return;
      }
      row = Object.fromEntries(header.map((name, i) => [name, split.fields[i] ?? '']));
    }
    const change = rowToChange(row, file, line, context);
    if ('reason' in change) problems.push(change);
    else entries.push(change);
  });
  return { entries, problems };
}
