import type { FailureClass } from './classify-failure.js';

/** What a request was for, as the one-line message names it. */
export type RequestSubject =
  | { readonly kind: 'query'; readonly query: string }
  | { readonly kind: 'endpoint'; readonly path: string };

const MAX_QUERY_CHARS_SHOWN = 200;
const SECRET_PLACEHOLDER = '***';

/** PromQL on one line, shortened if long: a message is one line and is read by a person. */
export function quoteQuery(query: string): string {
  const flat = query.replace(/\s+/g, ' ').trim();
  return `"${flat.length > MAX_QUERY_CHARS_SHOWN ? `${flat.slice(0, MAX_QUERY_CHARS_SHOWN - 1)}…` : flat}"`;
}

/**
 * Builds the one-line message of a failed request. Network failures say where the server was
 * looked for; queries are named by their PromQL; other endpoints by path and server. Every secret
 * the client holds is replaced by `***` as a last guard, should a server ever echo one back.
 *
 * @example
 * formatFailureMessage({ kind: 'query', query: 'up' }, { kind: 'bad_query', retryable: false, detail: 'HTTP 400 bad_data: …' }, 'http://p:9090/', [])
 * // 'Cannot query Prometheus "up": HTTP 400 bad_data: …'
 */
export function formatFailureMessage(
  subject: RequestSubject,
  failure: Pick<FailureClass, 'kind' | 'detail'>,
  displayUrl: string,
  secrets: readonly string[],
): string {
  let message: string;
  if (failure.kind === 'unreachable') message = `Cannot reach Prometheus at ${displayUrl}: ${failure.detail}`;
  else if (subject.kind === 'query') message = `Cannot query Prometheus ${quoteQuery(subject.query)}: ${failure.detail}`;
  else message = `Cannot read ${subject.path} from Prometheus at ${displayUrl}: ${failure.detail}`;
  for (const secret of secrets) {
    if (secret.length > 0) message = message.split(secret).join(SECRET_PLACEHOLDER);
  }
  return message;
}
