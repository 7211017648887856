import { MIN_FLAT_BEFORE, RAMP_PENALTY } from './thresholds.js';

/** The change point found by {@link fitOnset}. */
export interface OnsetFit {
  /** First sample that left the old level. */
  readonly onset: number;
  /** Samples on the way between the two levels (0 for a clean step). */
  readonly rampLength: number;
  /** Fitted level before the onset, in the series' units. */
  readonly levelBefore: number;
  /** Fitted level after the ramp, in the series' units. */
  readonly levelAfter: number;
}

/** Ramp lengths tried one by one; longer ones on a geometric grid. */
const EXACT_RAMP_SAMPLES = 16;

/** The ramp length to try after `ramp`, never stepping over `longest` (the hinge reaching the end). */
function nextRamp(ramp: number, longest: number): number {
  if (ramp < EXACT_RAMP_SAMPLES) return ramp + 1;
  const next = ramp + (ramp >>> 3);
  return ramp < longest && next > longest ? longest : next;
}

/** Prefix sums are stored interleaved, six per sample: count, Σy, Σy², Σj, Σj², Σj·y. */
const STRIDE = 6;

/** Length of the scratch buffer {@link fitOnset} needs for `samples` samples. */
export function fitScratchLength(samples: number): number {
  return STRIDE * (samples + 1);
}

/**
 * Places the onset of a departure at its change point rather than at its first threshold crossing.
 * Fits, by least squares over `values[from..to)`, a level, then a linear ramp of L ≥ 0 samples, then a
 * second level ("flat–ramp–flat"; L = 0 is a step, a ramp reaching `to` is a hinge), for every onset in
 * `[from, latest]` and every ramp length, and keeps the best. With prefix sums of 1, y, y², j, j², j·y
 * each candidate costs O(1). A step seen through `rate(x[1m])` at a 15 s step is a 4-sample ramp: the
 * onset lands where the ramp starts, not at its middle as a plain step fit would put it.
 * Two-phase regression: Hinkley (1971), "Inference in two-phase regression", JASA 66(336); exhaustive
 * break search with cumulative sums as in Bai & Perron (2003), J. Applied Econometrics 18(1).
 * Missing samples are skipped. `undefined` when no candidate has {@link MIN_FLAT_BEFORE} finite samples
 * before it and one after it. `scratch` is at least {@link fitScratchLength}`(to − from)` long.
 * Values are clamped to `[−clip, clip]` first: fed robust z, a big departure then looks the same
 * however noisy its plateau, so heavy multiplicative noise (latency) cannot pull the onset early.
 *
 * @example fitOnset(Float64Array.of(0, 0, 0, 1, 2, 3, 3, 3), 0, 5, 8, new Float64Array(54))?.onset // 3
 */
