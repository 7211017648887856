/** Copies the finite values of `values[from..to)` to the front of `out`; returns how many. NaN and ±Inf are missing. */
export function copyFinite(values: Float64Array, from: number, to: number, out: Float64Array): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const x = values[i]!;
    if (Number.isFinite(x)) out[count++] = x;
  }
  return count;
}

/** Number of finite values in `values[from..to)`. */
export function countFinite(values: Float64Array, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) if (Number.isFinite(values[i]!)) count++;
  return count;
}

/**
 * True when `values[from..to)` holds −0. Selections and running medians that must give the same
 * zero sign as the order they replaced check for it first (see selectInPlace, rollingMedian).
 */
export function holdsNegativeZero(values: Float64Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (Object.is(values[i], -0)) return true;
  return false;
}

/** Buffers that grow to the largest series seen and are then reused, so steady-state runs allocate nothing. */
export class Scratch {
  readonly #buffers: Float64Array[] = [];

  /** Buffer number `slot`, at least `length` long; its contents are whatever the last user left. */
  get(slot: number, length: number): Float64Array {
    const current = this.#buffers[slot];
    if (current !== undefined && current.length >= length) return current;
    const grown = new Float64Array(Math.max(length, 2 * (current?.length ?? 0), 64));
    this.#buffers[slot] = grown;
    return grown;
  }
}
