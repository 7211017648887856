import { DateTime } from 'luxon';
import type { PhaseName } from '../src/model/index.js';
import { PHASE_NAMES } from '../src/model/index.js';
import { anomalyHeadline } from './anomaly-text.js';
import { zoneKey } from './format-time.js';
import type { MarkdownContext } from './markdown-context.js';
import { PHASE_LABELS } from './markdown-timeline.js';

/** Anomalies drawn beside the phases: enough for the cascade's head, few enough to stay legible. */
export const GANTT_TOP_ANOMALIES = 5;
/** A task name longer than this is cut: Mermaid draws names inside or beside the bar, on one line. */
const MAX_TASK_NAME = 100;

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/**
 * An instant as the local wall-clock time Mermaid reads (`2023-05-13T19:05:00`), in the report's
 * zone. Built from luxon's numeric fields, not `toFormat`, which follows the process's locale and
 * numbering system: the same instant always gives the same text. Mermaid draws it as written, so the
 * chart reads in the report's zone wherever it is viewed.
 */
function mermaidTime(seconds: number, zone: string): string {
  const local = DateTime.fromSeconds(Math.floor(seconds), { zone });
  return `${pad(local.year, 4)}-${pad(local.month, 2)}-${pad(local.day, 2)}T${pad(local.hour, 2)}:${pad(local.minute, 2)}:${pad(local.second, 2)}`;
}

/**
 * Text safe as a Mermaid gantt task name: `:` separates a task's name from its data and `;` and `#`
 * start statements and entities, so they become look-alikes (`db1∶9187`); line breaks and backticks
 * (which could close the code fence) become spaces and quotes.
 */
function taskName(text: string): string {
  const clean = text
    .replace(/[\r\n\t]+/g, ' ')
    .replaceAll(':', '∶')
    .replaceAll(';', ',')
    .replaceAll('#', '№')
    .replaceAll('`', "'")
    .trim();
  return clean.length <= MAX_TASK_NAME ? clean : `${clean.slice(0, MAX_TASK_NAME - 1)}…`;
}

/**
 * A Mermaid gantt of the outage, for GitHub and wikis that render ```` ```mermaid ```` blocks: one
 * bar per stretch between consecutive known phases (trigger → onset, onset → detected, …), and the
 * top anomalies by rank from onset to end (to the window's end when still open). Times are the
 * report's zone's wall clock, named in the title; empty when there is neither a phase nor an anomaly.
 *
 * @example phasesGanttSection(context) // '```mermaid\ngantt\n    title Phases and top anomalies (Africa/Nairobi, EAT = UTC+3)\n…'
 */
export function phasesGanttSection(context: MarkdownContext): string {
  const { reconstruction, zone } = context;
  const { phases, window } = reconstruction;
  const known = PHASE_NAMES.filter((phase): phase is PhaseName => phases[phase] !== null && Number.isFinite(phases[phase]));
  const top = context.anomalies.filter((anomaly) => Number.isFinite(anomaly.onset)).slice(0, GANTT_TOP_ANOMALIES);
  if (known.length === 0 && top.length === 0) return '';
  const instants: number[] = [];
  const tasks: string[] = [];
  if (known.length > 0) {
    tasks.push('    section Phases');
    const first = known[0] as PhaseName;
    if (known.length === 1) {
      tasks.push(`    ${PHASE_LABELS[first]} : milestone, ${mermaidTime(phases[first] as number, zone)}, 0d`);
    }
    for (let i = 1; i < known.length; i++) {
      const from = known[i - 1] as PhaseName;
      const to = known[i] as PhaseName;
      const start = phases[from] as number;
      const end = phases[to] as number;
      instants.push(start, end);
      const name = `${PHASE_LABELS[from]} → ${PHASE_LABELS[to].toLowerCase()}`;
      // Two phases at one instant (detected as it began) are a point, not a bar.
      tasks.push(
        end > start
          ? `    ${name} : ${mermaidTime(start, zone)}, ${mermaidTime(end, zone)}`
          : `    ${name} : milestone, ${mermaidTime(start, zone)}, 0d`,
      );
    }
  }
  if (top.length > 0) {
    tasks.push('    section Top anomalies');
    for (const anomaly of top) {
      const open = anomaly.end === null || !Number.isFinite(anomaly.end) || anomaly.end <= anomaly.onset;
      const end = open ? Math.max(window.to, anomaly.onset + window.stepSeconds) : (anomaly.end as number);
      instants.push(anomaly.onset, end);
      const rank = Number.isFinite(anomaly.rank) ? `Rank ${anomaly.rank} · ` : '';
      // `crit` colours the likely culprit as Mermaid's themes colour urgent work.
      const tag = anomaly.rank === 1 ? 'crit, ' : '';
      tasks.push(`    ${taskName(`${rank}${anomalyHeadline(anomaly)}`)} : ${tag}${mermaidTime(anomaly.onset, zone)}, ${mermaidTime(end, zone)}`);
    }
  }
  for (const phase of known) instants.push(phases[phase] as number);
  const key = zoneKey(instants, zone);
  const days = new Set(instants.map((instant) => mermaidTime(instant, zone).slice(0, 10)));
  return [
    '```mermaid',
    'gantt',
    `    title Phases and top anomalies (${taskName(key === '' ? zone : `${zone}, ${key}`)})`,
    '    dateFormat YYYY-MM-DDTHH:mm:ss',
    // One day: the hour is enough; across midnight the day is needed to read the bars.
    `    axisFormat ${days.size > 1 ? '%b %d %H:%M' : '%H:%M'}`,
    ...tasks,
    '```',
  ].join('\n');
}
