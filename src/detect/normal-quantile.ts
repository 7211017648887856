/**
 * The standard-normal score with upper tail probability `p` (Φ⁻¹(1 − p)), for p in (0, 0.5]:
 * Abramowitz & Stegun (1964) 26.2.23, absolute error below 4.5·10⁻⁴; 0 for p ≥ 0.5. States the
 * evidence of a test that yields a probability (a flatline's run length) on the robust-z scale the
 * other detectors score on. Underflowing p (0) is read as the smallest positive double.
 *
 * @example upperNormalQuantile(0.025) // 1.96…
 */
export function upperNormalQuantile(p: number): number {
  if (!(p < 0.5)) return 0;
  const t = Math.sqrt(-2 * Math.log(Math.max(p, Number.MIN_VALUE)));
  return t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
}
