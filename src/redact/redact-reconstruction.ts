import type { Reconstruction } from '../model/report.js';
import { redactText } from './redact-text.js';

/** Every string in a value redacted, the shape kept; numbers, typed arrays (series values) as they are. */
function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map(redactValue);
  const out: Record<string, unknown> = {};
  // Keys are label and field names (`instance`, `query`), chosen by exporters and by this tool, not
  // secrets; only values are redacted.
  for (const [key, item] of Object.entries(value)) out[key] = redactValue(item);
  return out;
}

/**
 * The reconstruction with secrets masked in every string it holds — anomaly and event titles, label
 * values, event evidence, log excerpts, alert annotations, hypotheses' chains, the source URL — so
 * every renderer (Markdown, JSON, HTML) writes the same masked text. A walk over all strings rather
 * than a list of fields: a field added later is redacted without anyone remembering to. Pure: the
 * input is not changed.
 *
 * @example redactReconstruction(r).events[0].title // 'Log: login failed for ***@example.com'
 */
export function redactReconstruction(reconstruction: Reconstruction): Reconstruction {
  return redactValue(reconstruction) as Reconstruction;
}
