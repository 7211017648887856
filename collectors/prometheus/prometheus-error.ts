/**
 * Why a request to a Prometheus-compatible server failed, in the words the report and the CLI use.
 * - `unreachable`: no HTTP answer (refused, unknown host, reset, untrusted TLS certificate).
 * - `timeout`: no answer in time, from the client's clock or the server's own query timeout.
 * - `unauthorized` / `forbidden` / `not_found`: HTTP 401 / 403 / 404 (a wrong path prefix is a 404).
 * - `bad_query`: the server rejected the PromQL or a parameter (HTTP 400 / 422).
 * - `too_many_samples`: the query would load more samples than the server allows (or the answer would be
 *   larger than the client accepts); a shorter time range may succeed.
 * - `too_many_points`: more points per series than the server allows (11,000 on Prometheus).
 * - `server`: HTTP 429 or 5xx, or any other unexpected status.
 * - `invalid_response`: the body is not the JSON the API documents (a login page from a proxy, say).
 */
export type PrometheusErrorKind =
  | 'unreachable'
  | 'timeout'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'bad_query'
  | 'too_many_samples'
  | 'too_many_points'
  | 'server'
  | 'invalid_response';

export interface PrometheusError {
  readonly kind: PrometheusErrorKind;
  /** HTTP status when the server answered, null for network failures. */
  readonly status: number | null;
  /**
   * One line, e.g. `Cannot query Prometheus "rate(x[1m]": HTTP 400 bad_data: 1:11: parse error: …` or
   * `Cannot reach Prometheus at http://127.0.0.1:9/: connection refused`. Never contains credentials.
   */
  readonly message: string;
}
