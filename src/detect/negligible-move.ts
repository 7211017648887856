import type { Detection } from '../model/anomaly.js';
import type { SignalTraits } from '../signals/recipe.js';

/**
 * Capacity shares (CPU busy, memory used, filesystem free) of a quiet resource can be so steady that
 * a move of a few hundredths of a percentage point is statistically unusual for that series: a few
 * megabytes written to a 94 %-free `/boot/efi`. Such a move is real but not what a postmortem is
 * about. A capacity move smaller than this (one percentage point)…
 */
export const NEGLIGIBLE_CAPACITY_MOVE = 0.01;
/** …that leaves more than this share of the capacity spare is left out of the anomalies. */
export const CAPACITY_HEADROOM = 0.25;

/**
 * True for a detection on a capacity share (a `saturation` signal in `ratio` units) that moved less
 * than one percentage point and kept more than a quarter of the capacity spare. Near its limit, any
 * move stays news: a disk at 99.5 % used that fills by 0.4 points is the outage.
 *
 * @example isNegligibleMove({ direction: 'down', peakValue: 0.9436, baseline: { value: 0.9440 } }, fsFree) // true
 */
export function isNegligibleMove(
  detection: Pick<Detection, 'direction' | 'peakValue'> & { readonly baseline: Pick<Detection['baseline'], 'value'> },
  traits: Pick<SignalTraits, 'category' | 'unit' | 'badDirection'>,
): boolean {
  if (traits.category !== 'saturation' || traits.unit !== 'ratio') return false;
  const move = Math.abs(detection.peakValue - detection.baseline.value);
  // Spare capacity at the peak: a share of free space is itself the spare; a busy or used share leaves 1 − it.
  const spare = traits.badDirection === 'down' ? detection.peakValue : 1 - detection.peakValue;
  return move < NEGLIGIBLE_CAPACITY_MOVE && spare > CAPACITY_HEADROOM;
}
