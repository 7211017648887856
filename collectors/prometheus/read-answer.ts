import type { z } from 'zod';
import { classifyFailure, type FailureClass, type FailureFacts } from './classify-failure.js';
import type { RawAnswer } from './http-transport.js';
import { parseRetryAfter } from './parse-retry-after.js';
import { envelopeSchema } from './response-schemas.js';
import type { AttemptOutcome } from './with-retry.js';

/** A classified failure with the HTTP status it came with (null when there was no answer). */
export type AnswerFailure = FailureClass & { readonly status: number | null };

const MAX_BODY_SNIPPET_CHARS = 200;

/** Where a schema issue is, in the notation of the JSON: `data.result[0].values[3][1]`. */
function issuePath(path: readonly PropertyKey[]): string {
  let text = 'data';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
  return text;
}

/** All of a schema failure, in one line: the first problem and how many more there are. */
function describeIssues(error: z.ZodError): string {
  const [first] = error.issues;
  if (first === undefined) return 'unexpected shape';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problems)` : '';
  return `${issuePath(first.path)}: ${first.message}${more}`;
}

/** The first line of a non-JSON error body (`404 page not found`), unless it is an HTML page. */
function plainTextError(body: string): string | null {
  const firstLine = body.trim().split('\n', 1)[0]?.trim() ?? '';
  if (firstLine === '' || firstLine.startsWith('<')) return null;
  return firstLine.slice(0, MAX_BODY_SNIPPET_CHARS);
}

function parseJson(body: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    return { ok: false };
  }
}

function fail(facts: FailureFacts, status: number | null, retryAfterMs: number | null): { ok: false; failure: AnswerFailure; retryable: boolean; retryAfterMs: number | null } {
  const failure = { ...classifyFailure(facts), status };
  return { ok: false, failure, retryable: failure.retryable, retryAfterMs };
}

/**
 * Turns what the transport got into either the validated `data` of the API envelope or a classified
 * failure the retry loop can act on. Pure: the same answer always reads the same way. `Retry-After`
 * is honoured on 429 and 503 only, where RFC 9110 gives it that meaning.
 *
 * @example
 * readAnswer({ type: 'response', status: 200, body: '{"status":"success","data":[]}', retryAfter: null }, stringListSchema, 60_000, Date.now())
 * // { ok: true, value: [] }
 */
export function readAnswer<S extends z.ZodType>(
  answer: RawAnswer,
  dataSchema: S,
  timeoutMs: number,
  nowMs: number,
): AttemptOutcome<z.output<S>, AnswerFailure> {
  if (answer.type === 'network') return fail({ type: 'network', code: answer.code, timeoutMs }, null, null);
  const { status, body } = answer;
  const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(answer.retryAfter, nowMs) : null;
  const success = status >= 200 && status < 300;
  const json = parseJson(body);
  if (!json.ok) {
    if (success) {
      const snippet = body.trim().slice(0, 80).replace(/\s+/g, ' ');
      return fail({ type: 'invalid_body', status, detail: `not JSON: ${snippet === '' ? '(empty body)' : snippet}` }, status, null);
    }
    return fail({ type: 'http', status, errorType: null, error: plainTextError(body) }, status, retryAfterMs);
  }
  const envelope = envelopeSchema.safeParse(json.value);
  if (!envelope.success) {
    if (success) return fail({ type: 'invalid_body', status, detail: describeIssues(envelope.error).replace(/^data/, 'body') }, status, null);
    return fail({ type: 'http', status, errorType: null, error: null }, status, retryAfterMs);
  }
  if (!success || envelope.data.status === 'error') {
    const { errorType = null, error = null } = envelope.data;
    return fail({ type: 'http', status, errorType, error }, status, retryAfterMs);
  }
  const data = dataSchema.safeParse(envelope.data.data);
  if (!data.success) return fail({ type: 'invalid_body', status, detail: describeIssues(data.error) }, status, null);
  return { ok: true, value: data.data as z.output<S> };
}
