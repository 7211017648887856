import { describe, expect, it } from 'vitest';
import { createConcurrencyLimit } from './concurrency-limit.js';

describe('createConcurrencyLimit()', () => {
  it('createConcurrencyLimit() never runs more than max tasks at once and runs them all', async () => {
    const limit = createConcurrencyLimit(3);
    let running = 0;
    let peak = 0;
    const task = (i: number) => async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, i % 3));
      running -= 1;
      return i;
    };
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => limit(task(i))));
    expect(results).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(peak).toBe(3);
  });

  it('createConcurrencyLimit() frees the slot of a task that throws', async () => {
    const limit = createConcurrencyLimit(1);
    await expect(limit(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit(async () => 'next')).resolves.toBe('next');
  });

  it('createConcurrencyLimit() keeps the limit when a task is submitted as a slot is handed over', async () => {
    const limit = createConcurrencyLimit(1);
    let running = 0;
    let peak = 0;
    const task = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await Promise.resolve();
      running -= 1;
    };
    const first = limit(task);
    const second = limit(task);
    await first;
    const third = limit(task); // submitted while the slot passes from first to second
    await Promise.all([second, third]);
    expect(peak).toBe(1);
  });

  it('createConcurrencyLimit() refuses a limit below 1', () => {
    expect(() => createConcurrencyLimit(0)).toThrow(RangeError);
  });
});
