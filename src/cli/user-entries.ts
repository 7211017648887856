import { readTextFile } from '../../collectors/changes/read-text-file.js';
import type { UserChange, UserNote } from '../model/change.js';
import type { Evidence } from '../model/evidence.js';
import type { DataGap } from '../model/gap.js';
import type { TimeWindow } from '../model/time.js';
import { ChangesFileError, parseChanges } from '../timeline/changes-file.js';
import { parseNotes } from '../timeline/notes-file.js';
import type { Progress } from './progress.js';
import { UsageError } from './usage-error.js';

/** `--changes` and `--notes`, each repeatable (a CI log and a config-management log; two people's notes). */
export interface EntryFlags {
  readonly changes?: readonly string[];
  readonly notes?: readonly string[];
}

/** The text of each file given, in the order given, read before any server is asked. */
export interface EntryTexts {
  readonly changes: readonly { readonly path: string; readonly text: string }[];
  readonly notes: readonly { readonly path: string; readonly text: string }[];
}

async function readAll(flag: string, paths: readonly string[] | undefined): Promise<{ path: string; text: string }[]> {
  const out: { path: string; text: string }[] = [];
  for (const path of paths ?? []) {
    const read = await readTextFile(path);
    if (!read.ok) throw new UsageError(`--${flag} ${read.error}: expected a readable ${flag === 'changes' ? 'CSV or JSON-lines file of changes' : 'text file of notes, one "19:05 text" per line'}`);
    out.push({ path, text: read.text });
  }
  return out;
}

/**
 * Reads the `--changes` and `--notes` files, so a missing one fails at once, before the server is
 * asked anything.
 *
 * @throws UsageError naming the flag and the file that cannot be read.
 */
export async function readEntryTexts(flags: EntryFlags): Promise<EntryTexts> {
  const changes = await readAll('changes', flags.changes);
  // A header without a time or target column fails the same way, before the server is asked.
  for (const { path, text } of changes) checkChangesHeader(text, path);
  return { changes, notes: await readAll('notes', flags.notes) };
}

function checkChangesHeader(text: string, path: string): void {
  try {
    parseChanges(text, path, { zone: 'UTC', windowFrom: 0, windowTo: 0 });
  } catch (error) {
    if (error instanceof ChangesFileError) throw new UsageError(`--changes ${error.message}`);
    throw error;
  }
}

/**
 * The evidence with the changes and notes of the files, read against its window (a time without a
 * date takes the window's date; without an offset, its zone). Each line that cannot be read is a
 * data gap and one warning on stderr, and is skipped; the rest is used. Files given replace what the
 * evidence held of that kind (a bundle captured with other files); none given keeps it.
 *
 * @throws UsageError for a changes file whose header names no time or no target column.
 */
export function withUserEntries(evidence: Evidence, texts: EntryTexts, progress: Progress): Evidence {
  if (texts.changes.length === 0 && texts.notes.length === 0) return evidence;
  const window: TimeWindow = evidence.window;
  const context = { zone: window.timezone, windowFrom: window.from, windowTo: window.to };
  const gaps: DataGap[] = [];
  const changes: UserChange[] = [];
  const notes: UserNote[] = [];
  const skip = (flag: string, source: string, problem: { file: string; line: number; reason: string }) => {
    gaps.push({ source, what: `${problem.file}:${problem.line}`, reason: `${problem.reason}; line skipped` });
    progress.warn(`--${flag} ${problem.file}:${problem.line}: ${problem.reason}; line skipped`);
  };
  for (const { path, text } of texts.changes) {
    let parsed: ReturnType<typeof parseChanges>;
    try {
      parsed = parseChanges(text, path, context);
    } catch (error) {
      if (error instanceof ChangesFileError) throw new UsageError(`--changes ${error.message}`);
      throw error;
    }
    changes.push(...parsed.entries);
    for (const problem of parsed.problems) skip('changes', 'changes', problem);
  }
  for (const { path, text } of texts.notes) {
    const parsed = parseNotes(text, path, context);
    notes.push(...parsed.entries);
    for (const problem of parsed.problems) skip('notes', 'notes', problem);
  }
  return {
    ...evidence,
    ...(texts.changes.length === 0 ? {} : { changes }),
    ...(texts.notes.length === 0 ? {} : { notes }),
    // The lines skipped from files these replace are no longer part of the evidence.
    gaps: [...evidence.gaps.filter((gap) => !((gap.source === 'changes' && texts.changes.length > 0) || (gap.source === 'notes' && texts.notes.length > 0))), ...gaps],
  };
}
