import type { PrometheusErrorKind } from './prometheus-error.js';

/** What is known about one failed attempt, before it is given a name. */
export type FailureFacts =
  /** No HTTP answer. `code` is Node's error code (`ECONNREFUSED`, `ECONNABORTED` for a timeout, …). */
  | { readonly type: 'network'; readonly code: string | null; readonly timeoutMs: number }
  /** An HTTP answer that is an error, with the API's `errorType` / `error` fields when the body had them. */
  | { readonly type: 'http'; readonly status: number; readonly errorType: string | null; readonly error: string | null }
  /** A success status whose body is not what the API documents. */
  | { readonly type: 'invalid_body'; readonly status: number; readonly detail: string };

export interface FailureClass {
  readonly kind: PrometheusErrorKind;
  /** True when the same request may succeed if sent again later. */
  readonly retryable: boolean;
  /** One line saying what went wrong, e.g. `HTTP 400 bad_data: 1:11: parse error: …`. */
  readonly detail: string;
}

// Phrases servers use when a query asks for more data than they will hold at once. A shorter
// time range usually succeeds, so the query planner splits on these.
const TOO_MANY_SAMPLES_PATTERNS: readonly RegExp[] = [
  /would load too many samples/i, // Prometheus, Thanos: --query.max-samples
  /cannot select more than -search\.maxSamplesPerQuery/i, // VictoriaMetrics
  /exceeded the maximum number of chunks/i, // Mimir / Cortex: max chunks per query
  /aggregated chunks size limit/i, // Mimir: max fetched chunk bytes
  /query time range exceeds the limit/i, // Mimir / Cortex: max query length
];

const TOO_MANY_POINTS_PATTERNS: readonly RegExp[] = [
  /exceeded maximum resolution of [\d,]+ points/i, // Prometheus: 11,000 points per series
  /too many points for the given step/i, // VictoriaMetrics: -search.maxPointsPerTimeseries
];

// Certificate problems do not heal by retrying, and the fix is the operator's: say which one.
const UNTRUSTED_CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);

const NETWORK_DESCRIPTIONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

const MAX_DETAIL_CHARS = 500;

/** Makes server text fit on one line of a reasonable length. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_DETAIL_CHARS ? `${flat.slice(0, MAX_DETAIL_CHARS - 1)}…` : flat;
}

function httpDetail(status: number, errorType: string | null, error: string | null): string {
  // VictoriaMetrics repeats the status as errorType ("422"); saying it twice helps nobody.
  const type = errorType !== null && errorType !== String(status) ? ` ${errorType}` : '';
  // The message already names the query, so Prometheus' `invalid parameter "query": ` prefix is noise.
  const text = error === null ? '' : oneLine(error.replace(/^invalid parameter "query": /, ''));
  return text === '' ? `HTTP ${status}${type}` : `HTTP ${status}${type}: ${text}`;
}

function classifyNetwork(code: string | null, timeoutMs: number): FailureClass {
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return { kind: 'timeout', retryable: true, detail: `no answer within ${timeoutMs / 1000} s` };
  }
  if (code !== null && UNTRUSTED_CERTIFICATE_CODES.has(code)) {
    return {
      kind: 'unreachable',
      retryable: false,
      detail: `TLS certificate not trusted (${code}); give its CA certificate with PROMETHEUS_CA_FILE`,
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return { kind: 'unreachable', retryable: false, detail: 'TLS certificate does not match the host name' };
  }
  if (code === 'CERT_HAS_EXPIRED') {
    return { kind: 'unreachable', retryable: false, detail: 'TLS certificate has expired' };
  }
  if (code === 'EPROTO' || (code?.startsWith('ERR_SSL_') ?? false)) {
    return { kind: 'unreachable', retryable: false, detail: `TLS handshake failed (${code}); is the server https?` };
  }
  if (code === 'ERR_BAD_RESPONSE' || code === 'RESPONSE_TOO_LARGE') {
    return { kind: 'too_many_samples', retryable: false, detail: 'the answer is too large to read at once' };
  }
  const described = code === null ? undefined : NETWORK_DESCRIPTIONS[code];
  return { kind: 'unreachable', retryable: true, detail: described ?? `network error (${code ?? 'unknown'})` };
}

function classifyHttp(status: number, errorType: string | null, error: string | null): FailureClass {
  const detail = httpDetail(status, errorType, error);
  const text = error ?? '';
  if (status === 401) return { kind: 'unauthorized', retryable: false, detail };
  // Go's TLS servers answer plain HTTP with this 400; it is a wrong URL, not a wrong query.
  if (/HTTP request to an HTTPS server/i.test(text)) {
    return { kind: 'unreachable', retryable: false, detail: `${detail} (use https:// in the URL)` };
  }
  if (status === 403) return { kind: 'forbidden', retryable: false, detail };
  // VictoriaMetrics answers an unknown path with 400 and this text instead of 404.
  if (status === 404 || /unsupported path requested/i.test(text)) return { kind: 'not_found', retryable: false, detail };
  if (TOO_MANY_POINTS_PATTERNS.some((pattern) => pattern.test(text))) {
    return { kind: 'too_many_points', retryable: false, detail };
  }
  if (TOO_MANY_SAMPLES_PATTERNS.some((pattern) => pattern.test(text))) {
    return { kind: 'too_many_samples', retryable: false, detail };
  }
  // The server's own query timeout (503 errorType "timeout"): the same query would time out again,
  // but a shorter range may not, so it is left to the planner rather than retried.
  if (errorType === 'timeout') return { kind: 'timeout', retryable: false, detail };
  if (status === 429 || status >= 500) return { kind: 'server', retryable: true, detail };
  if (status === 400 || status === 422 || errorType === 'bad_data') return { kind: 'bad_query', retryable: false, detail };
  return { kind: 'server', retryable: false, detail };
}

/**
 * Names a failed attempt and says whether sending it again may help. Pure, so every branch is tested
 * without a server: network errors, 429 and 5xx are retryable; a rejected query, 401/403/404, the
 * sample and point limits and malformed bodies are not (retrying cannot change their answer).
 *
 * @example
 * classifyFailure({ type: 'http', status: 400, errorType: 'bad_data', error: '1:11: parse error: unclosed left parenthesis' })
 * // { kind: 'bad_query', retryable: false, detail: 'HTTP 400 bad_data: 1:11: parse error: unclosed left parenthesis' }
 */
export function classifyFailure(facts: FailureFacts): FailureClass {
  switch (facts.type) {
    case 'network':
      return classifyNetwork(facts.code, facts.timeoutMs);
    case 'http':
      return classifyHttp(facts.status, facts.errorType, facts.error);
    case 'invalid_body':
      return { kind: 'invalid_response', retryable: false, detail: `invalid response (HTTP ${facts.status}): ${oneLine(facts.detail)}` };
  }
}
