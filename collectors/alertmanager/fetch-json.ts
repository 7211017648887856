import type { ApiCall, RawAnswer } from '../prometheus/http-transport.js';
import type { Result } from '../prometheus/result.js';

/** Network error codes in words, for a data gap a person reads. */
const NETWORK_WORDS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'timed out',
  ECONNABORTED: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  RESPONSE_TOO_LARGE: 'answer too large',
};
const BODY_CHARS_SHOWN = 200;

/**
 * One GET through the shared HTTP transport, read as JSON. Every failure is one line naming the
 * server and what went wrong (the server's own words for an HTTP error, cut short), with every
 * secret replaced by `***` should a server echo one back; never throws.
 *
 * @param server how to name the server, e.g. `Alertmanager at http://am:9093/`
 * @example
 * await fetchJson(send, { path: '/api/v2/alerts', params: [], allowPost: false }, 'Alertmanager at http://am:9093/', [])
 */
export async function fetchJson(
  send: (call: ApiCall) => Promise<RawAnswer>,
  call: ApiCall,
  server: string,
  secrets: readonly string[],
): Promise<Result<unknown, string>> {
  const answer = await send(call);
  let message: string | null = null;
  let json: unknown;
  if (answer.type === 'network') {
    message = `Cannot reach ${server}: ${NETWORK_WORDS[answer.code ?? ''] ?? answer.code ?? 'network error'}`;
  } else if (answer.status < 200 || answer.status > 299) {
    const body = answer.body.replace(/\s+/g, ' ').trim();
    const shown = body.length > BODY_CHARS_SHOWN ? `${body.slice(0, BODY_CHARS_SHOWN - 1)}…` : body;
    message = `Cannot read ${call.path} from ${server}: HTTP ${answer.status}${shown === '' ? '' : ` ${shown}`}`;
  } else {
    try {
      json = JSON.parse(answer.body);
    } catch {
      message = `Cannot read ${call.path} from ${server}: the answer is not JSON (is the URL right?)`;
    }
  }
  if (message === null) return { ok: true, value: json };
  for (const secret of secrets) if (secret.length > 0) message = message.split(secret).join('***');
  return { ok: false, error: message };
}