export function fitOnset(
  values: Float64Array,
  from: number,
  latest: number,
  to: number,
  scratch: Float64Array,
  clip = Number.POSITIVE_INFINITY,
): OnsetFit | undefined {
  const m = to - from;
  if (m <= MIN_FLAT_BEFORE) return undefined;
  // Centre on the first finite value and scale to ±1 so the sums stay exact enough even for
  // series in bytes or departures 10⁷ spreads high.
  let center = Number.NaN;
  let scale = 0;
  for (let i = from; i < to; i++) {
    const raw = values[i]!;
    if (!Number.isFinite(raw)) continue;
    const x = Math.min(clip, Math.max(-clip, raw));
    if (Number.isNaN(center)) center = x;
    scale = Math.max(scale, Math.abs(x - center));
  }
  if (Number.isNaN(center)) return undefined;
  if (scale === 0) scale = 1;

  const p = scratch;
  for (let k = 0; k < STRIDE; k++) p[k] = 0;
  for (let j = 0; j < m; j++) {
    const raw = values[from + j]!;
    const finite = Number.isFinite(raw);
    const y = finite ? (Math.min(clip, Math.max(-clip, raw)) - center) / scale : 0;
    const k = finite ? 1 : 0;
    const at = STRIDE * j;
    p[at + 6] = p[at]! + k;
    p[at + 7] = p[at + 1]! + y;
    p[at + 8] = p[at + 2]! + y * y;
    p[at + 9] = p[at + 3]! + k * j;
    p[at + 10] = p[at + 4]! + k * j * j;
    p[at + 11] = p[at + 5]! + j * y;
  }
  // Sum of column c over samples [0, j): p[STRIDE·j + c].
  const n = (j: number): number => p[STRIDE * j]!;
  const sy = (j: number): number => p[STRIDE * j + 1]!;
  const sj = (j: number): number => p[STRIDE * j + 3]!;
  const sjj = (j: number): number => p[STRIDE * j + 4]!;
  const sjy = (j: number): number => p[STRIDE * j + 5]!;

  // The best candidate and the best step, as scalars: no object per improvement in the inner loop.
  let bestError = Number.POSITIVE_INFINITY;
  let bestOnset = -1;
  let bestRamp = 0;
  let bestC0 = 0;
  let bestC1 = 0;
  let stepError = Number.POSITIVE_INFINITY;
  let stepOnset = -1;
  let stepC0 = 0;
  let stepC1 = 0;
  const lastOnset = Math.min(latest, to - 1) - from;
  const total = p[STRIDE * m + 2]!;
  // What does not change along the inner loop, read or multiplied once per onset (or once): the same
  // doubles the expressions below would give, without the loads and products per candidate.
  const nM = n(m);
  const yM = sy(m);
  for (let o = 0; o <= lastOnset; o++) {
    const nA = n(o);
    if (nA < MIN_FLAT_BEFORE) continue;
    const yA = sy(o);
    const jO = sj(o);
    const jjO = sjj(o);
    const jyO = sjy(o);
    // Ramp weights w = (j − o + 1) / (ramp + 1): the first ramp sample has already moved.
    const shift = o - 1;
    const twiceShift = 2 * shift;
    const shiftSquared = shift * shift;
    // Every ramp length up to EXACT_RAMP_SAMPLES, then lengths growing by an eighth: the onset is what
    // must be exact, and a long ramp's length matters only roughly.
    for (let ramp = 0; o + ramp <= m; ramp = nextRamp(ramp, m - o)) {
      const r = o + ramp;
      const nR = n(r);
      const nB = nR - nA;
      const nC = nM - nR;
      if (nB + nC < 1) continue;
      const d = ramp + 1;
      const jB = sj(r) - jO;
      const yR = sy(r);
      const yB = yR - yA;
      const sw = (jB - shift * nB) / d;
      const sww = (sjj(r) - jjO - twiceShift * jB + shiftSquared * nB) / (d * d);
      const swy = (sjy(r) - jyO - shift * yB) / d;
      const yC = yM - yR;
      // Normal equations of y ≈ c0·(1 − w) + c1·w.
      const uu = nA + nB - 2 * sw + sww;
      const uw = sw - sww;
      const ww = sww + nC;
      const uy = yA + yB - swy;
      const wy = swy + yC;
      const det = uu * ww - uw * uw;
      if (!(det > 1e-12)) continue;
      const c0 = (uy * ww - wy * uw) / det;
      const c1 = (wy * uu - uy * uw) / det;
      const error = total - c0 * uy - c1 * wy;
      if (bestOnset < 0 || error < bestError - 1e-12) {
        bestError = error;
        bestOnset = from + o;
        bestRamp = ramp;
        bestC0 = c0;
        bestC1 = c1;
      }
      if (ramp === 0 && (stepOnset < 0 || error < stepError - 1e-12)) {
        stepError = error;
        stepOnset = from + o;
        stepC0 = c0;
        stepC1 = c1;
      }
    }
  }
  if (bestOnset < 0) return undefined;
  // A ramp has one more free parameter than a step: keep it only when it explains clearly more
  // (BIC-like), or heavy noise on a high plateau (latency) drags the onset early with a fake ramp.
  const finite = n(m);
  if (stepOnset >= 0 && bestRamp > 0 && finite > 4) {
    const residualVariance = Math.max(bestError, 0) / (finite - 4);
    if (stepError - bestError <= RAMP_PENALTY * residualVariance * Math.log(finite)) {
      bestOnset = stepOnset;
      bestRamp = 0;
      bestC0 = stepC0;
      bestC1 = stepC1;
    }
  }
  return {
    onset: bestOnset,
    rampLength: bestRamp,
    levelBefore: center + bestC0 * scale,
    levelAfter: center + bestC1 * scale,
  };
}
