/**
 * Converts a Prometheus sample value string to a number, once, at the edge. The API writes values as
 * strings so that `NaN` and the infinities survive JSON; `Number()` alone would read `"+Inf"` as NaN and
 * `""` as 0. Returns `undefined` for text that is not a number, so the caller can report it.
 *
 * @example
 * parseSampleValue('0.25')  // 0.25
 * parseSampleValue('+Inf')  // Infinity
 * parseSampleValue('NaN')   // NaN
 * parseSampleValue('abc')   // undefined
 */
export function parseSampleValue(text: string): number | undefined {
  switch (text) {
    case 'NaN':
      return Number.NaN;
    case '+Inf':
    case 'Inf':
      return Number.POSITIVE_INFINITY;
    case '-Inf':
      return Number.NEGATIVE_INFINITY;
  }
  // Number('') and Number('  ') are 0; a value is never blank.
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isNaN(value) ? undefined : value;
}
