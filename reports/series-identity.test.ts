import { describe, expect, it } from 'vitest';
import { compareEvents, compareNatural, compareText, compareTimes, labelsKey, sortedLabels } from './ordering.js';
import { describeSeries, seriesHeadline, seriesIdentity } from './series-identity.js';
import { event } from './_testing.js';

describe('seriesIdentity()', () => {
  it('seriesIdentity() picks one location and the telling qualifiers', () => {
    expect(seriesIdentity({ __name__: 'pg_x', instance: 'db1:9187', job: 'postgres', datname: 'auth' })).toEqual({
      location: 'db1:9187',
      qualifiers: [['datname', 'auth']],
    });
    expect(seriesIdentity({ job: 'auth-service', route: '/login', method: 'POST' })).toEqual({
      location: 'auth-service',
      qualifiers: [
        ['route', '/login'],
        ['method', 'POST'],
      ],
    });
  });

  it('seriesIdentity() falls back to other labels when none is telling', () => {
    expect(seriesIdentity({ __name__: 'shop_orders', zeta: '1', alpha: '2', beta: '3' })).toEqual({
      location: null,
      qualifiers: [
        ['alpha', '2'],
        ['beta', '3'],
      ],
    });
  });

  it('describeSeries() and seriesHeadline() name a series briefly', () => {
    expect(describeSeries({ instance: 'web1:9100', mode: 'idle', job: 'node' })).toBe('web1:9100 (mode=idle)');
    expect(describeSeries({})).toBe('all series');
    expect(seriesHeadline('Deadlocks', { job: 'postgres', instance: 'db1:9187', datname: 'auth' })).toBe('Deadlocks on db1:9187 (auth)');
    expect(seriesHeadline('Slow statement', { instance: 'db1:9187' })).toBe('Slow statement on db1:9187');
    expect(seriesHeadline('Up', {})).toBe('Up');
  });
});

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
