/** Attempts per request, the first included. */
export const MAX_ATTEMPTS = 4;
/** Ceiling of the first backoff; each later one doubles, up to MAX_BACKOFF_MS. */
export const INITIAL_BACKOFF_MS = 500;
export const MAX_BACKOFF_MS = 8_000;
/** A server asking for a longer pause than this gets no retry: the run should not stall on it. */
export const MAX_RETRY_AFTER_MS = 30_000;

/** What one attempt produced: a value, or a failure with what the retry loop needs to decide. */
export type AttemptOutcome<T, F> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failure: F; readonly retryable: boolean; readonly retryAfterMs: number | null };

export interface RetryPolicy {
  /** @default MAX_ATTEMPTS */
  readonly maxAttempts?: number;
  /** @default INITIAL_BACKOFF_MS */
  readonly initialBackoffMs?: number;
  /** @default MAX_BACKOFF_MS */
  readonly maxBackoffMs?: number;
  /** Injected so tests do not wait. @default setTimeout-based sleep */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Injected so tests are deterministic. @default Math.random */
  readonly random?: () => number;
}

export interface RetryResult<T, F> {
  readonly outcome: { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: F };
  /** How many attempts were made, the first included. */
  readonly attempts: number;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it succeeds, fails in a way retrying cannot fix, or MAX_ATTEMPTS is reached.
 * Waits between attempts with exponential backoff and full jitter (a random wait between 0 and the
 * doubling ceiling, as in https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/), or
 * exactly what the server asked for with `Retry-After`. Hand-written because the retry libraries on npm
 * either throw on failure or do not honour a per-attempt `Retry-After`; it is twenty lines.
 *
 * @example
 * const { outcome, attempts } = await withRetry(() => sendOnce(request), { sleep: async () => {} });
 */
export async function withRetry<T, F>(
  attempt: (attemptNumber: number) => Promise<AttemptOutcome<T, F>>,
  policy: RetryPolicy = {},
): Promise<RetryResult<T, F>> {
  const maxAttempts = Math.max(1, policy.maxAttempts ?? MAX_ATTEMPTS);
  const initialBackoffMs = policy.initialBackoffMs ?? INITIAL_BACKOFF_MS;
  const maxBackoffMs = policy.maxBackoffMs ?? MAX_BACKOFF_MS;
  const sleep = policy.sleep ?? realSleep;
  const random = policy.random ?? Math.random;
  for (let attemptNumber = 1; ; attemptNumber += 1) {
    const result = await attempt(attemptNumber);
    if (result.ok) return { outcome: result, attempts: attemptNumber };
    const tooLongAWait = result.retryAfterMs !== null && result.retryAfterMs > MAX_RETRY_AFTER_MS;
    if (!result.retryable || attemptNumber >= maxAttempts || tooLongAWait) {
      return { outcome: { ok: false, error: result.failure }, attempts: attemptNumber };
    }
    const ceiling = Math.min(maxBackoffMs, initialBackoffMs * 2 ** (attemptNumber - 1));
    await sleep(result.retryAfterMs ?? Math.floor(random() * ceiling));
  }
}
