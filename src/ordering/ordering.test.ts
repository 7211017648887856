import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../model/index.js';
import { compareEvents, compareNatural, compareText, compareTimes, labelsKey, sortedLabels } from './ordering.js';

function event(overrides: Partial<TimelineEvent>): TimelineEvent {
  return { time: 0, kind: 'note', source: 'notes', title: 'Note', labels: {}, evidence: {}, ...overrides };
}

describe('ordering', () => {
  it('compareText() orders by code units, not by locale', () => {
    expect(['b', 'B', 'a', 'ä'].sort(compareText)).toEqual(['B', 'a', 'b', 'ä']);
  });

  it('compareNatural() counts digit runs as numbers', () => {
    expect(['web10', 'web2', 'web1', 'web02'].sort(compareNatural)).toEqual(['web1', 'web02', 'web2', 'web10']);
  });

  it('sortedLabels() and labelsKey() ignore key order and keep __proto__ as data', () => {
    const labels = JSON.parse('{"job":"node","__proto__":"x","instance":"a"}') as Record<string, string>;
    expect(Object.keys(sortedLabels(labels))).toEqual(['__proto__', 'instance', 'job']);
    expect(labelsKey({ job: 'node', instance: 'a' })).toBe(labelsKey({ instance: 'a', job: 'node' }));
  });

  it('compareEvents() orders by time, then causes before effects', () => {
    const change = event({ time: 10, kind: 'change', title: 'deploy' });
    const start = event({ time: 10, kind: 'anomaly_start', title: 'errors rose' });
    const firing = event({ time: 5, kind: 'alert_firing', title: 'alert' });
    expect([start, change, firing].sort(compareEvents)).toEqual([firing, change, start]);
  });

  it('compareTimes() puts unknown times last', () => {
    expect([3, Number.NaN, 1].sort(compareTimes)).toEqual([1, 3, Number.NaN]);
  });
});
