import type { Labels } from '../model/series.js';

/** `{{ $labels.job }}`, `{{ .Labels.job }}`, `{{ index $labels "job" }}`, optionally piped to a function. */
const LABEL_REFERENCE = /\{\{-?\s*(?:\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)|\.Labels\.([a-zA-Z_][a-zA-Z0-9_]*)|index\s+\$labels\s+"([^"]+)")\s*(?:\|[^}]*)?-?\}\}/g;
const ANY_ACTION = /\{\{-?[^}]*-?\}\}/g;
/** What an expression of the alert's value reads as: the value at each moment is not in the evidence. */
export const UNKNOWN_VALUE = '…';

/**
 * Expands a Prometheus alert annotation (a Go text/template) as far as the evidence allows: label
 * references become the alert's label values; anything else (`$value`, `humanize`, `printf`, queries)
 * needs the rule's value at each evaluation, which ALERTS does not keep, and reads as "…". A full
 * template engine would need Go's semantics and Prometheus' function set, for a one-line summary.
 *
 * @example expandAnnotation('High error rate on {{ $labels.job }}: {{ $value | humanizePercentage }}', { job: 'auth' })
 * // 'High error rate on auth: …'
 */
export function expandAnnotation(template: string, labels: Labels): string {
  return template
    .replace(LABEL_REFERENCE, (_match, a: string | undefined, b: string | undefined, c: string | undefined) => labels[(a ?? b ?? c) as string] ?? '')
    .replace(ANY_ACTION, UNKNOWN_VALUE)
    .replace(/\s+/g, ' ')
    .trim();
}
