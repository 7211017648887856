import http from 'node:http';
import https from 'node:https';
import axios from 'axios';

/** One API request: the path under the base URL and its parameters (repeated names allowed). */
export interface ApiCall {
  readonly path: string;
  readonly params: readonly (readonly [string, string])[];
  /** The endpoint accepts the same parameters as a form POST (query, query_range, series, labels). */
  readonly allowPost: boolean;
}

/** What came back, before anything is interpreted. Never carries the request or its headers. */
export type RawAnswer =
  | { readonly type: 'response'; readonly status: number; readonly body: string; readonly retryAfter: string | null }
  | { readonly type: 'network'; readonly code: string | null };

export interface HttpTransportOptions {
  /** Base URL without user info and without a trailing slash. */
  readonly apiBase: string;
  /** Full `Authorization` header value, or null. */
  readonly authorization: string | null;
  /** PEM text of a private CA to trust on top of the system ones. */
  readonly caCert?: string;
  readonly timeoutMs: number;
  readonly maxSockets: number;
  /** Ask for gzip'd answers (see PrometheusClientOptions.compress). */
  readonly compress: boolean;
}

/** Query strings longer than this go as a form POST: proxies and load balancers often cap URLs at 4–8 KiB. */
export const MAX_GET_QUERY_CHARS = 4_000;
/** Larger answers are refused before they are read: V8 strings stop at about 512 MiB. */
export const MAX_RESPONSE_BYTES = 400 * 1024 * 1024;

const USER_AGENT = 'incident-timeline';

/** The error code of whatever axios or Node threw, and nothing else from it (it embeds headers). */
function errorCode(error: unknown): string | null {
  if (error instanceof RangeError) return 'RESPONSE_TOO_LARGE'; // "Invalid string length"
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    // An AbortSignal.timeout() abort surfaces as a cancellation: it is our total-time deadline.
    return error.code === 'ERR_CANCELED' ? 'ETIMEDOUT' : error.code;
  }
  return null;
}

/**
 * Creates the one function that talks HTTP to the server. It never throws: every outcome is a
 * `RawAnswer`, and a failed request yields only its error code, because axios errors carry the request
 * configuration (with the `Authorization` header) and must not escape into messages or logs.
 *
 * @example
 * const send = createHttpTransport({ apiBase: 'http://127.0.0.1:9090', authorization: null, timeoutMs: 60_000, maxSockets: 4 });
 * const answer = await send({ path: '/api/v1/query', params: [['query', 'up']], allowPost: true });
 */
export function createHttpTransport(options: HttpTransportOptions): (call: ApiCall) => Promise<RawAnswer> {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets };
  const instance = axios.create({
    httpAgent: new http.Agent(agentOptions),
    httpsAgent: new https.Agent(options.caCert === undefined ? agentOptions : { ...agentOptions, ca: options.caCert }),
    // Parsed by the caller, which can then say precisely what is wrong with a body that is not JSON.
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    maxContentLength: MAX_RESPONSE_BYTES,
    maxRedirects: 3,
    headers: {
      Accept: 'application/json',
      'Accept-Encoding': options.compress ? 'gzip' : 'identity',
      'User-Agent': USER_AGENT,
      ...(options.authorization === null ? {} : { Authorization: options.authorization }),
    },
  });

  return async (call: ApiCall): Promise<RawAnswer> => {
    const encoded = new URLSearchParams(call.params.map(([name, value]): [string, string] => [name, value])).toString();
    const url = `${options.apiBase}${call.path}`;
    const usePost = call.allowPost && encoded.length > MAX_GET_QUERY_CHARS;
    try {
      const response = await instance.request<unknown>({
        method: usePost ? 'POST' : 'GET',
        url: usePost || encoded === '' ? url : `${url}?${encoded}`,
        ...(usePost ? { data: encoded, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } } : {}),
        // `timeout` only bounds the wait for the answer to start; the signal bounds the whole exchange.
        timeout: options.timeoutMs,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const retryAfter: unknown = response.headers['retry-after'];
      return {
        type: 'response',
        status: response.status,
        body: typeof response.data === 'string' ? response.data : '',
        retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
      };
    } catch (error: unknown) {
      return { type: 'network', code: errorCode(error) };
    }
  };
}
