import { describe, expect, it } from 'vitest';
import { isCounter, parseSelector, selectQueries } from './select.js';

describe('parseSelector()', () => {
  it('splits name and matchers', () => {
    expect(parseSelector('{job="api"}')).toEqual({ text: '{job="api"}', metric: null, matchers: 'job="api"' });
    expect(parseSelector('shop_orders_total')).toMatchObject({ metric: 'shop_orders_total', matchers: '' });
    expect(parseSelector('x{a="1", b=~"2|3"}')).toMatchObject({ metric: 'x', matchers: 'a="1", b=~"2|3"' });
  });
  it('rejects what is not a selector, naming it', () => {
    expect(() => parseSelector('rate(x[5m])')).toThrow(/--select "rate\(x\[5m\]\)" is not a series selector/);
    expect(() => parseSelector('{}')).toThrow(/is not a series selector/);
  });
});

describe('selectQueries()', () => {
  it('reads counters as rates and gauges as they are, one query per metric', () => {
    const selector = parseSelector('{job="shop"}');
    const matched = [
      { __name__: 'shop_orders_total', job: 'shop', instance: 'a' },
      { __name__: 'shop_orders_total', job: 'shop', instance: 'b' },
      { __name__: 'shop_queue_depth', job: 'shop', instance: 'a' },
    ];
    const queries = selectQueries(selector, matched, new Map(), '1m');
    expect(queries.map((q) => [q.signal, q.query, q.unit])).toEqual([
      ['shop_orders_total', 'rate(shop_orders_total{job="shop"}[1m])', 'per_second'],
      ['shop_queue_depth', 'shop_queue_depth{job="shop"}', 'other'],
    ]);
  });
  it('trusts metadata types over names', () => {
    expect(isCounter('jobs_processed', 'counter')).toBe(true);
    expect(isCounter('temperature_total', 'gauge')).toBe(false);
    expect(isCounter('requests_count', undefined)).toBe(true);
    expect(isCounter('queue_depth', 'unknown')).toBe(false);
  });
});
