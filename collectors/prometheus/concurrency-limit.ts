/** Runs a task once a slot is free; at most `max` tasks run at a time. */
export type ConcurrencyLimit = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * Creates a limiter shared by every request of one client, so a run that asks for thousands of series
 * does not open thousands of connections to the server. Tasks start in the order they were submitted.
 * Hand-written (rather than p-limit) because it is a dozen lines and keeps the dependency list short.
 *
 * @example
 * const limit = createConcurrencyLimit(4);
 * const answers = await Promise.all(queries.map((q) => limit(() => send(q))));
 */
export function createConcurrencyLimit(max: number): ConcurrencyLimit {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`Concurrency must be a whole number of at least 1, got ${max}`);
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    // A finishing task hands its slot straight to the next waiter (running stays the same), so a task
    // submitted in between cannot slip past the waiters and exceed the limit.
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else running += 1;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next === undefined) running -= 1;
      else next();
    }
  };
}
