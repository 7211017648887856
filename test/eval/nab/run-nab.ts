/**
 * The NAB part of `npm run eval`: runs the tool's detector (through {@link detectNab}) over the NAB
 * development corpus and scores it with NAB's standard profile (see score.ts for the rules).
 *
 *   npx tsx test/eval/nab/run-nab.ts [--per-file] [--lookback-hours H] [--window-hours H] [--stride ROWS] [--no-seasonal] [--q FDR] [--spending-rows N | --no-spending]
 *
 * The published scores are those of NAB's scoreboard detectors on exactly these files with their
 * published thresholds (issue 3); they are printed beside ours for comparison, not recomputed.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { DEFAULT_SETTINGS, detectNab, medianStepSeconds, type AdapterSettings, type NabDetection } from './detector-adapter.js';
import { loadNabCorpus, NAB_DATA_DIR } from './load.js';
import { normalisedScore, perfectScore, scoreFile, STANDARD_PROFILE, type WindowScore } from './score.js';
import { renderNabCategories, renderNabFiles, renderNabHeadline } from './table.js';

export { PUBLISHED_SCORES, TARGET_SCORE } from './published.js';
export { renderNabCategories, renderNabFiles, renderNabHeadline };

export interface NabFileResult {
  readonly name: string;
  readonly category: string;
  readonly rows: number;
  readonly stepSeconds: number;
  /** The rows flagged (alarm rows) with the tool's onsets, for diagnosis. */
  readonly detections: readonly NabDetection[];
  /** Windows in the label file: all count towards the perfect score (`Runner.normalize`). */
  readonly labelledWindows: number;
  /** Windows the sweeper scores (not wholly inside the probation period). */
  readonly windows: readonly WindowScore[];
  readonly raw: number;
  /** The null detector's score on this file (−A_FN per scored window). */
  readonly nullRaw: number;
  readonly truePositives: number;
  readonly falseNegatives: number;
  readonly falsePositives: number;
  readonly falsePositiveCost: number;
}

/** Sums over a set of files, normalised over that set. */
export interface NabTotals {
  readonly files: number;
  /** Labelled windows (what the perfect score counts). */
  readonly windows: number;
  readonly raw: number;
  readonly nullRaw: number;
  readonly perfect: number;
  /** NAB's normalised score over these files; NaN when they hold no window (artificialNoAnomaly). */
  readonly score: number;
  readonly truePositives: number;
  readonly falseNegatives: number;
  readonly falsePositives: number;
}

export interface NabEvalResult extends NabTotals {
  readonly profile: 'standard';
  readonly settings: AdapterSettings;
  readonly dataDir: string;
  readonly perFile: readonly NabFileResult[];
  readonly perCategory: readonly (NabTotals & { readonly category: string })[];
  /**
   * Diagnosis only, not NAB-valid: the score had each anomaly been flagged on the tool's onset row,
   * which the tool finds with rows after it. The gap to {@link score} is what confirmation delay costs.
   */
  readonly scoreAtOnsets: number;
  readonly seconds: number;
}

export interface NabEvalOptions {
  readonly dataDir?: string;
  readonly settings?: AdapterSettings;
}

