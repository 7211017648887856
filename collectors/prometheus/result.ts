import type { PrometheusError } from './prometheus-error.js';

/**
 * The outcome of an operation that can fail in an expected way (a server that is down, a bad query):
 * callers branch on `ok` instead of catching exceptions.
 *
 * @example
 * const answer = await client.labelNames(start, end);
 * if (!answer.ok) return gap(answer.error.message);
 */
export type Result<T, E = PrometheusError> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };
