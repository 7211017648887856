import { describe, expect, it } from 'vitest';
import { createTemplateMiner, templateNews, templateTokens } from './templates.js';

// Lines as an auth service and PostgreSQL write them: ids, addresses, durations and quoted values vary.
const ROUTINE = (i: number) => `session refreshed for user ${1000 + (i % 97)} from 10.0.${i % 7}.${i % 200} in ${3 + (i % 5)}ms`;
const LOGIN_OK = (i: number) => `login ok user=${2000 + i} method=password`;
const NEW_ERROR = (i: number) => `could not obtain lock on row in relation "sessions" for user ${3000 + i}`;

describe('templateTokens()', () => {
  it('masks numbers, addresses, hex ids, UUIDs and quoted values, keeping the words', () => {
    expect(templateTokens('GET /api/v2/orders/8f14e45fceea167a5a36dedd4bea2543 from 10.2.3.4:5512 took 25ms "Mozilla/5.0"')).toEqual([
      'GET', '<*>', 'from', '<*>', 'took', '<*>', '<*>',
    ]);
    expect(templateTokens('worker 3f2504e0-4f89-11d3-9a0c-0305e82c3301 exited with status 137')).toEqual(['worker', '<*>', 'exited', 'with', 'status', '<*>']);
  });
});

describe('createTemplateMiner() and templateNews()', () => {
  it('finds the template that is new in the window and the one that grew, not the routine one', () => {
    const miner = createTemplateMiner();
    // Lookback: 3 h of routine lines and a few logins; window: 1 h with the same routine rate,
    // logins ten times as often, and a lock error never seen before.
    for (let i = 0; i < 900; i++) miner.add(ROUTINE(i), false);
    for (let i = 0; i < 30; i++) miner.add(LOGIN_OK(i), false);
    for (let i = 0; i < 300; i++) miner.add(ROUTINE(i + 900), true);
    for (let i = 0; i < 100; i++) miner.add(LOGIN_OK(i + 30), true);
    for (let i = 0; i < 12; i++) miner.add(NEW_ERROR(i), true);
    const { templates, overflow } = miner.finish();
    expect(overflow).toEqual({ lookback: 0, window: 0 });
    expect(templates.map((t) => t.template)).toEqual([
      'could not obtain lock on row in relation <*> for user <*>',
      'login ok <*> method=password',
      'session refreshed for user <*> from <*> in <*>',
    ]);
    const news = templateNews(templates, 3600, 3 * 3600);
    expect(news.new.map((t) => [t.template, t.window])).toEqual([['could not obtain lock on row in relation <*> for user <*>', 12]]);
    expect(news.new[0]?.example).toBe(NEW_ERROR(0));
    expect(news.grown.map((t) => t.template)).toEqual(['login ok <*> method=password']);
    expect(news.grown[0]!.growth).toBeCloseTo((100 / 3600) / (31 / (3 * 3600)), 6);
  });

  it('counts lines past its memory cap instead of dropping them', () => {
    const miner = createTemplateMiner(2);
    miner.add('alpha started', false);
    miner.add('beta started', false);
    miner.add('gamma started', true);
    miner.add('delta started', true);
    const { templates, overflow } = miner.finish();
    expect(templates).toHaveLength(2);
    expect(overflow).toEqual({ lookback: 0, window: 2 });
  });

  it('gives the same templates for the same lines, and masks secrets in examples', () => {
    const run = () => {
      const miner = createTemplateMiner();
      for (let i = 0; i < 50; i++) miner.add(`retrying payments call password=hunter2 attempt ${i}`, true);
      return miner.finish();
    };
    const first = run();
    expect(run()).toEqual(first);
    expect(first.templates[0]?.example).not.toContain('hunter2');
  });
});