/** Runs the detector over the corpus and scores it. Async so a caller may run it beside other evals. */
export async function runNabEval(options: NabEvalOptions = {}): Promise<NabEvalResult> {
  const started = performance.now();
  const dataDir = options.dataDir ?? NAB_DATA_DIR;
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const perFile: NabFileResult[] = [];
  let rawAtOnsets = 0;
  for (const file of loadNabCorpus(dataDir)) {
    const stepSeconds = medianStepSeconds(file.times);
    const detections = detectNab(file.values, stepSeconds, settings, file.times);
    const rows = file.values.length;
    const scored = scoreFile(rows, file.windows, detections.map((d) => d.alarmRow), STANDARD_PROFILE);
    rawAtOnsets += scoreFile(rows, file.windows, detections.map((d) => d.onsetRow), STANDARD_PROFILE).raw;
    perFile.push({
      name: file.name,
      category: file.category,
      rows,
      stepSeconds,
      detections,
      labelledWindows: file.windows.length,
      windows: scored.windows,
      raw: scored.raw,
      nullRaw: scoreFile(rows, file.windows, [], STANDARD_PROFILE).raw,
      truePositives: scored.truePositives,
      falseNegatives: scored.falseNegatives,
      falsePositives: scored.falsePositives,
      falsePositiveCost: scored.falsePositiveCost,
    });
    // Yield between files so a caller's timers and other evals are not starved.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const categories = [...new Set(perFile.map((f) => f.category))];
  const all = totals(perFile);
  return {
    profile: 'standard',
    settings,
    dataDir,
    perFile,
    perCategory: categories.map((category) => ({ category, ...totals(perFile.filter((f) => f.category === category)) })),
    ...all,
    scoreAtOnsets: normalisedScore(rawAtOnsets, all.nullRaw, all.perfect),
    seconds: (performance.now() - started) / 1000,
  };
}

function totals(files: readonly NabFileResult[]): NabTotals {
  const sum = (pick: (f: NabFileResult) => number) => files.reduce((total, f) => total + pick(f), 0);
  const windows = sum((f) => f.labelledWindows);
  const raw = sum((f) => f.raw);
  const nullRaw = sum((f) => f.nullRaw);
  const perfect = perfectScore(windows, STANDARD_PROFILE);
  return {
    files: files.length,
    windows,
    raw,
    nullRaw,
    perfect,
    score: normalisedScore(raw, nullRaw, perfect),
    truePositives: sum((f) => f.truePositives),
    falseNegatives: sum((f) => f.falseNegatives),
    falsePositives: sum((f) => f.falsePositives),
  };
}

/** `npx tsx test/eval/nab/run-nab.ts`: prints the headline, the categories and (with --per-file) every file. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'per-file': { type: 'boolean', default: false },
      'lookback-hours': { type: 'string' },
      'window-hours': { type: 'string' },
      stride: { type: 'string' },
      'no-seasonal': { type: 'boolean', default: false },
      q: { type: 'string' },
      'spending-rows': { type: 'string' },
      'no-spending': { type: 'boolean', default: false },
    },
  });
  const number = (text: string | undefined, fallback: number, name: string): number => {
    const x = text === undefined ? fallback : Number(text);
    if (!(x > 0)) throw new Error(`--${name} ${text} must be a positive number`);
    return x;
  };
  const share = (text: string): number => {
    const x = Number(text);
    if (!(x > 0 && x < 1)) throw new Error(`--q ${text} must be a false discovery rate between 0 and 1`);
    return x;
  };
  // Without spending the field is absent (every call held to q), not undefined.
  const { spendingRows: defaultSpending, ...unspent } = DEFAULT_SETTINGS;
  const spendingRows = values['no-spending'] === true ? undefined : number(values['spending-rows'], defaultSpending ?? 0, 'spending-rows');
  const settings: AdapterSettings = {
    ...unspent,
    lookbackSeconds: 3600 * number(values['lookback-hours'], DEFAULT_SETTINGS.lookbackSeconds / 3600, 'lookback-hours'),
    windowSeconds: 3600 * number(values['window-hours'], DEFAULT_SETTINGS.windowSeconds / 3600, 'window-hours'),
    strideRows: number(values.stride, DEFAULT_SETTINGS.strideRows, 'stride'),
    seasonal: values['no-seasonal'] === true ? false : DEFAULT_SETTINGS.seasonal,
    ...(values.q === undefined ? {} : { q: share(values.q) }),
    ...(spendingRows === undefined ? {} : { spendingRows }),
  };
  const result = await runNabEval({ settings });
  const sections = [renderNabHeadline(result), renderNabCategories(result)];
  if (values['per-file']) sections.push(renderNabFiles(result));
  process.stdout.write(`${sections.join('\n\n')}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
