import { gaussian, seededRandom } from './_testkit.js';

/** Samples per day at a 15 s step. */
export const DAY = 5760;
/** A 2 h window after a 24 h lookback, and a 10 min tail. */
export const CALM_WINDOW = { windowStart: DAY, windowEnd: DAY + 480, stepSeconds: 15 } as const;
export const CALM_LENGTH = DAY + 480 + 40;

export type CalmFamily = 'sine+gauss' | 'sine+ar1' | 'traffic' | 'smooth-traffic' | 'latency' | 'error-ratio' | 'poisson-rate' | 'cpu' | 'resets';
export const CALM_FAMILIES: readonly CalmFamily[] = [
  'sine+gauss',
  'sine+ar1',
  'traffic',
  'smooth-traffic',
  'latency',
  'error-ratio',
  'poisson-rate',
  'cpu',
  'resets',
];

/**
 * A healthy series with a daily rhythm and no incident, of one of several shapes seen in real
 * monitoring: Gaussian or autocorrelated noise on a sine, multiplicative traffic noise, heavy-tailed
 * latency, sparse error ratios, Poisson counter rates, bounded CPU, and rates with counter-reset
 * artefacts, and traffic smoothed as `rate(x[5m])` shows it. Today's rhythm differs from yesterday's
 * by up to ±`growth`/2 (10 % by default: growth, weekday effects). `fixedPhase` places the rhythm
 * (radians at index 0) instead of drawing it, to put a window in the busy part of the day.
 */
export function calmSeries(family: CalmFamily, seed: number, length = CALM_LENGTH, growthRange = 0.2, fixedPhase?: number): Float64Array {
  const random = seededRandom(seed);
  const noise = gaussian(random);
  const drawnPhase = random() * 2 * Math.PI;
  const phase = fixedPhase ?? drawnPhase;
  const amplitude = random();
  const growth = 1 + growthRange * (random() - 0.5);
  const day = (i: number): number => Math.sin((2 * Math.PI * i) / DAY + phase) * (i >= DAY ? growth : 1);
  const out = new Float64Array(length);
  let ar = 0;
  const recent = new Float64Array(20);
  for (let i = 0; i < length; i++) {
    const rhythm = day(i);
    switch (family) {
      case 'sine+gauss':
        out[i] = 100 + 40 * amplitude * rhythm + (1 + 10 * random()) * noise();
        break;
      case 'sine+ar1':
        ar = 0.95 * ar + Math.sqrt(1 - 0.95 * 0.95) * noise();
        out[i] = 100 + 30 * amplitude * rhythm + 5 * ar;
        break;
      case 'traffic':
        out[i] = 500 * (1 + 0.8 * amplitude * rhythm) * Math.exp(0.1 * noise());
        break;
      case 'smooth-traffic': {
        recent[i % 20] = 500 * (1 + 0.8 * amplitude * rhythm) * Math.exp(0.3 * noise());
        let sum = 0;
        for (const x of recent) sum += x;
        out[i] = i < 20 ? Number.NaN : sum / 20;
        break;
      }
      case 'latency':
        out[i] = 0.3 * (1 + 0.5 * amplitude * rhythm) * Math.exp(0.35 * noise());
        break;
      case 'error-ratio': {
        const requests = 50 * (1 + 0.8 * amplitude * rhythm) * 60;
        out[i] = poisson(random, requests * 0.0005) / requests;
        break;
      }
      case 'poisson-rate':
        out[i] = poisson(random, 4 * (1 + 0.9 * amplitude * rhythm)) / 60;
        break;
      case 'cpu':
        out[i] = Math.min(1, Math.max(0, 0.3 + 0.25 * amplitude * rhythm + 0.03 * noise()));
        break;
      case 'resets':
        out[i] = random() < 0.002 ? 1e6 * random() : 200 * (1 + 0.5 * amplitude * rhythm) + 10 * noise();
        break;
    }
  }
  return out;
}

/** Knuth's Poisson sampler, with a normal approximation for large means. */
function poisson(random: () => number, mean: number): number {
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}
