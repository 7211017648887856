/**
 * Micro-benchmark of the whole detector suite: `npx tsx src/detect/detect.bench.ts [--lookback-hours 6]`.
 * Judges 1,000 series of the calm families of `_calm.ts` at 15 s, shaped as the tool's defaults ask
 * (24 h lookback, 2 h window, 10 min tail: 6,280 points), one in ten with an outage, each with its
 * day-before and week-before references on the run's grid (known from 2 h before the window, as the
 * collector fetches them), with one reused detector, then calibrates the run. Prints samples per
 * second (`npm run bench` reads the last line). Costs that do not grow with the lookback (the
 * references, the window's departures) weigh more on a short one: `--lookback-hours 6` shows it.
 */
import { calibrate } from './calibrate.js';
import { CALM_FAMILIES, calmSeries, DAY } from './_calm.js';
import { createDetector, type DetectOptions, type DetectResult } from './detect-series.js';

const SERIES = 1000;
const ROUNDS = 5;
const HOUR = 240;
const flag = process.argv.indexOf('--lookback-hours');
const LOOKBACK_HOURS = flag < 0 ? 24 : Number(process.argv[flag + 1]);
const WINDOW_START = LOOKBACK_HOURS * HOUR;
const WINDOW_END = WINDOW_START + 2 * HOUR;
const POINTS = WINDOW_END + 40;
/** The outage starts 40 min into the window. */
const OUTAGE = WINDOW_START + 160;
/** The collector fetches references from one window length (at least an hour) before the window. */
const REFERENCE_FROM = WINDOW_START - 2 * HOUR;
const options: Omit<DetectOptions, 'badDirection'> = { windowStart: WINDOW_START, windowEnd: WINDOW_END, stepSeconds: 15 };

const corpus = Array.from({ length: SERIES }, (_, s) => {
  const family = CALM_FAMILIES[s % CALM_FAMILIES.length]!;
  const long = calmSeries(family, s + 1, DAY + POINTS);
  const values = long.slice(DAY);
  if (s % 10 === 0) for (let i = OUTAGE; i < POINTS; i++) values[i] = 10 * values[i]! + 1;
  const dayBefore = long.slice(0, POINTS).fill(Number.NaN, 0, REFERENCE_FROM);
  const weekBefore = dayBefore.map((x) => 0.97 * x);
  return { family, values, dayBefore, weekBefore };
});

const detector = createDetector();
const judgeAll = (): DetectResult[] =>
  corpus.map(({ values, dayBefore, weekBefore }) => detector.detectSeries(values, { ...options, badDirection: 'both', dayBefore, weekBefore }));
let detections = 0;
for (const result of judgeAll()) detections += result.detections.length; // warm-up
const times: number[] = [];
let kept = 0;
for (let round = 0; round < ROUNDS; round++) {
  const started = process.hrtime.bigint();
  const results = judgeAll();
  kept = calibrate(results.map((result, s) => ({ family: corpus[s]!.family, result }))).reduce((sum, c) => sum + c.detections.length, 0);
  times.push(Number(process.hrtime.bigint() - started) / 1e9);
}
const best = Math.min(...times);
const samples = SERIES * POINTS;
console.log(`${SERIES} series × ${POINTS} points (${LOOKBACK_HOURS} h lookback) with day- and week-before references, ${detections} detections per pass, ${kept} kept at the false discovery rate`);
console.log(`best of ${ROUNDS}: ${(best * 1000).toFixed(1)} ms → ${(samples / best / 1e6).toFixed(1)} M samples/s`);
