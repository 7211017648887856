import { describe, expect, it } from 'vitest';
import { markdownContext } from './markdown-context.js';
import { GANTT_TOP_ANOMALIES, phasesGanttSection } from './markdown-gantt.js';
import { renderMarkdown } from './markdown.js';
import { anomaly, authDeadlock, emptyReconstruction, utc } from './_testing.js';
import type { Reconstruction } from '../src/model/index.js';

function gantt(reconstruction: Reconstruction): string {
  return phasesGanttSection(markdownContext(reconstruction));
}

/** The task lines (indented, not section or header lines) as [name, data]. */
function tasks(text: string): [string, string][] {
  return text
    .split('\n')
    .filter((line) => /^ {4}\S/.test(line) && !/^ {4}(title|dateFormat|axisFormat|section) /.test(line))
    .map((line) => {
      const parts = line.trim().split(' : ');
      expect(parts).toHaveLength(2);
      return [parts[0] as string, parts[1] as string];
    });
}

describe('phasesGanttSection()', () => {
  it('draws the stretches between phases and the top anomalies in the report zone, the culprit marked crit', () => {
    const text = gantt(authDeadlock());
    expect(text.startsWith('```mermaid\ngantt\n')).toBe(true);
    expect(text.endsWith('\n```')).toBe(true);
    expect(text).toContain('    title Phases and top anomalies (Africa/Nairobi, EAT = UTC+3)');
    const drawn = Object.fromEntries(tasks(text));
    // Onset 15:55:30Z and detection 16:05Z, drawn on Nairobi's clock (UTC+3).
    expect(drawn['Onset → detected']).toBe('2023-05-13T18:55:30, 2023-05-13T19:05:00');
    expect(Object.keys(drawn).filter((name) => name.includes('→'))).toEqual([
      'Trigger → onset',
      'Onset → detected',
      'Detected → mitigated',
      'Mitigated → recovered',
      'Recovered → resolved',
    ]);
    expect(drawn['Rank 1 · Deadlocks on db1∶9187 (auth)']).toMatch(/^crit, 2023-05-13T18:55:30, /);
    expect(Object.keys(drawn).filter((name) => name.startsWith('Rank ')).length).toBeLessThanOrEqual(GANTT_TOP_ANOMALIES);
  });

  it('follows the zone: the same outage in São Paulo reads 6 hours earlier, named by its offset', () => {
    const text = gantt(authDeadlock({ window: { ...authDeadlock().window, timezone: 'America/Sao_Paulo' } }));
    expect(Object.fromEntries(tasks(text))['Onset → detected']).toBe('2023-05-13T12:55:30, 2023-05-13T13:05:00');
    expect(text).not.toContain('EAT');
  });

  it('keeps task names free of what Mermaid reads as syntax, and draws an open anomaly to the end of the window', () => {
    const hostile = anomaly({
      rank: 1,
      title: 'Queue depth: "jobs"; #urgent `x`',
      labels: { instance: 'mq1:9419', queue: 'a:b;c#d' },
      onset: utc('2023-05-13T16:10:00Z'),
      end: null,
    });
    const text = gantt(emptyReconstruction({ anomalies: [hostile] }));
    const [[name, data]] = tasks(text) as [[string, string]];
    expect(name).not.toMatch(/[:;#`]/);
    expect(name).toContain('Queue depth');
    // The window ends at 18:00Z: 21:00 in Nairobi.
    expect(data).toBe('crit, 2023-05-13T19:10:00, 2023-05-13T21:00:00');
    expect(text).not.toContain('section Phases');
  });

  it('shows two phases at one instant as a milestone, not an empty bar', () => {
    const base = authDeadlock();
    const text = gantt({ ...base, phases: { ...base.phases, detected: base.phases.onset } });
    expect(Object.fromEntries(tasks(text))['Onset → detected']).toBe('milestone, 2023-05-13T18:55:30, 0d');
  });

  it('is left out when nothing was found, and placed after the phases table otherwise', () => {
    expect(gantt(emptyReconstruction())).toBe('');
    expect(renderMarkdown(emptyReconstruction())).not.toContain('```mermaid');
    const markdown = renderMarkdown(authDeadlock());
    expect(markdown.indexOf('```mermaid')).toBeGreaterThan(markdown.indexOf('## Phases'));
    expect(markdown.indexOf('```mermaid')).toBeLessThan(markdown.indexOf('## Root cause'));
  });
});
