/**
 * Which of `pValues` are discoveries at false discovery rate `q` (Benjamini & Hochberg, 1995,
 * "Controlling the false discovery rate", JRSS B 57(1)): with the p-values sorted, the largest k with
 * p₍ₖ₎ ≤ q·k/m, and every p-value up to it. `tests` (m) may exceed the number of p-values given: tests
 * that raised nothing count as p = 1. Valid under the positive dependence of series of one fleet
 * (Benjamini & Yekutieli, 2001, Annals of Statistics 29(4)). Returns one flag per p-value.
 *
 * @example benjaminiHochberg([0.001, 0.2, 0.01], 0.05, 3) // [true, false, true]
 */
export function benjaminiHochberg(pValues: readonly number[], q: number, tests = pValues.length): boolean[] {
  const m = Math.max(tests, pValues.length);
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a]! - pValues[b]! || a - b);
  let cutoff = -1;
  order.forEach((index, rank) => {
    if (pValues[index]! <= (q * (rank + 1)) / m) cutoff = rank;
  });
  const discovered = pValues.map(() => false);
  for (let rank = 0; rank <= cutoff; rank++) discovered[order[rank]!] = true;
  return discovered;
}
