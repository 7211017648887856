/**
 * Code-point order for sorting text. `localeCompare` depends on the machine's ICU data and locale,
 * which would make the same evidence sort differently on two machines.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
