/**
 * Seeded series for tests and the benchmark: a deterministic PRNG (mulberry32, Tommy Ettinger's
 * public-domain 32-bit generator) and Gaussian noise by Box–Muller, so every run sees the same data.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws from a uniform source (Box & Muller, 1958). */
export function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Per-second rate as PromQL `rate(counter[windowSamples·step])` shows it, from per-sample increments (no extrapolation). */
export function simulatedRate(increments: Float64Array, windowSamples: number, stepSeconds: number): Float64Array {
  const out = new Float64Array(increments.length).fill(Number.NaN);
  let sum = 0;
  for (let i = 0; i < increments.length; i++) {
    sum += increments[i]!;
    if (i >= windowSamples) sum -= increments[i - windowSamples]!;
    if (i >= windowSamples) out[i] = sum / (windowSamples * stepSeconds);
  }
  return out;
}

/** A series of `length` samples from `f(i)`. */
export function series(length: number, f: (i: number) => number): Float64Array {
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = f(i);
  return out;
}
