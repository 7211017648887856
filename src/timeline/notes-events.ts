import type { UserNote } from '../model/change.js';
import type { TimelineEvent } from '../model/timeline.js';

/**
 * Timeline events for the notes a user gave (`--notes`): kind `note`, source `notes`, the note's
 * text as the title, its file and line as the evidence.
 *
 * @example noteEvents([{ time, text: 'DBAs alerted', file: 'notes.txt', line: 3 }])[0]?.title // 'DBAs alerted'
 */
export function noteEvents(notes: readonly UserNote[]): TimelineEvent[] {
  return notes.map((note) => ({
    time: note.time,
    kind: 'note',
    source: 'notes',
    title: note.text,
    labels: {},
    evidence: { file: note.file, line: note.line },
  }));
}
