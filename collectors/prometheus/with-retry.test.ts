import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './parse-retry-after.js';
import { INITIAL_BACKOFF_MS, MAX_ATTEMPTS, MAX_BACKOFF_MS, withRetry, type AttemptOutcome } from './with-retry.js';

/** An attempt function that plays back `outcomes` in order and counts calls. */
function scripted<T>(outcomes: AttemptOutcome<T, string>[]) {
  let calls = 0;
  const attempt = async (): Promise<AttemptOutcome<T, string>> => {
    const outcome = outcomes[Math.min(calls, outcomes.length - 1)]!;
    calls += 1;
    return outcome;
  };
  return { attempt, calls: () => calls };
}

const retryable = (retryAfterMs: number | null = null): AttemptOutcome<number, string> => ({ ok: false, failure: 'busy', retryable: true, retryAfterMs });
const final: AttemptOutcome<number, string> = { ok: false, failure: 'bad query', retryable: false, retryAfterMs: null };
const success: AttemptOutcome<number, string> = { ok: true, value: 42 };

describe('withRetry()', () => {
  it('withRetry() returns at once on success', async () => {
    const sleeps: number[] = [];
    const { attempt, calls } = scripted([success]);
    const result = await withRetry(attempt, { sleep: async (ms) => void sleeps.push(ms) });
    expect(result).toEqual({ outcome: { ok: true, value: 42 }, attempts: 1 });
    expect(calls()).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('withRetry() backs off exponentially with full jitter until success', async () => {
    const sleeps: number[] = [];
    const { attempt } = scripted([retryable(), retryable(), retryable(), success]);
    // random() = 1 - ε shows each ceiling; the wait is random() × ceiling.
    const result = await withRetry(attempt, { sleep: async (ms) => void sleeps.push(ms), random: () => 0.999999 });
    expect(result.outcome).toEqual({ ok: true, value: 42 });
    expect(result.attempts).toBe(4);
    expect(sleeps).toEqual([INITIAL_BACKOFF_MS - 1, 2 * INITIAL_BACKOFF_MS - 1, 4 * INITIAL_BACKOFF_MS - 1]);
  });

  it('withRetry() caps the backoff at MAX_BACKOFF_MS', async () => {
    const sleeps: number[] = [];
    const { attempt } = scripted([retryable()]);
    await withRetry(attempt, { maxAttempts: 10, sleep: async (ms) => void sleeps.push(ms), random: () => 0.999999 });
    expect(Math.max(...sleeps)).toBeLessThan(MAX_BACKOFF_MS);
    expect(sleeps.at(-1)).toBe(Math.floor(0.999999 * MAX_BACKOFF_MS));
  });

  it('withRetry() gives up after MAX_ATTEMPTS with the last failure', async () => {
    const { attempt, calls } = scripted([retryable()]);
    const result = await withRetry(attempt, { sleep: async () => {} });
    expect(result).toEqual({ outcome: { ok: false, error: 'busy' }, attempts: MAX_ATTEMPTS });
    expect(calls()).toBe(MAX_ATTEMPTS);
  });

  it('withRetry() never retries a failure marked not retryable', async () => {
    const { attempt, calls } = scripted([final, success]);
    const result = await withRetry(attempt, { sleep: async () => {} });
    expect(result).toEqual({ outcome: { ok: false, error: 'bad query' }, attempts: 1 });
    expect(calls()).toBe(1);
  });

  it('withRetry() waits exactly what Retry-After asks, zero included', async () => {
    const sleeps: number[] = [];
    const { attempt } = scripted([retryable(0), retryable(2_000), success]);
    const result = await withRetry(attempt, { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 });
    expect(result.attempts).toBe(3);
    expect(sleeps).toEqual([0, 2_000]);
  });

  it('withRetry() does not retry when Retry-After asks for a very long pause', async () => {
    const { attempt, calls } = scripted([retryable(3_600_000), success]);
    const result = await withRetry(attempt, { sleep: async () => {} });
    expect(result.outcome.ok).toBe(false);
    expect(calls()).toBe(1);
  });

  it('withRetry() makes one attempt when maxAttempts is 1', async () => {
    const { attempt, calls } = scripted([retryable(), success]);
    await withRetry(attempt, { maxAttempts: 1, sleep: async () => {} });
    expect(calls()).toBe(1);
  });
});

describe('parseRetryAfter()', () => {
  const now = Date.UTC(2023, 9, 15, 6, 0, 0);
  it('parseRetryAfter() reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 5 ', now)).toBe(5_000);
    expect(parseRetryAfter('Sun, 15 Oct 2023 06:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 15 Oct 2023 05:00:00 GMT', now)).toBe(0);
  });
  it('parseRetryAfter() returns null for a missing or unreadable header', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-1', now)).toBeNull();
  });
});
