/** z for a two-sided 95 % interval (the normal distribution's 97.5th percentile). */
export const Z_95 = 1.959963984540054;

/**
 * Wilson score interval of a binomial proportion `successes / trials`, as shares in [0, 1]. Unlike
 * the normal approximation it stays inside [0, 1] and behaves at 0 and n successes and with small
 * samples (a segment of 12 users), which is why it is used here.
 * Reference: E. B. Wilson, "Probable inference, the law of succession, and statistical inference",
 * JASA 22 (1927); Brown, Cai & DasGupta, Statistical Science 16 (2001) recommend it.
 *
 * @example wilsonInterval(65, 100) // { low: 0.552…, high: 0.736… }
 * Returns undefined for no trials.
 */
export function wilsonInterval(successes: number, trials: number, z: number = Z_95): { low: number; high: number } | undefined {
  if (!(trials > 0) || successes < 0 || successes > trials) return undefined;
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
