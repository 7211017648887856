/**
 * A small seeded random source, so a scenario is the same bytes on every run and every machine.
 *
 * Each series gets its own stream, seeded from the scenario seed and the series' identity: adding or
 * reordering series never changes the numbers of the others.
 *
 * The generator is SplitMix32 (a Weyl sequence through the MurmurHash3 finaliser), see
 * Steele, Lea, Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014. It is not
 * cryptographic and need not be: it only has to look like noise and be reproducible.
 */

/** Golden-ratio increment of the Weyl sequence. */
const WEYL_INCREMENT = 0x9e3779b9;
const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const TWO_POW_32 = 4294967296;
/** Above this mean a Poisson draw is taken from its normal approximation (error well below the noise we want). */
const POISSON_NORMAL_THRESHOLD = 30;
/** Below this many trials a binomial draw is taken trial by trial. */
const BINOMIAL_EXACT_THRESHOLD = 25;

/** FNV-1a hash of a string to 32 bits: turns a seed phrase into generator state. */
function hashString(text: string): number {
  let hash = FNV_OFFSET_BASIS;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

export class Random {
  private state: number;
  private spareNormal: number | null = null;

  /** `new Random('auth-deadlock/node_load1/web1:9100')`: the same seed always gives the same stream. */
  constructor(seed: string) {
    this.state = hashString(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + WEYL_INCREMENT) | 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) / TWO_POW_32;
  }

  /** Uniform in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal, by the Box–Muller transform (the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    // 1 - next() is in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - this.next()));
    const angle = 2 * Math.PI * this.next();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** Number of events in an interval whose expected count is `mean` (Knuth's method for small means). */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean > POISSON_NORMAL_THRESHOLD) {
      return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    }
    const limit = Math.exp(-mean);
    let count = 0;
    let product = this.next();
    while (product > limit) {
      count++;
      product *= this.next();
    }
    return count;
  }

  /** Successes among `trials` independent trials of probability `p`. */
  binomial(trials: number, p: number): number {
    if (trials <= 0 || p <= 0) return 0;
    if (p >= 1) return trials;
    if (trials < BINOMIAL_EXACT_THRESHOLD) {
      let successes = 0;
      for (let i = 0; i < trials; i++) if (this.next() < p) successes++;
      return successes;
    }
    const mean = trials * p;
    const draw = Math.round(mean + Math.sqrt(mean * (1 - p)) * this.normal());
    return Math.min(trials, Math.max(0, draw));
  }
}
