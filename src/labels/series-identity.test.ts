import { describe, expect, it } from 'vitest';
import { describeSeries, seriesHeadline, seriesIdentity } from './series-identity.js';

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
