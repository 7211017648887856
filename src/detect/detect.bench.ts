/**
 * Micro-benchmark: `npx tsx src/detect/detect.bench.ts`. Judges 2,000 series of 1,920 points
 * (6 h lookback, 2 h window, 10 min tail at 15 s), one in ten with an outage, with one reused
 * detector, and prints samples per second.
 */
import { CALM_FAMILIES, calmSeries } from './_calm.js';
import { createDetector, type DetectOptions } from './detect-series.js';

const SERIES = 2000;
const POINTS = 1920;
const ROUNDS = 5;
const options: Omit<DetectOptions, 'badDirection'> = { windowStart: 1440, windowEnd: 1880, stepSeconds: 15 };

const corpus = Array.from({ length: SERIES }, (_, s) => {
  const values = calmSeries(CALM_FAMILIES[s % CALM_FAMILIES.length]!, s + 1, POINTS);
  if (s % 10 === 0) for (let i = 1600; i < POINTS; i++) values[i] = 10 * values[i]! + 1;
  return values;
});

const detector = createDetector();
let detections = 0;
for (const values of corpus) detections += detector.detectSeries(values, { ...options, badDirection: 'both' }).detections.length; // warm-up
const times: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const started = process.hrtime.bigint();
  for (const values of corpus) detector.detectSeries(values, { ...options, badDirection: 'both' });
  times.push(Number(process.hrtime.bigint() - started) / 1e9);
}
const best = Math.min(...times);
const samples = SERIES * POINTS;
console.log(`${SERIES} series × ${POINTS} points, ${detections} detections per pass`);
console.log(`best of ${ROUNDS}: ${(best * 1000).toFixed(1)} ms → ${(samples / best / 1e6).toFixed(1)} M samples/s`);
