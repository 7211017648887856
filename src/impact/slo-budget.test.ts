import { describe, expect, it } from 'vitest';
import { DEFAULT_SLO_PERIOD_SECONDS, sloBudget } from './slo-budget.js';

const requests = { total: 120_000, failed: 4_000, slow: 100, slowThresholdSeconds: 1, method: 'metrics' };

describe('sloBudget()', () => {
  it('sloBudget() gives the share of the period\'s error budget the window burned', () => {
    // 20 req/s over 30 days = 51,840,000 requests; 0.1 % of them = 51,840 may fail; 4,000 did.
    const budget = sloBudget(requests, 20, "the lookback's mean request rate", { objectivePercent: 99.9, periodSeconds: DEFAULT_SLO_PERIOD_SECONDS });
    expect(budget).toMatchObject({ periodRequests: 51_840_000, budgetRequests: 51_840, badRequests: 4_000 });
    expect(budget?.burnedPercent).toBeCloseTo(7.716, 3);
    expect(budget?.method).toMatch(/0\.1 % of a 30-day period's requests/);
  });

  it('sloBudget() goes past 100 % when the window alone broke the SLO', () => {
    const budget = sloBudget(requests, 20, 'rate', { objectivePercent: 99.99, periodSeconds: 7 * 86_400 });
    expect(budget!.burnedPercent).toBeGreaterThan(100);
  });

  it('sloBudget() is null without traffic or with an objective outside (0, 100)', () => {
    expect(sloBudget(requests, 0, 'rate', { objectivePercent: 99.9, periodSeconds: 86_400 })).toBeNull();
    expect(sloBudget(requests, 10, 'rate', { objectivePercent: 100, periodSeconds: 86_400 })).toBeNull();
  });
});
