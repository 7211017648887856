import { SCORE_KNEE } from './thresholds.js';

/**
 * Turns a robust z into a score comparable across series: the z itself up to {@link SCORE_KNEE},
 * logarithmic beyond (`knee · (1 + ln(z / knee))`, continuous with slope 1 at the knee). A departure
 * from a constant baseline (0 → 0.05 deadlocks/s is z ≈ 5·10⁷ against the absolute floor) scores
 * high (≈ 187) but finite, and larger departures still score higher. Non-finite input scores 0.
 *
 * @example compressScore(7) // 7
 * @example compressScore(1000) // 56.05…
 */
export function compressScore(z: number): number {
  const magnitude = Math.abs(z);
  if (!Number.isFinite(magnitude)) return Number.isNaN(magnitude) ? 0 : SCORE_KNEE * (1 + Math.log(Number.MAX_VALUE / SCORE_KNEE));
  return magnitude <= SCORE_KNEE ? magnitude : SCORE_KNEE * (1 + Math.log(magnitude / SCORE_KNEE));
}
